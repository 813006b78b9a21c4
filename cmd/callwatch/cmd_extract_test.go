package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runExtract runs `callwatch args...` in-process and returns its exit code and output.
func runExtract(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := Env{
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errOut,
		Getenv: func(string) (string, bool) { return "", false },
	}
	code = Main(context.Background(), args, env)
	return code, out.String(), errOut.String()
}

const extractTestPage = "../../extract/testdata/news_en.html"

func TestExtractCmdFileText(t *testing.T) {
	code, out, errOut := runExtract(t, "", "extract", extractTestPage)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{
		"Title:      Ruritania joins the Paris Call for Trust and Security in Cyberspace\n",
		"Byline:     Jane Q. Reporter\n",
		"Published:  2026-03-10T08:30:00Z (2026-03-10T09:30:00+01:00)\n",
		"Language:   en\n",
		"Site:       The Daily Ledger\n",
		"\n\nRuritania on Tuesday became the latest country to endorse the Paris Call",
		"still stay out of the initiative.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{"France signs the Paris Call again", "Borduria should sign", "cookies"} {
		if strings.Contains(out, bad) {
			t.Errorf("output holds boilerplate %q", bad)
		}
	}
}

func TestExtractCmdStdinJSON(t *testing.T) {
	page, err := os.ReadFile(extractTestPage)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runExtract(t, string(page), "extract", "--format", "json", "--url", "https://www.dailyledger.example/world/x?utm_source=rss", "-")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	want := map[string]any{
		"title":     "Ruritania joins the Paris Call for Trust and Security in Cyberspace",
		"byline":    "Jane Q. Reporter",
		"published": "2026-03-10T08:30:00Z",
		"language":  "en",
		"canonical": "https://www.dailyledger.example/world/ruritania-paris-call",
		"url":       "https://www.dailyledger.example/world/x?utm_source=rss",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	text, _ := got["text"].(string)
	if !strings.HasPrefix(text, "Ruritania on Tuesday") || strings.Contains(text, "Syldavia") {
		t.Errorf("text = %q", text)
	}
}

// TestExtractCmdJSONFieldsAlwaysPresent: byline, published (null) and language appear even
// when the page has none of them.
func TestExtractCmdJSONFieldsAlwaysPresent(t *testing.T) {
	page := `<html><body><article><p>` + strings.Repeat("Quisque 42 nulla. ", 30) + `</p></article></body></html>`
	code, out, errOut := runExtract(t, page, "extract", "--format=json", "-")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"title", "byline", "published", "language", "text"} {
		if _, ok := got[k]; !ok {
			t.Errorf("field %q missing from %s", k, out)
		}
	}
	if got["published"] != nil {
		t.Errorf("published = %v, want null", got["published"])
	}
}

// TestExtractCmdShortPage: a short page (not "readerable") still shows its text, flagged.
func TestExtractCmdShortPage(t *testing.T) {
	code, out, errOut := runExtract(t, "", "extract", "--url", "https://www.tagesblatt.example/politik/x", "../../extract/testdata/news_de.html")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{
		"Title:      Bordurien tritt dem Pariser Appell bei\n",
		"Published:  2026-01-15T00:00:00Z (2026-01-15)\n",
		"Language:   de\n",
		"URL:        https://www.tagesblatt.example/politik/x\n",
		"Canonical:  https://www.tagesblatt.example/politik/bordurien-pariser-appell\n",
		"Readerable: no (the page does not look like an article)\n",
		"\n\nBordurien hat am Mittwoch den Pariser Appell",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Leserkommentar") || strings.Contains(out, "Syldavien") {
		t.Errorf("boilerplate in output:\n%s", out)
	}
}

// TestExtractCmdDecodesLocalCharset: a windows-1252 page declared by <meta charset>.
func TestExtractCmdDecodesLocalCharset(t *testing.T) {
	body := "<html lang=fr><head><meta charset=\"windows-1252\"><title>S\xe9curit\xe9</title></head><body><article><p>" +
		strings.Repeat("L'Appel de Paris pour la confiance et la s\xe9curit\xe9 dans le cyberespace r\xe9unit des \xc9tats. ", 5) +
		"</p></article></body></html>"
	path := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runExtract(t, "", "extract", path)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if !strings.Contains(out, "Title:      Sécurité\n") || !strings.Contains(out, "la sécurité dans le cyberespace réunit des États.") {
		t.Errorf("not decoded from windows-1252:\n%s", out)
	}
}

func TestExtractCmdURL(t *testing.T) {
	page, err := os.ReadFile(extractTestPage)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/world/ruritania", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/world/ruritania", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	dir := t.TempDir()
	cfg := filepath.Join(dir, "callwatch.yaml")
	db := "database: " + filepath.Join(dir, "callwatch.db") + "\n"
	if err := os.WriteFile(cfg, []byte(db+"crawl:\n  allow_private_networks: true\n  retries: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runExtract(t, "", "--config", cfg, "extract", "--format", "json", srv.URL+"/old")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	var got extractOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.URL != srv.URL+"/world/ruritania" {
		t.Errorf("url = %q, want the URL after the redirect", got.URL)
	}
	if got.Canonical != srv.URL+"/world/ruritania-paris-call" {
		t.Errorf("canonical = %q, want it resolved against the fetched URL", got.Canonical)
	}
	if got.Title != "Ruritania joins the Paris Call for Trust and Security in Cyberspace" || !strings.Contains(got.Text, "endorse the Paris Call") {
		t.Errorf("article = %+v", got)
	}

	// Without the setting, loopback is refused by the fetcher.
	cfg2 := filepath.Join(dir, "private.yaml")
	if err := os.WriteFile(cfg2, []byte(db+"crawl:\n  retries: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runExtract(t, "", "--config", cfg2, "extract", srv.URL+"/world/ruritania")
	if code != ExitPartial || out != "" || !strings.Contains(errOut, "blocked") {
		t.Errorf("private address: exit %d, stdout %q, stderr %q; want exit 1 and a blocked error", code, out, errOut)
	}

	// An HTTP error is one clear line.
	code, _, errOut = runExtract(t, "", "--config", cfg, "extract", srv.URL+"/missing")
	if code != ExitPartial || !strings.Contains(errOut, "404") {
		t.Errorf("404: exit %d, stderr %q", code, errOut)
	}
}

func TestExtractCmdErrors(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.html")
	if err := os.WriteFile(empty, []byte("<html><head><title>Loading</title></head><body><div id=app></div></body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no argument", []string{"extract"}, ExitUsage, "accepts 1 arg"},
		{"bad format", []string{"extract", "--format", "xml", extractTestPage}, ExitUsage, `invalid --format "xml"`},
		{"bad base URL", []string{"extract", "--url", "example.org/x", extractTestPage}, ExitUsage, "invalid --url"},
		{"unsupported scheme", []string{"extract", "ftp://example.org/a.html"}, ExitUsage, "only http and https"},
		{"missing file", []string{"extract", filepath.Join(t.TempDir(), "nope.html")}, ExitPartial, "no such file"},
		{"no article", []string{"extract", empty}, ExitPartial, "no article text found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runExtract(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}
}
