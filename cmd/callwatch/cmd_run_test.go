package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callwatch/callwatch/crawler"
	"github.com/callwatch/callwatch/store"
)

// newsSite is a loopback news site: a feed at /feed.xml whose items link to /story/N.
type newsSite struct {
	*httptest.Server
	stories atomic.Int32 // requests for story pages
	hang    atomic.Bool  // story pages hang until the client gives up
}

const storyText = `Microsoft joined the Paris Call for Trust and Security in Cyberspace on Monday, ` +
	`the company said, adding its name to the list of supporters of the nine principles.`

func newNewsSite(t *testing.T, items int) *newsSite {
	s := &newsSite{}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>`)
		for i := range items {
			fmt.Fprintf(&b, `<item><title>Story %d</title><link>%s/story/%d</link><guid>%d</guid><pubDate>Mon, 12 Nov 2018 10:00:00 GMT</pubDate></item>`, i, s.URL, i, i)
		}
		b.WriteString(`</channel></rss>`)
		fmt.Fprint(w, b.String())
	})
	mux.HandleFunc("/story/", func(w http.ResponseWriter, r *http.Request) {
		s.stories.Add(1)
		if s.hang.Load() {
			select {
			case <-r.Context().Done():
			case <-time.After(20 * time.Second):
			}
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>Story</title></head><body><article><h1>Story %s</h1>`, r.URL.Path)
		for range 4 {
			fmt.Fprintf(w, "<p>%s</p>", storyText)
		}
		fmt.Fprint(w, `</article></body></html>`)
	})
	mux.HandleFunc("/down.xml", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `<html><head><link rel="alternate" type="application/rss+xml" title="News" href="/feed.xml"></head><body></body></html>`)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// runConfig writes a configuration for loopback sources and returns its path and the
// database path. sources is the YAML of the sources list.
func runConfig(t *testing.T, sources string) (cfgPath, dbPath string) {
	t.Helper()
	dir := t.TempDir()
	dbPath = filepath.Join(dir, "callwatch.db")
	cfgPath = filepath.Join(dir, "callwatch.yaml")
	yaml := "database: " + dbPath + `
crawl:
  allow_private_networks: true
  retries: 1
  delay: 0s
  timeout: 5s
alerts:
  baseline: none
sources:
` + sources
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfgPath, dbPath
}

var summaryRE = regexp.MustCompile(`^sources: (\d+) ok, (\d+) unchanged, (\d+) failed, (\d+) not due; articles: (\d+) new`)

func TestRunStoresArticlesAndSchedules(t *testing.T) {
	site := newNewsSite(t, 3)
	cfg, _ := runConfig(t, "  - {name: news, kind: feed, url: "+site.URL+"/feed.xml}\n")

	r := runMain(t, nil, "", "--config", cfg, "run")
	if r.code != ExitOK {
		t.Fatalf("run exited %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	m := summaryRE.FindStringSubmatch(r.stdout)
	if m == nil || m[1] != "1" || m[5] != "3" {
		t.Fatalf("summary line = %q", r.stdout)
	}
	if !regexp.MustCompile(`findings: [1-9]`).MatchString(r.stdout) {
		t.Errorf("the real detector found nothing in %q", r.stdout)
	}

	// Not due again for an hour: nothing fetched.
	before := site.stories.Load()
	r = runMain(t, nil, "", "--config", cfg, "run")
	if m := summaryRE.FindStringSubmatch(r.stdout); r.code != ExitOK || m == nil || m[4] != "1" {
		t.Errorf("second run: %d %q", r.code, r.stdout)
	}
	// --force reads the feed again; its articles are known and not fetched again.
	r = runMain(t, nil, "", "--config", cfg, "--quiet", "run", "--force")
	if r.code != ExitOK || r.stdout != "" {
		t.Errorf("forced quiet run: %d stdout %q stderr %q", r.code, r.stdout, r.stderr)
	}
	if site.stories.Load() != before {
		t.Errorf("stored articles were fetched again")
	}

	r = runMain(t, nil, "", "--config", cfg, "sources", "list")
	if r.code != ExitOK || !regexp.MustCompile(`news\s+feed\s+ok\s+\S+ ago\s+0\s+in `).MatchString(r.stdout) {
		t.Errorf("sources list:\n%s%s", r.stdout, r.stderr)
	}
}

func TestRunReportsFailedSources(t *testing.T) {
	site := newNewsSite(t, 1)
	cfg, _ := runConfig(t, "  - {name: news, kind: feed, url: "+site.URL+"/feed.xml}\n  - {name: broken, kind: feed, url: "+site.URL+"/down.xml}\n")
	r := runMain(t, nil, "", "--config", cfg, "--quiet", "run")
	if r.code != ExitPartial {
		t.Fatalf("exit %d, want %d\n%s", r.code, ExitPartial, r.stderr)
	}
	if m := summaryRE.FindStringSubmatch(r.stdout); m == nil || m[1] != "1" || m[3] != "1" {
		t.Errorf("a failure must print the summary even with --quiet: %q", r.stdout)
	}
	for _, want := range []string{`source "broken" failed: http_status: HTTP 503`, "what to do:", "1 of 2 sources failed"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	r = runMain(t, nil, "", "--config", cfg, "sources", "list", "--format", "json")
	if !strings.Contains(r.stdout, `"health": "failing"`) || !strings.Contains(r.stdout, `"consecutive_failures": 1`) || !strings.Contains(r.stdout, `"error_kind": "http_status"`) {
		t.Errorf("sources list --format json:\n%s", r.stdout)
	}
}

func TestRunUsageErrors(t *testing.T) {
	site := newNewsSite(t, 1)
	cfg, _ := runConfig(t, "  - {name: news, kind: feed, url: "+site.URL+"/feed.xml}\n")
	for name, args := range map[string][]string{
		"unknown source":   {"--config", cfg, "run", "--source", "nope"},
		"extra argument":   {"--config", cfg, "run", "now"},
		"bad max-duration": {"--config", cfg, "run", "--max-duration", "soon"},
	} {
		if r := runMain(t, nil, "", args...); r.code != ExitUsage {
			t.Errorf("%s: exit %d, want %d\n%s", name, r.code, ExitUsage, r.stderr)
		}
	}
	bad, _ := runConfig(t, "  - {name: x, kind: blog, url: "+site.URL+"/feed.xml}\n")
	if r := runMain(t, nil, "", "--config", bad, "run"); r.code != ExitUsage {
		t.Errorf("bad source kind: exit %d\n%s", r.code, r.stderr)
	}
}

func TestRunWhileTheDatabaseIsLocked(t *testing.T) {
	site := newNewsSite(t, 1)
	cfg, dbPath := runConfig(t, "  - {name: news, kind: feed, url: "+site.URL+"/feed.xml}\n")
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := runMain(t, map[string]string{"CALLWATCH_LOCK_TIMEOUT": "50ms"}, "", "--config", cfg, "run")
	if r.code != ExitTempFail || !strings.Contains(r.stderr, dbPath) || !strings.Contains(r.stderr, "safe to retry") {
		t.Errorf("exit %d, stderr %q; want %d naming %s", r.code, r.stderr, ExitTempFail, dbPath)
	}
	if site.stories.Load() != 0 {
		t.Errorf("the locked run fetched articles")
	}
}

func TestRunInterruptedAndMaxDuration(t *testing.T) {
	site := newNewsSite(t, 5)
	site.hang.Store(true)
	cfg, _ := runConfig(t, "  - {name: news, kind: feed, url: "+site.URL+"/feed.xml}\n")

	// --max-duration stops the pass like SIGTERM: exit 1, unfinished sources due next run.
	start := time.Now()
	r := runMain(t, nil, "", "--config", cfg, "run", "--max-duration", "300ms")
	if r.code != ExitPartial || !strings.Contains(r.stderr, "--max-duration") || time.Since(start) > 8*time.Second {
		t.Errorf("max-duration: exit %d after %v\n%s", r.code, time.Since(start), r.stderr)
	}
	if !strings.Contains(r.stdout, "interrupted") {
		t.Errorf("summary does not say interrupted: %q", r.stdout)
	}

	// SIGINT/SIGTERM: Main's context ends while articles hang.
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for site.stories.Load() == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	var out, errOut bytes.Buffer
	start = time.Now()
	code := Main(ctx, []string{"--config", cfg, "run", "--force"}, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) (string, bool) { return "", false }})
	if code != ExitInterrupted || time.Since(start) > 10*time.Second {
		t.Errorf("interrupted run: exit %d after %v\n%s", code, time.Since(start), errOut.String())
	}

	// The next, unhindered run stores everything.
	site.hang.Store(false)
	r = runMain(t, nil, "", "--config", cfg, "run")
	if m := summaryRE.FindStringSubmatch(r.stdout); r.code != ExitOK || m == nil || m[5] != "5" {
		t.Errorf("after the interruptions: %d %q %s", r.code, r.stdout, r.stderr)
	}
}

func TestRunHelpDocumentsExitCodes(t *testing.T) {
	r := runMain(t, nil, "", "run", "--help")
	for _, want := range []string{"75", "130", "--max-duration", "--refetch", "--force", "--source", "lock", "safe to retry"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("run --help lacks %q", want)
		}
	}
}

func TestProgressView(t *testing.T) {
	app := &App{Env: Env{Stderr: &bytes.Buffer{}}}
	if v := app.newProgressView(); v != nil {
		t.Error("a progress bar on a stderr that is not a terminal")
	}
	var nilView *progressView
	nilView.update(crawler.Progress{SourcesDone: 1}) // does nothing, does not panic
	nilView.finish()

	var buf bytes.Buffer
	v := &progressView{bar: newProgressBar(&buf, 0)}
	v.update(crawler.Progress{SourcesDone: 1, SourcesTotal: 2, ArticlesDone: 3, ArticlesTotal: 10})
	v.update(crawler.Progress{SourcesDone: 2, SourcesTotal: 2, ArticlesDone: 4, ArticlesTotal: 10})
	if out := buf.String(); !strings.Contains(out, "sources 2/2") || !strings.Contains(out, "4/10") {
		t.Errorf("progress output = %q", out)
	}
}
