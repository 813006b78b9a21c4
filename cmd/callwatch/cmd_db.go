package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/callwatch/callwatch/config"
	"github.com/callwatch/callwatch/store"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newDBCmd) }

// dbFlags are the flags shared by the db subcommands.
type dbFlags struct {
	lockTimeout time.Duration
}

func newDBCmd(app *App) *cobra.Command {
	fl := &dbFlags{}
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Inspect and maintain the database: stats, backup, compact, check, prune",
		Long: `Maintain callwatch's database (one bbolt file; --db or the configuration's database names it).

Only one process can use the database at a time. If another callwatch holds it, these
commands wait --lock-timeout (default 1s, or $CALLWATCH_LOCK_TIMEOUT) and then exit with
code 75: it is safe to retry later. db backup needs the database too, so schedule it
between runs, or run it from the daemon's host when no pass is running.`,
		Example: `  callwatch db stats
  callwatch db backup /backups/callwatch-$(date +%F).db
  callwatch db check
  callwatch db prune --older-than 365d && callwatch db compact`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().DurationVar(&fl.lockTimeout, "lock-timeout", 0, "how long to wait for another process to release the database (default 1s, or $CALLWATCH_LOCK_TIMEOUT)")
	cmd.AddCommand(newDBStatsCmd(app, fl), newDBBackupCmd(app, fl), newDBCompactCmd(app, fl),
		newDBCheckCmd(app, fl), newDBPruneCmd(app, fl))
	return cmd
}

// options returns the store options of a db subcommand.
func (fl *dbFlags) options(app *App) (store.Options, error) {
	timeout := fl.lockTimeout
	if timeout < 0 {
		return store.Options{}, usageError("invalid --lock-timeout %s: want a positive duration", timeout)
	}
	if timeout == 0 {
		var err error
		if timeout, err = app.lockTimeout(); err != nil {
			return store.Options{}, err
		}
	}
	return store.Options{Timeout: timeout, Logger: app.Logger}, nil
}

// openExisting opens the database for a db subcommand; a missing file is a usage error
// rather than a new empty database.
func (fl *dbFlags) openExisting(cmd *cobra.Command, app *App) (*store.DB, error) {
	o, err := fl.options(app)
	if err != nil {
		return nil, err
	}
	path, err := app.databasePath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, usageError("no database at %s: run 'callwatch run' first, or give --db", path)
	}
	return app.openStore(cmd.Context(), o)
}

func newDBStatsCmd(app *App, fl *dbFlags) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Show the database's size, free pages and the number of keys per bucket",
		Example: `  callwatch db stats
  callwatch db stats --format json | jq .buckets`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageError("invalid --format %q: want table or json", format)
			}
			st, err := app.dbStats(cmd, fl) // the daemon's API while a daemon holds the database
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(app.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(st)
			}
			return writeStatsTable(app.Stdout, st)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}

func writeStatsTable(w io.Writer, st store.Stats) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "database\t%s\t\n", st.Path)
	fmt.Fprintf(tw, "schema version\t%d\t\n", st.SchemaVersion)
	if !st.Created.IsZero() {
		fmt.Fprintf(tw, "created\t%s\t\n", st.Created.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(tw, "file size\t%s\t\n", byteCount(st.FileSize))
	fmt.Fprintf(tw, "free pages\t%d (%s)\t\n", st.FreePages, byteCount(int64(st.FreeBytes)))
	fmt.Fprintf(tw, "\t\t\n")
	fmt.Fprintf(tw, "bucket\tkeys\tbytes\t\n")
	for _, b := range st.Buckets {
		fmt.Fprintf(tw, "%s\t%d\t%s\t\n", b.Name, b.Keys, byteCount(int64(b.Bytes)))
	}
	return tw.Flush()
}

// byteCount formats n bytes for people: "512 B", "1.5 MiB".
func byteCount(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func newDBBackupCmd(app *App, fl *dbFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the database to FILE (mode 0600)",
		Long: `Write a consistent copy of the database to FILE, readable only by you (mode 0600). The
copy is written to a temporary file next to FILE and renamed, so FILE is never half
written. An existing FILE is replaced.`,
		Example: `  callwatch db backup /backups/callwatch-$(date +%F).db`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dst, err := filepath.Abs(args[0])
			if err != nil {
				return usageError("backup file %q: %v", args[0], err)
			}
			db, err := fl.openExisting(cmd, app)
			if err != nil {
				return err
			}
			defer db.Close()
			if same, _ := sameFile(dst, db.Path()); same {
				return usageError("backup file %s is the database itself", args[0])
			}
			n, err := db.Backup(cmd.Context(), dst)
			if err != nil {
				return err
			}
			if !app.Quiet {
				fmt.Fprintf(app.Stdout, "wrote %s (%s)\n", dst, byteCount(n))
			}
			return nil
		},
	}
}

func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

func newDBCompactCmd(app *App, fl *dbFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "compact",
		Short: "Rewrite the database into a smaller file (refuses while it is in use)",
		Long: `Rewrite the database into a new file without its free pages, then rename it over the
original. bbolt files never shrink on their own: run this after db prune. It needs the
database to itself and refuses (exit code 75) while another callwatch uses it.`,
		Example: `  callwatch db compact`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o, err := fl.options(app)
			if err != nil {
				return err
			}
			path, err := app.databasePath()
			if err != nil {
				return err
			}
			if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
				return usageError("no database at %s", path)
			}
			res, err := store.Compact(cmd.Context(), path, o)
			if err != nil {
				return err
			}
			if !app.Quiet {
				saved := 0.0
				if res.Before > 0 {
					saved = 100 * float64(res.Before-res.After) / float64(res.Before)
				}
				fmt.Fprintf(app.Stdout, "compacted %s: %s before, %s after (%.0f%% smaller)\n",
					path, byteCount(res.Before), byteCount(res.After), saved)
			}
			return nil
		},
	}
}

func newDBCheckCmd(app *App, fl *dbFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Verify the database file and callwatch's invariants; exit 1 listing each problem",
		Long: `Run bbolt's page-level consistency check, then verify callwatch's own invariants: every
finding's article exists, every index agrees with the data it indexes, and the outbox holds
each alert exactly once. Each problem is printed on its own line and the exit code is 1;
a clean database prints "ok" and exits 0.`,
		Example: `  callwatch db check`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := fl.openExisting(cmd, app)
			if err != nil {
				return err
			}
			defer db.Close()
			problems, err := db.Check(cmd.Context())
			if err != nil {
				return err
			}
			for _, p := range problems {
				fmt.Fprintln(app.Stdout, p)
			}
			if len(problems) > 0 {
				return withCode(ExitPartial, fmt.Errorf("db check: %d problems in %s", len(problems), db.Path()))
			}
			if !app.Quiet {
				fmt.Fprintf(app.Stdout, "ok: %s passed every check\n", db.Path())
			}
			return nil
		},
	}
}

func newDBPruneCmd(app *App, fl *dbFlags) *cobra.Command {
	var olderThan string
	cmd := &cobra.Command{
		Use:   "prune --older-than DURATION",
		Short: "Drop the texts of old articles, keeping their findings and evidence",
		Long: `Drop the stored text of every article published more than DURATION ago ("365d",
"720h"). Titles, URLs, dates, findings and their evidence sentences stay, so reports and
exports are unchanged; only re-running detection over those articles becomes impossible.
The space is reused by later writes; run db compact to shrink the file.`,
		Example: `  callwatch db prune --older-than 365d
  callwatch db prune --older-than 720h && callwatch db compact`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if olderThan == "" {
				return usageError("--older-than is required, e.g. --older-than 365d")
			}
			age, err := config.ParseDuration(olderThan)
			if err != nil || age <= 0 {
				return usageError("invalid --older-than %q: want a positive duration such as 365d or 720h", olderThan)
			}
			db, err := fl.openExisting(cmd, app)
			if err != nil {
				return err
			}
			defer db.Close()
			cutoff := time.Now().Add(-age)
			res, err := db.Prune(cmd.Context(), cutoff)
			if err != nil {
				return err
			}
			if !app.Quiet {
				fmt.Fprintf(app.Stdout, "dropped the text of %d articles published before %s: %s of text, %s freed in the file (run 'callwatch db compact' to shrink it)\n",
					res.Articles, cutoff.UTC().Format(time.RFC3339), byteCount(res.TextBytes), byteCount(res.Bytes))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&olderThan, "older-than", "", `age of the articles whose text is dropped: "365d", "720h"`)
	return cmd
}
