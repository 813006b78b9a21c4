package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestSourcesListBeforeAnyRun(t *testing.T) {
	site := newNewsSite(t, 1)
	cfg, dbPath := runConfig(t, "  - {name: news, kind: feed, url: "+site.URL+"/feed.xml}\n"+
		"  - {name: off, kind: feed, url: "+site.URL+"/other.xml, disabled: true}\n"+
		"  - {name: gnews, kind: search, engine: google, query: '\"Paris Call\"', language: fr}\n")
	r := runMain(t, nil, "", "--config", cfg, "sources", "list")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, re := range []string{`news\s+feed\s+never run\s+never\s+0\s+now`, `off\s+feed\s+disabled`, `gnews\s+search\s+never run`} {
		if !regexp.MustCompile(re).MatchString(r.stdout) {
			t.Errorf("sources list lacks %s:\n%s", re, r.stdout)
		}
	}
	if _, err := os.Stat(dbPath); !os.IsNotExist(err) {
		t.Errorf("sources list created the database")
	}
	r = runMain(t, nil, "", "--config", cfg, "sources", "list", "--format", "json")
	var rows []sourceRow
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) != 3 {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	if !strings.HasPrefix(rows[2].URL, "https://news.google.com/rss/search?") || rows[2].Health != "never run" {
		t.Errorf("search row = %+v", rows[2])
	}
	if r := runMain(t, nil, "", "--config", cfg, "sources", "list", "--format", "xml"); r.code != ExitUsage {
		t.Errorf("--format xml: exit %d", r.code)
	}
}

func TestSourcesListShowsRemovedSources(t *testing.T) {
	site := newNewsSite(t, 1)
	cfg, dbPath := runConfig(t, "  - {name: news, kind: feed, url: "+site.URL+"/feed.xml}\n")
	if r := runMain(t, nil, "", "--config", cfg, "run"); r.code != ExitOK {
		t.Fatalf("run: %d %s", r.code, r.stderr)
	}
	other, _ := runConfig(t, "  - {name: fresh, kind: feed, url: "+site.URL+"/feed2.xml}\n")
	r := runMain(t, nil, "", "--config", other, "--db", dbPath, "sources", "list")
	if !regexp.MustCompile(`fresh\s+feed\s+never run`).MatchString(r.stdout) || !regexp.MustCompile(`news\s+feed\s+not configured`).MatchString(r.stdout) {
		t.Errorf("sources list:\n%s%s", r.stdout, r.stderr)
	}
}

func TestSourcesTest(t *testing.T) {
	site := newNewsSite(t, 2)
	cfg, dbPath := runConfig(t, "  - {name: news, kind: feed, url: "+site.URL+"/feed.xml}\n")
	r := runMain(t, nil, "", "--config", cfg, "sources", "test", site.URL+"/feed.xml")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"2 items, 2 shown", "1. Story 0", "/story/0", "status full", "finding: ", "language en"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("sources test output lacks %q:\n%s", want, r.stdout)
		}
	}
	if _, err := os.Stat(dbPath); !os.IsNotExist(err) {
		t.Errorf("sources test touched the database")
	}
	r = runMain(t, nil, "", "--config", cfg, "sources", "test", "--format", "json", "--limit", "1", site.URL+"/feed.xml")
	var res struct {
		Items    int `json:"items"`
		Articles []struct {
			Title    string `json:"title"`
			Findings []any  `json:"findings"`
		} `json:"articles"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Items != 2 || len(res.Articles) != 1 || len(res.Articles[0].Findings) == 0 {
		t.Errorf("json: %v %+v\n%s", err, res, r.stdout)
	}
	// An HTML page read as a feed: exit 1 with a hint.
	r = runMain(t, nil, "", "--config", cfg, "sources", "test", site.URL+"/")
	if r.code != ExitPartial || !strings.Contains(r.stderr, "--kind page") {
		t.Errorf("HTML as feed: %d %s", r.code, r.stderr)
	}
	r = runMain(t, nil, "", "--config", cfg, "sources", "test", "--kind", "page", site.URL+"/")
	if r.code != ExitOK || !strings.Contains(r.stdout, "2 items") {
		t.Errorf("page: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := runMain(t, nil, "", "--config", cfg, "sources", "test", "--kind", "blog", site.URL); r.code != ExitUsage {
		t.Errorf("--kind blog: exit %d", r.code)
	}
}

func TestSourcesDiscover(t *testing.T) {
	site := newNewsSite(t, 2)
	cfg, _ := runConfig(t, "  - {name: news, kind: feed, url: "+site.URL+"/feed.xml}\n")
	r := runMain(t, nil, "", "--config", cfg, "sources", "discover", site.URL+"/")
	if r.code != ExitOK || !regexp.MustCompile(regexp.QuoteMeta(site.URL+"/feed.xml")+`\s+News\s+2\s+link`).MatchString(r.stdout) {
		t.Errorf("discover: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("<html><body><h2><a href=/a>A</a></h2></body></html>"))
	}))
	defer bare.Close()
	r = runMain(t, nil, "", "--config", cfg, "sources", "discover", "--format", "json", bare.URL+"/")
	if r.code != ExitPartial || strings.TrimSpace(r.stdout) != "[]" || !strings.Contains(r.stderr, "no feed found") {
		t.Errorf("discover without feeds: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runMain(t, nil, "", "sources", "discover", "example.org"); r.code != ExitUsage {
		t.Errorf("discover without scheme: exit %d", r.code)
	}
}

func TestRoughDurations(t *testing.T) {
	now := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	past, future := now.Add(-90*time.Minute), now.Add(50*time.Hour)
	if got := ago(&past, now); got != "1h30m ago" {
		t.Errorf("ago = %q", got)
	}
	if got := due(&future, now); got != "in 2d" {
		t.Errorf("due = %q", got)
	}
	if got := due(&past, now); got != "now" {
		t.Errorf("due(past) = %q", got)
	}
	if got := oneLine("a\n b  c", 4); got != "a b…" {
		t.Errorf("oneLine = %q", got)
	}
}
