package report

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/callwatch/callwatch"
)

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate is the HTML report. html/template escapes every value by context (text,
// attribute, URL), and safeURL lets only absolute http and https URLs become links.
var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"add":  func(a, b float64) float64 { return a + b },
	"date": formatDate,
	"kindClass": func(kind string) string {
		if i := kindIndex(callwatch.FindingKind(kind)); i >= 0 {
			return kindClasses[i]
		}
		return ""
	},
	"safeURL": func(u string) string {
		s, _ := safeURL(u)
		return s
	},
}).Parse(htmlSource))

// htmlData is what the template renders.
type htmlData struct {
	*overview
	SchemaVersion int
	Period        string
	Generated     string
	FilterText    string
	Outlets       int
	Chart         chart
	HasSince      bool // the period has a start, so "new" means something
}

// writeHTML writes one self-contained HTML page: inline CSS, an inline SVG chart, no
// script and a Content-Security-Policy that forbids scripts and network loads.
func writeHTML(ctx context.Context, w io.Writer, src Source, q Query, m *rowMaker) error {
	o, err := buildOverview(ctx, src, q, m)
	if err != nil {
		return err
	}
	d := htmlData{
		overview:      o,
		SchemaVersion: SchemaVersion,
		Period:        o.periodText(),
		Generated:     o.Generated.Format("2006-01-02 15:04 UTC"),
		FilterText:    filterText(q.Filter, m),
		Outlets:       o.Sum.Outlets(),
		Chart:         newChart(o.Weeks, o.Sum.Counts),
		HasSince:      !q.Filter.Since.IsZero(),
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := htmlTemplate.Execute(bw, d); err != nil {
		return err
	}
	return bw.Flush()
}

// filterText describes the filters other than the period, for report headers.
func filterText(f callwatch.FindingFilter, m *rowMaker) string {
	var parts []string
	if len(f.Kinds) > 0 {
		ks := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			ks[i] = string(k)
		}
		parts = append(parts, "kind "+strings.Join(ks, ", "))
	}
	if f.Source != "" {
		parts = append(parts, "source "+m.name(f.Source))
	}
	if f.Language != "" {
		parts = append(parts, "language "+f.Language)
	}
	if f.Entity != "" {
		parts = append(parts, "entity "+f.Entity)
	}
	if f.MinConfidence > 0 {
		parts = append(parts, "confidence ≥ "+strconv.FormatFloat(f.MinConfidence, 'f', -1, 64))
	}
	if f.Limit > 0 {
		parts = append(parts, "latest "+strconv.Itoa(f.Limit))
	}
	return strings.Join(parts, " · ")
}

// ChartSVG draws the weekly findings chart of the HTML report, by kind, for the findings
// that pass f, as one self-contained <svg class="chart"> element (colours as attributes,
// no script, escaped by html/template), so a dashboard can embed the same chart. It reads
// every finding once and keeps only the weekly counts.
func ChartSVG(ctx context.Context, src Source, f callwatch.FindingFilter) (template.HTML, error) {
	sum, err := scanSummary(ctx, src, f, 0, &rowMaker{}, nil)
	if err != nil {
		return "", fmt.Errorf("report: reading findings: %w", err)
	}
	var b strings.Builder
	if err := htmlTemplate.ExecuteTemplate(&b, "chart", newChart(sum.Weeks(true), sum.Counts)); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}
