package e2e

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch/internal/testnet"
)

// TestConcurrentRuns starts two `callwatch run` at once on one database: the first holds
// it during a slow pass (a host that never answers), the second exits 75 within seconds,
// naming the database file; the first finishes its pass normally.
func TestConcurrentRuns(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "callwatch.db")
	_, cfg := setup(t, testnet.Options{Faults: []testnet.Fault{testnet.FaultTimeout}}, testnet.ConfigOptions{Database: db, Faults: true, Timeout: 4 * time.Second})

	first := command(context.Background(), t, "--config", cfg, "--log-level", "warn", "run")
	var out1, err1 bytes.Buffer
	first.Stdout, first.Stderr = &out1, &err1
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- first.Wait() }()
	time.Sleep(1500 * time.Millisecond) // the first has opened the database and waits for the hanging host

	second := callwatch(t, "--config", cfg, "run")
	if second.code != 75 {
		t.Errorf("second run: want exit status 75, got %s", second)
	}
	if !strings.Contains(second.stderr, db) {
		t.Errorf("second run's message does not name the database file %s: %q", db, second.stderr)
	}
	if second.took > 10*time.Second {
		t.Errorf("second run took %s to give up", second.took)
	}
	select {
	case err := <-done:
		if code := first.ProcessState.ExitCode(); code != 1 {
			t.Errorf("first run: exit %d (%v), want 1 (the hanging host fails)\n%s%s", code, err, out1.String(), err1.String())
		}
	case <-time.After(90 * time.Second):
		first.Process.Kill()
		t.Fatal("the first run did not finish")
	}
	if !strings.Contains(out1.String(), "1 failed") {
		t.Errorf("first run summary: %s", out1.String())
	}
}
