package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// DefaultTimeout is how long Open waits for another process to release the database.
const DefaultTimeout = time.Second

// pageSize is the page size of new databases. Compressed article texts are 1–3 KB: on
// 4 KB pages a leaf holds one of them and wastes the rest, on 8 KB pages it holds three.
const pageSize = 8192

// Options configures Open. The zero value is usable: a one-second lock timeout, no alerts
// raised, the wall clock, read-write, logs discarded.
type Options struct {
	// Timeout is how long Open waits for the file lock held by another process before it
	// gives up with a LockedError. Zero means DefaultTimeout; bbolt would otherwise wait
	// forever.
	Timeout time.Duration
	// Policy decides which alerts a change raises. Nil raises no alerts.
	Policy callwatch.AlertPolicy
	// Now returns the current time (tests set it). Nil means time.Now.
	Now func() time.Time
	// ReadOnly opens the database with a shared lock and refuses writes. A read-only open
	// still waits for a writing process to close the database.
	ReadOnly bool
	// Logger receives migration and maintenance messages. Nil discards them.
	Logger *slog.Logger
	// NoSync skips fsync on commit. Only for benchmarks and tests: a crash may lose or
	// corrupt the database.
	NoSync bool
}

// DB is callwatch's bbolt database. It implements callwatch.Store and is safe for
// concurrent use; writes are serialised by bbolt.
type DB struct {
	path   string
	bolt   *bolt.DB
	policy callwatch.AlertPolicy
	now    func() time.Time
	log    *slog.Logger
	ro     bool
	batch  int // articles per write transaction (BatchSize; tests lower it)
	page   int // rows per read transaction in scans (scanPage; tests lower it)

	closeOnce sync.Once
	closeErr  error
}

// LockedError reports that another process holds the database file. It wraps
// callwatch.ErrLocked; retrying later is safe.
type LockedError struct {
	Path    string        // the database file, which is also the lock file
	Timeout time.Duration // how long Open waited
}

// Error names the locked file and says that retrying is safe.
func (e *LockedError) Error() string {
	return fmt.Sprintf("store: %s is locked by another callwatch process (waited %s); it is safe to retry when that process ends",
		e.Path, e.Timeout)
}

// Unwrap returns callwatch.ErrLocked.
func (e *LockedError) Unwrap() error { return callwatch.ErrLocked }

// Open opens (creating it if needed) the database at path, upgrades its schema after a
// backup copy if it was written by an older callwatch, and refuses it (an error wrapping
// callwatch.ErrSchemaTooNew) if it was written by a newer one. The directory is created
// with mode 0700 and the file with mode 0600. If another process holds the file, Open
// waits o.Timeout and returns a *LockedError.
func Open(path string, o Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: no database path given")
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if !o.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("store: creating the database directory: %w", err)
		}
	} else if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      o.Timeout,
		ReadOnly:     o.ReadOnly,
		FreelistType: bolt.FreelistMapType,
		NoSync:       o.NoSync,
		PageSize:     pageSize, // only used when the file is created
	})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, &LockedError{Path: path, Timeout: o.Timeout}
		}
		return nil, fmt.Errorf("store: opening %s: %w", path, err)
	}
	db := &DB{path: path, bolt: bdb, policy: o.Policy, now: o.Now, log: o.Logger, ro: o.ReadOnly, batch: BatchSize, page: scanPage}
	if err := db.prepare(); err != nil {
		bdb.Close()
		return nil, err
	}
	return db, nil
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// Close releases the database. It is safe to call more than once.
func (db *DB) Close() error {
	db.closeOnce.Do(func() { db.closeErr = db.bolt.Close() })
	return db.closeErr
}

// update runs fn in a read-write transaction, after checking ctx.
func (db *DB) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if db.ro {
		return errors.New("store: the database is open read-only")
	}
	return db.bolt.Update(fn)
}

// view runs fn in a read-only transaction, after checking ctx.
func (db *DB) view(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.bolt.View(fn)
}
