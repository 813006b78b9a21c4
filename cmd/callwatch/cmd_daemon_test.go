package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/alert"
	"github.com/callwatch/callwatch/daemon"
	"github.com/callwatch/callwatch/store"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader in two goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startDaemonServer serves db's API on 127.0.0.1:0 as `callwatch daemon` does while it
// holds the database, and returns its address. It stops when the test ends.
func startDaemonServer(t *testing.T, db *store.DB, info daemon.Info, token string) (addr string, stop func()) {
	t.Helper()
	d, err := daemon.New(daemon.Options{
		Settings: daemon.Settings{Schedule: "@every 1h", Token: token, Pass: func(context.Context) (callwatch.RunSummary, error) {
			return callwatch.RunSummary{}, nil
		}},
		Listen: "127.0.0.1:0", Store: db, Info: info,
		Stats: func(ctx context.Context) (any, error) { return db.Stats(ctx) },
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("daemon: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return a.String(), stop
}

// writeConfig writes a configuration file with the given YAML and returns its path.
func writeConfig(t *testing.T, yaml string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "callwatch.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReportCommandsFallBackToTheDaemonAPI: while a daemon holds the database, export,
// signatories, mentions and db stats print what they print without it.
func TestReportCommandsFallBackToTheDaemonAPI(t *testing.T) {
	path := reportSeedDB(t)
	env := map[string]string{envLockTimeout: "200ms", "COLUMNS": "160"}
	commands := [][]string{
		{"export"},
		{"export", "--format", "jsonl", "--since", "2026-11-15", "--kind", "signed,declined"},
		{"export", "--source", "Google News EN", "--lang", "en", "--min-confidence", "0.8", "--newest", "--limit", "1"},
		{"export", "--entity", "tuya", "--format", "markdown", "--until", "2026-11-20"},
		{"signatories", "--format", "json"},
		{"signatories", "--status", "declined,announced"},
		{"mentions", "--limit", "3", "--kind", "all"},
	}
	cfgLocal := writeConfig(t, "database: "+path+"\n")
	want := map[int]string{}
	for i, args := range commands {
		r := runMain(t, env, "", append([]string{"--config", cfgLocal}, args...)...)
		if r.code != ExitOK || r.stdout == "" {
			t.Fatalf("%v without a daemon: exit %d: %s", args, r.code, r.stderr)
		}
		want[i] = r.stdout
	}
	statsBefore := runMain(t, env, "", "--config", cfgLocal, "db", "stats", "--format", "json")

	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	abs, _ := filepath.Abs(path)
	addr, stop := startDaemonServer(t, db, daemon.Info{Database: abs, Version: "test"}, "")
	cfg := writeConfig(t, "database: "+path+"\nhttp:\n  listen: "+addr+"\n")
	for i, args := range commands {
		r := runMain(t, env, "", append([]string{"--config", cfg}, args...)...)
		if r.code != ExitOK {
			t.Errorf("%v while the daemon holds the database: exit %d: %s", args, r.code, r.stderr)
			continue
		}
		got, exp := r.stdout, want[i]
		if args[0] == "export" && slicesContain(args, "markdown") {
			got, exp = dropGenerated(got), dropGenerated(exp)
		}
		if got != exp {
			t.Errorf("%v through the API differs:\n got %q\nwant %q", args, got, exp)
		}
		if !strings.Contains(r.stderr, "reading through its API") {
			t.Errorf("%v: the fallback is not logged: %s", args, r.stderr)
		}
	}
	r := runMain(t, env, "", "--config", cfg, "db", "stats", "--format", "json")
	var before, through store.Stats
	if r.code != ExitOK || json.Unmarshal([]byte(r.stdout), &through) != nil || json.Unmarshal([]byte(statsBefore.stdout), &before) != nil {
		t.Fatalf("db stats through the API: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	if through.Path != before.Path || through.SchemaVersion != before.SchemaVersion || len(through.Buckets) != len(before.Buckets) || through.Buckets[0] != before.Buckets[0] {
		t.Errorf("db stats through the API:\n got %+v\nwant %+v", through, before)
	}
	out := filepath.Join(t.TempDir(), "report.xlsx")
	if r := runMain(t, env, "", "--config", cfg, "export", "--out", out); r.code != ExitOK {
		t.Fatalf("export --out report.xlsx: %d %s", r.code, r.stderr)
	}
	if zr, err := zip.OpenReader(out); err != nil {
		t.Errorf("the XLSX written through the API is not a zip: %v", err)
	} else {
		zr.Close()
	}
	// A bad filter is still a usage error, found before any request.
	if r := runMain(t, env, "", "--config", cfg, "export", "--since", "someday"); r.code != ExitUsage {
		t.Errorf("export --since someday: exit %d", r.code)
	}
	// An unknown --source is answered by the API and still a clear error.
	if r := runMain(t, env, "", "--config", cfg, "export", "--source", "Nowhere"); r.code == ExitOK || !strings.Contains(r.stderr, `"Nowhere"`) {
		t.Errorf("export --source Nowhere: exit %d: %s", r.code, r.stderr)
	}

	// The daemon gone, the database still held: exit 75 with the lock message.
	stop()
	for _, args := range [][]string{{"export"}, {"signatories"}, {"mentions"}, {"db", "stats"}} {
		r := runMain(t, env, "", append([]string{"--config", cfg}, args...)...)
		if r.code != ExitTempFail || !strings.Contains(r.stderr, "locked by another callwatch process") || !strings.Contains(r.stderr, "no callwatch daemon API could serve it") {
			t.Errorf("%v with the database locked and no daemon: exit %d: %s", args, r.code, r.stderr)
		}
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// dropGenerated removes the generation-time line of a Markdown report.
func dropGenerated(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, "Generated") && !strings.Contains(l, "generated") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// TestFallbackChecksTheDaemon: a daemon that holds another database, or wants a token
// the configuration does not give, is not used; the lock error stands (exit 75).
func TestFallbackChecksTheDaemon(t *testing.T) {
	path := reportSeedDB(t)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	env := map[string]string{envLockTimeout: "100ms"}
	other, _ := startDaemonServer(t, db, daemon.Info{Database: "/elsewhere/callwatch.db"}, "")
	cfg := writeConfig(t, "database: "+path+"\nhttp:\n  listen: "+other+"\n")
	if r := runMain(t, env, "", "--config", cfg, "signatories"); r.code != ExitTempFail || !strings.Contains(r.stderr, "holds /elsewhere/callwatch.db") {
		t.Errorf("a daemon with another database: exit %d: %s", r.code, r.stderr)
	}

	abs, _ := filepath.Abs(path)
	guarded, _ := startDaemonServer(t, db, daemon.Info{Database: abs}, "right-token")
	for _, tc := range []struct {
		token string
		code  int
		msg   string
	}{
		{"", ExitTempFail, "unauthorized"},
		{"wrong-token", ExitTempFail, "is http.token the daemon's?"},
		{"right-token", ExitOK, ""},
	} {
		yaml := "database: " + path + "\nhttp:\n  listen: " + guarded + "\n"
		if tc.token != "" {
			yaml += "  token: " + tc.token + "\n"
		}
		r := runMain(t, env, "", "--config", writeConfig(t, yaml), "signatories", "--format", "json")
		if r.code != tc.code || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("token %q: exit %d, want %d with %q: %s", tc.token, r.code, tc.code, tc.msg, r.stderr)
		}
	}
}

// daemonConfig writes a configuration for `callwatch daemon` over loopback sources.
func daemonConfig(t *testing.T, addr, extra, sources string) (cfgPath, dbPath string) {
	t.Helper()
	dir := t.TempDir()
	dbPath = filepath.Join(dir, "callwatch.db")
	yaml := "database: " + dbPath + `
crawl:
  allow_private_networks: true
  retries: 1
  delay: 0s
  timeout: 5s
daemon:
  schedule: "@every 1h"
  jitter: 0s
http:
  listen: ` + addr + `
` + extra + `
sources:
` + sources
	cfgPath = filepath.Join(dir, "callwatch.yaml")
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfgPath, dbPath
}

// runDaemonInProcess starts Main(daemon) and returns a function that cancels it (as
// SIGTERM does) and returns its exit code and how long it took to stop.
func runDaemonInProcess(t *testing.T, cfg string, stderr io.Writer, args ...string) (stop func() (int, time.Duration)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	home := t.TempDir()
	go func() {
		done <- Main(ctx, append([]string{"--config", cfg, "daemon"}, args...), Env{
			Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: stderr,
			Getenv: func(k string) (string, bool) {
				if k == "HOME" {
					return home, true
				}
				return "", false
			},
		})
	}()
	stopped := false
	var code int
	var took time.Duration
	stop = func() (int, time.Duration) {
		if stopped {
			return code, took
		}
		stopped = true
		start := time.Now()
		cancel()
		select {
		case code = <-done:
		case <-time.After(15 * time.Second):
			t.Fatal("callwatch daemon did not stop within 15 s")
		}
		took = time.Since(start)
		return code, took
	}
	t.Cleanup(func() { stop() })
	return stop
}

// getJSON GETs url and decodes its JSON answer.
func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if v != nil && resp.StatusCode == 200 {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
	}
	return resp.StatusCode
}

// waitFor polls cond every 20 ms for up to 30 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type daemonStatus struct {
	Ready    bool                  `json:"ready"`
	Passes   int                   `json:"passes"`
	Schedule string                `json:"schedule"`
	LastRun  *callwatch.RunSummary `json:"last_run"`
}

// TestDaemonRunsPassesAndServes runs the real `callwatch daemon` in-process: the pass at
// start stores the site's articles, the API, metrics and dashboard serve them, export
// reads through the API meanwhile, and a SIGTERM-like cancel stops it with exit 0, the
// database closed.
func TestDaemonRunsPassesAndServes(t *testing.T) {
	site := newNewsSite(t, 3)
	addr := freeAddr(t)
	cfg, dbPath := daemonConfig(t, addr, "", "  - {name: news, kind: feed, url: "+site.URL+"/feed.xml}\n")
	var logs syncBuffer
	stop := runDaemonInProcess(t, cfg, &logs)
	base := "http://" + addr
	var st daemonStatus
	waitFor(t, "the first pass", func() bool { return getJSON(t, base+"/api/v1/status", &st) == 200 && st.Passes == 1 })
	if !st.Ready || st.LastRun == nil || st.LastRun.ArticlesNew != 3 || st.Schedule != "@every 1h" {
		t.Fatalf("status after the first pass: %+v %+v\n%s", st, st.LastRun, logs.String())
	}
	var rows []callwatch.FindingRow
	if getJSON(t, base+"/api/v1/findings?kind=signed", &rows) != 200 || len(rows) != 3 || rows[0].Finding.Entity == nil || rows[0].Finding.Entity.ID != "org:microsoft" {
		t.Fatalf("signed findings: %+v", rows)
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`callwatch_passes_total{outcome="ok"} 1`, `callwatch_articles_total{outcome="new"} 3`,
		`callwatch_source_fetches_total{outcome="ok"} 1`, `callwatch_findings_total{kind="signed"} 3`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(string(metrics), `callwatch_fetch_duration_seconds_count{phase="first_byte"} 0`) {
		t.Error("no fetch latency observed")
	}
	resp, err = http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "Microsoft") || !strings.Contains(string(page), `<svg class="chart"`) {
		t.Errorf("the dashboard lacks the signatory or the chart")
	}
	// The CLI reads through the daemon while it holds the database.
	r := runMain(t, map[string]string{envLockTimeout: "100ms"}, "", "--config", cfg, "signatories", "--format", "csv")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Microsoft") {
		t.Errorf("signatories while the daemon runs: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	if r := runMain(t, nil, "", "--config", cfg, "daemon", "check"); r.code != ExitOK || !strings.Contains(r.stdout, "ready") {
		t.Errorf("daemon check: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}

	code, _ := stop()
	if code != ExitOK {
		t.Fatalf("daemon exit code %d after SIGTERM:\n%s", code, logs.String())
	}
	db, err := store.Open(dbPath, store.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("the database is still held after the daemon stopped: %v", err)
	}
	db.Close()
	if r := runMain(t, nil, "", "--config", cfg, "daemon", "check"); r.code != ExitPartial {
		t.Errorf("daemon check with no daemon: exit %d, want 1", r.code)
	}
}

// TestDaemonShutdownWithPassInFlight: the pass hangs on a slow loopback server; the
// SIGTERM-like cancel returns within 10 s, the pending alert is delivered once (or left
// pending, never lost) and the database is closed.
func TestDaemonShutdownWithPassInFlight(t *testing.T) {
	site := newNewsSite(t, 4)
	site.hang.Store(true)
	hooks := &hookReceiver{bodies: map[string][]alert.Body{}}
	receiver := httptest.NewServer(hooks)
	defer receiver.Close()
	addr := freeAddr(t)
	alerts := `alerts:
  baseline: none
  channels:
    - type: webhook
      url: ` + receiver.URL + `
      secret: s3cret
`
	cfg, dbPath := daemonConfig(t, addr, alerts, "  - {name: news, kind: feed, url: "+site.URL+"/feed.xml}\n")
	seeded := seedAlert(t, cfg)
	var logs syncBuffer
	stop := runDaemonInProcess(t, cfg, &logs)
	waitFor(t, "the pass to reach the hanging story pages", func() bool { return site.stories.Load() > 0 })
	code, took := stop()
	if code != ExitOK {
		t.Fatalf("exit code %d:\n%s", code, logs.String())
	}
	if took > 10*time.Second {
		t.Errorf("the daemon took %s to stop, over the 10 s bound", took)
	}
	db, err := store.Open(dbPath, store.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("the database is still held: %v", err)
	}
	defer db.Close()
	entries, err := db.Outbox(context.Background(), callwatch.OutboxFilter{AlertID: seeded.ID})
	if err != nil || len(entries) != 1 {
		t.Fatalf("outbox: %v %+v", err, entries)
	}
	state := entries[0].Deliveries[0].State
	hooks.mu.Lock()
	n := 0
	for _, b := range hooks.bodies {
		n += len(b)
	}
	hooks.mu.Unlock()
	switch {
	case state == callwatch.DeliveryDelivered && n == 1:
	case state == callwatch.DeliveryPending && n == 0:
	default:
		t.Errorf("alert state %s with %d deliveries received: lost or duplicated", state, n)
	}
	last, ok, err := db.LastRun(context.Background())
	if err != nil || !ok || !last.Interrupted {
		t.Errorf("the interrupted pass's summary was not saved: %+v %v %v", last, ok, err)
	}
	if !strings.Contains(logs.String(), "daemon stopped") {
		t.Errorf("logs:\n%s", logs.String())
	}
}

func TestDaemonRefusesAnExposedAddressWithoutToken(t *testing.T) {
	cfg, _ := daemonConfig(t, "0.0.0.0:8765", "", "  - {name: news, kind: feed, url: http://127.0.0.1:1/feed.xml}\n")
	r := runMain(t, nil, "", "--config", cfg, "daemon")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "http.token") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
	cfg, dbPath := daemonConfig(t, "127.0.0.1:0", "", "  - {name: news, kind: feed, url: http://127.0.0.1:1/feed.xml}\n")
	held, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r = runMain(t, map[string]string{envLockTimeout: "100ms"}, "", "--config", cfg, "daemon")
	held.Close()
	if r.code != ExitTempFail || !strings.Contains(r.stderr, "locked by another callwatch process") {
		t.Errorf("a daemon while another process holds the database: exit %d: %s", r.code, r.stderr)
	}
	cfg, _ = daemonConfig(t, "127.0.0.1:0", "", "  - {name: off, kind: feed, url: http://127.0.0.1:1/feed.xml, disabled: true}\n")
	if r := runMain(t, nil, "", "--config", cfg, "daemon"); r.code != ExitUsage || !strings.Contains(r.stderr, "no sources configured") {
		t.Errorf("no sources: exit %d: %s", r.code, r.stderr)
	}
}

// TestDaemonSignalsInChildProcess runs callwatch daemon as a real process: SIGHUP with
// an invalid configuration logs every error and keeps the running one; SIGHUP with a
// valid one applies it; SIGTERM stops it with exit 0.
func TestDaemonSignalsInChildProcess(t *testing.T) {
	site := newNewsSite(t, 1)
	addr := freeAddr(t)
	src := "  - {name: news, kind: feed, url: " + site.URL + "/feed.xml}\n"
	cfg, _ := daemonConfig(t, addr, "", src)
	good, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "--config", cfg, "daemon", "--no-initial-pass")
	cmd.Env = []string{"CALLWATCH_TEST_MAIN=1", "HOME=" + t.TempDir()}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var seen []string
	expect := func(what string) {
		t.Helper()
		timeout := time.After(20 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("callwatch ended before logging %q:\n%s", what, strings.Join(seen, "\n"))
				}
				seen = append(seen, l)
				if strings.Contains(l, what) {
					return
				}
			case <-timeout:
				cmd.Process.Kill()
				t.Fatalf("callwatch never logged %q:\n%s", what, strings.Join(seen, "\n"))
			}
		}
	}
	expect("daemon listening")
	base := "http://" + addr
	var st daemonStatus
	waitFor(t, "readiness", func() bool { return getJSON(t, base+"/api/v1/status", &st) == 200 && st.Ready })

	bad := strings.Replace(string(good), `schedule: "@every 1h"`, `schedule: "@every 10s"`, 1) + "  - {name: broken, kind: rss, url: " + site.URL + "/x}\n"
	if err := os.WriteFile(cfg, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd.Process.Signal(syscall.SIGHUP)
	expect("configuration reload refused")
	expect("configuration reload refused") // one line per problem: the schedule and the kind
	expect("keeping the running configuration")
	if getJSON(t, base+"/api/v1/status", &st); st.Schedule != "@every 1h" {
		t.Errorf("after a bad reload the schedule is %q", st.Schedule)
	}
	joined := strings.Join(seen, "\n")
	if !strings.Contains(joined, "daemon.schedule") || !strings.Contains(joined, "sources[1].kind") {
		t.Errorf("the refused reload does not name every problem:\n%s", joined)
	}

	if err := os.WriteFile(cfg, []byte(strings.Replace(string(good), `"@every 1h"`, `"@every 2h"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd.Process.Signal(syscall.SIGHUP)
	expect("settings reloaded")
	if getJSON(t, base+"/api/v1/status", &st); st.Schedule != "@every 2h" {
		t.Errorf("after a good reload the schedule is %q", st.Schedule)
	}

	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	expect("daemon stopped")
	done := make(chan error, 1)
	go func() {
		for range lines {
		}
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) || err != nil {
			t.Errorf("callwatch daemon ended with %v after SIGTERM, want exit 0", err)
		}
	case <-time.After(10*time.Second - time.Since(start)):
		cmd.Process.Kill()
		t.Fatal("callwatch daemon did not exit within 10 s of SIGTERM")
	}

}

// TestFindingQueryRoundTrip: the filter the CLI sends is the filter the daemon reads.
func TestFindingQueryRoundTrip(t *testing.T) {
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	for _, f := range []callwatch.FindingFilter{
		{},
		{Since: now.Add(-7 * 24 * time.Hour), Until: now.Add(time.Nanosecond * 1500)},
		{Kinds: []callwatch.FindingKind{callwatch.FindingSigned, callwatch.FindingAnnounced}, Source: "0123456789abcdef", Language: "fr",
			Entity: "state:FRA & co", MinConfidence: 0.875, Limit: 42, Newest: true},
		{Since: time.Date(2018, 11, 12, 0, 0, 0, 0, time.FixedZone("CET", 3600)), MinConfidence: 1e-9},
	} {
		got, source, err := daemon.ParseFindingFilter(findingQuery(f), now)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		got.Source = source
		if !got.Since.Equal(f.Since) || !got.Until.Equal(f.Until) || fmt.Sprint(got.Kinds) != fmt.Sprint(f.Kinds) || got.Source != f.Source ||
			got.Language != f.Language || got.Entity != f.Entity || got.MinConfidence != f.MinConfidence || got.Limit != f.Limit || got.Newest != f.Newest {
			t.Errorf("round trip\n got %+v\nwant %+v", got, f)
		}
	}
}

// TestRemoteClientErrors: a list cut short, an API error and a non-JSON answer are
// errors, never a partial result taken for the whole.
func TestRemoteClientErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v1/findings", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("entity") {
		case "cut":
			io.WriteString(w, `[{"article":{"id":"a1"},"finding":{"kind":"mention"}},{"article":{"id":"a2"`)
		case "bad":
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid since: nope"}`)
		case "html":
			io.WriteString(w, `<html>proxy login</html>`)
		default:
			io.WriteString(w, `[{"article":{"id":"a1"},"finding":{"kind":"mention"}}]`)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	rc := &remoteClient{base: srv.URL, hc: srv.Client()}
	scan := func(entity string) (int, error) {
		n := 0
		err := rc.ScanFindings(context.Background(), callwatch.FindingFilter{Entity: entity}, func(callwatch.FindingRow) error { n++; return nil })
		return n, err
	}
	if n, err := scan(""); err != nil || n != 1 {
		t.Errorf("a whole list: %d rows, %v", n, err)
	}
	for entity, msg := range map[string]string{"cut": "cut short", "bad": "HTTP 400: invalid since: nope", "html": "not a JSON array"} {
		if _, err := scan(entity); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: %v, want an error with %q", entity, err, msg)
		}
	}
}
