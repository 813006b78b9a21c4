package daemon

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/report"
)

// badRequest is a problem with a request's parameters: a 400 answer.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func badf(format string, args ...any) error { return &badRequest{fmt.Sprintf(format, args...)} }

var langPattern = regexp.MustCompile(`^[a-z]{2}$`)

// filterParams are the query parameters of the finding filter, as `callwatch export`'s
// flags name them.
var filterParams = []string{"since", "until", "kind", "source", "lang", "entity", "min_confidence", "limit", "newest"}

// checkParams refuses parameters outside allowed, so that a misspelt filter is an error
// rather than an export of everything.
func checkParams(q url.Values, allowed ...[]string) error {
	for k := range q {
		ok := false
		for _, a := range allowed {
			ok = ok || slices.Contains(a, k)
		}
		if !ok {
			var all []string
			for _, a := range allowed {
				all = append(all, a...)
			}
			return badf("unknown parameter %q: want %s", k, strings.Join(all, ", "))
		}
	}
	return nil
}

// ParseFindingFilter reads the finding filter from query parameters with the meaning of
// `callwatch export`'s flags: since and until (YYYY-MM-DD, RFC 3339, or relative to now
// such as 7d), kind (repeatable or comma-separated; all), lang (ISO 639-1), entity (an ID
// or part of a name), min_confidence (0 to 1), limit (0: all), newest (true: newest
// first). The source parameter (a name or an ID) is returned as given: resolve it against
// the store with report.ResolveSource.
func ParseFindingFilter(q url.Values, now time.Time) (f callwatch.FindingFilter, source string, err error) {
	if s := q.Get("since"); s != "" {
		if f.Since, err = report.ParseTime(s, now, false); err != nil {
			return f, "", badf("invalid since: %v", err)
		}
	}
	if s := q.Get("until"); s != "" {
		if f.Until, err = report.ParseTime(s, now, true); err != nil {
			return f, "", badf("invalid until: %v", err)
		}
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return f, "", badf("since %s is not before until %s: the period is empty", q.Get("since"), q.Get("until"))
	}
	if f.Kinds, err = report.ParseKinds(q["kind"]); err != nil {
		return f, "", badf("invalid kind: %v", err)
	}
	if s := q.Get("lang"); s != "" {
		f.Language = strings.ToLower(strings.TrimSpace(s))
		if !langPattern.MatchString(f.Language) {
			return f, "", badf("invalid lang %q: want a two-letter ISO 639-1 code such as en, fr or de", s)
		}
	}
	if s := q.Get("min_confidence"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(v >= 0 && v <= 1) { // NaN too
			return f, "", badf("invalid min_confidence %q: want a number from 0 to 1", s)
		}
		f.MinConfidence = v
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return f, "", badf("invalid limit %q: want 0 (no limit) or more", s)
		}
		f.Limit = n
	}
	if s := q.Get("newest"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return f, "", badf("invalid newest %q: want true or false", s)
		}
		f.Newest = b
	}
	f.Entity = strings.TrimSpace(q.Get("entity"))
	return f, strings.TrimSpace(q.Get("source")), nil
}

// findingFilter parses and resolves the filter of a request.
func (d *Daemon) findingFilter(ctx context.Context, q url.Values) (callwatch.FindingFilter, error) {
	f, source, err := ParseFindingFilter(q, time.Now())
	if err != nil || source == "" {
		return f, err
	}
	id, err := report.ResolveSource(ctx, d.opts.Store, source)
	if errors.Is(err, report.ErrUnknownSource) {
		return f, badf("invalid source: %s", strings.TrimPrefix(err.Error(), "report: "))
	}
	f.Source = id
	return f, err
}

// fail answers err: 400 for a bad request, else 500 (logged).
func (d *Daemon) fail(w http.ResponseWriter, r *http.Request, err error) {
	var br *badRequest
	if errors.As(err, &br) {
		writeError(w, http.StatusBadRequest, br.msg)
		return
	}
	if r.Context().Err() != nil {
		return // the client went away
	}
	d.log.Error("serving a request", "url", r.URL.Path, "error", err)
	writeError(w, http.StatusInternalServerError, "internal error: "+err.Error())
}

// apiFindings serves GET /api/v1/findings: a JSON array of callwatch.FindingRow, streamed
// as the store hands the rows over. A store error after the first row cuts the array
// short, so that a client's decoder fails rather than reading a partial list as whole.
func (d *Daemon) apiFindings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, filterParams); err != nil {
		d.fail(w, r, err)
		return
	}
	f, err := d.findingFilter(r.Context(), q)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	enc := json.NewEncoder(bw)
	n := 0
	err = d.opts.Store.ScanFindings(r.Context(), f, func(row callwatch.FindingRow) error {
		if n == 0 {
			w.Header().Set("Content-Type", "application/json")
			bw.WriteString("[\n")
		} else {
			bw.WriteString(",")
		}
		n++
		return enc.Encode(row)
	})
	switch {
	case err != nil && n == 0:
		d.fail(w, r, err)
	case err != nil:
		bw.Flush()
		d.log.Error("findings stream cut short", "error", err)
	case n == 0:
		writeJSON(w, []callwatch.FindingRow{})
	default:
		bw.WriteString("]\n")
		bw.Flush()
	}
}

var signatoryParams = []string{"status", "since", "entity", "limit"}

// apiSignatories serves GET /api/v1/signatories: a JSON array of callwatch.Signatory,
// first seen newest first. Parameters: status (official, signed, declined, announced;
// repeatable or comma-separated), since (first seen at or after), entity (an ID, also one
// merged into the entity listed, or part of a name), limit.
func (d *Daemon) apiSignatories(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, signatoryParams); err != nil {
		d.fail(w, r, err)
		return
	}
	var f callwatch.SignatoryFilter
	var err error
	if f.Statuses, err = report.ParseStatuses(q["status"]); err != nil {
		d.fail(w, r, badf("invalid status: %v", err))
		return
	}
	if s := q.Get("since"); s != "" {
		if f.Since, err = report.ParseTime(s, time.Now(), false); err != nil {
			d.fail(w, r, badf("invalid since: %v", err))
			return
		}
	}
	limit := 0
	if s := q.Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 0 {
			d.fail(w, r, badf("invalid limit %q: want 0 (no limit) or more", s))
			return
		}
	}
	sigs, err := d.opts.Store.Signatories(r.Context(), f)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	if e := strings.ToLower(strings.TrimSpace(q.Get("entity"))); e != "" {
		sigs = slices.DeleteFunc(sigs, func(s callwatch.Signatory) bool {
			return strings.ToLower(s.ID) != e && !slices.ContainsFunc(s.MergedFrom, func(id string) bool { return strings.ToLower(id) == e }) &&
				!strings.Contains(strings.ToLower(s.Name), e)
		})
	}
	if limit > 0 && len(sigs) > limit {
		sigs = sigs[:limit]
	}
	if sigs == nil {
		sigs = []callwatch.Signatory{}
	}
	writeJSON(w, sigs)
}

// apiSources serves GET /api/v1/sources: every stored source state (health and schedule).
func (d *Daemon) apiSources(w http.ResponseWriter, r *http.Request) {
	if err := checkParams(r.URL.Query()); err != nil {
		d.fail(w, r, err)
		return
	}
	states, err := d.opts.Store.Sources(r.Context())
	if err != nil {
		d.fail(w, r, err)
		return
	}
	if states == nil {
		states = []callwatch.SourceState{}
	}
	writeJSON(w, states)
}

// apiOutbox serves GET /api/v1/outbox: the alert outbox, oldest first. Parameters: state
// (pending, delivered, dead), limit.
func (d *Daemon) apiOutbox(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, []string{"state", "limit"}); err != nil {
		d.fail(w, r, err)
		return
	}
	var f callwatch.OutboxFilter
	switch s := callwatch.DeliveryState(q.Get("state")); s {
	case "", callwatch.DeliveryPending, callwatch.DeliveryDelivered, callwatch.DeliveryDead:
		f.State = s
	default:
		d.fail(w, r, badf("invalid state %q: want pending, delivered or dead", s))
		return
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			d.fail(w, r, badf("invalid limit %q: want 0 (no limit) or more", s))
			return
		}
		f.Limit = n
	}
	entries, err := d.opts.Store.Outbox(r.Context(), f)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	if entries == nil {
		entries = []callwatch.OutboxEntry{}
	}
	writeJSON(w, entries)
}

// apiStats serves GET /api/v1/db/stats (Options.Stats).
func (d *Daemon) apiStats(w http.ResponseWriter, r *http.Request) {
	if d.opts.Stats == nil {
		writeError(w, http.StatusNotFound, "database statistics are not available")
		return
	}
	st, err := d.opts.Stats(r.Context())
	if err != nil {
		d.fail(w, r, err)
		return
	}
	writeJSON(w, st)
}

// apiInfo serves GET /api/v1/info: the database the daemon holds and its version.
func (d *Daemon) apiInfo(w http.ResponseWriter, _ *http.Request) { writeJSON(w, d.opts.Info) }

// apiStatus serves GET /api/v1/status: readiness, the pass in progress, the next pass,
// the last successful pass and the last pass's summary.
func (d *Daemon) apiStatus(w http.ResponseWriter, r *http.Request) {
	last, ok, err := d.opts.Store.LastRun(r.Context())
	if err != nil {
		d.fail(w, r, err)
		return
	}
	out := struct {
		status
		LastRun *callwatch.RunSummary `json:"last_run,omitempty"`
	}{status: d.status()}
	if ok {
		out.LastRun = &last
	}
	writeJSON(w, out)
}

var exportParams = []string{"format", "bom", "max_rows"}

// export serves GET /export?format=csv|jsonl|json|markdown|html|xlsx and the finding
// filter: the document `callwatch export` writes, as a download (Content-Disposition).
func (d *Daemon) export(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, filterParams, exportParams); err != nil {
		d.fail(w, r, err)
		return
	}
	now := time.Now()
	query := report.Query{Format: report.FormatCSV, Now: now, MaxTableRows: report.DefaultMaxTableRows}
	if s := q.Get("format"); s != "" {
		f, err := report.ParseFormat(s)
		if err != nil {
			d.fail(w, r, badf("invalid format: %v", err))
			return
		}
		query.Format = f
	}
	if s := q.Get("bom"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil || (b && query.Format != report.FormatCSV) {
			d.fail(w, r, badf("invalid bom %q: true or false, and only for format csv", s))
			return
		}
		query.BOM = b
	}
	if s := q.Get("max_rows"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			d.fail(w, r, badf("invalid max_rows %q: want 1 or more", s))
			return
		}
		query.MaxTableRows = n
	}
	f, err := d.findingFilter(r.Context(), q)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	query.Filter = f
	name := fmt.Sprintf("callwatch-findings-%s.%s", now.UTC().Format("20060102-150405"), query.Format.Extension())
	lw := &lazyWriter{w: w, header: func(h http.Header) {
		h.Set("Content-Type", query.Format.ContentType())
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
		h.Set("Content-Security-Policy", exportCSP)
	}}
	err = report.Write(r.Context(), lw, d.opts.Store, query)
	switch {
	case err != nil && !lw.started:
		d.fail(w, r, err)
	case err != nil:
		d.log.Error("export cut short", "url", r.URL.String(), "error", err)
	case !lw.started:
		lw.Write(nil) // an empty document still gets its headers
	}
}

// lazyWriter sets the headers and the 200 status on the first write, so that an error
// before any output can still be answered with an error status.
type lazyWriter struct {
	w       http.ResponseWriter
	header  func(http.Header)
	started bool
}

// Write sends the headers on the first call, then p.
func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.header(l.w.Header())
		l.w.WriteHeader(http.StatusOK)
	}
	return l.w.Write(p)
}
