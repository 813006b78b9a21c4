package report

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/callwatch/callwatch"
)

// Write exports the findings that pass q.Filter to w in q.Format. CSV, JSONL and JSON
// stream row by row; HTML, Markdown and XLSX aggregate in the same single pass (see
// summary), so memory stays bounded however many findings there are. w receives
// partial output when Write fails: write to a temporary file and rename it on success.
func Write(ctx context.Context, w io.Writer, src Source, q Query) error {
	if q.Now.IsZero() {
		q.Now = time.Now()
	}
	q.Now = q.Now.UTC().Truncate(time.Second)
	if q.MaxTableRows <= 0 {
		q.MaxTableRows = DefaultMaxTableRows
	}
	if q.Format == "" {
		q.Format = FormatCSV
	}
	names, err := sourceNames(ctx, src)
	if err != nil {
		return err
	}
	m := &rowMaker{names: names, source: q.Filter.Source}
	switch q.Format {
	case FormatCSV:
		err = writeCSV(ctx, w, src, q, m)
	case FormatJSONL:
		err = writeJSONL(ctx, w, src, q, m)
	case FormatJSON:
		err = writeJSON(ctx, w, src, q, m)
	case FormatMarkdown:
		err = writeMarkdown(ctx, w, src, q, m)
	case FormatHTML:
		err = writeHTML(ctx, w, src, q, m)
	case FormatXLSX:
		err = writeXLSX(ctx, w, src, q, m)
	default:
		return fmt.Errorf("report: unknown format %q", q.Format)
	}
	if err != nil {
		return fmt.Errorf("report: writing %s: %w", q.Format, err)
	}
	return nil
}

// overview is what the aggregated formats (HTML, Markdown) show.
type overview struct {
	Title       string
	Generated   time.Time
	Sum         *summary
	Weeks       []Week
	Signatories []SignatoryRow
	SigTotal    int // signatories before the table cap
	SigNew      int
	SigOfficial int
	MaxRows     int
}

// buildOverview runs the single pass over the findings (latest first) and loads the
// signatories.
func buildOverview(ctx context.Context, src Source, q Query, m *rowMaker) (*overview, error) {
	f := q.Filter
	f.Newest = true
	sum, err := scanSummary(ctx, src, f, q.MaxTableRows, m, nil)
	if err != nil {
		return nil, err
	}
	until := q.Filter.Until
	sigs, err := signatoryRows(ctx, src, callwatch.SignatoryFilter{}, q.Filter.Entity, q.Filter.Since, until)
	if err != nil {
		return nil, err
	}
	o := &overview{
		Title:     "Paris Call for Trust and Security in Cyberspace: callwatch report",
		Generated: q.Now,
		Sum:       sum,
		Weeks:     sum.Weeks(true),
		SigTotal:  len(sigs),
		MaxRows:   q.MaxTableRows,
	}
	for _, s := range sigs {
		if s.New {
			o.SigNew++
		}
		if s.InRegister {
			o.SigOfficial++
		}
	}
	if len(sigs) > q.MaxTableRows {
		sigs = sigs[:q.MaxTableRows]
	}
	o.Signatories = sigs
	return o, nil
}

// periodText describes the period of a report.
func (o *overview) periodText() string {
	s := o.Sum
	from, to := "the beginning", "now"
	if !s.Since.IsZero() {
		from = s.Since.UTC().Format("2006-01-02 15:04 UTC")
	} else if !s.First.IsZero() {
		from = s.First.UTC().Format("2006-01-02") + " (first finding)"
	}
	if !s.Until.IsZero() {
		to = s.Until.UTC().Format("2006-01-02 15:04 UTC") + " (exclusive)"
	} else {
		to = o.Generated.Format("2006-01-02 15:04 UTC")
	}
	return from + " to " + to
}
