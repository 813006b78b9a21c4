package daemon

import (
	"bytes"
	"context"
	_ "embed"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/report"
)

//go:embed dashboard.html.tmpl
var dashboardHTML string

//go:embed dashboard.css
var dashboardCSS []byte

// Dashboard limits: how much of each list the page shows.
const (
	dashFindings    = 25
	dashSignatories = 100
	dashOutbox      = 20
	// dashNewFor is how long a signatory counts as new on the dashboard.
	dashNewFor = 7 * 24 * time.Hour
	// chartWeeks is the period of the dashboard's chart.
	chartWeeks = 26
	// chartTTL bounds how long the chart is reused; a finished pass renews it at once.
	chartTTL = 10 * time.Minute
)

var dashboardTmpl = template.Must(template.New("dashboard").Funcs(template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"day": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02")
	},
	"pct":     func(f float64) string { return strconv.FormatFloat(f*100, 'f', 0, 64) + "%" },
	"httpURL": httpURL,
	// errorText drops the kind that FetchError messages start with (shown beside them).
	"errorText": func(kind callwatch.ErrorKind, msg string) string {
		return strings.TrimPrefix(msg, string(kind)+": ")
	},
}).Parse(dashboardHTML))

func serveCSS(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.Write(dashboardCSS)
}

// favicon is the dashboard's icon (browsers ask for /favicon.ico whatever the page says).
const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#0b5cad"/><path d="M4 8.5l2.5 2.5L12 5.5" stroke="#fff" stroke-width="2" fill="none"/></svg>`

func serveIcon(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "max-age=86400")
	io.WriteString(w, favicon)
}

// httpURL returns s when it is an absolute http or https URL, else "" (no link).
func httpURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// segment is a piece of an evidence sentence; Mark sets it off (the Call's name, the
// verb, the entity).
type segment struct {
	Text string
	Mark bool
	Role string
}

type findingView struct {
	callwatch.FindingRow
	Evidence []segment
}

type signatoryView struct {
	callwatch.Signatory
	New         bool
	EvidenceURL string
	Outlets     int
}

type channelCount struct {
	Channel                  string
	Pending, Delivered, Dead int
}

type outboxView struct {
	Total    int
	Channels []channelCount
	Waiting  []callwatch.OutboxEntry // entries with a pending or dead delivery, newest first
}

type dashData struct {
	Now         time.Time
	Status      status
	LastRun     *callwatch.RunSummary
	Findings    []findingView
	Signatories []signatoryView
	SigTotal    int
	SigNew      int
	Sources     []callwatch.SourceState
	Unhealthy   int
	Outbox      outboxView
	Chart       template.HTML
	Database    string
}

// dashboard serves the page at /: status, the chart, the latest findings with their
// evidence, the signatories (new ones first), source health and the alert outbox.
func (d *Daemon) dashboard(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Query()) > 0 {
		d.fail(w, r, badf("the dashboard takes no parameters"))
		return
	}
	data, err := d.dashboardData(r.Context())
	if err != nil {
		d.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := dashboardTmpl.Execute(&buf, data); err != nil {
		d.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func (d *Daemon) dashboardData(ctx context.Context) (*dashData, error) {
	now := time.Now()
	st := d.opts.Store
	data := &dashData{Now: now, Status: d.status(), Database: d.opts.Info.Database}
	if last, ok, err := st.LastRun(ctx); err != nil {
		return nil, err
	} else if ok {
		data.LastRun = &last
	}
	err := st.ScanFindings(ctx, callwatch.FindingFilter{Newest: true, Limit: dashFindings}, func(fr callwatch.FindingRow) error {
		data.Findings = append(data.Findings, findingView{FindingRow: fr, Evidence: evidenceSegments(fr.Finding)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sigs, err := st.Signatories(ctx, callwatch.SignatoryFilter{})
	if err != nil {
		return nil, err
	}
	data.SigTotal = len(sigs)
	views := make([]signatoryView, 0, min(len(sigs), dashSignatories))
	for i := range sigs {
		v := signatoryView{Signatory: sigs[i]}
		v.New = !sigs[i].InBaseline && now.Sub(sigs[i].FirstSeen) < dashNewFor
		if v.New {
			data.SigNew++
		}
		if rep := firstReport(&sigs[i]); rep != nil {
			v.EvidenceURL, v.Outlets = rep.FirstArticle.URL, rep.NumOutlets()
		}
		views = append(views, v)
	}
	// New first, then first seen newest first (the store's order).
	sort.SliceStable(views, func(i, j int) bool { return views[i].New && !views[j].New })
	if len(views) > dashSignatories {
		views = views[:dashSignatories]
	}
	data.Signatories = views
	if data.Sources, err = st.Sources(ctx); err != nil {
		return nil, err
	}
	for _, s := range data.Sources {
		if !s.Healthy() {
			data.Unhealthy++
		}
	}
	entries, err := st.Outbox(ctx, callwatch.OutboxFilter{})
	if err != nil {
		return nil, err
	}
	data.Outbox = outboxSummary(entries)
	data.Chart = d.chart.get(ctx, st, now, d)
	return data, nil
}

// firstReport returns the report matching the signatory's status, else its earliest one.
func firstReport(s *callwatch.Signatory) *callwatch.StanceReport {
	stance := callwatch.FindingKind(s.Status)
	if s.Status == callwatch.StatusOfficial {
		stance = callwatch.FindingSigned
	}
	if r := s.Report(stance); r != nil {
		return r
	}
	var first *callwatch.StanceReport
	for i := range s.Reports {
		if first == nil || s.Reports[i].FirstSeen.Before(first.FirstSeen) {
			first = &s.Reports[i]
		}
	}
	return first
}

func outboxSummary(entries []callwatch.OutboxEntry) outboxView {
	v := outboxView{Total: len(entries)}
	counts := map[string]*channelCount{}
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		waiting := false
		for _, dl := range e.Deliveries {
			c := counts[dl.Channel]
			if c == nil {
				c = &channelCount{Channel: dl.Channel}
				counts[dl.Channel] = c
			}
			switch dl.State {
			case callwatch.DeliveryPending:
				c.Pending++
				waiting = true
			case callwatch.DeliveryDelivered:
				c.Delivered++
			case callwatch.DeliveryDead:
				c.Dead++
				waiting = true
			}
		}
		if waiting && len(v.Waiting) < dashOutbox {
			v.Waiting = append(v.Waiting, e)
		}
	}
	for _, c := range counts {
		v.Channels = append(v.Channels, *c)
	}
	slices.SortFunc(v.Channels, func(a, b channelCount) int { return strings.Compare(a.Channel, b.Channel) })
	return v
}

// evidenceSegments cuts a finding's evidence sentence at its spans (given as offsets in
// the field), so the page can mark what matched. Spans outside the sentence, overlapping
// an earlier one, or not on character boundaries are ignored.
func evidenceSegments(f callwatch.Finding) []segment {
	ev := f.Evidence
	spans := slices.Clone(f.Spans)
	slices.SortFunc(spans, func(a, b callwatch.Span) int { return a.Start - b.Start })
	var out []segment
	pos := 0
	for _, s := range spans {
		a, b := s.Start-f.Start, s.End-f.Start
		if a < pos || b <= a || b > len(ev) || !utf8.RuneStart(ev[a]) || (b < len(ev) && !utf8.RuneStart(ev[b])) {
			continue
		}
		if a > pos {
			out = append(out, segment{Text: ev[pos:a]})
		}
		out = append(out, segment{Text: ev[a:b], Mark: true, Role: s.Role})
		pos = b
	}
	if pos < len(ev) {
		out = append(out, segment{Text: ev[pos:]})
	}
	return out
}

// chartCache keeps the dashboard's chart between page loads: drawing it reads every
// finding of the period. A finished pass invalidates it.
type chartCache struct {
	mu    sync.Mutex
	svg   template.HTML
	at    time.Time
	valid bool
}

func (c *chartCache) invalidate() {
	c.mu.Lock()
	c.valid = false
	c.mu.Unlock()
}

// get returns the findings-per-week chart of the last chartWeeks weeks: the HTML report's
// own inline SVG (report.ChartSVG), so the dashboard and the report draw the same chart.
// The SVG comes out of html/template, so it is already escaped.
func (c *chartCache) get(ctx context.Context, st report.Source, now time.Time, d *Daemon) template.HTML {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.valid && now.Sub(c.at) < chartTTL {
		return c.svg
	}
	since := now.UTC().AddDate(0, 0, -7*chartWeeks)
	svg, err := report.ChartSVG(ctx, st, callwatch.FindingFilter{Since: since})
	if err != nil {
		d.log.Warn("drawing the dashboard chart", "error", err)
		return ""
	}
	c.svg, c.at, c.valid = svg, now, true
	return c.svg
}
