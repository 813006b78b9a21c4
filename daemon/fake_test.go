package daemon

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	dto "github.com/prometheus/client_model/go"
)

// fakeClock is a Clock that moves only when the test advances it.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
	added   chan struct{}
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(t0 time.Time) *fakeClock {
	return &fakeClock{now: t0, added: make(chan struct{}, 100)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{at: c.now.Add(d), ch: ch})
	c.added <- struct{}{}
	return ch
}

// Advance moves the clock and fires the waiters whose time has come.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

// waitForWaiter blocks until someone calls After, and returns when it will fire.
func (c *fakeClock) waitForWaiter(t *testing.T) time.Time {
	t.Helper()
	select {
	case <-c.added:
	case <-time.After(10 * time.Second):
		t.Fatal("the scheduler never waited on the clock")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waiters[len(c.waiters)-1].at
}

// fakeStore is a Store with fixed contents. ScanFindings records the filter it is given
// and applies its kinds, limit and order, so the tests see what the API asked for.
type fakeStore struct {
	mu       sync.Mutex
	rows     []callwatch.FindingRow
	sigs     []callwatch.Signatory
	sources  []callwatch.SourceState
	outbox   []callwatch.OutboxEntry
	last     *callwatch.RunSummary
	scanErr  error // returned before any row
	filters  []callwatch.FindingFilter
	sigCalls []callwatch.SignatoryFilter
}

func (s *fakeStore) ScanFindings(ctx context.Context, f callwatch.FindingFilter, fn func(callwatch.FindingRow) error) error {
	s.mu.Lock()
	s.filters = append(s.filters, f)
	s.mu.Unlock()
	if s.scanErr != nil {
		return s.scanErr
	}
	rows := slices.Clone(s.rows)
	if f.Newest {
		slices.Reverse(rows)
	}
	n := 0
	for _, r := range rows {
		if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, r.Finding.Kind) {
			continue
		}
		if !f.Since.IsZero() && r.Article.Published.Before(f.Since) {
			continue
		}
		if f.Limit > 0 && n == f.Limit {
			break
		}
		n++
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

func (s *fakeStore) Signatories(ctx context.Context, f callwatch.SignatoryFilter) ([]callwatch.Signatory, error) {
	s.mu.Lock()
	s.sigCalls = append(s.sigCalls, f)
	s.mu.Unlock()
	var out []callwatch.Signatory
	for _, sg := range s.sigs {
		if len(f.Statuses) == 0 || slices.Contains(f.Statuses, sg.Status) {
			out = append(out, sg)
		}
	}
	return out, nil
}

func (s *fakeStore) Sources(context.Context) ([]callwatch.SourceState, error) { return s.sources, nil }

func (s *fakeStore) Outbox(context.Context, callwatch.OutboxFilter) ([]callwatch.OutboxEntry, error) {
	return s.outbox, nil
}

func (s *fakeStore) LastRun(context.Context) (callwatch.RunSummary, bool, error) {
	if s.last == nil {
		return callwatch.RunSummary{}, false, nil
	}
	return *s.last, true, nil
}

func (s *fakeStore) lastFilter() callwatch.FindingFilter {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.filters[len(s.filters)-1]
}

var (
	fixNow    = time.Now().UTC()
	srcRecord = callwatch.SourceState{ID: callwatch.SourceID("https://therecord.example/feed"), Name: "The Record", Kind: callwatch.KindFeed,
		ConfigURL: "https://therecord.example/feed", LastSuccess: fixNow.Add(-time.Hour), NextDue: fixNow.Add(time.Hour), Items: 12}
	srcDown = callwatch.SourceState{ID: callwatch.SourceID("https://down.example/feed"), Name: "Down Feed", Kind: callwatch.KindFeed,
		ConfigURL: "https://down.example/feed", Failures: 3, ErrorKind: callwatch.ErrKindHTTP, LastError: "http_status: https://down.example/feed: HTTP 503"}
	entEstonia = callwatch.Entity{ID: "state:EST", Name: "Estonia", Category: callwatch.CategoryState, Country: "EST", Verified: true}
	entAcme    = callwatch.Entity{ID: "org:acme", Name: "Acme <Corp>", Category: callwatch.CategoryCompany, Country: "USA", Verified: true}
)

// fixtureStore holds a few findings (one with a hostile title), two signatories (one
// new), two sources (one failing) and an outbox with a pending and a dead delivery.
func fixtureStore() *fakeStore {
	evidence := "Estonia has signed the Paris Call for Trust and Security in Cyberspace."
	art := func(id, title string, daysAgo int) callwatch.ArticleRef {
		return callwatch.ArticleRef{ID: id, Title: title, URL: "https://news.example/" + id, Outlet: "news.example",
			Published: fixNow.AddDate(0, 0, -daysAgo), Language: "en"}
	}
	rows := []callwatch.FindingRow{
		{Article: art("a1", "Paris Call turns eight", 40), Sources: []string{srcRecord.ID}, Finding: callwatch.Finding{
			Kind: callwatch.FindingMention, Strength: callwatch.StrengthFull, Evidence: "The Paris Call for Trust and Security in Cyberspace turns eight.",
			Field: callwatch.FieldText, Start: 100, End: 164, Rule: "mention.full.en", Confidence: 0.98}},
		{Article: art("a2", `<script>document.title="pwned"</script> Estonia signs`, 3), Sources: []string{srcRecord.ID}, Outlets: 2, Finding: callwatch.Finding{
			Kind: callwatch.FindingSigned, Entity: &entEstonia, Subject: "Estonia", Evidence: evidence, Field: callwatch.FieldText,
			Start: 10, End: 10 + len(evidence), Rule: "stance.signed.en", Confidence: 0.93,
			Spans: []callwatch.Span{{Start: 10, End: 17, Role: "entity"}, {Start: 22, End: 28, Role: "verb"}, {Start: 33, End: 10 + len(evidence) - 1, Role: "name"}}}},
		{Article: art("a3", "Acme declines", 1), Sources: []string{srcDown.ID}, Finding: callwatch.Finding{
			Kind: callwatch.FindingDeclined, Entity: &entAcme, Subject: "Acme", Evidence: "Acme will not sign the Paris Call.", Field: callwatch.FieldTitle,
			Start: 0, End: 34, Rule: "stance.declined.en", Confidence: 0.81}},
	}
	sigs := []callwatch.Signatory{
		{Entity: entAcme, Status: callwatch.StatusDeclined, FirstSeen: fixNow.AddDate(0, 0, -60), InBaseline: true,
			Reports: []callwatch.StanceReport{{Stance: callwatch.FindingDeclined, FirstSeen: fixNow.AddDate(0, 0, -60), FirstArticle: rows[2].Article, Outlets: []string{"news.example"}}}},
		{Entity: entEstonia, Status: callwatch.StatusSigned, FirstSeen: fixNow.AddDate(0, 0, -3),
			Reports: []callwatch.StanceReport{{Stance: callwatch.FindingSigned, FirstSeen: fixNow.AddDate(0, 0, -3), FirstArticle: rows[1].Article, FirstEvidence: evidence, Outlets: []string{"news.example", "other.example"}}}},
	}
	outbox := []callwatch.OutboxEntry{
		{Seq: 1, Alert: callwatch.Alert{ID: "al1", Kind: callwatch.AlertReported, Created: fixNow.Add(-2 * time.Hour), Entity: entEstonia},
			Deliveries: []callwatch.Delivery{{Channel: "slack", State: callwatch.DeliveryPending, Attempts: 1, LastError: "HTTP 502"}, {Channel: "email", State: callwatch.DeliveryDelivered}}},
		{Seq: 2, Alert: callwatch.Alert{ID: "al2", Kind: callwatch.AlertDeclined, Created: fixNow.Add(-time.Hour), Entity: entAcme},
			Deliveries: []callwatch.Delivery{{Channel: "slack", State: callwatch.DeliveryDead, Attempts: 8}}},
	}
	last := callwatch.RunSummary{Started: fixNow.Add(-10 * time.Minute), Finished: fixNow.Add(-9 * time.Minute), SourcesOK: 1, SourcesFailed: 1, ArticlesNew: 3, Findings: 3}
	return &fakeStore{rows: rows, sigs: sigs, sources: []callwatch.SourceState{srcDown, srcRecord}, outbox: outbox, last: &last}
}

// testLogger returns a logger writing into a buffer the test can read.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newTestLogger() (*slog.Logger, *logBuffer) {
	buf := &logBuffer{}
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// metricValue returns the value of a counter or gauge with the given labels.
func metricValue(t *testing.T, m *Metrics, name string, labels ...string) float64 {
	t.Helper()
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	next:
		for _, mt := range f.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				if !hasLabel(mt, labels[i], labels[i+1]) {
					continue next
				}
			}
			switch {
			case mt.Counter != nil:
				return mt.Counter.GetValue()
			case mt.Gauge != nil:
				return mt.Gauge.GetValue()
			case mt.Histogram != nil:
				return float64(mt.Histogram.GetSampleCount())
			}
		}
	}
	t.Fatalf("no metric %s%v", name, labels)
	return 0
}

func hasLabel(m *dto.Metric, k, v string) bool {
	for _, l := range m.GetLabel() {
		if l.GetName() == k && l.GetValue() == v {
			return true
		}
	}
	return false
}

var errStore = errors.New("store: disk on fire")
