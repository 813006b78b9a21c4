package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// testPolicy is a hand-written callwatch.AlertPolicy with function fields. Its zero value
// raises nothing; calls are recorded.
type testPolicy struct {
	mu        sync.Mutex
	decide    func(c callwatch.SignatoryChange) []callwatch.Alert
	channels  []string
	baseline  map[string]bool
	decisions []callwatch.SignatoryChange
}

func (p *testPolicy) Decide(c callwatch.SignatoryChange) []callwatch.Alert {
	p.mu.Lock()
	p.decisions = append(p.decisions, c)
	p.mu.Unlock()
	if p.decide == nil {
		return nil
	}
	return p.decide(c)
}

func (p *testPolicy) Channels(callwatch.Alert) []string { return p.channels }

func (p *testPolicy) InBaseline(id string) bool { return p.baseline[id] }

func (p *testPolicy) calls() []callwatch.SignatoryChange {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]callwatch.SignatoryChange(nil), p.decisions...)
}

// reportOnce is a simple rule: a signed report of an entity not alerted before and not in
// the baseline raises a "reported" alert; register additions raise "confirmed", removals
// raise "removed".
func reportOnce(c callwatch.SignatoryChange) []callwatch.Alert {
	a := c.After
	mk := func(kind callwatch.AlertKind) []callwatch.Alert {
		if _, done := a.Alerted[kind]; done || a.InBaseline {
			return nil
		}
		al := callwatch.Alert{ID: callwatch.AlertID(kind, a.ID), Kind: kind, Entity: a.Entity, Confirmed: a.InRegister}
		if c.Article != nil {
			al.Article = *c.Article
		}
		if c.Finding != nil {
			al.Stance, al.Confidence, al.Evidence = c.Finding.Kind, c.Finding.Confidence, c.Finding.Evidence
		}
		return []callwatch.Alert{al}
	}
	switch c.Cause {
	case callwatch.CauseArticle:
		if c.Finding.Kind == callwatch.FindingSigned {
			return mk(callwatch.AlertReported)
		}
	case callwatch.CauseRegisterAdded:
		return mk(callwatch.AlertConfirmed)
	case callwatch.CauseRegisterRemoved:
		return mk(callwatch.AlertRemoved)
	}
	return nil
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 12, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// openTest opens a new database in a temporary directory.
func openTest(t testing.TB, o Options) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "callwatch.db"), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var day0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// article returns a test article published n hours after day0 by outlet.
func article(n int, outlet string, findings ...callwatch.Finding) *callwatch.Article {
	url := fmt.Sprintf("https://%s/news/%d", outlet, n)
	text := fmt.Sprintf("Article %d from %s. The Paris Call for Trust and Security in Cyberspace gains supporters.", n, outlet)
	return &callwatch.Article{
		ID: callwatch.ArticleID(url), URL: url, Title: fmt.Sprintf("Story %d", n), Outlet: outlet,
		Sources: []string{"src-" + outlet}, Published: day0.Add(time.Duration(n) * time.Hour),
		Fetched: day0.Add(time.Duration(n)*time.Hour + time.Minute), Language: "en", Text: text,
		ContentHash: callwatch.ContentHash(text), Status: callwatch.StatusFull, Findings: findings,
	}
}

func mention() callwatch.Finding {
	return callwatch.Finding{Kind: callwatch.FindingMention, Strength: callwatch.StrengthFull,
		Evidence: "The Paris Call for Trust and Security in Cyberspace", Field: callwatch.FieldText, Rule: "name/full", Confidence: 1}
}

func stance(kind callwatch.FindingKind, id, name string, conf float64) callwatch.Finding {
	return callwatch.Finding{Kind: kind, Entity: &callwatch.Entity{ID: id, Name: name, Category: callwatch.CategoryCompany, Verified: true},
		Subject: name, Evidence: name + " " + string(kind) + " the Paris Call.", Field: callwatch.FieldText, Rule: "stance/" + string(kind), Confidence: conf}
}

func mustSave(t testing.TB, db *DB, arts ...*callwatch.Article) callwatch.Changes {
	t.Helper()
	ch, err := db.SaveArticles(context.Background(), arts)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func mustCheck(t testing.TB, db *DB) {
	t.Helper()
	problems, err := db.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error("db check:", p)
	}
}
