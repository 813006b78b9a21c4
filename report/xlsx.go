package report

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/xuri/excelize/v2"
)

// Sheet names of the XLSX export.
const (
	SheetFindings    = "Findings"
	SheetSignatories = "Signatories"
	SheetWeekly      = "Weekly"
)

// xlsxStyles are the cell styles of the workbook.
type xlsxStyles struct {
	header, datetime, date, confidence int
}

// writeXLSX writes a workbook with three sheets. The Findings sheet is written with
// excelize's StreamWriter (rows go to a temporary file past 16 MB), so memory stays flat;
// Weekly and Signatories are small. Every sheet has a styled, frozen header row and an
// autofilter; dates are real dates (UTC) and confidences numbers. Text is always written
// as a string cell, never as a formula, so a title such as "=HYPERLINK(...)" stays text.
func writeXLSX(ctx context.Context, w io.Writer, src Source, q Query, m *rowMaker) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetFindings); err != nil {
		return err
	}
	for _, name := range []string{SheetSignatories, SheetWeekly} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	f.SetDocProps(&excelize.DocProperties{
		Title:   "callwatch export",
		Subject: "Paris Call for Trust and Security in Cyberspace",
		Creator: "callwatch",
		Created: q.Now.Format(time.RFC3339),
	})

	// Findings: one streamed pass that also aggregates the weekly counts.
	widths := map[string]float64{"url": 40, "title": 50, "evidence": 80, "published": 18, "article_id": 18,
		"source": 20, "sources": 24, "outlet": 20, "entity_name": 24, "entity_id": 18, "rule": 18}
	sw, err := newSheetStream(f, SheetFindings, csvHeader, widths, st)
	if err != nil {
		return err
	}
	cells := make([]any, len(csvHeader))
	sum, err := scanSummary(ctx, src, q.Filter, 0, m, func(r Row) error {
		var e RowEntity
		if r.Entity != nil {
			e = *r.Entity
		}
		cells = append(cells[:0], r.SchemaVersion, r.ArticleID, r.URL, r.Title, r.Source, strings.Join(r.Sources, "; "),
			r.Outlet, dateCell(r.Published, st.datetime), r.Language, r.Kind, r.Strength, e.ID, e.Name, e.Category,
			e.Country, r.Stance, excelize.Cell{StyleID: st.confidence, Value: r.Confidence}, r.Evidence, r.Rule, r.Outlets)
		return sw.row(cells)
	})
	if err != nil {
		return err
	}
	if err := sw.close(); err != nil {
		return err
	}

	// Signatories.
	sigs, err := signatoryRows(ctx, src, callwatch.SignatoryFilter{}, q.Filter.Entity, q.Filter.Since, q.Filter.Until)
	if err != nil {
		return err
	}
	sigHeader := []string{"entity_id", "name", "category", "country", "status", "in_register", "first_seen",
		"outlets", "alerted_at", "evidence_url", "evidence", "new_in_period"}
	sw, err = newSheetStream(f, SheetSignatories, sigHeader, map[string]float64{"entity_id": 22, "name": 36,
		"first_seen": 18, "alerted_at": 18, "evidence_url": 40, "evidence": 80}, st)
	if err != nil {
		return err
	}
	for _, s := range sigs {
		if err := sw.row([]any{s.EntityID, s.Name, s.Category, s.Country, s.Status, s.InRegister,
			dateCell(s.FirstSeen, st.datetime), s.Outlets, dateCell(s.AlertedAt, st.datetime), s.EvidenceURL,
			s.Evidence, s.New}); err != nil {
			return err
		}
	}
	if err := sw.close(); err != nil {
		return err
	}

	// Weekly counts, every week from the first finding to the last.
	sw, err = newSheetStream(f, SheetWeekly, []string{"week_start", "mention", "signed", "declined", "announced", "total"},
		map[string]float64{"week_start": 14}, st)
	if err != nil {
		return err
	}
	for _, wk := range sum.Weeks(true) {
		c := wk.Counts
		if err := sw.row([]any{dateCell(wk.Start, st.date), c[0], c[1], c[2], c[3], c.Total()}); err != nil {
			return err
		}
	}
	if err := sw.close(); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var st xlsxStyles
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{
		Font:   &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
	}); err != nil {
		return st, err
	}
	dt := "yyyy-mm-dd hh:mm"
	if st.datetime, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dt}); err != nil {
		return st, err
	}
	d := "yyyy-mm-dd"
	if st.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &d}); err != nil {
		return st, err
	}
	c := "0.00"
	st.confidence, err = f.NewStyle(&excelize.Style{CustomNumFmt: &c})
	return st, err
}

// dateCell returns a date cell, or nil (an empty cell) for the zero time.
func dateCell(t time.Time, style int) any {
	if t.IsZero() {
		return nil
	}
	return excelize.Cell{StyleID: style, Value: t.UTC()}
}

// sheetStream writes one sheet with a styled, frozen header and an autofilter.
type sheetStream struct {
	f    *excelize.File
	sw   *excelize.StreamWriter
	name string
	cols int
	rows int // rows written, header included
}

func newSheetStream(f *excelize.File, name string, header []string, widths map[string]float64, st xlsxStyles) (*sheetStream, error) {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	// Panes and column widths must come before the first row.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	for i, h := range header {
		wd, ok := widths[h]
		if !ok {
			wd = max(10, float64(len(h))+2)
		}
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, err
		}
	}
	s := &sheetStream{f: f, sw: sw, name: name, cols: len(header)}
	hdr := make([]any, len(header))
	for i, h := range header {
		hdr[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	return s, s.row(hdr)
}

func (s *sheetStream) row(cells []any) error {
	s.rows++
	ref, err := excelize.CoordinatesToCellName(1, s.rows)
	if err != nil {
		return err
	}
	return s.sw.SetRow(ref, cells)
}

// close sets the autofilter over the written range and flushes the sheet.
func (s *sheetStream) close() error {
	last, err := excelize.CoordinatesToCellName(s.cols, max(s.rows, 2))
	if err != nil {
		return err
	}
	// The stream writer shares the worksheet with the File until Flush, so an autofilter
	// set now is written after the sheet's rows.
	if err := s.f.AutoFilter(s.name, "A1:"+last, nil); err != nil {
		return fmt.Errorf("autofilter on %s: %w", s.name, err)
	}
	return s.sw.Flush()
}
