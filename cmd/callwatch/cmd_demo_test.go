package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoInProcess runs `callwatch demo` through Main (under -race in CI): both passes
// succeed, the expected alerts show in the order of the passes, the report is written,
// and the files stay in --dir.
func TestDemoInProcess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	r := runMain(t, nil, "", "demo", "--dir", dir)
	if r.code != ExitOK {
		t.Fatalf("demo exited %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	pass2 := strings.Index(r.stdout, "== pass 2")
	kenya := strings.Index(r.stdout, "alert reported  Kenya")
	confirmed := strings.Index(r.stdout, "alert confirmed Kenya (state:KEN) follow-up")
	if pass2 < 0 || kenya < 0 || kenya > pass2 || confirmed < pass2 {
		t.Errorf("demo output: want Kenya reported in pass 1 and confirmed in pass 2:\n%s", r.stdout)
	}
	for _, f := range []string{"callwatch.yaml", "callwatch.db", "report.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if strings.Contains(r.stderr, "level=INFO") {
		t.Errorf("the demo's passes log at info without --log-level:\n%s", r.stderr)
	}
}
