package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/report"
)

// Defaults applied by New to zero Options fields.
const (
	DefaultListen = "127.0.0.1:8765"
	// DefaultShutdownTimeout bounds Run's return after its context ends: the in-flight pass
	// saves what it did, pending alerts get a last delivery attempt and the HTTP server
	// closes, all within it (the issue asks for 10 s; one second is kept for closing the
	// database and exiting).
	DefaultShutdownTimeout = 9 * time.Second
	// httpShutdownTimeout bounds the wait for HTTP requests in flight at shutdown.
	httpShutdownTimeout = 2 * time.Second
)

// ErrNeedsToken is returned by New when the listen address is reachable from other
// machines and no token is set.
var ErrNeedsToken = errors.New("daemon: a non-loopback listen address needs a token")

// Pass performs one pass (cmd/callwatch wires crawler.Crawler.Pass). The summary's
// Interrupted and SourcesFailed fields, and the error, give the pass's outcome.
type Pass func(ctx context.Context) (callwatch.RunSummary, error)

// Settings are what SIGHUP may change while the daemon runs (see Reload).
type Settings struct {
	Schedule string        // daemon.schedule: "@every 30m", @hourly or a cron expression
	Jitter   time.Duration // daemon.jitter: a random delay in [0, Jitter) added before each scheduled pass
	Pass     Pass          // runs one pass; required
	Token    string        // http.token: required from clients when set
}

// Store is the read side of the store that the API and the dashboard use.
// callwatch.Store satisfies it.
type Store interface {
	report.Source
	// Outbox returns outbox entries that pass the filter, oldest first.
	Outbox(ctx context.Context, f callwatch.OutboxFilter) ([]callwatch.OutboxEntry, error)
	// LastRun returns the summary of the last pass.
	LastRun(ctx context.Context) (callwatch.RunSummary, bool, error)
}

var _ Store = callwatch.Store(nil)

// Info describes the running daemon to API clients (GET /api/v1/info): the CLI checks
// that the daemon holds the same database before reading through it.
type Info struct {
	Database string `json:"database"` // absolute path of the database file
	Version  string `json:"version"`
}

// Options configures a Daemon. Settings.Pass and Store are required.
type Options struct {
	Settings
	Listen string // host:port; DefaultListen when empty
	Store  Store
	// Stats, when set, serves GET /api/v1/db/stats (what `callwatch db stats` shows).
	Stats func(ctx context.Context) (any, error)
	// Flush, when set, delivers pending alerts once more at shutdown, after the last pass.
	Flush func(ctx context.Context) (callwatch.DeliveryStats, error)
	// Metrics receives the daemon's measurements; nil: NewMetrics().
	Metrics *Metrics
	Info    Info
	// RunAtStart starts a pass as soon as Run starts, before the first scheduled one.
	RunAtStart bool
	// ShutdownTimeout bounds Run's return once its context ends (DefaultShutdownTimeout).
	ShutdownTimeout time.Duration
	// Clock is the scheduler's clock (tests); nil: the wall clock.
	Clock Clock
	// Jitter returns a random delay in [0, max); nil: math/rand/v2. Tests fix it.
	Jitter func(max time.Duration) time.Duration
	Logger *slog.Logger // nil: discard
}

// Daemon runs passes on a schedule and serves health, metrics, the JSON API and the
// dashboard. Create it with New, then call Run once.
type Daemon struct {
	opts    Options
	log     *slog.Logger
	clock   Clock
	metrics *Metrics

	mu       sync.Mutex
	cur      settings
	next     time.Time // when the next pass starts (zero: none scheduled)
	lastOK   time.Time // when the last successful pass finished
	passes   int       // passes finished
	reloaded chan struct{}

	ready    atomic.Bool // the first pass is scheduled and the daemon is not stopping
	stopping atomic.Bool
	running  atomic.Bool // a pass is in progress

	ln    net.Listener
	chart chartCache
}

// settings are Settings parsed.
type settings struct {
	Settings
	schedule Schedule
}

// New checks the options and returns a Daemon. An invalid schedule or a listen address
// reachable from other machines without a token (ErrNeedsToken) is an error.
func New(o Options) (*Daemon, error) {
	if o.Store == nil {
		return nil, errors.New("daemon: Store is required")
	}
	if o.Listen == "" {
		o.Listen = DefaultListen
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = DefaultShutdownTimeout
	}
	if o.Clock == nil {
		o.Clock = wallClock{}
	}
	if o.Jitter == nil {
		o.Jitter = randomJitter
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics()
	}
	s, err := parseSettings(o.Settings)
	if err != nil {
		return nil, err
	}
	if err := CheckListen(o.Listen, o.Token); err != nil {
		return nil, err
	}
	d := &Daemon{opts: o, log: o.Logger, clock: o.Clock, metrics: o.Metrics, cur: s, reloaded: make(chan struct{}, 1)}
	return d, nil
}

// CheckListen returns ErrNeedsToken (wrapped, with advice) when addr is not a loopback
// address and token is empty, and an error when addr is not host:port.
func CheckListen(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("daemon: listen address %q: want host:port such as 127.0.0.1:8765", addr)
	}
	if token == "" && !isLoopback(host) {
		return fmt.Errorf("%w: %s is reachable from other machines; set http.token (or http.token_file), or listen on 127.0.0.1", ErrNeedsToken, addr)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func parseSettings(s Settings) (settings, error) {
	if s.Pass == nil {
		return settings{}, errors.New("daemon: Pass is required")
	}
	if s.Jitter < 0 {
		return settings{}, fmt.Errorf("daemon: negative jitter %s", s.Jitter)
	}
	sched, err := ParseSchedule(s.Schedule)
	if err != nil {
		return settings{}, err
	}
	return settings{Settings: s, schedule: sched}, nil
}

func randomJitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(max)))
}

// Reload replaces the settings (on SIGHUP). Invalid settings are refused with an error
// and the old ones stay in force. A pass in progress finishes with the old settings; the
// next pass is rescheduled at once with the new schedule and jitter.
func (d *Daemon) Reload(s Settings) error {
	ps, err := parseSettings(s)
	if err != nil {
		d.metrics.reloads.WithLabelValues("failed").Inc()
		return err
	}
	d.mu.Lock()
	d.cur = ps
	d.mu.Unlock()
	select {
	case d.reloaded <- struct{}{}:
	default:
	}
	d.metrics.reloads.WithLabelValues("ok").Inc()
	d.log.Info("settings reloaded", "schedule", s.Schedule, "jitter", s.Jitter.String())
	return nil
}

// ReloadFailed records a reload refused before Reload was called (an invalid
// configuration file): callwatch_config_reloads_total{result="failed"}.
func (d *Daemon) ReloadFailed() { d.metrics.reloads.WithLabelValues("failed").Inc() }

// Current returns the settings in force.
func (d *Daemon) Current() Settings {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cur.Settings
}

func (d *Daemon) settings() settings {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cur
}

// Listen opens the listening socket (Run calls it if it was not called before) and
// returns its address: with port 0, the port the system chose.
func (d *Daemon) Listen() (net.Addr, error) {
	if d.ln != nil {
		return d.ln.Addr(), nil
	}
	ln, err := net.Listen("tcp", d.opts.Listen)
	if err != nil {
		return nil, fmt.Errorf("daemon: listening on %s: %w", d.opts.Listen, err)
	}
	d.ln = ln
	return ln.Addr(), nil
}

// Ready reports whether /readyz answers 200: the first pass is scheduled and the daemon
// is not shutting down.
func (d *Daemon) Ready() bool { return d.ready.Load() && !d.stopping.Load() }

// NextPass returns when the next pass starts (zero while a pass runs or none is scheduled).
func (d *Daemon) NextPass() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.next
}

// Run serves HTTP and runs passes on the schedule until ctx ends. Then it stops
// scheduling and answers /readyz with 503, lets the pass in progress save what it did (it
// sees its context end), delivers pending alerts once more (Options.Flush), closes the HTTP
// server and returns, within Options.ShutdownTimeout. It does not close the store.
// The error is non-nil when the listener fails or the pass does not stop in time.
func (d *Daemon) Run(ctx context.Context) error {
	if _, err := d.Listen(); err != nil {
		return err
	}
	srv := d.server()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(d.ln) }()
	d.log.Info("daemon listening", "url", "http://"+d.ln.Addr().String()+"/", "schedule", d.settings().Schedule)

	loopCtx, stopLoop := context.WithCancel(ctx)
	defer stopLoop()
	loopDone := make(chan struct{})
	go func() {
		defer close(loopDone)
		d.loop(loopCtx)
	}()

	var errs []error
	select {
	case <-ctx.Done():
		d.log.Info("daemon stopping: finishing the pass in progress and delivering pending alerts")
	case err := <-served:
		errs = append(errs, fmt.Errorf("daemon: HTTP server: %w", err))
		d.log.Error("HTTP server failed; stopping", "error", err)
	}
	deadline := time.Now().Add(d.opts.ShutdownTimeout)
	d.stopping.Store(true)
	stopLoop()

	hctx, cancel := context.WithTimeout(context.Background(), min(httpShutdownTimeout, d.opts.ShutdownTimeout/2))
	if err := srv.Shutdown(hctx); err != nil {
		srv.Close()
	}
	cancel()

	wait := time.NewTimer(time.Until(deadline))
	defer wait.Stop()
	select {
	case <-loopDone:
	case <-wait.C:
		d.log.Error("the pass in progress did not stop in time; exiting without waiting for it", "timeout", d.opts.ShutdownTimeout.String())
		return errors.Join(append(errs, errors.New("daemon: the pass in progress did not stop in time"))...)
	}
	if d.opts.Flush != nil {
		fctx, cancel := context.WithDeadline(context.Background(), deadline)
		st, err := d.flush(fctx)
		cancel()
		if err != nil {
			d.log.Warn("delivering pending alerts at shutdown", "error", err)
		} else {
			d.log.Info("pending alerts delivered at shutdown", "sent", st.Sent, "failed", st.Failed, "pending", st.Pending)
		}
	}
	d.log.Info("daemon stopped")
	return errors.Join(errs...)
}

// flush runs Options.Flush, recovering from a panic in it.
func (d *Daemon) flush(ctx context.Context) (st callwatch.DeliveryStats, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("daemon: panic while delivering alerts: %v", r)
		}
	}()
	return d.opts.Flush(ctx)
}

// loop schedules and runs passes one after the other, so two passes never overlap: a pass
// that outlasts the schedule's interval makes the next start at the first scheduled time
// after it ends (the missed starts are counted in callwatch_passes_skipped_total).
func (d *Daemon) loop(ctx context.Context) {
	first := d.opts.RunAtStart
	for ctx.Err() == nil {
		s := d.settings()
		now := d.clock.Now()
		start := now
		if !first {
			start = s.schedule.Next(now).Add(d.jitter(s.Jitter))
		}
		d.setNext(start)
		d.ready.Store(true)
		select {
		case <-ctx.Done():
			d.setNext(time.Time{})
			return
		case <-d.reloaded:
			continue // reschedule with the new settings
		case <-d.clock.After(start.Sub(now)):
		}
		first = false
		d.setNext(time.Time{})
		began := d.clock.Now()
		d.runPass(ctx, s.Pass)
		if ctx.Err() != nil {
			return
		}
		// Scheduled starts that passed while the pass ran are skipped, not run late.
		ended := d.clock.Now()
		for t := s.schedule.Next(began); !t.After(ended); t = s.schedule.Next(t) {
			d.metrics.skipped.Inc()
			d.log.Warn("a scheduled pass was skipped: the previous pass was still running", "scheduled", t.UTC().Format(time.RFC3339))
		}
	}
}

// jitter returns Options.Jitter(max), clamped into [0, max).
func (d *Daemon) jitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	j := d.opts.Jitter(max)
	if j < 0 || j >= max {
		j = 0
	}
	return j
}

func (d *Daemon) setNext(t time.Time) {
	d.mu.Lock()
	d.next = t
	d.mu.Unlock()
	d.metrics.nextPass(t)
}

// runPass runs one pass, recovering from a panic in it, and records its outcome.
func (d *Daemon) runPass(ctx context.Context, pass Pass) {
	d.running.Store(true)
	defer d.running.Store(false)
	d.metrics.inProgress.Set(1)
	defer d.metrics.inProgress.Set(0)
	started := time.Now()
	d.log.Info("pass starting")
	sum, err, panicked := d.safePass(d.metrics.TraceContext(ctx), pass)
	outcome := passOutcome(sum, err, panicked)
	d.metrics.observePass(sum, outcome, time.Since(started))
	d.mu.Lock()
	d.passes++
	if outcome == OutcomeOK || outcome == OutcomePartial {
		d.lastOK = time.Now()
		d.metrics.lastSuccess.Set(float64(d.lastOK.UnixNano()) / 1e9)
	}
	d.mu.Unlock()
	d.chart.invalidate()
	attrs := []any{"outcome", outcome, "duration", time.Since(started).Round(time.Millisecond).String(),
		"sources_ok", sum.SourcesOK, "sources_unchanged", sum.SourcesUnchanged, "sources_failed", sum.SourcesFailed,
		"sources_skipped", sum.SourcesSkipped, "articles_new", sum.ArticlesNew, "findings", sum.Findings,
		"alerts_queued", sum.AlertsQueued, "alerts_sent", sum.AlertsSent, "alerts_pending", sum.AlertsPending}
	switch {
	case err != nil:
		d.log.Error("pass failed", append(attrs, "error", err)...)
	case outcome == OutcomePartial:
		d.log.Warn("pass finished with failed sources", attrs...)
	default:
		d.log.Info("pass finished", attrs...)
	}
}

// Pass outcomes, the values of the outcome label of callwatch_passes_total.
const (
	OutcomeOK          = "ok"          // every due source was read
	OutcomePartial     = "partial"     // the pass finished but some sources failed
	OutcomeInterrupted = "interrupted" // the pass was stopped (shutdown)
	OutcomeFailed      = "failed"      // the pass returned an error (the store failed)
	OutcomePanic       = "panic"       // the pass panicked; the next one runs as scheduled
)

func passOutcome(sum callwatch.RunSummary, err error, panicked bool) string {
	switch {
	case panicked:
		return OutcomePanic
	case err != nil:
		return OutcomeFailed
	case sum.Interrupted:
		return OutcomeInterrupted
	case sum.SourcesFailed > 0:
		return OutcomePartial
	}
	return OutcomeOK
}

// safePass runs pass and turns a panic into an error, logged with its stack.
func (d *Daemon) safePass(ctx context.Context, pass Pass) (sum callwatch.RunSummary, err error, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			panicked = true
			err = fmt.Errorf("daemon: the pass panicked: %v", r)
			d.log.Error("the pass panicked; the next pass runs as scheduled", "error", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	sum, err = pass(ctx)
	return sum, err, false
}

// status is the daemon's state for the dashboard and GET /api/v1/status.
type status struct {
	Ready       bool      `json:"ready"`
	Running     bool      `json:"pass_running"`
	NextPass    time.Time `json:"next_pass,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	Passes      int       `json:"passes"`
	Schedule    string    `json:"schedule"`
	Version     string    `json:"version"`
}

func (d *Daemon) status() status {
	d.mu.Lock()
	defer d.mu.Unlock()
	return status{Ready: d.Ready(), Running: d.running.Load(), NextPass: d.next, LastSuccess: d.lastOK,
		Passes: d.passes, Schedule: d.cur.Schedule, Version: d.opts.Info.Version}
}

// server returns the HTTP server with its time-outs.
func (d *Daemon) server() *http.Server {
	return &http.Server{
		Handler:           d.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      5 * time.Minute, // a large XLSX export
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(d.log.Handler(), slog.LevelWarn),
	}
}
