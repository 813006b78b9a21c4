package report

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
)

// kindOrder orders kinds in counts, charts and tables.
var kindOrder = []callwatch.FindingKind{callwatch.FindingMention, callwatch.FindingSigned, callwatch.FindingDeclined, callwatch.FindingAnnounced}

func kindIndex(k callwatch.FindingKind) int {
	for i, o := range kindOrder {
		if o == k {
			return i
		}
	}
	return -1
}

// Counts holds findings per kind: mention, signed, declined, announced.
type Counts [4]int

// Total returns the sum of the counts.
func (c Counts) Total() int { return c[0] + c[1] + c[2] + c[3] }

// Week is the number of findings of each kind in one week.
type Week struct {
	Start  time.Time // Monday 00:00 UTC
	Counts Counts
}

// summary is what HTML, Markdown and XLSX reports aggregate in their single pass over the
// findings: exact counts, weekly counts and (for HTML and Markdown) the first maxRows rows.
// Its memory grows with the number of weeks and outlets, never with the number of findings.
type summary struct {
	Since, Until time.Time // the period asked for (zero: open)
	First, Last  time.Time // published times of the oldest and newest finding seen
	Counts       Counts
	Total        int
	weeks        map[time.Time]*Counts
	outlets      map[string]struct{}
	Rows         []Row // the first maxRows rows in scan order
	maxRows      int
}

func newSummary(f callwatch.FindingFilter, maxRows int) *summary {
	return &summary{Since: f.Since, Until: f.Until, weeks: map[time.Time]*Counts{}, outlets: map[string]struct{}{}, maxRows: maxRows}
}

// add counts one row; it keeps the row itself while fewer than maxRows are kept.
func (s *summary) add(r Row) {
	s.Total++
	i := kindIndex(callwatch.FindingKind(r.Kind))
	if i >= 0 {
		s.Counts[i]++
	}
	p := r.Published
	if !p.IsZero() {
		if s.First.IsZero() || p.Before(s.First) {
			s.First = p
		}
		if p.After(s.Last) {
			s.Last = p
		}
		wk := weekStart(p)
		c := s.weeks[wk]
		if c == nil {
			c = new(Counts)
			s.weeks[wk] = c
		}
		if i >= 0 {
			c[i]++
		}
	}
	if r.Outlet != "" {
		if _, ok := s.outlets[r.Outlet]; !ok && len(s.outlets) < 100000 {
			s.outlets[strings.Clone(r.Outlet)] = struct{}{}
		}
	}
	if len(s.Rows) < s.maxRows {
		s.Rows = append(s.Rows, r)
	}
}

// Outlets returns the number of distinct outlets seen.
func (s *summary) Outlets() int { return len(s.outlets) }

// Truncated reports whether the kept rows are fewer than the findings counted.
func (s *summary) Truncated() bool { return len(s.Rows) < s.Total }

// Weeks returns one Week for every week from the first finding's to the last finding's,
// empty weeks included, oldest first. With dense false, only weeks with findings.
func (s *summary) Weeks(dense bool) []Week {
	if len(s.weeks) == 0 {
		return nil
	}
	if !dense {
		out := make([]Week, 0, len(s.weeks))
		for t, c := range s.weeks {
			out = append(out, Week{Start: t, Counts: *c})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
		return out
	}
	first, last := weekStart(s.First), weekStart(s.Last)
	var out []Week
	for t := first; !t.After(last); t = t.AddDate(0, 0, 7) {
		w := Week{Start: t}
		if c := s.weeks[t]; c != nil {
			w.Counts = *c
		}
		out = append(out, w)
	}
	return out
}

// weekStart returns Monday 00:00 UTC of t's ISO week.
func weekStart(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	offset := (int(day.Weekday()) + 6) % 7 // days since Monday
	return day.AddDate(0, 0, -offset)
}

// scanSummary runs the single pass of the aggregated formats. each, if not nil, also
// receives every row (XLSX streams them to its Findings sheet).
func scanSummary(ctx context.Context, src Source, f callwatch.FindingFilter, maxRows int, m *rowMaker, each func(Row) error) (*summary, error) {
	s := newSummary(f, maxRows)
	err := src.ScanFindings(ctx, f, func(fr callwatch.FindingRow) error {
		r := m.row(fr)
		s.add(r)
		if each != nil {
			return each(r)
		}
		return nil
	})
	return s, err
}
