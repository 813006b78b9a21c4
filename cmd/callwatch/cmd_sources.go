package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/crawler"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newSourcesCmd) }

func newSourcesCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "List sources with their health, test a URL, discover a site's feeds",
		Long: `Sources shows each configured source's health (last success, last error, consecutive
failures, next due time), reads a URL once to show what callwatch would make of it without
storing anything, and finds the feeds a site offers.`,
		Example: `  callwatch sources list
  callwatch sources test https://www.example.org/feed.xml
  callwatch sources discover https://www.example.org/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newSourcesListCmd(app), newSourcesTestCmd(app), newSourcesDiscoverCmd(app))
	return cmd
}

// sourceRow is one line of `sources list`: a configured source, a stored one, or both.
type sourceRow struct {
	Name        string               `json:"name"`
	Kind        callwatch.SourceKind `json:"kind"`
	URL         string               `json:"url"`
	ConfigURL   string               `json:"config_url,omitempty"`
	Health      string               `json:"health"` // ok, failing, never run, disabled, not configured
	Disabled    bool                 `json:"disabled,omitempty"`
	LastSuccess *time.Time           `json:"last_success,omitempty"`
	LastAttempt *time.Time           `json:"last_attempt,omitempty"`
	LastError   string               `json:"last_error,omitempty"`
	ErrorKind   callwatch.ErrorKind  `json:"error_kind,omitempty"`
	Failures    int                  `json:"consecutive_failures"`
	NextDue     *time.Time           `json:"next_due,omitempty"`
	Items       int                  `json:"items"`
}

func newSourcesListCmd(app *App) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the sources with their health and schedule",
		Long: `List prints every configured source, in configuration order, with its kind, its health
(ok, failing, never run, disabled), when it last succeeded, its last error, how many times
in a row it failed, and when it is due next. Sources the database remembers but the
configuration no longer names are listed last as "not configured". A failing source is
retried later and later (crawl.max_backoff at most) and never dropped.`,
		Example: `  callwatch sources list
  callwatch sources list --format json | jq '.[] | select(.health == "failing")'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageError("invalid --format %q: want table or json", format)
			}
			rows, err := app.sourceRows(cmd.Context())
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(app.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			return writeSourcesTable(app.Stdout, rows, time.Now())
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	return cmd
}

// sourceRows joins the configured sources with their stored states.
func (a *App) sourceRows(ctx context.Context) ([]sourceRow, error) {
	cfg, err := a.Config()
	if err != nil {
		return nil, err
	}
	stored := map[string]callwatch.SourceState{}
	path, err := a.databasePath()
	if err != nil {
		return nil, err
	}
	if _, statErr := os.Stat(path); statErr == nil {
		db, err := a.openReadStore(ctx)
		if err != nil {
			return nil, err
		}
		states, err := db.Sources(ctx)
		db.Close()
		if err != nil {
			return nil, err
		}
		for _, s := range states {
			stored[s.ID] = s
		}
	} else if !errors.Is(statErr, fs.ErrNotExist) {
		return nil, statErr
	}
	var rows []sourceRow
	for _, s := range cfg.Sources {
		cs := crawler.Source{Name: s.Name, Kind: callwatch.SourceKind(s.Kind), URL: s.URL, Engine: s.Engine, Query: s.Query, Language: s.Language}
		u, err := cs.ConfigURL()
		if err != nil {
			return nil, usageError("configuration: source %q: %v", s.Name, err)
		}
		r := sourceRow{Name: s.Name, Kind: cs.Kind, URL: u, Disabled: s.Disabled, Health: "never run"}
		if st, ok := stored[cs.ID()]; ok {
			fillRow(&r, st)
			delete(stored, cs.ID())
		}
		if s.Disabled {
			r.Health = "disabled"
		}
		rows = append(rows, r)
	}
	var orphans []callwatch.SourceState
	for _, st := range stored {
		orphans = append(orphans, st)
	}
	slices.SortFunc(orphans, func(x, y callwatch.SourceState) int { return strings.Compare(x.Name, y.Name) })
	for _, st := range orphans {
		r := sourceRow{Name: st.Name, Kind: st.Kind}
		fillRow(&r, st)
		r.Health = "not configured"
		rows = append(rows, r)
	}
	return rows, nil
}

func fillRow(r *sourceRow, st callwatch.SourceState) {
	tp := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	r.URL = firstOf(st.URL, r.URL)
	if st.ConfigURL != st.URL {
		r.ConfigURL = st.ConfigURL
	}
	r.LastSuccess, r.LastAttempt, r.NextDue = tp(st.LastSuccess), tp(st.LastAttempt), tp(st.NextDue)
	r.LastError, r.ErrorKind, r.Failures, r.Items = st.LastError, st.ErrorKind, st.Failures, st.Items
	switch {
	case st.Failures > 0:
		r.Health = "failing"
	case !st.LastSuccess.IsZero():
		r.Health = "ok"
	}
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// writeSourcesTable writes the rows as an aligned table.
func writeSourcesTable(w io.Writer, rows []sourceRow, now time.Time) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "no sources configured")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tHEALTH\tLAST SUCCESS\tFAILURES\tNEXT DUE\tLAST ERROR")
	for _, r := range rows {
		next := due(r.NextDue, now)
		if r.Disabled || r.Health == "not configured" {
			next = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.Name, r.Kind, r.Health, ago(r.LastSuccess, now),
			r.Failures, next, oneLine(r.LastError, 80))
	}
	return tw.Flush()
}

// ago says how long before now t was: "3m ago", "never".
func ago(t *time.Time, now time.Time) string {
	if t == nil {
		return "never"
	}
	return roughDuration(now.Sub(*t)) + " ago"
}

// due says when t comes: "now", "in 25m".
func due(t *time.Time, now time.Time) string {
	if t == nil || !t.After(now) {
		return "now"
	}
	return "in " + roughDuration(t.Sub(now))
}

func roughDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

// oneLine shortens s to one line of at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func newSourcesTestCmd(app *App) *cobra.Command {
	var kind, format, selector string
	var limit int
	var ignoreRobots bool
	cmd := &cobra.Command{
		Use:   "test URL",
		Short: "Fetch a URL once and show its items and what detection finds, storing nothing",
		Long: `Test reads URL once as a source of the given kind would be read in a pass: it fetches
it (obeying robots.txt unless --ignore-robots), parses its items, fetches and extracts each
item's article (crawl.fetch_articles), and runs detection. It prints every item with its
title, URL, outlet, date, extraction status and findings; for a register, its entries. The
database is not opened and nothing is stored, so it runs beside a daemon.`,
		Example: `  callwatch sources test https://www.example.org/feed.xml
  callwatch sources test --kind page --selector 'h2 a' https://www.example.org/news
  callwatch sources test --kind register https://pariscall.international/en/supporters
  callwatch sources test --format json --limit 5 'https://news.google.com/rss/search?q=%22Paris+Call%22'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("invalid --format %q: want text or json", format)
			}
			if limit < 0 {
				return usageError("invalid --limit %d: want 0 (all) or more", limit)
			}
			src := crawler.Source{Name: "test", Kind: callwatch.SourceKind(kind), URL: args[0], Selector: selector, IgnoreRobots: ignoreRobots}
			if err := crawler.ValidateSource(src); err != nil {
				return usageError("%v", strings.TrimPrefix(err.Error(), "crawler: "))
			}
			return app.testSource(cmd.Context(), src, limit, format)
		},
	}
	f := cmd.Flags()
	f.StringVar(&kind, "kind", "feed", "how to read the URL: feed, search, page or register")
	f.StringVar(&selector, "selector", "", "page: CSS selector of article links; register: entry selectors")
	f.IntVar(&limit, "limit", 20, "items to read (0: crawl.max_items)")
	f.BoolVar(&ignoreRobots, "ignore-robots", false, "do not obey robots.txt (only with the site's permission)")
	f.StringVar(&format, "format", "text", "text or json")
	return cmd
}

// testSource is `callwatch sources test`.
func (a *App) testSource(ctx context.Context, src crawler.Source, limit int, format string) error {
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	det, err := a.detector()
	if err != nil {
		return err
	}
	o := a.crawlerOptions(cfg, nil)
	o.Detector, o.Fetcher = det, a.fetchClient(cfg)
	res, err := crawler.Probe(ctx, o, src, limit)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		hint := ""
		if callwatch.KindOf(err) == callwatch.ErrKindParse && src.Kind == callwatch.KindFeed {
			hint = "\n  (an HTML page? try --kind page, or 'callwatch sources discover " + src.URL + "')"
		}
		return withCode(ExitPartial, fmt.Errorf("%v%s", err, hint))
	}
	if format == "json" {
		enc := json.NewEncoder(a.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	return writeProbe(a.Stdout, src, res)
}

// writeProbe prints what Probe found, for a person.
func writeProbe(w io.Writer, src crawler.Source, res *crawler.ProbeResult) error {
	bw := &errWriter{w: w}
	if src.Kind == callwatch.KindRegister {
		bw.printf("%s: %d register entries\n", res.URL, len(res.Register))
		tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tCATEGORY\tCOUNTRY\tENTITY")
		for _, e := range res.Register {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Name, e.Category, e.Country, e.EntityID)
		}
		tw.Flush()
		return bw.err
	}
	bw.printf("%s: %d items, %d shown\n", res.URL, res.Items, len(res.Articles))
	findings := 0
	for i, a := range res.Articles {
		bw.printf("\n%d. %s\n   %s\n", i+1, firstOf(a.Title, "(no title)"), a.URL)
		date := a.Published.Format("2006-01-02 15:04 MST")
		if a.DateFlag != "" {
			date += " (" + a.DateFlag + ")"
		}
		bw.printf("   outlet %s · %s · language %s · %d characters\n", firstOf(a.Outlet, "?"), date, firstOf(a.Language, "?"), len(a.Text))
		status := string(a.Status)
		if a.StatusReason != "" {
			status += ": " + a.StatusReason
		}
		bw.printf("   status %s\n", status)
		for _, f := range a.Findings {
			findings++
			what := string(f.Kind)
			if f.Entity != nil {
				what += " " + f.Entity.Name + " (" + f.Entity.ID + ")"
			} else if f.Strength != "" {
				what += " (" + string(f.Strength) + ")"
			}
			bw.printf("   finding: %s, confidence %.2f, rule %s\n     %q\n", what, f.Confidence, f.Rule, oneLine(f.Evidence, 200))
		}
	}
	bw.printf("\n%d findings in %d articles\n", findings, len(res.Articles))
	return bw.err
}

// errWriter remembers the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }

func newSourcesDiscoverCmd(app *App) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "discover SITE_URL",
		Short: "Find the feeds a site offers",
		Long: `Discover fetches SITE_URL and lists the feeds it announces with <link rel="alternate">,
then tries the common feed paths of its host (` + strings.Join(crawler.CommonFeedPaths, ", ") + `). Each
candidate is fetched and kept only if it parses as a feed. Paste a URL it finds into your
configuration as a feed source; a site with no feed can be a page source with a selector.
It exits with 1 when no feed is found.`,
		Example: `  callwatch sources discover https://www.example.org/
  callwatch sources discover --format json https://www.example.org/news`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return usageError("invalid --format %q: want table or json", format)
			}
			site := args[0]
			if !strings.HasPrefix(site, "http://") && !strings.HasPrefix(site, "https://") {
				return usageError("SITE_URL must be an http or https URL, not %q", site)
			}
			cfg, err := app.Config()
			if err != nil {
				return err
			}
			found, err := crawler.Discover(cmd.Context(), app.fetchClient(cfg), site)
			if err != nil {
				return withCode(ExitPartial, err)
			}
			if format == "json" {
				if found == nil {
					found = []crawler.DiscoveredFeed{}
				}
				enc := json.NewEncoder(app.Stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(found); err != nil {
					return err
				}
			} else if len(found) > 0 {
				tw := tabwriter.NewWriter(app.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "URL\tTITLE\tITEMS\tFOUND BY")
				for _, f := range found {
					fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", f.URL, oneLine(f.Title, 60), f.Items, f.Via)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			if len(found) == 0 {
				return withCode(ExitPartial, fmt.Errorf("no feed found at %s; a page source with a selector can read its listing instead", site))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	return cmd
}
