package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// dump returns every key and value of the database, for before/after comparisons.
func dump(t testing.TB, db *DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			out[string(name)+"#seq"] = fmt.Sprint(b.Sequence())
			return b.ForEach(func(k, v []byte) error {
				out[string(name)+"/"+string(k)] = string(v)
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSaveArticles(t *testing.T) {
	base := article(1, "example.com", mention())
	withURL := func(a *callwatch.Article, f func(*callwatch.Article)) *callwatch.Article {
		c := *a
		f(&c)
		return &c
	}
	tests := []struct {
		name      string
		first     []*callwatch.Article
		second    []*callwatch.Article
		want      callwatch.Changes // counts and NewArticles ids only
		wantURLs  []string
		wantSrcs  []string
		wantGUIDs []string
		wantText  string
		wantN     int // findings stored
	}{
		{
			name:     "new",
			second:   []*callwatch.Article{base},
			want:     callwatch.Changes{NewArticles: []callwatch.ArticleRef{base.Ref()}},
			wantURLs: []string{base.URL}, wantSrcs: base.Sources, wantText: base.Text, wantN: 1,
		},
		{
			name:     "same article twice in one call",
			second:   []*callwatch.Article{base, base},
			want:     callwatch.Changes{NewArticles: []callwatch.ArticleRef{base.Ref()}, Unchanged: 1},
			wantURLs: []string{base.URL}, wantSrcs: base.Sources, wantText: base.Text, wantN: 1,
		},
		{
			name:     "unchanged",
			first:    []*callwatch.Article{base},
			second:   []*callwatch.Article{base},
			want:     callwatch.Changes{Unchanged: 1},
			wantURLs: []string{base.URL}, wantSrcs: base.Sources, wantText: base.Text, wantN: 1,
		},
		{
			name:  "duplicate under a new URL, source and GUID",
			first: []*callwatch.Article{base},
			second: []*callwatch.Article{withURL(base, func(a *callwatch.Article) {
				a.URLs = []string{"https://news.google.com/rss/articles/abc"}
				a.Sources = []string{"src-google"}
				a.GUIDs = []string{"guid-1"}
				a.Findings = nil
			})},
			want:      callwatch.Changes{Duplicates: 1},
			wantURLs:  []string{base.URL, "https://news.google.com/rss/articles/abc"},
			wantSrcs:  []string{"src-example.com", "src-google"},
			wantGUIDs: []string{"guid-1"},
			wantText:  base.Text, wantN: 1,
		},
		{
			name:  "same hash without text keeps the stored text",
			first: []*callwatch.Article{base},
			second: []*callwatch.Article{withURL(base, func(a *callwatch.Article) {
				a.Text, a.ContentHash, a.Findings = "", "", nil
			})},
			want:     callwatch.Changes{Unchanged: 1},
			wantURLs: []string{base.URL}, wantSrcs: base.Sources, wantText: base.Text, wantN: 1,
		},
		{
			name:  "content changed",
			first: []*callwatch.Article{base},
			second: []*callwatch.Article{withURL(base, func(a *callwatch.Article) {
				a.Text = "A longer version. " + a.Text
				a.ContentHash = callwatch.ContentHash(a.Text)
				a.Published = a.Published.Add(90)
				a.Findings = []callwatch.Finding{mention(), mention()}
				a.Sources = []string{"src-other"}
			})},
			want:     callwatch.Changes{Updated: 1},
			wantURLs: []string{base.URL}, wantSrcs: []string{"src-example.com", "src-other"},
			wantText: "A longer version. " + base.Text, wantN: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t, Options{})
			ctx := context.Background()
			mustSave(t, db, tt.first...)
			got := mustSave(t, db, tt.second...)
			if got.Duplicates != tt.want.Duplicates || got.Unchanged != tt.want.Unchanged || got.Updated != tt.want.Updated {
				t.Errorf("changes = dup %d, unchanged %d, updated %d; want %d, %d, %d",
					got.Duplicates, got.Unchanged, got.Updated, tt.want.Duplicates, tt.want.Unchanged, tt.want.Updated)
			}
			if !slices.Equal(got.NewArticles, tt.want.NewArticles) {
				t.Errorf("NewArticles = %v, want %v", got.NewArticles, tt.want.NewArticles)
			}
			a, err := db.Article(ctx, base.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a.URLs, tt.wantURLs) || !slices.Equal(a.Sources, tt.wantSrcs) || !slices.Equal(a.GUIDs, tt.wantGUIDs) {
				t.Errorf("stored URLs %v sources %v GUIDs %v; want %v %v %v", a.URLs, a.Sources, a.GUIDs, tt.wantURLs, tt.wantSrcs, tt.wantGUIDs)
			}
			if a.Text != tt.wantText || len(a.Findings) != tt.wantN {
				t.Errorf("stored text %q with %d findings; want %q with %d", a.Text, len(a.Findings), tt.wantText, tt.wantN)
			}
			for _, k := range append(slices.Clone(tt.wantURLs), tt.wantGUIDs...) {
				if id, ok, err := db.Known(ctx, "https://unknown.example/x", k); !ok || err != nil || id != base.ID {
					t.Errorf("Known(%q) = %q, %t, %v", k, id, ok, err)
				}
			}
			mustCheck(t, db)
		})
	}
}

func TestSaveArticlesValidates(t *testing.T) {
	db := openTest(t, Options{})
	bad := []*callwatch.Article{
		nil,
		{Title: "no URL"},
		{ID: "short", URL: "https://example.com/"},
		{URL: "https://example.com/a", Sources: []string{""}},
		{URL: "https://example.com/b", Findings: []callwatch.Finding{{Kind: callwatch.FindingSigned, Entity: &callwatch.Entity{}}}},
	}
	for i, a := range bad {
		if _, err := db.SaveArticles(context.Background(), []*callwatch.Article{article(100, "ok.example"), a}); err == nil {
			t.Errorf("case %d: no error", i)
		}
	}
	if _, ok, _ := db.Known(context.Background(), article(100, "ok.example").URL); ok {
		t.Error("a rejected call stored its valid article")
	}
	// An article without an ID gets ArticleID(URL).
	a := article(3, "example.com")
	a.ID = ""
	ch := mustSave(t, db, a)
	if len(ch.NewArticles) != 1 || ch.NewArticles[0].ID != callwatch.ArticleID(a.URL) {
		t.Errorf("NewArticles = %v", ch.NewArticles)
	}
	if a.ID != "" {
		t.Error("SaveArticles modified the caller's article")
	}
}

func TestSaveArticlesIdempotent(t *testing.T) {
	pol := &testPolicy{decide: reportOnce, channels: []string{"webhook", "email"}}
	db := openTest(t, Options{Policy: pol, Now: newClock().Now})
	arts := []*callwatch.Article{
		article(1, "lemonde.fr", mention(), stance(callwatch.FindingSigned, "org:acme", "Acme", 0.8)),
		article(2, "example.com", stance(callwatch.FindingSigned, "org:acme", "Acme Corp", 0.9), stance(callwatch.FindingDeclined, "state:USA", "United States", 0.7)),
	}
	first := mustSave(t, db, arts...)
	if len(first.Alerts) != 1 || len(first.NewArticles) != 2 || len(first.NewSignatories) != 2 {
		t.Fatalf("first save: %d alerts, %d articles, %d signatories", len(first.Alerts), len(first.NewArticles), len(first.NewSignatories))
	}
	before := dump(t, db)
	calls := len(pol.calls())
	for range 3 {
		again := mustSave(t, db, arts...)
		if again.Unchanged != 2 || len(again.Alerts)+len(again.NewArticles)+len(again.NewSignatories)+len(again.StatusChanges)+again.Duplicates+again.Updated != 0 {
			t.Fatalf("re-save changed something: %+v", again)
		}
	}
	if after := dump(t, db); !maps.Equal(before, after) {
		for k, v := range after {
			if before[k] != v {
				t.Errorf("key %q changed", k)
			}
		}
		t.Fatal("re-saving the same articles changed the database")
	}
	if n := len(pol.calls()); n != calls {
		t.Errorf("re-saving asked the policy %d more times", n-calls)
	}
	// ReplaceFindings with the same findings changes no signatory and raises nothing.
	ch, err := db.ReplaceFindings(context.Background(), arts[1].ID, arts[1].Findings)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Alerts)+len(ch.NewSignatories)+len(ch.StatusChanges) != 0 {
		t.Errorf("ReplaceFindings with the same findings: %+v", ch)
	}
	mustCheck(t, db)
}

func TestSignatoryEvidence(t *testing.T) {
	clk := newClock()
	pol := &testPolicy{decide: reportOnce, channels: []string{"webhook"}, baseline: map[string]bool{"state:FRA": true}}
	db := openTest(t, Options{Policy: pol, Now: clk.Now})
	ctx := context.Background()

	a1 := article(1, "lemonde.fr", stance(callwatch.FindingAnnounced, "org:acme", "Acme", 0.6))
	ch := mustSave(t, db, a1)
	if len(ch.NewSignatories) != 1 || ch.NewSignatories[0].Status != callwatch.StatusAnnounced || len(ch.Alerts) != 0 {
		t.Fatalf("announced: %+v", ch)
	}
	clk.Add(1)
	a2 := article(2, "example.com", stance(callwatch.FindingSigned, "org:acme", "ACME Inc.", 0.7))
	ch = mustSave(t, db, a2)
	wantSC := []callwatch.StatusChange{{EntityID: "org:acme", Name: "Acme", From: callwatch.StatusAnnounced, To: callwatch.StatusSigned}}
	if !slices.Equal(ch.StatusChanges, wantSC) || len(ch.NewSignatories) != 0 {
		t.Errorf("status changes %v, new %v; want %v", ch.StatusChanges, ch.NewSignatories, wantSC)
	}
	if len(ch.Alerts) != 1 || ch.Alerts[0].Kind != callwatch.AlertReported || ch.Alerts[0].ID != callwatch.AlertID(callwatch.AlertReported, "org:acme") {
		t.Fatalf("alerts = %+v", ch.Alerts)
	}
	// The policy saw the state before and after.
	calls := pol.calls()
	last := calls[len(calls)-1]
	if last.Before == nil || last.Before.Status != callwatch.StatusAnnounced || last.After.Status != callwatch.StatusSigned ||
		last.Cause != callwatch.CauseArticle || last.Article.ID != a2.ID || last.Finding.Kind != callwatch.FindingSigned || !last.Now.Equal(clk.Now()) {
		t.Errorf("last decision = %+v", last)
	}
	// A third article from the same outlet, a fourth from a new one with a higher confidence.
	clk.Add(1)
	mustSave(t, db, article(3, "example.com", stance(callwatch.FindingSigned, "org:acme", "Acme", 0.5)))
	ch = mustSave(t, db, article(4, "heise.de", stance(callwatch.FindingSigned, "org:acme", "Acme", 0.95)))
	if len(ch.Alerts) != 0 {
		t.Errorf("a second report raised %v", ch.Alerts)
	}
	s, ok, err := db.Signatory(ctx, "org:acme")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	r := s.Report(callwatch.FindingSigned)
	if r == nil || r.FirstArticle.ID != a2.ID || r.Confidence != 0.95 || !slices.Equal(r.Outlets, []string{"example.com", "heise.de"}) || len(r.Articles) != 3 {
		t.Errorf("signed report = %+v", r)
	}
	if !slices.Equal(s.Names, []string{"Acme", "ACME Inc."}) {
		t.Errorf("names = %v", s.Names)
	}
	if s.Alerted[callwatch.AlertReported].IsZero() {
		t.Error("Alerted[reported] not set")
	}
	// Baseline entities are created InBaseline and the policy stays silent about them.
	ch = mustSave(t, db, article(5, "example.com", stance(callwatch.FindingSigned, "state:FRA", "France", 0.9)))
	if len(ch.NewSignatories) != 1 || !ch.NewSignatories[0].InBaseline || len(ch.Alerts) != 0 {
		t.Errorf("baseline entity: %+v", ch)
	}
	// Outbox: one entry per alert, one pending delivery per channel.
	ob, err := db.Outbox(ctx, callwatch.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ob) != 1 || len(ob[0].Deliveries) != 1 || ob[0].Deliveries[0].State != callwatch.DeliveryPending {
		t.Errorf("outbox = %+v", ob)
	}
	mustCheck(t, db)
}

func TestPolicyRepeatingAnAlertIsEnqueuedOnce(t *testing.T) {
	// A careless policy that raises the same alert on every change.
	pol := &testPolicy{channels: []string{"log"}, decide: func(c callwatch.SignatoryChange) []callwatch.Alert {
		return []callwatch.Alert{{Kind: callwatch.AlertReported}}
	}}
	db := openTest(t, Options{Policy: pol})
	var total int
	for i := range 5 {
		ch := mustSave(t, db, article(i, fmt.Sprintf("outlet%d.example", i), stance(callwatch.FindingSigned, "org:acme", "Acme", 0.9)))
		total += len(ch.Alerts)
	}
	ob, _ := db.Outbox(context.Background(), callwatch.OutboxFilter{})
	if total != 1 || len(ob) != 1 || ob[0].Alert.ID != callwatch.AlertID(callwatch.AlertReported, "org:acme") || ob[0].Alert.Entity.ID != "org:acme" {
		t.Errorf("%d alerts reported, outbox %+v", total, ob)
	}
	mustCheck(t, db)
}

func TestChangesOnlyAfterCommit(t *testing.T) {
	// A policy returning an alert without a kind makes the transaction fail: nothing of it
	// may be stored or reported.
	pol := &testPolicy{channels: []string{"log"}, decide: func(c callwatch.SignatoryChange) []callwatch.Alert {
		if c.After.ID == "org:bad" {
			return []callwatch.Alert{{}}
		}
		return nil
	}}
	db := openTest(t, Options{Policy: pol})
	before := dump(t, db)
	ch, err := db.SaveArticles(context.Background(), []*callwatch.Article{
		article(1, "example.com", stance(callwatch.FindingSigned, "org:good", "Good", 0.9)),
		article(2, "example.com", stance(callwatch.FindingSigned, "org:bad", "Bad", 0.9)),
	})
	if err == nil {
		t.Fatal("no error")
	}
	if len(ch.NewArticles)+len(ch.NewSignatories)+len(ch.Alerts) != 0 {
		t.Errorf("a failed save reported %+v", ch)
	}
	if !maps.Equal(before, dump(t, db)) {
		t.Error("a failed save changed the database")
	}
}

func TestSaveArticlesManyBatches(t *testing.T) {
	db := openTest(t, Options{NoSync: true})
	db.batch, db.page = 50, 30
	var arts []*callwatch.Article
	for i := range db.batch*2 + 17 {
		arts = append(arts, article(i, "example.com", mention()))
	}
	ch := mustSave(t, db, arts...)
	if len(ch.NewArticles) != len(arts) {
		t.Fatalf("%d new articles, want %d", len(ch.NewArticles), len(arts))
	}
	var n int
	var prev int64 = -1 << 63
	err := db.ScanArticles(context.Background(), func(a *callwatch.Article) error {
		if a.Published.UnixNano() < prev {
			return errors.New("out of order")
		}
		prev = a.Published.UnixNano()
		if a.Text == "" || len(a.Findings) != 1 {
			return fmt.Errorf("article %s without text or findings", a.ID)
		}
		n++
		return nil
	})
	if err != nil || n != len(arts) {
		t.Errorf("ScanArticles: %d articles, %v", n, err)
	}
	stop := errors.New("stop")
	n = 0
	err = db.ScanArticles(context.Background(), func(*callwatch.Article) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("ScanArticles did not stop: %d, %v", n, err)
	}
}

func TestReplaceFindings(t *testing.T) {
	pol := &testPolicy{decide: reportOnce, channels: []string{"log"}}
	db := openTest(t, Options{Policy: pol})
	ctx := context.Background()
	a := article(1, "example.com", mention(), stance(callwatch.FindingSigned, "org:acme", "Acme", 0.9))
	mustSave(t, db, a)
	ch, err := db.ReplaceFindings(ctx, a.ID, []callwatch.Finding{stance(callwatch.FindingSigned, "org:globex", "Globex", 0.8)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.NewSignatories) != 1 || ch.NewSignatories[0].ID != "org:globex" || len(ch.Alerts) != 1 {
		t.Errorf("changes = %+v", ch)
	}
	got, _ := db.Article(ctx, a.ID)
	if len(got.Findings) != 1 || got.Findings[0].Entity.ID != "org:globex" {
		t.Errorf("findings = %+v", got.Findings)
	}
	var rows []callwatch.FindingRow
	_ = db.ScanFindings(ctx, callwatch.FindingFilter{Entity: "org:acme"}, func(r callwatch.FindingRow) error { rows = append(rows, r); return nil })
	if len(rows) != 0 {
		t.Errorf("the replaced finding is still indexed: %v", rows)
	}
	if _, err := db.ReplaceFindings(ctx, "0123456789abcdef", nil); !errors.Is(err, callwatch.ErrNotFound) {
		t.Errorf("unknown article: %v", err)
	}
	if _, err := db.Article(ctx, "0123456789abcdef"); !errors.Is(err, callwatch.ErrNotFound) {
		t.Errorf("Article of an unknown id: %v", err)
	}
	mustCheck(t, db)
}

func TestSignatoriesFilter(t *testing.T) {
	clk := newClock()
	db := openTest(t, Options{Now: clk.Now})
	ctx := context.Background()
	mustSave(t, db, article(1, "a.example", stance(callwatch.FindingDeclined, "state:USA", "United States", 0.9)))
	clk.Add(time.Hour)
	mustSave(t, db, article(2, "a.example", stance(callwatch.FindingSigned, "org:acme", "Acme", 0.9)))
	clk.Add(time.Hour)
	mustSave(t, db, article(3, "a.example", stance(callwatch.FindingAnnounced, "state:GHA", "Ghana", 0.9)))
	tests := []struct {
		name string
		f    callwatch.SignatoryFilter
		want []string
	}{
		{"all, newest first", callwatch.SignatoryFilter{}, []string{"state:GHA", "org:acme", "state:USA"}},
		{"statuses", callwatch.SignatoryFilter{Statuses: []callwatch.Status{callwatch.StatusSigned, callwatch.StatusDeclined}}, []string{"org:acme", "state:USA"}},
		{"since", callwatch.SignatoryFilter{Since: clk.Now().Add(-time.Hour)}, []string{"state:GHA", "org:acme"}},
		{"none", callwatch.SignatoryFilter{Statuses: []callwatch.Status{callwatch.StatusOfficial}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.Signatories(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, s := range got {
				ids = append(ids, s.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("got %v, want %v", ids, tt.want)
			}
		})
	}
	if _, ok, err := db.Signatory(ctx, "org:nobody"); ok || err != nil {
		t.Errorf("unknown signatory: %t %v", ok, err)
	}
}

func TestConcurrentUse(t *testing.T) {
	pol := &testPolicy{decide: reportOnce, channels: []string{"log"}}
	db := openTest(t, Options{Policy: pol, NoSync: true})
	ctx := context.Background()
	var wg sync.WaitGroup
	alerts := make([]int, 4)
	for g := range 4 {
		wg.Go(func() {
			for i := range 25 {
				// Every writer reports the same five entities from its own articles.
				n := g*1000 + i
				ch, err := db.SaveArticles(ctx, []*callwatch.Article{article(n, fmt.Sprintf("o%d.example", g), mention(),
					stance(callwatch.FindingSigned, fmt.Sprintf("org:e%d", i%5), "E", 0.9))})
				if err != nil {
					t.Error(err)
					return
				}
				alerts[g] += len(ch.Alerts)
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range 20 {
				if err := db.ScanFindings(ctx, callwatch.FindingFilter{Newest: true}, func(callwatch.FindingRow) error { return nil }); err != nil {
					t.Error(err)
				}
				if _, err := db.Outbox(ctx, callwatch.OutboxFilter{State: callwatch.DeliveryPending}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	total := 0
	for _, n := range alerts {
		total += n
	}
	if total != 5 {
		t.Errorf("%d alerts raised for 5 entities", total)
	}
	s, _, _ := db.Signatory(ctx, "org:e0")
	if r := s.Report(callwatch.FindingSigned); r == nil || len(r.Articles) != 20 || len(r.Outlets) != 4 {
		t.Errorf("org:e0 report = %+v", r)
	}
	mustCheck(t, db)
}
