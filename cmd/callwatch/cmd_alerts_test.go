package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/alert"
	"github.com/callwatch/callwatch/config"
	"github.com/callwatch/callwatch/store"
)

// hookReceiver is a loopback webhook receiver that verifies signatures, counts accepted
// bodies per idempotency key and fails while failing is set.
type hookReceiver struct {
	mu      sync.Mutex
	failing bool
	bodies  map[string][]alert.Body
	badSig  int
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	if !alert.Verify("s3cret", body, r.Header.Get(alert.HeaderSignature)) {
		h.badSig++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if h.failing {
		http.Error(w, "receiver down", http.StatusInternalServerError)
		return
	}
	var b alert.Body
	_ = json.Unmarshal(body, &b)
	h.bodies[r.Header.Get(alert.HeaderIdempotency)] = append(h.bodies[r.Header.Get(alert.HeaderIdempotency)], b)
	w.WriteHeader(http.StatusOK)
}

// alertsFixture writes a configuration with one webhook channel and returns its path and
// the database path.
func alertsFixture(t *testing.T, url string) (cfgPath, dbPath string) {
	t.Helper()
	dir := t.TempDir()
	dbPath = filepath.Join(dir, "callwatch.db")
	cfgPath = filepath.Join(dir, "callwatch.yaml")
	yaml := "database: " + dbPath + `
alerts:
  baseline: none
  max_attempts: 1
  channels:
    - type: webhook
      url: ` + url + `
      secret: s3cret
`
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfgPath, dbPath
}

// signingArticle is an article in which entity signs the Call.
func signingArticle(url string, e callwatch.Entity, conf float64) *callwatch.Article {
	text := e.Name + " has signed the Paris Call for Trust and Security in Cyberspace."
	return &callwatch.Article{
		URL: url, Title: e.Name + " joins the Paris Call", Outlet: "news.example", Language: "en",
		Published: time.Date(2026, 11, 10, 8, 0, 0, 0, time.UTC), Fetched: time.Now().UTC(),
		Text: text, Status: callwatch.StatusFull,
		Findings: []callwatch.Finding{{
			Kind: callwatch.FindingSigned, Entity: &e, Subject: e.Name, Evidence: text, Field: callwatch.FieldText,
			End: len(text), Rule: "test.signed", Confidence: conf,
		}},
	}
}

// openRunStore opens the configuration's database as `callwatch run` would: with the
// alert policy the configuration gives. The caller closes it.
func openRunStore(t *testing.T, cfgPath string) *store.DB {
	t.Helper()
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(cfgPath, data)
	if err != nil {
		t.Fatal(err)
	}
	app := &App{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	policy, err := app.alertPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(cfg.Database, store.Options{Policy: policy})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// seedAlert opens the database as `callwatch run` would and saves an article that raises
// one alert.
func seedAlert(t *testing.T, cfgPath string) callwatch.Alert {
	t.Helper()
	db := openRunStore(t, cfgPath)
	defer db.Close()
	e := callwatch.Entity{ID: "unverified:globex", Name: "Globex", Category: callwatch.CategoryCompany}
	ch, err := db.SaveArticles(context.Background(), []*callwatch.Article{signingArticle("https://news.example/globex", e, 0.9)})
	if err != nil || len(ch.Alerts) != 1 {
		t.Fatalf("seeding raised %d alerts (%v), want 1", len(ch.Alerts), err)
	}
	return ch.Alerts[0]
}

func TestAlertsCommands(t *testing.T) {
	rcv := &hookReceiver{failing: true, bodies: map[string][]alert.Body{}}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	cfgPath, _ := alertsFixture(t, srv.URL+"/hook")
	a := seedAlert(t, cfgPath)
	run := func(args ...string) result {
		return runMain(t, nil, "", append([]string{"--config", cfgPath}, args...)...)
	}

	r := run("alerts", "list")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Globex") || !strings.Contains(r.stdout, "webhook") || !strings.Contains(r.stdout, "pending") || !strings.Contains(r.stdout, a.ID) {
		t.Fatalf("alerts list: %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = run("alerts", "list", "--pending", "--format", "json")
	var rows []alertRow
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || r.code != ExitOK {
		t.Fatalf("alerts list --format json: %v\n%s%s", err, r.stdout, r.stderr)
	}
	if len(rows) != 1 || rows[0].ID != a.ID || rows[0].Entity.Name != "Globex" || len(rows[0].Deliveries) != 1 ||
		rows[0].Deliveries[0].Channel != "webhook" || rows[0].Deliveries[0].State != callwatch.DeliveryPending {
		t.Fatalf("rows = %+v", rows)
	}

	// The receiver is down and max_attempts is 1: the delivery dies.
	r = run("alerts", "retry")
	if r.code != ExitPartial || !strings.Contains(r.stdout, "dead 1") {
		t.Fatalf("alerts retry with the receiver down: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run("alerts", "list", "--failed")
	if r.code != ExitOK || !strings.Contains(r.stdout, "dead") || !strings.Contains(r.stdout, "HTTP 500") || !strings.Contains(r.stdout, "Globex") {
		t.Fatalf("alerts list --failed: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = run("alerts", "list", "--pending"); !strings.Contains(r.stdout, "No alerts.") {
		t.Errorf("alerts list --pending with only a dead delivery:\n%s", r.stdout)
	}

	// Back up: retry by id prefix revives it and delivers it now.
	rcv.mu.Lock()
	rcv.failing = false
	rcv.mu.Unlock()
	r = run("alerts", "retry", a.ID[:6])
	if r.code != ExitOK || !strings.Contains(r.stdout, "revived 1 dead deliveries; sent 1") {
		t.Fatalf("alerts retry %s: %d\n%s%s", a.ID[:6], r.code, r.stdout, r.stderr)
	}
	if r = run("alerts", "list", "--failed"); !strings.Contains(r.stdout, "No alerts.") {
		t.Errorf("after retry, alerts list --failed:\n%s", r.stdout)
	}
	if r = run("alerts", "list"); !strings.Contains(r.stdout, "delivered") {
		t.Errorf("after retry, alerts list:\n%s", r.stdout)
	}
	key := callwatch.IdempotencyKey(a.ID, "webhook")
	rcv.mu.Lock()
	if got := rcv.bodies[key]; len(got) != 1 || got[0].Alerts[0].Entity.Name != "Globex" {
		t.Errorf("the receiver got %v for key %s", got, key)
	}
	rcv.mu.Unlock()

	if r = run("alerts", "retry", "ffffffffff"); r.code != ExitUsage || !strings.Contains(r.stderr, "no alert") {
		t.Errorf("alerts retry of an unknown id: %d %s", r.code, r.stderr)
	}

	// alerts test sends a sample, marked as a test, and stores nothing.
	r = run("alerts", "test", "webhook")
	if r.code != ExitOK || !strings.Contains(r.stdout, "sent a test alert on channel webhook") {
		t.Fatalf("alerts test webhook: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	rcv.mu.Lock()
	tests := 0
	for _, bodies := range rcv.bodies {
		for _, b := range bodies {
			if b.Test {
				tests++
				if len(b.Alerts) != 1 || !b.Alerts[0].Test || b.Alerts[0].Kind != "test" {
					t.Errorf("test body = %+v", b)
				}
			}
		}
	}
	if tests != 1 || rcv.badSig != 0 {
		t.Errorf("%d test bodies, %d bad signatures", tests, rcv.badSig)
	}
	rcv.mu.Unlock()
	r = run("alerts", "list", "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) != 1 {
		t.Errorf("alerts test stored something (%v):\n%s", err, r.stdout)
	}
	if r = run("alerts", "test", "nope"); r.code != ExitUsage || !strings.Contains(r.stderr, `no channel named "nope"`) {
		t.Errorf("alerts test nope: %d %s", r.code, r.stderr)
	}
	if r = run("alerts", "list", "--format", "xml"); r.code != ExitUsage {
		t.Errorf("alerts list --format xml exited %d", r.code)
	}
}

func TestAlertsTestFailingChannel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "nope", http.StatusForbidden)
	}))
	defer srv.Close()
	cfgPath, _ := alertsFixture(t, srv.URL)
	r := runMain(t, nil, "", "--config", cfgPath, "alerts", "test", "webhook")
	if r.code != ExitPartial || !strings.Contains(r.stderr, "HTTP 403") {
		t.Errorf("alerts test on a failing channel: %d %s", r.code, r.stderr)
	}
}

func TestAlertsTable(t *testing.T) {
	created := time.Date(2026, 11, 12, 9, 30, 0, 0, time.UTC)
	entries := []callwatch.OutboxEntry{
		{Seq: 1, Alert: callwatch.Alert{ID: "aaaa", Kind: callwatch.AlertReported, Created: created, Entity: callwatch.Entity{Name: "Acme\tCorp\nBcc: x"}},
			Deliveries: []callwatch.Delivery{
				{Channel: "hook", State: callwatch.DeliveryPending, Attempts: 2, LastError: "webhook: HTTP 503:\tbusy\nline", NextAttempt: created.Add(90 * time.Minute)},
				{Channel: "mail", State: callwatch.DeliveryDelivered, Attempts: 1},
			}},
		{Seq: 2, Alert: callwatch.Alert{ID: "bbbb", Kind: callwatch.AlertConfirmed, FollowUp: true, Created: created, Entity: callwatch.Entity{Name: "Globex"}}},
	}
	var out strings.Builder
	if err := writeAlertsTable(&out, entries); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want a header and 3 rows:\n%s", len(lines), out.String())
	}
	for i, want := range [][]string{
		{"ID", "CREATED", "KIND", "ENTITY", "CHANNEL", "STATE", "ATTEMPTS", "LAST ERROR"},
		{"aaaa", "2026-11-12 09:30", "reported", "Acme Corp Bcc: x", "hook", "pending (next 11-12 11:00)", "2", "webhook: HTTP 503: busy line"},
		{"mail", "delivered", "1"},
		{"bbbb", "confirmed (follow-up)", "Globex", "-"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("line %d lacks %q: %q", i, w, lines[i])
			}
		}
	}
	if strings.HasPrefix(lines[2], "aaaa") {
		t.Errorf("the second channel repeats the alert's columns: %q", lines[2])
	}
}
