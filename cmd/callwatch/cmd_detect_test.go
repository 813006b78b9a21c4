package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callwatch/callwatch"
)

const detectArticle = `Microsoft, Facebook, and Google as well as over 100 other companies signed the Paris Call for Trust and Security in Cyberspace on Monday.

The United States, Russia and China did not sign the document.`

func TestDetectCmdStdinText(t *testing.T) {
	r := runMain(t, nil, detectArticle, "detect", "-")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"mention    full", "mention.full.en",
		"signed     org:microsoft (Microsoft)", "signed     org:google (Google)",
		"declined   state:USA", "declined   state:RUS", "declined   state:CHN",
		"7 findings: 1 mention, 3 signed, 3 declined",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestDetectCmdNothingFound(t *testing.T) {
	r := runMain(t, nil, "The Paris Agreement on climate change was signed in 2015.", "detect")
	if r.code != ExitOK || strings.TrimSpace(r.stdout) != "no mention of the Paris Call" {
		t.Errorf("exit %d, stdout %q", r.code, r.stdout)
	}
}

// TestDetectCmdJSONOffsets checks the JSON output and that every finding's offsets point
// at its evidence in the printed text.
func TestDetectCmdJSONOffsets(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	text := "We are proud to be a signatory of the Paris\u00a0Call for Trust &amp; Security in Cyberspace."
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runMain(t, nil, "", "detect", "--format", "json", "--publisher", "Orange", "--title", "Orange et l'Appel de Paris", path)
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var out detectOutput
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if out.Title != "Orange et l'Appel de Paris" || out.Publisher != "Orange" || out.Input != "text" || out.Text != text {
		t.Errorf("header = %+v", out)
	}
	var signed bool
	for _, f := range out.Findings {
		field := out.Text
		if f.Field == callwatch.FieldTitle {
			field = out.Title
		}
		if got := field[f.Start:f.End]; got != f.Evidence {
			t.Errorf("%s: text[%d:%d] = %q, evidence %q", f.Rule, f.Start, f.End, got, f.Evidence)
		}
		if f.Kind == callwatch.FindingSigned && f.Entity.ID == "org:orange" {
			signed = true
		}
	}
	if !signed {
		t.Errorf("self-announcement not attributed to the publisher: %+v", out.Findings)
	}
}

func TestDetectCmdHTMLAndURL(t *testing.T) {
	page := `<!DOCTYPE html><html lang="en"><head><title>Ghana to join Paris Call</title>
<meta property="og:site_name" content="Accra Daily"></head><body><article><h1>Ghana to join Paris Call</h1>
<p>Ghana will join the Paris Call for Trust and Security in Cyberspace, the Minister of Communications said on Thursday at the opening of the National Cyber Security Awareness Month in Accra.</p>
<p>The minister said the government intends to sign the declaration before the end of the year, adding that the country's new cybersecurity law was drafted with its nine principles in mind.</p>
<p>Officials from the Cyber Security Authority, the central bank and several telecom operators attended the launch, which also presented a new national incident response team.</p>
</article></body></html>`
	dir := t.TempDir()
	path := filepath.Join(dir, "page.html")
	if err := os.WriteFile(path, []byte(page), 0o600); err != nil {
		t.Fatal(err)
	}
	check := func(name string, r result) {
		t.Helper()
		if r.code != ExitOK {
			t.Fatalf("%s: exit %d: %s", name, r.code, r.stderr)
		}
		var out detectOutput
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out.Input != "html" || !strings.Contains(out.Text, "Ghana will join") || strings.Contains(out.Text, "<p>") {
			t.Errorf("%s: not extracted: %+v", name, out)
		}
		found := false
		for _, f := range out.Findings {
			if f.Kind == callwatch.FindingAnnounced && f.Entity.ID == "state:GHA" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no announcement by Ghana in %+v", name, out.Findings)
		}
	}
	check("file", runMain(t, nil, "", "detect", "--format", "json", path))

	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/news/ghana", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	cfg := filepath.Join(dir, "callwatch.yaml")
	conf := "database: " + filepath.Join(dir, "callwatch.db") + "\ncrawl:\n  allow_private_networks: true\n  retries: 1\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	check("url", runMain(t, nil, "", "--config", cfg, "detect", "--format", "json", srv.URL+"/news/ghana"))

	r := runMain(t, nil, "", "--config", cfg, "detect", srv.URL+"/missing")
	if r.code != ExitPartial || !strings.Contains(r.stderr, "404") {
		t.Errorf("404: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestDetectCmdUsage(t *testing.T) {
	for _, args := range [][]string{
		{"detect", "--format", "xml", "-"},
		{"detect", "ftp://example.org/a.txt"},
		{"detect", "a", "b"},
	} {
		if r := runMain(t, nil, "", args...); r.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, r.code, ExitUsage, r.stderr)
		}
	}
	if r := runMain(t, nil, "", "detect", filepath.Join(t.TempDir(), "missing.txt")); r.code != ExitPartial {
		t.Errorf("missing file: exit %d", r.code)
	}
}
