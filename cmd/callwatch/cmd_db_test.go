package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/store"
)

// dbRun runs callwatch in-process with --db path and a fake environment.
func dbRun(t *testing.T, env map[string]string, path string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	vars := map[string]string{"HOME": t.TempDir()}
	for k, v := range env {
		vars[k] = v
	}
	code := Main(context.Background(), append([]string{"--db", path}, args...), Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
	})
	return code, out.String(), errOut.String()
}

// seedDB creates a database with one recent and one two-year-old article.
func seedDB(t *testing.T) (path string, old, recent *callwatch.Article) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "data", "callwatch.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mk := func(url string, published time.Time) *callwatch.Article {
		text := strings.Repeat("The Paris Call for Trust and Security in Cyberspace. ", 40)
		return &callwatch.Article{ID: callwatch.ArticleID(url), URL: url, Title: "t", Outlet: "example.com", Published: published,
			Text: text, Status: callwatch.StatusFull, Sources: []string{"src"},
			Findings: []callwatch.Finding{{Kind: callwatch.FindingMention, Evidence: "The Paris Call", Rule: "name/full", Confidence: 1}}}
	}
	signed := func() callwatch.Finding {
		return callwatch.Finding{Kind: callwatch.FindingSigned, Entity: &callwatch.Entity{ID: "org:acme", Name: "Acme", Category: callwatch.CategoryCompany},
			Evidence: "Acme signed the Paris Call.", Rule: "stance/signed", Confidence: 0.9}
	}
	old = mk("https://example.com/old", time.Now().AddDate(-2, 0, 0))
	recent = mk("https://example.com/new", time.Now().Add(-time.Hour))
	recent.Findings = append(recent.Findings, signed())
	if _, err := db.SaveArticles(context.Background(), []*callwatch.Article{old, recent}); err != nil {
		t.Fatal(err)
	}
	return path, old, recent
}

func TestDBLockedExits75(t *testing.T) {
	path, _, _ := seedDB(t)
	holder, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tests := []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"stats, timeout from the environment", map[string]string{"CALLWATCH_LOCK_TIMEOUT": "50ms"}, []string{"db", "stats"}},
		{"check, --lock-timeout", nil, []string{"db", "check", "--lock-timeout", "50ms"}},
		{"compact", map[string]string{"CALLWATCH_LOCK_TIMEOUT": "50ms"}, []string{"db", "compact"}},
		{"backup", map[string]string{"CALLWATCH_LOCK_TIMEOUT": "50ms"}, []string{"db", "backup", filepath.Join(t.TempDir(), "b.db")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := dbRun(t, tt.env, path, tt.args...)
			if code != ExitTempFail {
				t.Fatalf("exit %d, want %d; stderr: %s", code, ExitTempFail, stderr)
			}
			if !strings.Contains(stderr, path) || !strings.Contains(stderr, "safe to retry") {
				t.Errorf("stderr %q should name %s and say it is safe to retry", stderr, path)
			}
			if stdout != "" {
				t.Errorf("stdout = %q", stdout)
			}
		})
	}
}

func TestDBStats(t *testing.T) {
	path, _, _ := seedDB(t)
	code, stdout, stderr := dbRun(t, nil, path, "db", "stats")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{path, "schema version", "free pages", "articles", "findings_by_entity", "outbox"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, stderr = dbRun(t, nil, path, "db", "stats", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var st store.Stats
	if err := json.Unmarshal([]byte(stdout), &st); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	keys := map[string]int{}
	for _, b := range st.Buckets {
		keys[b.Name] = b.Keys
	}
	if keys["articles"] != 2 || keys["findings"] != 3 || st.FileSize == 0 || st.SchemaVersion != store.SchemaVersion {
		t.Errorf("stats = %+v", st)
	}
}

func TestDBUsageErrors(t *testing.T) {
	path, _, _ := seedDB(t)
	missing := filepath.Join(t.TempDir(), "none.db")
	tests := []struct {
		name string
		path string
		env  map[string]string
		args []string
		want string
	}{
		{"bad format", path, nil, []string{"db", "stats", "--format", "xml"}, "want table or json"},
		{"prune without age", path, nil, []string{"db", "prune"}, "--older-than is required"},
		{"prune bad age", path, nil, []string{"db", "prune", "--older-than", "soon"}, "invalid --older-than"},
		{"backup without file", path, nil, []string{"db", "backup"}, "accepts 1 arg"},
		{"backup onto itself", path, nil, []string{"db", "backup", path}, "the database itself"},
		{"missing database", missing, nil, []string{"db", "stats"}, "no database at"},
		{"bad lock timeout", path, map[string]string{"CALLWATCH_LOCK_TIMEOUT": "forever"}, []string{"db", "check"}, "CALLWATCH_LOCK_TIMEOUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := dbRun(t, tt.env, tt.path, tt.args...)
			if code != ExitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, ExitUsage, tt.want)
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("db stats created a missing database")
	}
}

func TestDBBackupCheckPruneCompact(t *testing.T) {
	path, old, recent := seedDB(t)
	ctx := context.Background()

	backup := filepath.Join(t.TempDir(), "backup.db")
	code, stdout, stderr := dbRun(t, nil, path, "db", "backup", backup)
	if code != 0 || !strings.Contains(stdout, backup) {
		t.Fatalf("backup: exit %d, %q %q", code, stdout, stderr)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", fi, err)
	}
	if code, stdout, _ := dbRun(t, nil, backup, "db", "check"); code != 0 || !strings.Contains(stdout, "ok") {
		t.Errorf("check of the backup: exit %d, %q", code, stdout)
	}

	code, stdout, stderr = dbRun(t, nil, path, "db", "prune", "--older-than", "365d")
	if code != 0 || !strings.Contains(stdout, "dropped the text of 1 articles") {
		t.Fatalf("prune: exit %d, %q %q", code, stdout, stderr)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Article(ctx, old.ID)
	b, err2 := db.Article(ctx, recent.ID)
	db.Close()
	if err != nil || err2 != nil || a.Text != "" || len(a.Findings) != 1 || b.Text != recent.Text {
		t.Fatalf("after prune: old text %q, %d findings, recent kept %t (%v %v)", a.Text, len(a.Findings), b.Text == recent.Text, err, err2)
	}

	code, stdout, stderr = dbRun(t, nil, path, "db", "compact")
	if code != 0 || !strings.Contains(stdout, "compacted "+path) || !strings.Contains(stdout, "after") {
		t.Fatalf("compact: exit %d, %q %q", code, stdout, stderr)
	}
	if code, stdout, _ := dbRun(t, nil, path, "db", "check"); code != 0 {
		t.Errorf("check after compact: exit %d, %q", code, stdout)
	}
}

func TestDBCheckReportsProblems(t *testing.T) {
	path, _, _ := seedDB(t)
	// Damage one finding inside the file, as a disk error would: bbolt pages carry no
	// checksum, so only callwatch's own invariants can notice.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// In the stored finding the entity id and name follow their lengths: 8 "org:acme" 4 "Acme".
	old := []byte("\x08org:acme\x04Acme")
	if n := bytes.Count(data, old); n != 1 {
		t.Fatalf("found %q %d times in the file, want 1", old, n)
	}
	data = bytes.Replace(data, old, []byte("\x08org:acmf\x04Acme"), 1)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := dbRun(t, nil, path, "db", "check")
	if code != ExitPartial {
		t.Fatalf("exit %d, want 1; stdout %q stderr %q", code, stdout, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "finding about org:acmf is missing from findings_by_entity") ||
		!strings.Contains(lines[1], "findings_by_entity entry for org:acme") {
		t.Errorf("problems = %q", lines)
	}
	if want := fmt.Sprintf("2 problems in %s", path); !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
}
