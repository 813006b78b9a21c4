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

	levelFlag, formatFlag bool // --log-level, --log-format given: they win over the configuration
}

// exitError carries an exit code through cobra back to Main.
type exitError struct {
	code      int
	err       error
	hideUsage bool // a configuration error: the usage line would not help
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

// envConfig names the environment variable that gives the configuration file when
// --config is not set.
const envConfig = "CALLWATCH_CONFIG"

// maxConfigBytes bounds a configuration file: the commented default is about 10 KB.
const maxConfigBytes = 1 << 20

// configError marks an invalid configuration: exit code 2, every problem listed, and no
// usage line (the command line was fine).
func configError(err error) error {
	return &exitError{code: ExitUsage, err: err, hideUsage: true}
}

// Config returns the effective configuration, loaded once per invocation: the file named
// by --config, else by $CALLWATCH_CONFIG, else config.DefaultConfigPath if that file
// exists, else the embedded default; then CALLWATCH_* overrides and --db. An invalid
// configuration is an error with exit code 2 that lists every problem. The configuration's
// log settings replace the default logger unless --log-level or --log-format were given.
func (a *App) Config() (*config.Config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	name, data, err := a.readConfig(a.configPath())
	if err != nil {
		return nil, err
	}
	v, _, _ := buildVersion()
	cfg, err := config.Load(config.Options{Name: name, Data: data, Getenv: a.lookupEnv, Database: a.DBPath, Version: v})
	if err != nil {
		return nil, configError(err)
	}
	if err := a.applyLogConfig(cfg.Log); err != nil {
		return nil, err
	}
	a.cfg = cfg
	return cfg, nil
}

// configPath returns the configuration file to read, or "" for the embedded default.
func (a *App) configPath() string {
	if a.ConfigPath != "" {
		return a.ConfigPath
	}
	if p, ok := a.lookupEnv(envConfig); ok && p != "" {
		return p
	}
	if p, err := config.DefaultConfigPath(a.lookupEnv); err == nil {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// readConfig reads the configuration file at path ("-": standard input). An empty path
// gives a nil Data: the embedded default.
func (a *App) readConfig(path string) (name string, data []byte, err error) {
	switch path {
	case "":
		return "", nil, nil
	case "-":
		if a.Stdin == nil {
			return "", nil, usageError("no standard input to read the configuration from")
		}
		data, err = io.ReadAll(io.LimitReader(a.Stdin, maxConfigBytes+1))
		if err != nil {
			return "", nil, usageError("reading the configuration from standard input: %v", err)
		}
		if len(data) > maxConfigBytes {
			return "", nil, configError(fmt.Errorf("-: the configuration is larger than %d bytes", maxConfigBytes))
		}
		return "-", data, nil
	}
	if st, err := os.Stat(path); err == nil && st.Size() > maxConfigBytes {
		return "", nil, configError(fmt.Errorf("%s: the configuration is larger than %d bytes: is it the right file?", path, maxConfigBytes))
	}
	data, err = os.ReadFile(path)
	if err != nil {
		return "", nil, configError(fmt.Errorf("reading the configuration: %w", err))
	}
	if data == nil {
		data = []byte{}
	}
	return path, data, nil
}

// lookupEnv looks a variable up in the invocation's environment.
func (a *App) lookupEnv(key string) (string, bool) {
	if a.Env.Getenv == nil {
		return "", false
	}
	return a.Env.Getenv(key)
}
