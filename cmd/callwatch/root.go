package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/callwatch/callwatch/config"

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
	var ee *exitError
	code := exitCode(ctx, err)
	if !errors.As(err, &ee) && isFlagError(err) {
		code = ExitUsage
	}
	msg := err.Error()
	if msg != "" && !strings.HasPrefix(msg, "exit status") {
		fmt.Fprintf(env.Stderr, "callwatch: %s\n", msg)
	}
	hide := ee != nil && ee.hideUsage
	if code == ExitUsage && cmd != nil && !hide {
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
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true}, // cmd_completion.go
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			app.levelFlag = cmd.Flags().Changed("log-level")
			app.formatFlag = cmd.Flags().Changed("log-format")
			if err := app.setup(); err != nil {
				return err
			}
			v, commit, _ := buildVersion()
			app.Logger.Debug("callwatch starting", "command", cmd.CommandPath(), "version", v, "commit", commit)
			return nil
		},
	}
	f := root.PersistentFlags()
	f.StringVar(&app.ConfigPath, "config", "", "configuration file, - for standard input (default: $CALLWATCH_CONFIG, else ~/.config/callwatch/config.yaml if it exists, else the embedded default)")
	f.StringVar(&app.DBPath, "db", "", "database file (overrides the configuration's database)")
	f.StringVar(&app.LogLevel, "log-level", "", "log level: debug, info, warn or error (default: the configuration's log.level, info)")
	f.StringVar(&app.LogFormat, "log-format", "", "log format: text or json (default: the configuration's log.format, text)")
	f.BoolVarP(&app.Quiet, "quiet", "q", false, "print nothing on success (for cron)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return withCode(ExitUsage, err) })
	for _, newCmd := range commands {
		root.AddCommand(newCmd(app))
	}
	return root
}

// setup validates the global flags and builds the logger. Until the configuration is
// loaded the logger uses the flags' values; Config then applies log.level and log.format
// for the flags that were not given.
func (a *App) setup() error {
	if a.LogLevel == "" {
		a.LogLevel = "info"
	}
	if a.LogFormat == "" {
		a.LogFormat = "text"
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(a.LogLevel)); err != nil || !validLevel(a.LogLevel) {
		return usageError("invalid --log-level %q: want debug, info, warn or error", a.LogLevel)
	}
	if a.LogFormat != "text" && a.LogFormat != "json" {
		return usageError("invalid --log-format %q: want text or json", a.LogFormat)
	}
	a.Logger = newLogger(a.Stderr, level, a.LogFormat, a.Quiet)
	return nil
}

// applyLogConfig rebuilds the logger from the configuration's log settings, except for
// what the flags set.
func (a *App) applyLogConfig(c config.Log) error {
	if a.levelFlag && a.formatFlag {
		return nil
	}
	levelName, format := a.LogLevel, a.LogFormat
	if !a.levelFlag && c.Level != "" {
		levelName = c.Level
	}
	if !a.formatFlag && c.Format != "" {
		format = c.Format
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(levelName)); err != nil {
		return configError(fmt.Errorf("log.level: invalid level %q", levelName))
	}
	a.Logger = newLogger(a.Stderr, level, format, a.Quiet)
	return nil
}

// newLogger builds the slog logger: text for people, json for log collectors. --quiet
// raises the level to warn, so that a successful cron run prints nothing.
func newLogger(w io.Writer, level slog.Level, format string, quiet bool) *slog.Logger {
	if w == nil {
		w = io.Discard
	}
	if quiet && level < slog.LevelWarn {
		level = slog.LevelWarn
	}
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func validLevel(s string) bool {
	switch strings.ToLower(s) {
	case "debug", "info", "warn", "error":
		return true
	}
	return false
}

// isFlagError reports whether err is one of cobra's or pflag's command-line errors, which
// they return unwrapped: a usage error (exit code 2).
func isFlagError(err error) bool {
	s := err.Error()
	for _, prefix := range []string{
		"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least",
		"invalid argument", "flag needs an argument", "required flag(s)", "if any flags in the group",
		"at least one of the flags in the group", "bad flag syntax",
	} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
