package crawler

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/callwatch/callwatch"
)

// memStore is an in-memory callwatch.Store with the semantics the crawler relies on:
// lookups by every URL and GUID, duplicates that gain URLs/sources/GUIDs, register diffs.
// Function fields, when set, inject failures.
type memStore struct {
	mu        sync.Mutex
	sources   map[string]callwatch.SourceState
	articles  map[string]*callwatch.Article
	lookup    map[string]string
	register  []callwatch.RegisterEntry
	snapshots int
	runs      []callwatch.RunSummary
	saves     int // SaveArticles calls
	maxBatch  int // most articles in one SaveArticles call

	saveErr func([]*callwatch.Article) error
}

var _ callwatch.Store = (*memStore)(nil)

func newMemStore() *memStore {
	return &memStore{
		sources:  map[string]callwatch.SourceState{},
		articles: map[string]*callwatch.Article{},
		lookup:   map[string]string{},
	}
}

func cloneArticle(a *callwatch.Article) *callwatch.Article {
	c := *a
	c.URLs = slices.Clone(a.URLs)
	c.Sources = slices.Clone(a.Sources)
	c.GUIDs = slices.Clone(a.GUIDs)
	c.Findings = slices.Clone(a.Findings)
	return &c
}

func (m *memStore) Source(_ context.Context, id string) (callwatch.SourceState, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sources[id]
	return s, ok, nil
}

func (m *memStore) Sources(context.Context) ([]callwatch.SourceState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []callwatch.SourceState
	for _, s := range m.sources {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (m *memStore) PutSource(_ context.Context, s callwatch.SourceState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sources[s.ID] = s
	return nil
}

func (m *memStore) Known(_ context.Context, keys ...string) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		if id, ok := m.lookup[k]; ok {
			return id, true, nil
		}
	}
	return "", false, nil
}

func (m *memStore) SaveArticles(_ context.Context, arts []*callwatch.Article) (callwatch.Changes, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saves++
	m.maxBatch = max(m.maxBatch, len(arts))
	if m.saveErr != nil {
		if err := m.saveErr(arts); err != nil {
			return callwatch.Changes{}, err
		}
	}
	var ch callwatch.Changes
	for _, a := range arts {
		if a.ID == "" || a.URL == "" {
			return ch, fmt.Errorf("memstore: article without id or url")
		}
		old := m.articles[a.ID]
		switch {
		case old == nil:
			c := cloneArticle(a)
			c.URLs = merge(nil, append([]string{a.URL}, a.URLs...))
			m.articles[a.ID] = c
			ch.NewArticles = append(ch.NewArticles, c.Ref())
		case a.Text != "" && a.ContentHash != old.ContentHash:
			c := cloneArticle(a)
			c.URLs = merge(old.URLs, a.URLs)
			c.Sources = merge(old.Sources, a.Sources)
			c.GUIDs = merge(old.GUIDs, a.GUIDs)
			m.articles[a.ID] = c
			ch.Updated++
		default:
			n := len(old.URLs) + len(old.Sources) + len(old.GUIDs)
			old.URLs = merge(old.URLs, a.URLs)
			old.Sources = merge(old.Sources, a.Sources)
			old.GUIDs = merge(old.GUIDs, a.GUIDs)
			if len(old.URLs)+len(old.Sources)+len(old.GUIDs) == n {
				ch.Unchanged++
			} else {
				ch.Duplicates++
			}
		}
		c := m.articles[a.ID]
		for _, k := range append(append([]string{c.URL}, c.URLs...), c.GUIDs...) {
			m.lookup[k] = c.ID
		}
	}
	return ch, nil
}

func merge(a, b []string) []string {
	out := slices.Clone(a)
	for _, v := range b {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func (m *memStore) Article(_ context.Context, id string) (*callwatch.Article, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.articles[id]
	if !ok {
		return nil, fmt.Errorf("memstore: %s: %w", id, callwatch.ErrNotFound)
	}
	return cloneArticle(a), nil
}

func (m *memStore) ScanArticles(_ context.Context, fn func(*callwatch.Article) error) error {
	for _, a := range m.all() {
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// all returns copies of every article, ordered by URL.
func (m *memStore) all() []*callwatch.Article {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*callwatch.Article
	for _, a := range m.articles {
		out = append(out, cloneArticle(a))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out
}

// byURLSuffix returns the article whose canonical URL ends with suffix, or nil.
func (m *memStore) byURLSuffix(suffix string) *callwatch.Article {
	for _, a := range m.all() {
		if strings.HasSuffix(a.URL, suffix) {
			return a
		}
	}
	return nil
}

func (m *memStore) ReplaceFindings(context.Context, string, []callwatch.Finding) (callwatch.Changes, error) {
	return callwatch.Changes{}, fmt.Errorf("memstore: ReplaceFindings is not used by the crawler")
}

func (m *memStore) SaveRegister(_ context.Context, _ string, entries []callwatch.RegisterEntry, at time.Time) (callwatch.Changes, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ch callwatch.Changes
	old := map[string]bool{}
	for _, e := range m.register {
		old[e.EntityID] = true
	}
	now := map[string]bool{}
	for _, e := range entries {
		now[e.EntityID] = true
		if m.snapshots > 0 && !old[e.EntityID] {
			ch.RegisterAdded = append(ch.RegisterAdded, e)
			ch.Alerts = append(ch.Alerts, callwatch.Alert{ID: callwatch.AlertID(callwatch.AlertConfirmed, e.EntityID), Kind: callwatch.AlertConfirmed})
		}
	}
	for _, e := range m.register {
		if !now[e.EntityID] {
			ch.RegisterRemoved = append(ch.RegisterRemoved, e)
		}
	}
	m.register = slices.Clone(entries)
	m.snapshots++
	return ch, nil
}

func (m *memStore) Register(context.Context) ([]callwatch.RegisterEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.register), nil
}

func (m *memStore) ScanFindings(context.Context, callwatch.FindingFilter, func(callwatch.FindingRow) error) error {
	return nil
}
func (m *memStore) Signatories(context.Context, callwatch.SignatoryFilter) ([]callwatch.Signatory, error) {
	return nil, nil
}
func (m *memStore) Signatory(context.Context, string) (callwatch.Signatory, bool, error) {
	return callwatch.Signatory{}, false, nil
}
func (m *memStore) Outbox(context.Context, callwatch.OutboxFilter) ([]callwatch.OutboxEntry, error) {
	return nil, nil
}
func (m *memStore) RecordDelivery(context.Context, string, callwatch.Delivery) error { return nil }
func (m *memStore) RetryAlert(context.Context, string) (int, error)                  { return 0, nil }

func (m *memStore) SaveRunSummary(_ context.Context, s callwatch.RunSummary) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.runs = append(m.runs, s)
	return nil
}

func (m *memStore) LastRun(context.Context) (callwatch.RunSummary, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.runs) == 0 {
		return callwatch.RunSummary{}, false, nil
	}
	return m.runs[len(m.runs)-1], true, nil
}

func (m *memStore) Close() error { return nil }

// fakeDetector finds "Paris Call" (a mention, confidence 0.9) and "paris call" in lower
// case (a weak one, confidence 0.3), and resolves the names in entities.
type fakeDetector struct {
	entities map[string]callwatch.Entity
}

var _ callwatch.Detector = (*fakeDetector)(nil)

func (d *fakeDetector) Detect(doc callwatch.Document) []callwatch.Finding {
	var out []callwatch.Finding
	for _, f := range []struct {
		field callwatch.Field
		text  string
	}{{callwatch.FieldTitle, doc.Title}, {callwatch.FieldText, doc.Text}} {
		if i := strings.Index(f.text, "Paris Call"); i >= 0 {
			out = append(out, callwatch.Finding{Kind: callwatch.FindingMention, Strength: callwatch.StrengthFull, Evidence: "Paris Call",
				Field: f.field, Start: i, End: i + len("Paris Call"), Rule: "fake.full", Confidence: 0.9})
		}
		if i := strings.Index(f.text, "paris call"); i >= 0 {
			out = append(out, callwatch.Finding{Kind: callwatch.FindingMention, Strength: callwatch.StrengthWeak, Evidence: "paris call",
				Field: f.field, Start: i, End: i + len("paris call"), Rule: "fake.weak", Confidence: 0.3})
		}
	}
	return out
}

func (d *fakeDetector) Resolve(name string) (callwatch.Entity, bool) {
	e, ok := d.entities[strings.ToLower(name)]
	return e, ok
}

// fakeNotifier counts Deliver calls and whether their context was still alive.
type fakeNotifier struct {
	mu      sync.Mutex
	calls   int
	liveCtx int
	bounded int // calls whose context had a deadline
	stats   callwatch.DeliveryStats
}

func (n *fakeNotifier) Deliver(ctx context.Context) (callwatch.DeliveryStats, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.calls++
	if ctx.Err() == nil {
		n.liveCtx++
	}
	if _, ok := ctx.Deadline(); ok {
		n.bounded++
	}
	return n.stats, nil
}
