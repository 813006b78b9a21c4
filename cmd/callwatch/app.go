package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/config"
	"github.com/spf13/cobra"
)

// Exit codes of callwatch, documented in README and `callwatch run --help`.
const (
	ExitOK          = 0   // everything succeeded
	ExitPartial     = 1   // finished, but some sources (or deliveries) failed
	ExitUsage       = 2   // usage or configuration error
	ExitTempFail    = 75  // EX_TEMPFAIL: the database is in use by another process; safe to retry
	ExitInterrupted = 130 // interrupted by SIGINT/SIGTERM
)

// Env is the outside world of one invocation: tests run Main in-process with their own.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) (string, bool)
}

// App holds one invocation's global flags and what they lead to (configuration, logger).
// Commands receive it; nothing in callwatch reads package-level configuration.
type App struct {
	Env

	ConfigPath string
	DBPath     string
	LogLevel   string
	LogFormat  string
	Quiet      bool

	Logger *slog.Logger
	cfg    *config.Config
}

// exitError carries an exit code through cobra back to Main.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// withCode wraps err so that Main exits with code.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// usageError marks a problem with the command line or the configuration (exit code 2).
func usageError(format string, args ...any) error {
	return withCode(ExitUsage, fmt.Errorf(format, args...))
}

// exitCode maps an error returned by a command to the process exit code.
func exitCode(ctx context.Context, err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, callwatch.ErrLocked):
		return ExitTempFail
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return ExitInterrupted
	}
	return ExitPartial
}

// commands lists the constructors of callwatch's subcommands. Each cmd_*.go file adds its
// own in an init function, so the root command is assembled in file-name order.
var commands []func(*App) *cobra.Command

// Config returns the effective configuration: the file named by --config (or the embedded
// default), with --db applied. It is loaded once per invocation.
func (a *App) Config() (*config.Config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	cfg := config.Default()
	if a.ConfigPath != "" {
		data, err := os.ReadFile(a.ConfigPath)
		if err != nil {
			return nil, usageError("reading configuration: %v", err)
		}
		if cfg, err = config.Parse(a.ConfigPath, data); err != nil {
			return nil, withCode(ExitUsage, err)
		}
	}
	if a.DBPath != "" {
		cfg.Database = a.DBPath
	}
	a.cfg = cfg
	return cfg, nil
}
