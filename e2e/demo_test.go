package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemo runs `callwatch demo` as a newcomer would: it exits 0, shows both passes'
// summaries and the alerts the webhook received, and writes the HTML report it names.
func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	r := callwatch(t, "demo", "--dir", dir)
	if r.code != 0 {
		t.Fatalf("demo: %s", r)
	}
	for _, want := range []string{
		"== pass 1", "== pass 2", "sources: 7 ok, 0 unchanged, 0 failed",
		"alert reported  Kenya (state:KEN)", "alert reported  Brazil (state:BRA)",
		"alert confirmed Kenya (state:KEN) follow-up", "alert confirmed Lumen Grid Systems",
		"alert reported  Nigeria (state:NGA)", "report: " + filepath.Join(dir, "report.html"),
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("demo output lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, no := range []string{"Microsoft (", "Spain (", "Russia ("} {
		if strings.Contains(r.stdout, no) {
			t.Errorf("demo alerted on %s, a known supporter or a refusal:\n%s", no, r.stdout)
		}
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<html", "Kenya", "Nigeria"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	again := callwatch(t, "demo", "--dir", dir)
	if again.code != 2 || !strings.Contains(again.stderr, "already exists") {
		t.Errorf("demo into a used directory: %s", again)
	}
}
