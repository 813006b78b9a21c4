package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/callwatch/callwatch/alert"
	"github.com/callwatch/callwatch/internal/testnet"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newDemoCmd) }

func newDemoCmd(app *App) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Show callwatch at work on a bundled loopback internet, offline",
		Long: `Demo starts a small internet on 127.0.0.1 (news sites in English, French, German
and Spanish with RSS, Atom and JSON feeds, a news search, a copy of the official register and a
webhook receiver), then runs two passes of 'callwatch run' into a new database: the first reads
every article, the second runs after the register gained entries and a site published a new
article. It prints each pass's summary and the alerts as the webhook received them, writes the
HTML report and says where it is. Nothing leaves the machine; it takes a few seconds.

The demo's configuration, database and report stay in the directory it names (a new
temporary directory unless --dir is given), so you can try other commands on them:
  callwatch --config DIR/callwatch.yaml signatories`,
		Example: `  callwatch demo
  callwatch demo --dir ./demo   # keep the files in ./demo`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return app.demo(cmd.Context(), dir) },
	}
	cmd.Flags().StringVar(&dir, "dir", "", "directory for the demo's configuration, database and report (default: a new temporary directory)")
	return cmd
}

// demo is `callwatch demo`: the loopback internet of internal/testnet, then `run` twice,
// then `export --format html`, each through Main, so that the demo uses exactly run's
// wiring.
func (a *App) demo(ctx context.Context, dir string) error {
	start := time.Now()
	if dir == "" {
		d, err := os.MkdirTemp("", "callwatch-demo-")
		if err != nil {
			return err
		}
		dir = d
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	dbPath := filepath.Join(dir, "callwatch.db")
	if _, err := os.Stat(dbPath); err == nil {
		return usageError("%s already exists: give --dir an empty or new directory", dbPath)
	}
	tn, err := testnet.Start(testnet.Options{})
	if err != nil {
		return err
	}
	defer tn.Close()
	cfgPath := filepath.Join(dir, "callwatch.yaml")
	if err := os.WriteFile(cfgPath, []byte(tn.Config(testnet.ConfigOptions{Database: dbPath})), 0o600); err != nil {
		return err
	}
	c := tn.Corpus()
	fmt.Fprintf(a.Stdout, "callwatch demo: %d news sites (%d articles in en, fr, de, es), a news search and the official register, on 127.0.0.1\n", len(c.Sites), len(c.Articles))
	fmt.Fprintf(a.Stdout, "files in %s\n\n", dir)

	sub := func(args ...string) int {
		level := a.LogLevel
		if !a.levelFlag {
			level = "warn"
		}
		return Main(ctx, append([]string{"--config", cfgPath, "--log-level", level}, args...), a.Env)
	}
	// Every site is on 127.0.0.1, so the outlet callwatch derives from the host is the same
	// for all: the demo shows the site's name instead.
	outlets := map[string]string{}
	for _, s := range c.Sites {
		outlets[tn.SiteURL(s.ID)+"/"] = s.Name
	}
	seen := 0
	printAlerts := func() {
		got := tn.Webhook.Alerts()
		if len(got) == seen {
			fmt.Fprintln(a.Stdout, "alerts: none")
		}
		for _, al := range got[seen:] {
			fmt.Fprintf(a.Stdout, "alert %s\n", demoAlertLine(al, outlets))
		}
		seen = len(got)
		fmt.Fprintln(a.Stdout)
	}

	fmt.Fprintln(a.Stdout, "== pass 1: every source is new")
	if code := sub("run"); code != ExitOK {
		return &exitError{code: code, hideUsage: true, err: fmt.Errorf("the first pass exited with status %d", code)}
	}
	printAlerts()

	tn.Advance()
	fmt.Fprintln(a.Stdout, "== pass 2: the register gained entries and a site published a new article")
	if code := sub("run", "--force"); code != ExitOK {
		return &exitError{code: code, hideUsage: true, err: fmt.Errorf("the second pass exited with status %d", code)}
	}
	printAlerts()

	report := filepath.Join(dir, "report.html")
	if code := sub("export", "--format", "html", "--out", report); code != ExitOK {
		return &exitError{code: code, hideUsage: true, err: fmt.Errorf("writing the report exited with status %d", code)}
	}
	fmt.Fprintf(a.Stdout, "report: %s\n", report)
	fmt.Fprintf(a.Stdout, "try:    callwatch --config %s signatories\n        callwatch --config %s mentions\n", cfgPath, cfgPath)
	fmt.Fprintf(a.Stdout, "done in %s\n", time.Since(start).Round(100*time.Millisecond))
	return nil
}

// demoAlertLine is one alert as the demo prints it; outlets maps a site's base URL to
// its name.
func demoAlertLine(al alert.BodyAlert, outlets map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-9s %s (%s)", al.Kind, al.Entity.Name, al.Entity.ID)
	if al.FollowUp {
		b.WriteString(" follow-up of the news report")
	}
	if al.Article.URL != "" {
		outlet := al.Article.Outlet
		for base, name := range outlets {
			if strings.HasPrefix(al.Article.URL, base) {
				outlet = name
			}
		}
		fmt.Fprintf(&b, "\n          %s: %q", outlet, al.Evidence)
	}
	return b.String()
}
