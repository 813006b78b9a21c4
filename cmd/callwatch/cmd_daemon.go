package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/config"
	"github.com/callwatch/callwatch/crawler"
	"github.com/callwatch/callwatch/daemon"
	"github.com/callwatch/callwatch/store"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newDaemonCmd) }

// storeCloseTimeout bounds closing the database after the daemon stopped: the 10 s the
// issue allows for a SIGTERM minus daemon.DefaultShutdownTimeout.
const storeCloseTimeout = time.Second

func newDaemonCmd(app *App) *cobra.Command {
	var noInitial bool
	cmd := &cobra.Command{
		Use:   "daemon",
		Short: "Run passes on a schedule and serve a dashboard, health checks, metrics and a read-only API",
		Long: `Daemon keeps callwatch running: it holds the database for its whole life, runs a pass at
once and then on daemon.schedule ("@every 30m", @hourly, or a cron expression in UTC, or
"CRON_TZ=Europe/Paris 0 8 * * *"), each after a random delay of up to daemon.jitter. Each
source is still read only when its own interval (or backoff after failures) has passed.
Passes never overlap; a pass that panics is logged and the next one runs as scheduled.

It serves on http.listen (default 127.0.0.1:8765):
  /            the dashboard: latest findings with evidence, signatories (new first),
               source health, the alert outbox and a findings-per-week chart
  /healthz     liveness; /readyz: ready once the database is open and a pass is scheduled
  /metrics     Prometheus metrics
  /api/v1/...  findings, signatories, sources, outbox, status (JSON, read-only)
  /export      ?format=csv|jsonl|json|markdown|html|xlsx and export's filters, as a download
A non-loopback http.listen needs http.token (or http.token_file); requests then send
"Authorization: Bearer TOKEN" (browsers: any user name, the token as password).

While the daemon runs, 'callwatch export', 'signatories', 'mentions' and 'db stats' read
through its API instead of the locked database, with the same output.

Signals: SIGTERM or SIGINT stop scheduling, let the pass in progress save its work, deliver
pending alerts once more, close the database and exit 0 within 10 seconds. SIGHUP reloads
the configuration file: sources, crawl, detect and alerts settings, daemon.schedule,
daemon.jitter and http.token take effect for the next pass; an invalid configuration is
refused, every problem logged, and the running one kept. http.listen, database and log
settings need a restart.`,
		Example: `  callwatch daemon
  callwatch --log-format json daemon --config /etc/callwatch/config.yaml
  callwatch daemon --no-initial-pass      # wait for the first scheduled pass
  kill -HUP $(pidof callwatch)            # reload the configuration
  callwatch daemon check                  # exit 0 when the running daemon is ready`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return app.runDaemon(cmd.Context(), !noInitial) },
	}
	cmd.Flags().BoolVar(&noInitial, "no-initial-pass", false, "wait for the first scheduled pass instead of starting one at once")
	cmd.AddCommand(newDaemonCheckCmd(app))
	return cmd
}

func newDaemonCheckCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Exit 0 when the daemon on http.listen is ready, 1 otherwise (for health checks)",
		Long: `Check asks the daemon on the configured http.listen address for /readyz (with
http.token when set) and exits 0 when it answers ready within 5 seconds, 1 otherwise. It
is the container's HEALTHCHECK: no curl or wget needed in the image.`,
		Example: `  callwatch daemon check && echo ready`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rc, err := app.newRemote()
			if err != nil {
				return err
			}
			defer rc.Close()
			ctx, cancel := context.WithTimeout(cmd.Context(), 5*time.Second)
			defer cancel()
			if err := rc.ready(ctx); err != nil {
				return withCode(ExitPartial, err)
			}
			if !app.Quiet {
				fmt.Fprintf(app.Stdout, "ready: %s\n", rc.base)
			}
			return nil
		},
	}
}

// daemonWorld is what a configuration builds for the daemon: the pass, and the policy and
// notifier it uses. SIGHUP builds a new one and swaps it in whole.
type daemonWorld struct {
	cfg      *config.Config
	pass     daemon.Pass
	policy   callwatch.AlertPolicy
	notifier callwatch.Notifier
}

// runDaemon is `callwatch daemon`.
func (a *App) runDaemon(ctx context.Context, runAtStart bool) error {
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	if err := daemon.CheckListen(cfg.HTTP.Listen, cfg.HTTP.Token); err != nil {
		return configError(err)
	}
	if _, err := daemon.ParseSchedule(cfg.Daemon.Schedule); err != nil {
		return configError(fmt.Errorf("daemon.schedule: %w", err))
	}
	policy := &swapPolicy{}
	db, err := a.OpenStore(ctx, policy)
	if err != nil {
		return err
	}
	defer closeStore(a, db)
	metrics := daemon.NewMetrics()
	st := metrics.Store(db)
	w, err := a.buildDaemonWorld(cfg, db, st, metrics)
	if err != nil {
		return err
	}
	policy.set(w.policy)
	var notifier atomic.Pointer[callwatch.Notifier]
	notifier.Store(&w.notifier)
	if pending, err := db.Outbox(ctx, callwatch.OutboxFilter{State: callwatch.DeliveryPending}); err == nil {
		metrics.SetPending(countPending(pending))
	}

	path, _ := filepath.Abs(db.Path())
	v, _, _ := buildVersion()
	d, err := daemon.New(daemon.Options{
		Settings: daemon.Settings{Schedule: cfg.Daemon.Schedule, Jitter: cfg.Daemon.Jitter.Std(), Pass: w.pass, Token: cfg.HTTP.Token},
		Listen:   cfg.HTTP.Listen,
		Store:    db,
		Stats:    func(ctx context.Context) (any, error) { return db.Stats(ctx) },
		Flush: func(ctx context.Context) (callwatch.DeliveryStats, error) {
			n := *notifier.Load()
			if n == nil {
				return callwatch.DeliveryStats{}, nil
			}
			return n.Deliver(ctx)
		},
		Metrics:    metrics,
		Info:       daemon.Info{Database: path, Version: v},
		RunAtStart: runAtStart,
		Logger:     a.Logger,
	})
	if err != nil {
		return configError(err)
	}
	if _, err := d.Listen(); err != nil {
		return err
	}

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	reloadDone := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-hup:
				a.Logger.Info("SIGHUP: reloading the configuration", "config", a.configPath())
				if nw, err := a.reloadDaemon(d, cfg, db, st, metrics); err == nil {
					policy.set(nw.policy)
					notifier.Store(&nw.notifier)
					cfg = nw.cfg
				}
			case <-reloadDone:
				return
			}
		}
	}()
	err = d.Run(ctx)
	close(reloadDone)
	wg.Wait()
	return err
}

// buildDaemonWorld builds the pass, policy and notifier of a configuration. st is the
// store the crawler writes through (counted by metrics); db is the store itself.
func (a *App) buildDaemonWorld(cfg *config.Config, db *store.DB, st callwatch.Store, m *daemon.Metrics) (*daemonWorld, error) {
	sources, err := crawlerSources(cfg)
	if err != nil {
		return nil, err
	}
	if len(sources) == 0 {
		return nil, usageError("no sources configured: add some under sources: in %s (see 'callwatch config init')", a.configName())
	}
	policy, err := a.alertPolicy(cfg)
	if err != nil {
		return nil, err
	}
	det, err := a.detector()
	if err != nil {
		return nil, err
	}
	n, err := a.notifier(cfg, db)
	if err != nil {
		return nil, err
	}
	mn := m.Notifier(n)
	o := a.crawlerOptions(cfg, sources)
	o.Store, o.Notifier, o.Detector, o.Fetcher = st, mn, det, a.fetchClient(cfg)
	c, err := crawler.New(o)
	if err != nil {
		return nil, usageError("%v", err)
	}
	return &daemonWorld{cfg: cfg, pass: c.Pass, policy: policy, notifier: mn}, nil
}

// reloadDaemon reads the configuration again and hands the daemon its new settings. On
// any problem it logs every error and keeps the running configuration.
func (a *App) reloadDaemon(d *daemon.Daemon, old *config.Config, db *store.DB, st callwatch.Store, m *daemon.Metrics) (*daemonWorld, error) {
	refuse := func(err error) (*daemonWorld, error) {
		var errs config.Errors
		if errors.As(err, &errs) {
			for _, e := range errs {
				a.Logger.Error("configuration reload refused", "error", e.Error())
			}
		} else {
			a.Logger.Error("configuration reload refused", "error", err)
		}
		a.Logger.Warn("keeping the running configuration", "schedule", d.Current().Schedule)
		d.ReloadFailed()
		return nil, err
	}
	cfg, err := a.loadConfigFresh()
	if err != nil {
		return refuse(err)
	}
	if err := daemon.CheckListen(old.HTTP.Listen, cfg.HTTP.Token); err != nil {
		return refuse(err)
	}
	w, err := a.buildDaemonWorld(cfg, db, st, m)
	if err != nil {
		return refuse(err)
	}
	if err := d.Reload(daemon.Settings{Schedule: cfg.Daemon.Schedule, Jitter: cfg.Daemon.Jitter.Std(), Pass: w.pass, Token: cfg.HTTP.Token}); err != nil {
		return refuse(err)
	}
	for _, c := range []struct{ name, from, to string }{
		{"http.listen", old.HTTP.Listen, cfg.HTTP.Listen},
		{"database", old.Database, cfg.Database},
		{"log.level", old.Log.Level, cfg.Log.Level},
		{"log.format", old.Log.Format, cfg.Log.Format},
	} {
		if c.from != c.to {
			a.Logger.Warn("this setting changes only when the daemon restarts", "option", c.name, "running", c.from, "configured", c.to)
		}
	}
	return w, nil
}

// loadConfigFresh loads the configuration file again, like Config but without caching
// it or touching the logger (which the running daemon shares).
func (a *App) loadConfigFresh() (*config.Config, error) {
	name, data, err := a.readConfig(a.configPath())
	if err != nil {
		return nil, err
	}
	v, _, _ := buildVersion()
	return config.Load(config.Options{Name: name, Data: data, Getenv: a.lookupEnv, Database: a.DBPath, Version: v})
}

// closeStore closes the database, giving up after storeCloseTimeout (the process is about
// to exit, which releases the lock anyway).
func closeStore(a *App, db *store.DB) {
	done := make(chan error, 1)
	go func() { done <- db.Close() }()
	select {
	case err := <-done:
		if err != nil {
			a.Logger.Error("closing the database", "error", err)
		}
	case <-time.After(storeCloseTimeout):
		a.Logger.Error("closing the database took too long; exiting without waiting", "timeout", storeCloseTimeout.String())
	}
}

func countPending(entries []callwatch.OutboxEntry) int {
	n := 0
	for _, e := range entries {
		for _, d := range e.Deliveries {
			if d.State == callwatch.DeliveryPending {
				n++
			}
		}
	}
	return n
}

// swapPolicy is the alert policy the store holds for the daemon's life; SIGHUP swaps the
// policy behind it, so a reloaded alerts section applies without reopening the database.
type swapPolicy struct {
	p atomic.Pointer[callwatch.AlertPolicy]
}

func (s *swapPolicy) set(p callwatch.AlertPolicy) { s.p.Store(&p) }

func (s *swapPolicy) get() callwatch.AlertPolicy {
	if p := s.p.Load(); p != nil {
		return *p
	}
	return nil
}

// Decide asks the current policy; before one is set, no alert is raised.
func (s *swapPolicy) Decide(c callwatch.SignatoryChange) []callwatch.Alert {
	if p := s.get(); p != nil {
		return p.Decide(c)
	}
	return nil
}

// Channels asks the current policy.
func (s *swapPolicy) Channels(al callwatch.Alert) []string {
	if p := s.get(); p != nil {
		return p.Channels(al)
	}
	return nil
}

// InBaseline asks the current policy.
func (s *swapPolicy) InBaseline(entityID string) bool {
	if p := s.get(); p != nil {
		return p.InBaseline(entityID)
	}
	return false
}

var _ callwatch.AlertPolicy = (*swapPolicy)(nil)
