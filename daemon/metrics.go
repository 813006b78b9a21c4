package daemon

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the daemon's Prometheus collectors, in a registry of its own (never the
// global one, so tests and several daemons in one process do not collide).
//
// Passes, source fetches and articles are counted from each pass's RunSummary; findings
// by kind from what the store reports as new (Store); alerts from what the notifier
// reports (Notifier); fetch latencies from an httptrace.ClientTrace carried by the pass's
// context (TraceContext).
type Metrics struct {
	reg *prometheus.Registry

	passes       *prometheus.CounterVec
	passDuration prometheus.Histogram
	skipped      prometheus.Counter
	inProgress   prometheus.Gauge
	lastSuccess  prometheus.Gauge
	next         prometheus.Gauge
	reloads      *prometheus.CounterVec
	fetches      *prometheus.CounterVec
	failures     *prometheus.CounterVec
	articles     *prometheus.CounterVec
	findings     *prometheus.CounterVec
	alertsSent   prometheus.Counter
	alertsFailed prometheus.Counter
	alertsDead   prometheus.Counter
	alertsQueued prometheus.Counter
	alertsPend   prometheus.Gauge
	latency      *prometheus.HistogramVec
}

// Fetch phases, the values of the phase label of callwatch_fetch_duration_seconds.
const (
	PhaseConnect   = "connect"    // TCP connection set-up
	PhaseTLS       = "tls"        // TLS handshake
	PhaseFirstByte = "first_byte" // from the request having a connection to the first byte of the answer
)

// NewMetrics returns the collectors registered in a new registry, with the Go runtime and
// process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	f := func(c prometheus.Collector) { m.reg.MustRegister(c) }
	m.passes = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "callwatch_passes_total",
		Help: "Passes finished, by outcome: ok, partial (some sources failed), interrupted, failed (store error), panic."}, []string{"outcome"})
	m.passDuration = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "callwatch_pass_duration_seconds",
		Help: "How long passes took.", Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600}})
	m.skipped = prometheus.NewCounter(prometheus.CounterOpts{Name: "callwatch_passes_skipped_total",
		Help: "Scheduled pass starts skipped because the previous pass was still running."})
	m.inProgress = prometheus.NewGauge(prometheus.GaugeOpts{Name: "callwatch_pass_in_progress", Help: "1 while a pass runs."})
	m.lastSuccess = prometheus.NewGauge(prometheus.GaugeOpts{Name: "callwatch_last_successful_pass_timestamp_seconds",
		Help: "Unix time when the last pass with outcome ok or partial finished (0: none yet)."})
	m.next = prometheus.NewGauge(prometheus.GaugeOpts{Name: "callwatch_next_pass_timestamp_seconds",
		Help: "Unix time when the next pass starts (0 while a pass runs)."})
	m.reloads = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "callwatch_config_reloads_total",
		Help: "Configuration reloads (SIGHUP), by result: ok, failed (the old configuration stays)."}, []string{"result"})
	m.fetches = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "callwatch_source_fetches_total",
		Help: "Source fetches, by outcome: ok, unchanged (304 or same body), failed, skipped (not due)."}, []string{"outcome"})
	m.failures = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "callwatch_source_failures_total",
		Help: "Failed source fetches, by error kind (network, timeout, http_status, parse, robots, ...)."}, []string{"kind"})
	m.articles = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "callwatch_articles_total",
		Help: "Articles handled by passes, by outcome: new, duplicate, summary_only, failed."}, []string{"outcome"})
	m.findings = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "callwatch_findings_total",
		Help: "Findings stored with new articles, by kind: mention, signed, declined, announced."}, []string{"kind"})
	m.alertsQueued = prometheus.NewCounter(prometheus.CounterOpts{Name: "callwatch_alerts_queued_total", Help: "Alerts raised and queued in the outbox."})
	m.alertsSent = prometheus.NewCounter(prometheus.CounterOpts{Name: "callwatch_alerts_sent_total", Help: "Alert deliveries that succeeded."})
	m.alertsFailed = prometheus.NewCounter(prometheus.CounterOpts{Name: "callwatch_alerts_failed_total", Help: "Alert delivery attempts that failed and will be retried."})
	m.alertsDead = prometheus.NewCounter(prometheus.CounterOpts{Name: "callwatch_alerts_dead_total", Help: "Alert deliveries given up on (alerts.max_attempts); 'callwatch alerts retry' revives them."})
	m.alertsPend = prometheus.NewGauge(prometheus.GaugeOpts{Name: "callwatch_alerts_pending", Help: "Alert deliveries waiting in the outbox after the last delivery round."})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "callwatch_fetch_duration_seconds",
		Help:    "Latency of the crawler's HTTP requests, by phase: connect, tls, first_byte (request on its connection to first byte of the answer).",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"phase"})
	for _, c := range []prometheus.Collector{m.passes, m.passDuration, m.skipped, m.inProgress, m.lastSuccess, m.next,
		m.reloads, m.fetches, m.failures, m.articles, m.findings, m.alertsQueued, m.alertsSent, m.alertsFailed,
		m.alertsDead, m.alertsPend, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		f(c)
	}
	// Every label value exists from the start, so dashboards and alert rules see zeros
	// rather than missing series.
	for _, o := range []string{OutcomeOK, OutcomePartial, OutcomeInterrupted, OutcomeFailed, OutcomePanic} {
		m.passes.WithLabelValues(o)
	}
	for _, o := range []string{"ok", "unchanged", "failed", "skipped"} {
		m.fetches.WithLabelValues(o)
	}
	for _, o := range []string{"new", "duplicate", "summary_only", "failed"} {
		m.articles.WithLabelValues(o)
	}
	for _, k := range callwatch.FindingKinds {
		m.findings.WithLabelValues(string(k))
	}
	for _, r := range []string{"ok", "failed"} {
		m.reloads.WithLabelValues(r)
	}
	for _, p := range []string{PhaseConnect, PhaseTLS, PhaseFirstByte} {
		m.latency.WithLabelValues(p)
	}
	return m
}

// Registry returns the registry holding the collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

func (m *Metrics) observePass(s callwatch.RunSummary, outcome string, d time.Duration) {
	m.passes.WithLabelValues(outcome).Inc()
	m.passDuration.Observe(d.Seconds())
	m.fetches.WithLabelValues("ok").Add(float64(s.SourcesOK))
	m.fetches.WithLabelValues("unchanged").Add(float64(s.SourcesUnchanged))
	m.fetches.WithLabelValues("failed").Add(float64(s.SourcesFailed))
	m.fetches.WithLabelValues("skipped").Add(float64(s.SourcesSkipped))
	for _, f := range s.Failures {
		kind := string(f.Kind)
		if kind == "" {
			kind = string(callwatch.ErrKindInternal)
		}
		m.failures.WithLabelValues(kind).Inc()
	}
	m.articles.WithLabelValues("new").Add(float64(s.ArticlesNew))
	m.articles.WithLabelValues("duplicate").Add(float64(s.ArticlesDuplicate))
	m.articles.WithLabelValues("summary_only").Add(float64(s.ArticlesSummary))
	m.articles.WithLabelValues("failed").Add(float64(s.ArticlesFailed))
}

func (m *Metrics) nextPass(t time.Time) {
	if t.IsZero() {
		m.next.Set(0)
		return
	}
	m.next.Set(float64(t.UnixNano()) / 1e9)
}

// SetPending sets callwatch_alerts_pending, e.g. from the outbox when the daemon starts.
func (m *Metrics) SetPending(n int) { m.alertsPend.Set(float64(n)) }

// Notifier wraps n so that every delivery round's DeliveryStats are counted: sent,
// failed and dead deliveries, and the deliveries still pending.
func (m *Metrics) Notifier(n callwatch.Notifier) callwatch.Notifier {
	if n == nil {
		return nil
	}
	return &countingNotifier{next: n, m: m}
}

type countingNotifier struct {
	next callwatch.Notifier
	m    *Metrics
}

// Deliver delivers through the wrapped notifier and counts the outcome.
func (c *countingNotifier) Deliver(ctx context.Context) (callwatch.DeliveryStats, error) {
	st, err := c.next.Deliver(ctx)
	c.m.alertsSent.Add(float64(st.Sent))
	c.m.alertsFailed.Add(float64(st.Failed))
	c.m.alertsDead.Add(float64(st.Dead))
	c.m.alertsPend.Set(float64(st.Pending))
	return st, err
}

// Store wraps st so that the findings of new articles are counted by kind, and the
// alerts that writes enqueue. Only what the store reports as committed is counted. The
// wrapper keeps the optional PutSources method (crawler.SourceBatchStore) when st has it.
func (m *Metrics) Store(st callwatch.Store) callwatch.Store {
	c := &countingStore{Store: st, m: m}
	if b, ok := st.(sourceBatcher); ok {
		return &countingBatchStore{countingStore: c, b: b}
	}
	return c
}

type sourceBatcher interface {
	PutSources(ctx context.Context, states []callwatch.SourceState) error
}

type countingStore struct {
	callwatch.Store
	m *Metrics
}

type countingBatchStore struct {
	*countingStore
	b sourceBatcher
}

// PutSources forwards to the wrapped store's PutSources.
func (c *countingBatchStore) PutSources(ctx context.Context, states []callwatch.SourceState) error {
	return c.b.PutSources(ctx, states)
}

// SaveArticles counts the findings of the articles the store reports as new.
func (c *countingStore) SaveArticles(ctx context.Context, articles []*callwatch.Article) (callwatch.Changes, error) {
	ch, err := c.Store.SaveArticles(ctx, articles)
	if len(ch.NewArticles) > 0 {
		fresh := make(map[string]bool, len(ch.NewArticles))
		for _, r := range ch.NewArticles {
			fresh[r.ID] = true
		}
		for _, a := range articles {
			if a == nil || !fresh[a.ID] {
				continue
			}
			delete(fresh, a.ID) // an article given twice is counted once
			for _, f := range a.Findings {
				c.m.findings.WithLabelValues(string(f.Kind)).Inc()
			}
		}
	}
	c.m.alertsQueued.Add(float64(len(ch.Alerts)))
	return ch, err
}

// SaveRegister counts the alerts the register's changes enqueue.
func (c *countingStore) SaveRegister(ctx context.Context, sourceID string, entries []callwatch.RegisterEntry, at time.Time) (callwatch.Changes, error) {
	ch, err := c.Store.SaveRegister(ctx, sourceID, entries, at)
	c.m.alertsQueued.Add(float64(len(ch.Alerts)))
	return ch, err
}

// TraceContext returns ctx carrying an HTTP client trace that observes every request
// made with it (or a context derived from it) into callwatch_fetch_duration_seconds.
//
// The fetcher (crawler/fetch) and colly build their requests from the pass's context, so
// this measures every feed, search, page, register and article request without a hook
// in the fetcher or a wrapper around its transport (whose address checks and limits must
// stay first). A plain httptrace.WithClientTrace would give one ClientTrace to all the
// concurrent requests of a pass, whose callbacks carry no request identity; so the
// returned context hands out a fresh ClientTrace each time net/http looks one up, which it
// does once per request (and once per new connection). Each phase is measured between two
// callbacks of one ClientTrace: connect (ConnectStart to ConnectDone, per address), tls
// (TLSHandshakeStart to Done) and first_byte (from the request having its connection,
// GotConn for HTTP/1 or WroteHeaders for HTTP/2, to GotFirstResponseByte): the server's
// time to answer, connection set-up excluded. Waiting for a host slot is not counted, nor
// reading the body.
func (m *Metrics) TraceContext(ctx context.Context) context.Context {
	return &traceContext{Context: ctx, m: m}
}

// traceKeyProbe holds a ClientTrace with network hooks under the two (unexported) keys
// that net/http and net look traces up with: the http trace key and the net trace key.
// No other key has a value in it, which is how traceContext recognises those two.
var traceKeyProbe = httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{ConnectStart: func(string, string) {}})

type traceContext struct {
	context.Context
	m *Metrics
}

// Value answers the look-up of a trace with a fresh one (composed with any trace the
// parent context holds), and every other key from the parent.
func (c *traceContext) Value(key any) any {
	if traceKeyProbe.Value(key) == nil {
		return c.Context.Value(key)
	}
	return httptrace.WithClientTrace(c.Context, c.m.newTrace()).Value(key)
}

// newTrace returns a ClientTrace that measures one request's (or one dial's) phases.
func (m *Metrics) newTrace() *httptrace.ClientTrace {
	var mu sync.Mutex
	var wrote, tlsStart time.Time
	connects := map[string]time.Time{}
	return &httptrace.ClientTrace{
		ConnectStart: func(network, addr string) {
			mu.Lock()
			connects[network+" "+addr] = time.Now()
			mu.Unlock()
		},
		ConnectDone: func(network, addr string, err error) {
			mu.Lock()
			start, ok := connects[network+" "+addr]
			delete(connects, network+" "+addr)
			mu.Unlock()
			if ok && err == nil {
				m.latency.WithLabelValues(PhaseConnect).Observe(time.Since(start).Seconds())
			}
		},
		TLSHandshakeStart: func() {
			mu.Lock()
			tlsStart = time.Now()
			mu.Unlock()
		},
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			mu.Lock()
			start := tlsStart
			mu.Unlock()
			if !start.IsZero() && err == nil {
				m.latency.WithLabelValues(PhaseTLS).Observe(time.Since(start).Seconds())
			}
		},
		// The answer's wait starts when the request has a connection: net/http reports
		// it as GotConn for HTTP/1 and WroteHeaders for HTTP/2 on the ClientTrace that
		// also receives GotFirstResponseByte (it looks the trace up more than once).
		GotConn: func(httptrace.GotConnInfo) {
			mu.Lock()
			wrote = time.Now()
			mu.Unlock()
		},
		WroteHeaders: func() {
			mu.Lock()
			wrote = time.Now()
			mu.Unlock()
		},
		GotFirstResponseByte: func() {
			mu.Lock()
			start := wrote
			wrote = time.Time{}
			mu.Unlock()
			if !start.IsZero() {
				m.latency.WithLabelValues(PhaseFirstByte).Observe(time.Since(start).Seconds())
			}
		},
	}
}
