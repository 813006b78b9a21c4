package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/alert"
	"github.com/callwatch/callwatch/store"
)

// reprocessArticle is a stored article with the findings an older detector gave it.
func reprocessArticle(url, text string, findings []callwatch.Finding) *callwatch.Article {
	return &callwatch.Article{
		URL: url, Title: "Cyber news", Outlet: "news.example", Language: "en",
		Published: time.Date(2026, 11, 10, 8, 0, 0, 0, time.UTC), Fetched: time.Now().UTC(),
		Text: text, Status: callwatch.StatusFull, Findings: findings,
	}
}

// TestReprocessCmd seeds a database as an older detector would have left it, then checks
// that reprocess counts and replaces changed findings, raises and delivers an alert for a
// newly found signatory, never alerts an entity already alerted, writes nothing with
// --dry-run, and changes nothing on a second run.
func TestReprocessCmd(t *testing.T) {
	rcv := &hookReceiver{bodies: map[string][]alert.Body{}}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	cfgPath, dbPath := alertsFixture(t, srv.URL+"/hook")
	db := openRunStore(t, cfgPath)
	ms := callwatch.Entity{ID: "org:microsoft", Name: "Microsoft", Category: callwatch.CategoryCompany, Country: "USA", Verified: true}
	msText := "Microsoft has signed the Paris Call for Trust and Security in Cyberspace."
	old := []*callwatch.Article{
		// an old rule found Microsoft (alerted now, at seeding)
		reprocessArticle("https://news.example/ms", msText, []callwatch.Finding{{
			Kind: callwatch.FindingSigned, Entity: &ms, Subject: "Microsoft", Evidence: msText, Field: callwatch.FieldText,
			End: len(msText), Rule: "old.signed", Confidence: 0.9,
		}}),
		// an old rule missed Siemens
		reprocessArticle("https://news.example/siemens", "Siemens has joined the Paris Call for Trust and Security in Cyberspace, the company said.", nil),
		// an old rule took the climate agreement for the Call
		reprocessArticle("https://news.example/climate", "The United States rejoined the Paris Agreement on climate change.", []callwatch.Finding{{
			Kind: callwatch.FindingMention, Strength: callwatch.StrengthShort, Evidence: "The United States rejoined the Paris Agreement on climate change.",
			Field: callwatch.FieldText, End: 64, Rule: "old.mention", Confidence: 0.5,
		}}),
	}
	ch, err := db.SaveArticles(context.Background(), old)
	if err != nil || len(ch.Alerts) != 1 || ch.Alerts[0].Entity.ID != "org:microsoft" {
		t.Fatalf("seeding: %v, alerts %+v", err, ch.Alerts)
	}
	db.Close()
	run := func(args ...string) result {
		return runMain(t, nil, "", append([]string{"--config", cfgPath}, args...)...)
	}
	// Deliver the seeding alert, as the run that stored it would have.
	if r := run("alerts", "retry"); r.code != ExitOK {
		t.Fatalf("alerts retry: %d %s", r.code, r.stderr)
	}
	delivered := func() map[string]int {
		rcv.mu.Lock()
		defer rcv.mu.Unlock()
		n := map[string]int{}
		for _, bodies := range rcv.bodies {
			for _, b := range bodies {
				for _, a := range b.Alerts {
					n[a.Summary]++
				}
			}
		}
		return n
	}
	before := delivered()

	r := run("reprocess", "--dry-run", "--format", "json")
	var rep reprocessReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != ExitOK {
		t.Fatalf("dry run: %d %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if rep.Articles != 3 || rep.Changed != 3 || !rep.DryRun || rep.AlertsEnqueued != 0 || rep.Removed[callwatch.FindingMention] != 1 {
		t.Errorf("dry run report %+v", rep)
	}

	r = run("reprocess")
	if r.code != ExitOK {
		t.Fatalf("reprocess: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"3 articles scanned, 3 changed", "1 new signatories", "1 alerts raised, 1 delivered"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	after := delivered()
	newAlerts := 0
	for summary, n := range after {
		if d := n - before[summary]; d > 0 {
			newAlerts += d
			if !strings.Contains(summary, "Siemens") {
				t.Errorf("unexpected alert delivered: %q", summary)
			}
		}
	}
	if newAlerts != 1 {
		t.Errorf("%d alerts delivered by reprocess, want 1 (Siemens); Microsoft was alerted already", newAlerts)
	}

	// The stored findings are the detector's now.
	db, err = store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	err = db.ScanArticles(context.Background(), func(a *callwatch.Article) error {
		for _, f := range a.Findings {
			id := ""
			if f.Entity != nil {
				id = f.Entity.ID
			}
			kinds[a.URL+" "+string(f.Kind)+" "+id] = true
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"https://news.example/ms signed org:microsoft", "https://news.example/siemens signed org:siemens", "https://news.example/siemens mention "} {
		if !kinds[want] {
			t.Errorf("stored findings lack %q: %v", want, kinds)
		}
	}
	for k := range kinds {
		if strings.HasPrefix(k, "https://news.example/climate") {
			t.Errorf("climate article still has %q", k)
		}
	}

	// A second run changes nothing and alerts nobody.
	r = run("reprocess", "--format", "json")
	rep = reprocessReport{}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != ExitOK || rep.Changed != 0 || rep.AlertsEnqueued != 0 {
		t.Errorf("second run: %d %v %+v", r.code, err, rep)
	}
	if r := run("reprocess", "--format", "yaml"); r.code != ExitUsage {
		t.Errorf("bad format: exit %d", r.code)
	}
}
