package main

import (
	"context"
	"path/filepath"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/config"
	"github.com/callwatch/callwatch/crawler"
	"github.com/callwatch/callwatch/store"
)

// envLockTimeout names the environment variable that sets how long callwatch waits for
// another process to release the database ("5s", "2m"; default 1s).
const envLockTimeout = "CALLWATCH_LOCK_TIMEOUT"

// OpenStore opens the database named by the configuration (--db overrides it) for a
// command. policy decides which alerts writes raise; nil raises none. If another process
// holds the database, the error wraps callwatch.ErrLocked, which Main turns into exit
// code 75. The caller closes the store.
func (a *App) OpenStore(ctx context.Context, policy callwatch.AlertPolicy) (*store.DB, error) {
	timeout, err := a.lockTimeout()
	if err != nil {
		return nil, err
	}
	return a.openStore(ctx, store.Options{Policy: policy, Timeout: timeout})
}

// openStore opens the configured database with o (its Logger defaults to the App's).
func (a *App) openStore(ctx context.Context, o store.Options) (*store.DB, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	path, err := a.databasePath()
	if err != nil {
		return nil, err
	}
	if o.Logger == nil {
		o.Logger = a.Logger
	}
	return store.Open(path, o)
}

// databasePath returns the configured database path, or the default one:
// $XDG_DATA_HOME/callwatch/callwatch.db, else ~/.local/share/callwatch/callwatch.db.
func (a *App) databasePath() (string, error) {
	cfg, err := a.Config()
	if err != nil {
		return "", err
	}
	if cfg.Database != "" {
		return cfg.Database, nil
	}
	if dir, ok := a.getenv("XDG_DATA_HOME"); ok && dir != "" {
		return filepath.Join(dir, "callwatch", "callwatch.db"), nil
	}
	if home, ok := a.getenv("HOME"); ok && home != "" {
		return filepath.Join(home, ".local", "share", "callwatch", "callwatch.db"), nil
	}
	return "", usageError("no database path: set database in the configuration, or --db")
}

// lockTimeout returns the lock timeout from CALLWATCH_LOCK_TIMEOUT, or the default.
func (a *App) lockTimeout() (time.Duration, error) {
	s, ok := a.getenv(envLockTimeout)
	if !ok || s == "" {
		return store.DefaultTimeout, nil
	}
	d, err := config.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, usageError("invalid %s %q: want a positive duration such as 5s", envLockTimeout, s)
	}
	return d, nil
}

func (a *App) getenv(key string) (string, bool) {
	if a.Getenv == nil {
		return "", false
	}
	return a.Getenv(key)
}

// The store writes a pass's source states in one transaction.
var _ crawler.SourceBatchStore = (*store.DB)(nil)
