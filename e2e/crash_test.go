package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/callwatch/callwatch/internal/testnet"
)

// TestCrashLoop kills `callwatch run` with SIGKILL at random moments of its passes, at
// least 30 times, each pass re-reading every article (--refetch) so that there is always
// work to interrupt. After each kill `db check` must find the database sound and the next
// pass must succeed (or be killed in turn); at the end the database
// must equal that of an uninterrupted run (same articles, findings, entities, compared
// through the exports), and the webhook must have received every alert's key with one
// content only.
func TestCrashLoop(t *testing.T) {
	// The reference: one uninterrupted history (pass, advance, pass) on the same net, so
	// that URLs and article ids are the same.
	n, refCfg := setup(t, testnet.Options{}, testnet.ConfigOptions{})
	start := time.Now()
	if r := callwatch(t, "--config", refCfg, "run"); r.code != 0 {
		t.Fatalf("reference pass: %s", r)
	}
	passTime := time.Since(start)
	n.Advance()
	if r := callwatch(t, "--config", refCfg, "run", "--force"); r.code != 0 {
		t.Fatalf("reference second pass: %s", r)
	}
	refKeys := n.Webhook.Keys()
	n.Rewind()
	n.Webhook.Reset()

	dir := t.TempDir()
	cfg, db := filepath.Join(dir, "callwatch.yaml"), filepath.Join(dir, "callwatch.db")
	if err := os.WriteFile(cfg, []byte(n.Config(testnet.ConfigOptions{Database: db})), 0o600); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))
	t.Logf("an uninterrupted pass takes %s; kills fall within 1.5 times that", passTime)
	kills, completed := 0, 0
	for i := 0; kills < 30 && i < 200; i++ {
		if kills == 15 {
			n.Advance() // the register changes and an article appears in the middle of the crashes
		}
		args := []string{"--config", cfg, "--log-level", "error", "run", "--force"}
		if i%2 == 1 {
			args = append(args, "--refetch")
		}
		cmd := command(context.Background(), t, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		delay := time.Duration(rng.Int64N(int64(passTime)*3/2 + 1))
		select {
		case err := <-done:
			completed++
			if err != nil {
				t.Fatalf("pass %d (not killed) failed: %v\n%s", i, err, stderr.String())
			}
			continue
		case <-time.After(delay):
		}
		cmd.Process.Signal(syscall.SIGKILL)
		if err := <-done; err == nil {
			completed++ // it finished just before the signal
			continue
		}
		kills++
		if _, err := os.Stat(db); err != nil {
			continue // killed before it created the database
		}
		if r := callwatch(t, "--config", cfg, "db", "check"); r.code != 0 {
			t.Fatalf("db check after kill %d (%s into the pass): %s", kills, delay, r)
		}
	}
	if kills < 30 {
		t.Fatalf("only %d kills landed during a pass (%d passes completed)", kills, completed)
	}
	t.Logf("%d kills, %d passes completed between them", kills, completed)
	n.Advance()
	if r := callwatch(t, "--config", cfg, "run", "--force"); r.code != 0 {
		t.Fatalf("the pass after the last kill: %s", r)
	}
	if r := callwatch(t, "--config", cfg, "db", "check"); r.code != 0 {
		t.Errorf("db check after the crashes: %s", r)
	}

	if a, b := stableFindings(t, refCfg), stableFindings(t, cfg); !reflect.DeepEqual(a, b) {
		t.Errorf("findings after the crashes differ from an uninterrupted run:\n%s", diffLines(a, b))
	}
	if a, b := stableSignatories(t, refCfg), stableSignatories(t, cfg); !reflect.DeepEqual(a, b) {
		t.Errorf("signatories after the crashes differ from an uninterrupted run:\n%s", diffLines(a, b))
	}
	if gotKeys := n.Webhook.Keys(); !slices.Equal(refKeys, gotKeys) {
		t.Errorf("alert keys received: %q, by an uninterrupted run: %q", gotKeys, refKeys)
	}
	for k, ds := range n.Webhook.Deliveries() {
		for _, d := range ds[1:] {
			if !reflect.DeepEqual(d, ds[0]) {
				t.Errorf("key %s delivered with two contents:\n%+v\n%+v", k, ds[0], d)
			}
		}
		if len(ds) > 1 {
			t.Logf("key %s delivered %d times (allowed: receivers drop repeats)", k, len(ds))
		}
	}
}

// stableFindings returns the export's rows without what depends on the order of work
// (the source an article was first seen under; the order of its sources), sorted.
func stableFindings(t *testing.T, cfg string) []string {
	t.Helper()
	_, raw := export(t, cfg)
	var out []string
	for _, line := range sortedLines(raw) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "source")
		if s, ok := m["sources"].([]any); ok {
			slices.SortFunc(s, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
		}
		b, _ := json.Marshal(m)
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

// stableSignatories returns `signatories --format csv` without the times (first seen,
// alerted at: only whether it was alerted) and the first evidence URL, sorted.
func stableSignatories(t *testing.T, cfg string) []string {
	t.Helper()
	r := callwatch(t, "--config", cfg, "signatories", "--format", "csv")
	if r.code != 0 {
		t.Fatalf("signatories: %s", r)
	}
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var out []string
	for _, rec := range recs[1:] {
		alerted := rec[col["alerted_at"]] != ""
		out = append(out, strings.Join([]string{rec[col["entity_id"]], rec[col["name"]], rec[col["category"]], rec[col["country"]],
			rec[col["status"]], rec[col["outlets"]], rec[col["in_register"]], strconv.FormatBool(alerted)}, ","))
	}
	slices.Sort(out)
	return out
}

// diffLines shows the lines only in a (-) and only in b (+).
func diffLines(a, b []string) string {
	var sb strings.Builder
	for _, l := range a {
		if !slices.Contains(b, l) {
			sb.WriteString("- " + l + "\n")
		}
	}
	for _, l := range b {
		if !slices.Contains(a, l) {
			sb.WriteString("+ " + l + "\n")
		}
	}
	return sb.String()
}
