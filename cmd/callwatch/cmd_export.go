package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/report"
	"github.com/callwatch/callwatch/store"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newExportCmd) }

// findingFlags are the filter flags that export and mentions share.
type findingFlags struct {
	since, until  string
	kinds         []string
	source        string
	lang          string
	entity        string
	minConfidence float64
	limit         int
	newest        bool
}

func (ff *findingFlags) register(cmd *cobra.Command, all bool) {
	f := cmd.Flags()
	f.StringVar(&ff.since, "since", "", "only findings published at or after: YYYY-MM-DD, RFC 3339, or relative (7d, 24h, 2w)")
	f.StringArrayVar(&ff.kinds, "kind", nil, "mention, signed, declined, announced or all (repeatable, or comma-separated)")
	f.StringVar(&ff.lang, "lang", "", "only articles in this language (ISO 639-1, e.g. fr)")
	if !all {
		return
	}
	f.StringVar(&ff.until, "until", "", "only findings published before: YYYY-MM-DD (that whole day included), RFC 3339, or relative")
	f.StringVar(&ff.source, "source", "", "only articles seen under this source (its name or ID)")
	f.StringVar(&ff.entity, "entity", "", "only stances of this entity (an ID such as state:FRA, or part of a name)")
	f.Float64Var(&ff.minConfidence, "min-confidence", 0, "only findings at least this confident (0 to 1)")
	f.IntVar(&ff.limit, "limit", 0, "at most this many findings (0: all)")
	f.BoolVar(&ff.newest, "newest", false, "newest first (default: oldest first); with --limit, the latest findings")
}

var exportLangPattern = regexp.MustCompile(`^[a-z]{2}$`)

// filter validates the flags and turns them into a FindingFilter. Every problem is a usage
// error that names the flag and what it expects. The --source name is resolved later,
// against the store.
func (ff *findingFlags) filter(now time.Time) (callwatch.FindingFilter, error) {
	var f callwatch.FindingFilter
	var err error
	if ff.since != "" {
		if f.Since, err = report.ParseTime(ff.since, now, false); err != nil {
			return f, usageError("invalid --since: %v", err)
		}
	}
	if ff.until != "" {
		if f.Until, err = report.ParseTime(ff.until, now, true); err != nil {
			return f, usageError("invalid --until: %v", err)
		}
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return f, usageError("--since %s is not before --until %s: the period is empty", ff.since, ff.until)
	}
	if f.Kinds, err = report.ParseKinds(ff.kinds); err != nil {
		return f, usageError("invalid --kind: %v", err)
	}
	if ff.lang != "" {
		f.Language = strings.ToLower(strings.TrimSpace(ff.lang))
		if !exportLangPattern.MatchString(f.Language) {
			return f, usageError("invalid --lang %q: want a two-letter ISO 639-1 code such as en, fr or de", ff.lang)
		}
	}
	if !(ff.minConfidence >= 0 && ff.minConfidence <= 1) { // also refuses NaN
		return f, usageError("invalid --min-confidence %v: want a number from 0 to 1", ff.minConfidence)
	}
	if ff.limit < 0 {
		return f, usageError("invalid --limit %d: want 0 (no limit) or more", ff.limit)
	}
	f.Entity = strings.TrimSpace(ff.entity)
	f.MinConfidence = ff.minConfidence
	f.Limit = ff.limit
	f.Newest = ff.newest
	return f, nil
}

// resolveSource maps --source to a source ID; an unknown name is a usage error.
func (ff *findingFlags) resolveSource(ctx context.Context, src report.Source, f *callwatch.FindingFilter) error {
	if strings.TrimSpace(ff.source) == "" {
		return nil
	}
	id, err := report.ResolveSource(ctx, src, strings.TrimSpace(ff.source))
	if errors.Is(err, report.ErrUnknownSource) {
		return usageError("invalid --source: %s", strings.TrimPrefix(err.Error(), "report: "))
	}
	if err != nil {
		return err
	}
	f.Source = id
	return nil
}

func newExportCmd(app *App) *cobra.Command {
	var ff findingFlags
	var format, out string
	var bom bool
	var maxRows int
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export findings as CSV, JSONL, JSON, Markdown, HTML or XLSX",
		Long: `Export writes one row per finding (a mention of the Paris Call, or an entity's stance
towards it) in the format analysts use, filtered by period, kind, source, language, entity
and confidence. The fields are documented in docs/export-schema.md (schema_version 1).

CSV follows RFC 4180; cells starting with =, +, -, @, a tab or a carriage return get a
leading single quote so spreadsheets never run them as formulas. HTML is one
self-contained page (no script, no network) with counts, a weekly chart, the signatories
and the latest findings; Markdown has the same sections as tables. Both list at most
--max-rows findings (the counts cover all of them). XLSX has Findings, Signatories and
Weekly sheets.

With --out, the file is written next to its destination under a temporary name and
renamed when complete, so a reader never sees half a report. A new file gets mode 0644
(reports are meant to be shared; the database stays 0600); an existing file keeps its mode.`,
		Example: `  callwatch export --since 7d --out week.csv
  callwatch export --format jsonl --kind signed,declined --min-confidence 0.8
  callwatch export --format html --since 2026-11-01 --until 2026-11-30 --out november.html
  callwatch export --source "Google News EN" --lang fr --format xlsx --out fr.xlsx
  callwatch export --entity state:USA --format json | jq '.findings[].evidence'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			now := time.Now()
			q, err := exportQuery(&ff, format, out, bom, maxRows, now)
			if err != nil {
				return err
			}
			if out == "" && q.Format == report.FormatXLSX && writerIsTerminal(app.Stdout) {
				return usageError("--format xlsx is binary: give --out FILE or redirect stdout to a file")
			}
			ctx := cmd.Context()
			db, err := app.openReadSource(ctx) // the daemon's API while a daemon holds the database
			if err != nil {
				return err
			}
			defer db.Close()
			if err := ff.resolveSource(ctx, db, &q.Filter); err != nil {
				return err
			}
			write := func(w io.Writer) error { return report.Write(ctx, w, db, q) }
			if out == "" {
				return write(app.Stdout)
			}
			n, err := writeFileAtomic(out, write)
			if err != nil {
				return err
			}
			app.Logger.Info("export written", "path", out, "format", string(q.Format), "bytes", n)
			return nil
		},
	}
	ff.register(cmd, true)
	f := cmd.Flags()
	f.StringVar(&format, "format", "", "csv, jsonl, json, markdown, html or xlsx (default: from --out's extension, else csv)")
	f.StringVarP(&out, "out", "o", "", "write to this file (default: standard output)")
	f.BoolVar(&bom, "bom", false, "CSV: start with a UTF-8 byte-order mark, for Excel")
	f.IntVar(&maxRows, "max-rows", report.DefaultMaxTableRows, "HTML and Markdown: findings and signatories listed at most")
	return cmd
}

// exportQuery validates export's flags into a report.Query.
func exportQuery(ff *findingFlags, format, out string, bom bool, maxRows int, now time.Time) (report.Query, error) {
	q := report.Query{BOM: bom, MaxTableRows: maxRows, Now: now}
	switch {
	case format != "":
		f, err := report.ParseFormat(format)
		if err != nil {
			return q, usageError("invalid --format: %v", err)
		}
		q.Format = f
	case out != "":
		if f, ok := report.FormatFromPath(out); ok {
			q.Format = f
		} else {
			q.Format = report.FormatCSV
		}
	default:
		q.Format = report.FormatCSV
	}
	if bom && q.Format != report.FormatCSV {
		return q, usageError("--bom applies to --format csv only (the format is %s)", q.Format)
	}
	if maxRows < 1 {
		return q, usageError("invalid --max-rows %d: want 1 or more", maxRows)
	}
	f, err := ff.filter(now)
	if err != nil {
		return q, err
	}
	q.Filter = f
	return q, nil
}

// openReadStore opens the database read-only for a command that only reads it. A
// database that does not exist yet is a usage error with a hint.
func (a *App) openReadStore(ctx context.Context) (*store.DB, error) {
	path, err := a.databasePath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, usageError("no database at %s yet: run 'callwatch run' first, or give --db", path)
	}
	timeout, err := a.lockTimeout()
	if err != nil {
		return nil, err
	}
	return a.openStore(ctx, store.Options{ReadOnly: true, Timeout: timeout})
}

// writeFileAtomic writes path through write: into a temporary file in the same
// directory, synced, then renamed over path. On any error the temporary file is removed
// and path is untouched. It returns the number of bytes written.
func writeFileAtomic(path string, write func(io.Writer) error) (int64, error) {
	dir := filepath.Dir(path)
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return 0, usageError("--out %s is not a regular file", path)
		}
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("creating the output file: %w", err)
	}
	cw := &exportByteCounter{w: tmp}
	err = write(cw)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), mode)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return 0, err
	}
	return cw.n, nil
}

type exportByteCounter struct {
	w io.Writer
	n int64
}

func (c *exportByteCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writerIsTerminal reports whether w is a character device such as a terminal.
func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
