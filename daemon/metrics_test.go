package daemon

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

func TestTraceContextMeasuresEachRequest(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		io.WriteString(w, "ok")
	})
	plain := httptest.NewServer(h)
	defer plain.Close()
	h2 := httptest.NewUnstartedServer(h)
	h2.EnableHTTP2 = true
	h2.StartTLS()
	defer h2.Close()

	for _, tc := range []struct {
		name   string
		srv    *httptest.Server
		proto  int
		tls    bool
		client *http.Client
	}{
		{"http1", plain, 1, false, &http.Client{Transport: &http.Transport{}}},
		{"http2", h2, 2, true, h2.Client()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMetrics()
			var parentCalls atomic.Int32
			parent := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
				GotFirstResponseByte: func() { parentCalls.Add(1) },
			})
			ctx := m.TraceContext(parent)
			const n = 6
			var wg sync.WaitGroup
			for range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequestWithContext(ctx, http.MethodGet, tc.srv.URL, nil)
					resp, err := tc.client.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.ProtoMajor != tc.proto {
						t.Errorf("HTTP/%d, want HTTP/%d", resp.ProtoMajor, tc.proto)
					}
				}()
			}
			wg.Wait()
			if got := metricValue(t, m, "callwatch_fetch_duration_seconds", "phase", PhaseFirstByte); got != n {
				t.Errorf("first_byte observations = %v, want %d (one per request)", got, n)
			}
			if got := metricValue(t, m, "callwatch_fetch_duration_seconds", "phase", PhaseConnect); got < 1 || got > n {
				t.Errorf("connect observations = %v, want 1 to %d", got, n)
			}
			// Every TLS handshake follows a connection. Under load the HTTP/2 transport may
			// dial a connection for each waiting request and drop the extra ones before
			// their handshake ends, so there may be fewer handshakes than connections.
			tlsMin, tlsMax := 0.0, 0.0
			if tc.tls {
				tlsMin, tlsMax = 1, metricValue(t, m, "callwatch_fetch_duration_seconds", "phase", PhaseConnect)
			}
			if got := metricValue(t, m, "callwatch_fetch_duration_seconds", "phase", PhaseTLS); got < tlsMin || got > tlsMax {
				t.Errorf("tls observations = %v, want %v to %v", got, tlsMin, tlsMax)
			}
			if got := parentCalls.Load(); got != n {
				t.Errorf("the parent context's trace saw %d first bytes, want %d: traces must compose", got, n)
			}
			// The server slept 20 ms before answering: the observed sum says so.
			fam, _ := m.Registry().Gather()
			for _, f := range fam {
				if f.GetName() != "callwatch_fetch_duration_seconds" {
					continue
				}
				for _, mt := range f.GetMetric() {
					if hasLabel(mt, "phase", PhaseFirstByte) && mt.Histogram.GetSampleSum() < n*0.02 {
						t.Errorf("first_byte sum %v s is below the server's %v s of sleep", mt.Histogram.GetSampleSum(), n*0.02)
					}
				}
			}
		})
	}
}

func TestTraceContextKeepsValuesAndCancellation(t *testing.T) {
	type key struct{}
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), key{}, "v"))
	ctx := NewMetrics().TraceContext(parent)
	child, stop := context.WithTimeout(ctx, time.Hour)
	defer stop()
	if child.Value(key{}) != "v" {
		t.Error("a value of the parent is lost")
	}
	if httptrace.ContextClientTrace(child) == nil {
		t.Error("no client trace")
	}
	cancel()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling the parent does not reach a derived context")
	}
}

// fakeFullStore is a callwatch.Store whose writes are functions; other methods are not
// called by these tests.
type fakeFullStore struct {
	callwatch.Store
	save     func([]*callwatch.Article) (callwatch.Changes, error)
	register func() (callwatch.Changes, error)
}

func (s *fakeFullStore) SaveArticles(_ context.Context, a []*callwatch.Article) (callwatch.Changes, error) {
	return s.save(a)
}

func (s *fakeFullStore) SaveRegister(context.Context, string, []callwatch.RegisterEntry, time.Time) (callwatch.Changes, error) {
	return s.register()
}

type fakeBatchStore struct {
	fakeFullStore
	put int
}

func (s *fakeBatchStore) PutSources(_ context.Context, st []callwatch.SourceState) error {
	s.put += len(st)
	return nil
}

func TestMetricsStoreCountsNewFindings(t *testing.T) {
	m := NewMetrics()
	mention := callwatch.Finding{Kind: callwatch.FindingMention}
	signed := callwatch.Finding{Kind: callwatch.FindingSigned}
	fresh := &callwatch.Article{ID: "new", Findings: []callwatch.Finding{mention, mention, signed}}
	old := &callwatch.Article{ID: "old", Findings: []callwatch.Finding{signed, signed}}
	fs := &fakeFullStore{
		save: func(a []*callwatch.Article) (callwatch.Changes, error) {
			return callwatch.Changes{NewArticles: []callwatch.ArticleRef{{ID: "new"}}, Alerts: []callwatch.Alert{{ID: "x"}}}, nil
		},
		register: func() (callwatch.Changes, error) {
			return callwatch.Changes{Alerts: []callwatch.Alert{{ID: "y"}, {ID: "z"}}}, nil
		},
	}
	st := m.Store(fs)
	if _, ok := st.(interface {
		PutSources(context.Context, []callwatch.SourceState) error
	}); ok {
		t.Error("the wrapper claims PutSources that the store lacks")
	}
	if _, err := st.SaveArticles(context.Background(), []*callwatch.Article{fresh, old, fresh}); err != nil {
		t.Fatal(err)
	}
	st.SaveRegister(context.Background(), "reg", nil, time.Now())
	for kind, want := range map[string]float64{"mention": 2, "signed": 1, "declined": 0} {
		if got := metricValue(t, m, "callwatch_findings_total", "kind", kind); got != want {
			t.Errorf("findings{kind=%s} = %v, want %v", kind, got, want)
		}
	}
	if got := metricValue(t, m, "callwatch_alerts_queued_total"); got != 3 {
		t.Errorf("alerts queued = %v, want 3", got)
	}

	bs := &fakeBatchStore{fakeFullStore: *fs}
	wrapped, ok := m.Store(bs).(interface {
		PutSources(context.Context, []callwatch.SourceState) error
	})
	if !ok {
		t.Fatal("the wrapper hides the store's PutSources")
	}
	wrapped.PutSources(context.Background(), make([]callwatch.SourceState, 3))
	if bs.put != 3 {
		t.Errorf("PutSources forwarded %d states", bs.put)
	}
}

type fakeNotifier struct {
	deliver func(context.Context) (callwatch.DeliveryStats, error)
}

func (f *fakeNotifier) Deliver(ctx context.Context) (callwatch.DeliveryStats, error) {
	return f.deliver(ctx)
}

func TestMetricsNotifier(t *testing.T) {
	m := NewMetrics()
	if m.Notifier(nil) != nil {
		t.Error("a nil notifier must stay nil (alerts stay pending)")
	}
	rounds := []callwatch.DeliveryStats{{Sent: 2, Failed: 1, Pending: 4}, {Sent: 1, Dead: 1, Pending: 1}}
	i := 0
	n := m.Notifier(&fakeNotifier{deliver: func(context.Context) (callwatch.DeliveryStats, error) { i++; return rounds[i-1], nil }})
	for range rounds {
		n.Deliver(context.Background())
	}
	for name, want := range map[string]float64{"callwatch_alerts_sent_total": 3, "callwatch_alerts_failed_total": 1, "callwatch_alerts_dead_total": 1, "callwatch_alerts_pending": 1} {
		if got := metricValue(t, m, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}
