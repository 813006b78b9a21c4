package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"
)

// Main runs callwatch with args and returns the process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	app := &App{Env: env}
	root := newRootCmd(app)
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	code := exitCode(ctx, err)
	if isFlagError(err) {
		code = ExitUsage
	}
	msg := err.Error()
	if msg != "" && !strings.HasPrefix(msg, "exit status") {
		fmt.Fprintf(env.Stderr, "callwatch: %s\n", msg)
	}
	if code == ExitUsage && cmd != nil {
		fmt.Fprintf(env.Stderr, "usage: %s\nRun '%s --help' for more.\n", cmd.UseLine(), cmd.CommandPath())
	}
	return code
}

func newRootCmd(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "callwatch",
		Short: "Watch the news for the Paris Call for Trust and Security in Cyberspace",
		Long: `callwatch watches feeds, news searches, listing pages and the official supporters
register of the Paris Call for Trust and Security in Cyberspace. It finds every mention of the
Call in many languages, recognises who signed, declined or will sign, keeps it all in a local
database, alerts you when a new signatory appears, and exports reports.`,
		Example: `  callwatch run                 # one pass over every due source (cron)
  callwatch daemon              # passes on a schedule, with a dashboard
  callwatch export --format html --since 30d --out report.html`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return app.setup() },
	}
	f := root.PersistentFlags()
	f.StringVar(&app.ConfigPath, "config", "", "configuration file (default: the embedded default configuration)")
	f.StringVar(&app.DBPath, "db", "", "database file (overrides the configuration's database)")
	f.StringVar(&app.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
	f.StringVar(&app.LogFormat, "log-format", "", "log format: text or json (default: text)")
	f.BoolVarP(&app.Quiet, "quiet", "q", false, "print nothing on success (for cron)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return withCode(ExitUsage, err) })
	for _, newCmd := range commands {
		root.AddCommand(newCmd(app))
	}
	return root
}

// setup validates the global flags and builds the logger.
func (a *App) setup() error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(a.LogLevel)); err != nil {
		return usageError("invalid --log-level %q: want debug, info, warn or error", a.LogLevel)
	}
	if a.Quiet && level < slog.LevelWarn {
		level = slog.LevelWarn
	}
	opts := &slog.HandlerOptions{Level: level}
	switch a.LogFormat {
	case "", "text":
		a.Logger = slog.New(slog.NewTextHandler(a.Stderr, opts))
	case "json":
		a.Logger = slog.New(slog.NewJSONHandler(a.Stderr, opts))
	default:
		return usageError("invalid --log-format %q: want text or json", a.LogFormat)
	}
	return nil
}

func isFlagError(err error) bool {
	s := err.Error()
	return strings.HasPrefix(s, "unknown command") || strings.HasPrefix(s, "unknown flag") ||
		strings.HasPrefix(s, "unknown shorthand flag") || strings.Contains(s, "accepts ") ||
		strings.HasPrefix(s, "requires at least") || strings.HasPrefix(s, "invalid argument")
}
