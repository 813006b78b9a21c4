package report

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
)

// SignatoryRow is one entity as `callwatch signatories` and the reports list it.
type SignatoryRow struct {
	EntityID    string    `json:"entity_id"`
	Name        string    `json:"name"`
	Category    string    `json:"category"`
	Country     string    `json:"country"`
	Status      string    `json:"status"`       // official, signed, announced or declined
	FirstSeen   time.Time `json:"first_seen"`   // first reported by the news or seen in the register
	EvidenceURL string    `json:"evidence_url"` // the first article reporting the status ("" for register-only entries)
	Evidence    string    `json:"evidence"`     // its evidence sentence
	Outlets     int       `json:"outlets"`      // distinct outlets reporting the status
	InRegister  bool      `json:"in_register"`  // the official register lists the entity
	AlertedAt   time.Time `json:"alerted_at"`   // when the first alert about it was raised (zero: never)
	New         bool      `json:"new"`          // first seen inside the period asked for
}

// signatoryRow summarises a signatory. The evidence is the report of the stance that
// matches its status (signed for official entities), else its earliest report.
func signatoryRow(s *callwatch.Signatory, since, until time.Time) SignatoryRow {
	status := s.Status
	if status == "" {
		status = s.DeriveStatus()
	}
	r := SignatoryRow{
		EntityID: s.ID, Name: s.Name, Category: string(s.Category), Country: s.Country,
		Status: string(status), FirstSeen: s.FirstSeen.UTC().Truncate(time.Second),
		InRegister: s.InRegister, AlertedAt: s.AlertedAt().UTC().Truncate(time.Second),
	}
	stance := callwatch.FindingKind(status)
	if status == callwatch.StatusOfficial {
		stance = callwatch.FindingSigned
	}
	rep := s.Report(stance)
	if rep == nil {
		for i := range s.Reports {
			if rep == nil || s.Reports[i].FirstSeen.Before(rep.FirstSeen) {
				rep = &s.Reports[i]
			}
		}
	}
	if rep != nil {
		r.EvidenceURL = rep.FirstArticle.URL
		r.Evidence = rep.FirstEvidence
		r.Outlets = rep.NumOutlets()
	}
	if !since.IsZero() && !r.FirstSeen.Before(since) && (until.IsZero() || r.FirstSeen.Before(until)) {
		r.New = true
	}
	return r
}

// signatoryRows loads the signatories that pass the filter (and, when entity is not
// empty, whose ID is entity, or names it among the records merged into it, or whose name
// contains it, case-insensitively), newest first,
// those new in [since, until) ahead of the others.
func signatoryRows(ctx context.Context, src Source, f callwatch.SignatoryFilter, entity string, since, until time.Time) ([]SignatoryRow, error) {
	sigs, err := src.Signatories(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("report: listing signatories: %w", err)
	}
	rows := make([]SignatoryRow, 0, len(sigs))
	var old []SignatoryRow
	needle := strings.ToLower(entity)
	for i := range sigs {
		s := &sigs[i]
		if entity != "" && s.ID != entity && !slices.Contains(s.MergedFrom, entity) && !strings.Contains(strings.ToLower(s.Name), needle) {
			continue
		}
		r := signatoryRow(s, since, until)
		if r.Status == "" {
			continue
		}
		if r.New {
			rows = append(rows, r)
		} else {
			old = append(old, r)
		}
	}
	return append(rows, old...), nil
}

// SignatoryFormat is an output format of WriteSignatories.
type SignatoryFormat string

// Signatory list formats.
const (
	SignatoriesTable SignatoryFormat = "table" // aligned columns for a terminal
	SignatoriesCSV   SignatoryFormat = "csv"   // RFC 4180, formula-neutralised
	SignatoriesJSON  SignatoryFormat = "json"  // a JSON array of SignatoryRow
)

// SignatoryQuery says which signatories WriteSignatories lists and how.
type SignatoryQuery struct {
	Format   SignatoryFormat
	Statuses []callwatch.Status // empty: all
	Width    int                // table: terminal width in columns; 0: 120
}

var signatoryHeader = []string{"entity_id", "name", "category", "country", "status", "first_seen",
	"evidence_url", "outlets", "in_register", "alerted_at"}

// WriteSignatories writes the signatories that pass q, newest first.
func WriteSignatories(ctx context.Context, w io.Writer, src Source, q SignatoryQuery) error {
	rows, err := signatoryRows(ctx, src, callwatch.SignatoryFilter{Statuses: q.Statuses}, "", time.Time{}, time.Time{})
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	switch q.Format {
	case SignatoriesJSON:
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			return err
		}
	case SignatoriesCSV:
		cw := csv.NewWriter(bw)
		cw.UseCRLF = true // RFC 4180 line breaks
		cw.Write(signatoryHeader)
		for _, r := range rows {
			rec := []string{r.EntityID, r.Name, r.Category, r.Country, r.Status, formatTime(r.FirstSeen),
				r.EvidenceURL, strconv.Itoa(r.Outlets), strconv.FormatBool(r.InRegister), formatTime(r.AlertedAt)}
			for i := range rec {
				rec[i] = Neutralize(rec[i])
			}
			cw.Write(rec)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	case SignatoriesTable, "":
		t := &Table{
			Header:   []string{"ENTITY", "CATEGORY", "COUNTRY", "STATUS", "FIRST SEEN", "OUTLETS", "REGISTER", "ALERTED", "EVIDENCE"},
			Right:    map[int]bool{5: true},
			Width:    q.Width,
			Flex:     []int{0, 8},
			Optional: []int{8, 7, 1},
		}
		for _, r := range rows {
			t.Rows = append(t.Rows, []string{r.Name, r.Category, r.Country, r.Status, formatDate(r.FirstSeen),
				strconv.Itoa(r.Outlets), yesNo(r.InRegister), formatDate(r.AlertedAt), r.EvidenceURL})
		}
		if err := t.Write(bw); err != nil {
			return err
		}
		fmt.Fprintf(bw, "%d signatories\n", len(rows))
	default:
		return fmt.Errorf("report: unknown signatories format %q: want table, csv or json", q.Format)
	}
	return bw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// formatDate writes t as YYYY-MM-DD in UTC, or "-" for the zero time.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.DateOnly)
}
