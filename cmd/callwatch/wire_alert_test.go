package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/alert"
	"github.com/callwatch/callwatch/config"
	"github.com/callwatch/callwatch/detect"
	"github.com/callwatch/callwatch/store"
)

func quietApp() *App { return &App{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))} }

func TestAlertOptionsBaseline(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "known.csv")
	if err := os.WriteFile(csv, []byte("name,category\nMicrosoft,private-sector\nAcme Widgets Ltd,private-sector\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	embedded := len(detect.Supporters())
	tests := []struct {
		baseline string
		want     int
		wantErr  string
	}{
		{"embedded", embedded, ""},
		{"none", 0, ""},
		{csv, 2, ""},
		{filepath.Join(t.TempDir(), "missing.csv"), 0, "alerts.baseline"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.baseline), func(t *testing.T) {
			cfg := config.Default()
			cfg.Alerts.Baseline = tt.baseline
			o, err := quietApp().alertOptions(cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || exitCode(context.Background(), err) != ExitUsage {
					t.Fatalf("alertOptions = %v, want a usage error about %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(o.Baseline) != tt.want {
				t.Errorf("baseline of %d entities, want %d", len(o.Baseline), tt.want)
			}
		})
	}
	if embedded < 1000 {
		t.Errorf("the embedded baseline has %d entries, want the official list (1,222)", embedded)
	}
}

func TestAlertOptionsChannels(t *testing.T) {
	cfg := config.Default()
	cfg.Alerts.Kinds = []string{"reported", "confirmed", "declined"}
	cfg.Alerts.Channels = []config.Channel{
		{Type: "webhook", URL: "https://a.example/hook", Kinds: []string{"reported"}, MinConfidence: 0.8},
		{Type: "webhook", URL: "https://b.example/hook"},
		{Name: "analysts", Type: "email", SMTPHost: "smtp.example.org", From: "cw@example.org", To: []string{"a@example.org"}},
		{Type: "log"},
	}
	o, err := quietApp().alertOptions(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ch := range o.Channels {
		names = append(names, ch.Name)
	}
	if want := []string{"webhook", "webhook-2", "analysts", "log"}; !slices.Equal(names, want) {
		t.Errorf("channel names = %v, want %v", names, want)
	}
	if o.Channels[0].MinConfidence != 0.8 || !slices.Equal(o.Channels[0].Kinds, []callwatch.AlertKind{callwatch.AlertReported}) {
		t.Errorf("first channel filters = %+v", o.Channels[0])
	}
	if !slices.Equal(o.Kinds, []callwatch.AlertKind{callwatch.AlertReported, callwatch.AlertConfirmed, callwatch.AlertDeclined}) ||
		o.MaxAttempts != 10 || o.MinConfidence != 0.5 || o.Backoff.String() != "30s" || o.MaxBackoff.String() != "6h0m0s" {
		t.Errorf("options = %+v", o)
	}

	cfg.Alerts.Kinds = []string{"signed"}
	if _, err := quietApp().alertOptions(cfg); err == nil || exitCode(context.Background(), err) != ExitUsage {
		t.Errorf("an unknown kind: %v", err)
	}
}

// TestFirstRunWithEmbeddedBaseline runs the real detector's entities through the real
// store with the default configuration: known supporters raise nothing, a new entity
// raises exactly one alert, the first register snapshot raises nothing, and a later
// register addition of the reported entity is one follow-up.
func TestFirstRunWithEmbeddedBaseline(t *testing.T) {
	cfg := config.Default()
	cfg.Database = filepath.Join(t.TempDir(), "callwatch.db")
	app := quietApp()
	policy, err := app.alertPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(cfg.Database, store.Options{Policy: policy})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	det, err := detect.New()
	if err != nil {
		t.Fatal(err)
	}

	var known []*callwatch.Article
	for _, name := range []string{"Microsoft", "France", "Cisco", "Japan"} {
		e, ok := det.Resolve(name)
		if !ok {
			t.Fatalf("the detector does not know %s", name)
		}
		if !policy.InBaseline(e.ID) {
			t.Errorf("%s (%s) is not in the embedded baseline", name, e.ID)
		}
		known = append(known, signingArticle("https://news.example/"+strings.ToLower(name), e, 0.95))
	}
	ch, err := db.SaveArticles(ctx, known)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Alerts) != 0 || len(ch.NewSignatories) != 4 {
		t.Fatalf("known supporters raised %d alerts (%d new signatories), want 0", len(ch.Alerts), len(ch.NewSignatories))
	}

	// The first register snapshot is the baseline itself: no alerts.
	entries := detect.Supporters()
	ch, err = db.SaveRegister(ctx, callwatch.SourceID("https://pariscall.international/supporters.csv"), entries, entries[0].FirstSeen)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Alerts) != 0 {
		t.Fatalf("the first register snapshot raised %d alerts", len(ch.Alerts))
	}

	// A crafted article about a new entity: exactly one alert, and only one even when a
	// second outlet reports it.
	globex := callwatch.Entity{ID: "unverified:globex-cyberdefense", Name: "Globex Cyberdefense", Category: callwatch.CategoryCompany}
	ch, err = db.SaveArticles(ctx, []*callwatch.Article{signingArticle("https://news.example/globex", globex, 0.9)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Alerts) != 1 || ch.Alerts[0].Kind != callwatch.AlertReported || ch.Alerts[0].Entity.ID != globex.ID {
		t.Fatalf("the new entity raised %+v, want one reported alert", ch.Alerts)
	}
	second := signingArticle("https://other.example/globex", globex, 0.95)
	second.Outlet = "other.example"
	if ch, err = db.SaveArticles(ctx, []*callwatch.Article{second}); err != nil || len(ch.Alerts) != 0 {
		t.Fatalf("a second article raised %d alerts (%v), want 0", len(ch.Alerts), err)
	}

	// The register then lists it: one confirmed follow-up.
	next := append(slices.Clone(entries), callwatch.RegisterEntry{EntityID: globex.ID, Name: globex.Name, Category: callwatch.CategoryCompany})
	ch, err = db.SaveRegister(ctx, callwatch.SourceID("https://pariscall.international/supporters.csv"), next, entries[0].FirstSeen.AddDate(0, 0, 7))
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Alerts) != 1 || ch.Alerts[0].Kind != callwatch.AlertConfirmed || !ch.Alerts[0].FollowUp {
		t.Fatalf("the register addition raised %+v, want one confirmed follow-up", ch.Alerts)
	}

	// Both alerts go to the default log channel.
	n, err := app.notifier(cfg, db)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := n.Deliver(ctx)
	if err != nil || stats.Sent != 2 || stats.Pending != 0 {
		t.Fatalf("Deliver = %+v, %v; want the 2 alerts sent on the log channel", stats, err)
	}
}

// TestRunDeliversAlertsEndToEnd runs `callwatch run` over a loopback news site with the
// embedded baseline: a known supporter (Microsoft) raises nothing, an entity that is not
// on the official list (Ghana) raises exactly one alert, delivered once to a webhook, and
// a later pass over more articles about it raises nothing more.
func TestRunDeliversAlertsEndToEnd(t *testing.T) {
	stories := map[string]string{
		"ms":  "Microsoft joined the Paris Call for Trust and Security in Cyberspace on Monday, the company said.",
		"gh":  "Ghana has signed the Paris Call for Trust and Security in Cyberspace, the foreign ministry said on Tuesday.",
		"gh2": "Ghana signed the Paris Call for Trust and Security in Cyberspace this week, officials confirmed.",
	}
	var items, servedGh2 atomic.Int32
	items.Store(2)
	mux := http.NewServeMux()
	var site *httptest.Server
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>`)
		for _, id := range []string{"ms", "gh", "gh2"}[:items.Load()] {
			fmt.Fprintf(w, `<item><title>Story %s</title><link>%s/story/%s</link><guid>%s</guid><pubDate>Tue, 10 Nov 2026 10:00:00 GMT</pubDate></item>`, id, site.URL, id, id)
		}
		fmt.Fprint(w, `</channel></rss>`)
	})
	mux.HandleFunc("/story/", func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/story/")
		text, ok := stories[id]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if id == "gh2" {
			servedGh2.Add(1)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>Paris Call news</title></head><body><article><h1>Paris Call news</h1>`)
		for range 3 {
			fmt.Fprintf(w, "<p>%s</p>", text)
		}
		fmt.Fprint(w, `</article></body></html>`)
	})
	site = httptest.NewServer(mux)
	defer site.Close()
	rcv := &hookReceiver{bodies: map[string][]alert.Body{}}
	hook := httptest.NewServer(rcv)
	defer hook.Close()

	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "callwatch.yaml")
	yaml := "database: " + filepath.Join(dir, "callwatch.db") + `
crawl: {allow_private_networks: true, retries: 1, delay: 0s, timeout: 5s}
alerts:
  baseline: embedded
  channels:
    - {type: webhook, url: "` + hook.URL + `", secret: s3cret}
sources:
  - {name: news, kind: feed, url: "` + site.URL + `/feed.xml"}
`
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runMain(t, nil, "", "--config", cfgPath, "run"); r.code != ExitOK {
		t.Fatalf("run exited %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	key := callwatch.IdempotencyKey(callwatch.AlertID(callwatch.AlertReported, "state:GHA"), "webhook")
	rcv.mu.Lock()
	if len(rcv.bodies) != 1 || len(rcv.bodies[key]) != 1 {
		t.Fatalf("after the first pass the receiver got %v, want one alert for state:GHA (%s)", rcv.bodies, key)
	}
	got := rcv.bodies[key][0].Alerts[0]
	if got.Entity.Name != "Ghana" || got.Kind != "reported" || !strings.Contains(got.Evidence, "Ghana has signed") || got.Article.URL != site.URL+"/story/gh" {
		t.Errorf("alert = %+v", got)
	}
	rcv.mu.Unlock()

	items.Store(3)
	if r := runMain(t, nil, "", "--config", cfgPath, "run", "--force"); r.code != ExitOK {
		t.Fatalf("second run exited %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if servedGh2.Load() == 0 {
		t.Fatalf("the second pass did not read the new article about Ghana")
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if len(rcv.bodies) != 1 || len(rcv.bodies[key]) != 1 || rcv.badSig != 0 {
		t.Errorf("after the second pass the receiver got %d keys, %d deliveries of Ghana's: want the one alert only", len(rcv.bodies), len(rcv.bodies[key]))
	}
}
