package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/config"
	"github.com/callwatch/callwatch/crawler"
	"github.com/callwatch/callwatch/detect"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func init() { commands = append(commands, newRunCmd) }

// runFlags are the flags of `callwatch run`.
type runFlags struct {
	maxDuration time.Duration
	refetch     bool
	force       bool
	sources     []string
}

func newRunCmd(app *App) *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Crawl every due source once, store what is new and send alerts",
		Long: `Run performs one pass: every source whose next due time has come is fetched (with
conditional GET, so an unchanged feed costs one small request), each new item's article is
fetched once and its text extracted, detection runs, results are stored, and the alerts
they raise are delivered. It prints one summary line to stdout (nothing with --quiet when
everything succeeded) and, for each failed source, the reason and what to do on stderr.
On a terminal a progress bar shows sources and articles done.

A failing source is retried in later passes, later and later (crawl.max_backoff at most),
and never dropped: 'callwatch sources list' shows its health.

SIGINT or SIGTERM stops the pass: no new work starts, in-flight requests are aborted,
what is done is saved and pending alerts stay queued, all within seconds. --max-duration
bounds the pass the same way; sources not finished are due again at the next run.

Exit codes:
  0    every source succeeded (or was unchanged, or not due)
  1    the pass finished but some sources failed, or --max-duration cut it short
  2    usage or configuration error
  75   the database is in use by another callwatch process (the message names the
       file, which is its own lock); it is safe to retry later
  130  interrupted by SIGINT or SIGTERM`,
		Example: `  callwatch run                          # one pass over the due sources (cron)
  callwatch run --quiet --max-duration 10m
  callwatch run --force --source lemonde --source register
  callwatch run --refetch --source gnews-en   # fetch and analyse its articles again`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return app.runPass(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.DurationVar(&f.maxDuration, "max-duration", 0, "stop the pass after this long, saving what is done (0: no limit)")
	fl.BoolVar(&f.refetch, "refetch", false, "fetch articles again even when stored, and ignore the sources' validators")
	fl.BoolVar(&f.force, "force", false, "crawl every selected source now, even when it is not due")
	fl.StringArrayVar(&f.sources, "source", nil, "crawl only the source with this name (repeatable)")
	return cmd
}

// runPass is `callwatch run`.
func (a *App) runPass(ctx context.Context, f runFlags) error {
	if f.maxDuration < 0 {
		return usageError("invalid --max-duration %s: want a positive duration", f.maxDuration)
	}
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	sources, err := crawlerSources(cfg)
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		return usageError("no sources configured: add some under sources: in %s (see 'callwatch config init')", a.configName())
	}
	policy, err := a.alertPolicy(cfg)
	if err != nil {
		return err
	}
	det, err := a.detector()
	if err != nil {
		return err
	}
	db, err := a.OpenStore(ctx, policy)
	if err != nil {
		return err
	}
	defer db.Close()
	notifier, err := a.notifier(cfg, db)
	if err != nil {
		return err
	}
	o := a.crawlerOptions(cfg, sources)
	o.Store, o.Notifier, o.Detector, o.Fetcher = db, notifier, det, a.fetchClient(cfg)
	o.Only, o.Refetch, o.Force = f.sources, f.refetch, f.force
	view := a.newProgressView()
	if view != nil {
		o.Progress = view.update
	}
	c, err := crawler.New(o)
	if errors.Is(err, crawler.ErrUnknownSource) {
		return usageError("%v (see 'callwatch sources list')", err)
	}
	if err != nil {
		return usageError("%v", err)
	}

	passCtx, cancel := ctx, context.CancelFunc(func() {})
	if f.maxDuration > 0 {
		passCtx, cancel = context.WithTimeout(ctx, f.maxDuration)
	}
	defer cancel()
	sum, err := c.Pass(passCtx)
	view.finish()
	if err != nil {
		return fmt.Errorf("the pass stopped: %w", err)
	}
	failed := sum.SourcesFailed > 0
	if !a.Quiet || failed || sum.Interrupted {
		fmt.Fprintln(a.Stdout, crawler.SummaryLine(sum))
	}
	crawler.WriteFailures(a.Stderr, sum)
	switch {
	case ctx.Err() != nil:
		return withCode(ExitInterrupted, errors.New("interrupted; what was done is saved, unfinished sources are due next run"))
	case sum.Interrupted:
		return withCode(ExitPartial, fmt.Errorf("stopped after --max-duration %s; unfinished sources are due next run", f.maxDuration))
	case failed:
		return withCode(ExitPartial, fmt.Errorf("%d of %d sources failed", sum.SourcesFailed, sum.SourcesOK+sum.SourcesUnchanged+sum.SourcesFailed))
	}
	return nil
}

// configName names the configuration file for messages.
func (a *App) configName() string {
	if a.ConfigPath != "" {
		return a.ConfigPath
	}
	return "your configuration (--config)"
}

// crawlerSources converts the enabled configured sources into the crawler's plain values.
func crawlerSources(cfg *config.Config) ([]crawler.Source, error) {
	var out []crawler.Source
	for _, s := range cfg.Sources {
		if s.Disabled {
			continue
		}
		cs := crawler.Source{
			Name: s.Name, Kind: callwatch.SourceKind(s.Kind), URL: s.URL, Engine: s.Engine, Query: s.Query,
			Language: s.Language, Selector: s.Selector, Interval: s.Interval.Std(), IgnoreRobots: s.IgnoreRobots,
		}
		if err := crawler.ValidateSource(cs); err != nil {
			return nil, usageError("configuration: %v", err)
		}
		out = append(out, cs)
	}
	return out, nil
}

// crawlerOptions converts the crawl and detect settings into crawler options, without
// the collaborators.
func (a *App) crawlerOptions(cfg *config.Config, sources []crawler.Source) crawler.Options {
	c := cfg.Crawl
	return crawler.Options{
		Sources:          sources,
		ReadSupporters:   detect.ReadSupporters,
		Concurrency:      c.Concurrency,
		MaxItems:         c.MaxItems,
		FetchArticles:    c.FetchArticles,
		ResolveRedirects: c.ResolveRedirects,
		MinConfidence:    cfg.Detect.MinConfidence,
		DefaultInterval:  c.Interval.Std(),
		MaxBackoff:       c.MaxBackoff.Std(),
		UserAgent:        c.UserAgent,
		Timeout:          c.Timeout.Std(),
		MaxBodyBytes:     int64(c.MaxBodyBytes),
		MaxRedirects:     c.MaxRedirects,
		Logger:           a.Logger,
	}
}

// progressView draws the pass's progress on a terminal: sources done in the description,
// articles done out of those found in the bar, with their rate.
type progressView struct {
	bar *progressbar.ProgressBar
}

// newProgressView returns a progress display when stderr is a terminal and --quiet is
// off, else nil (whose methods do nothing).
func (a *App) newProgressView() *progressView {
	f, ok := a.Stderr.(*os.File)
	if a.Quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progressView{bar: newProgressBar(f, 100*time.Millisecond)}
}

// newProgressBar draws on w at most once per throttle.
func newProgressBar(w io.Writer, throttle time.Duration) *progressbar.ProgressBar {
	return progressbar.NewOptions(1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("sources 0/0 · articles"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("articles"),
		progressbar.OptionThrottle(throttle),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
	)
}

func (v *progressView) update(p crawler.Progress) {
	if v == nil {
		return
	}
	v.bar.ChangeMax(max(p.ArticlesTotal, 1))
	v.bar.Describe(fmt.Sprintf("sources %d/%d · articles", p.SourcesDone, p.SourcesTotal))
	v.bar.Set(p.ArticlesDone)
}

func (v *progressView) finish() {
	if v == nil {
		return
	}
	v.bar.Finish()
}
