package report

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
)

// SchemaVersion is the version of the export schema (docs/export-schema.md). It changes
// only when a field is removed, renamed or changes meaning; new fields may be added
// within a version, so readers must ignore fields they do not know.
const SchemaVersion = 1

// Row is one finding as exports write it. JSON and JSONL use exactly these field names;
// CSV and XLSX use the same names, with Entity flattened into entity_id, entity_name,
// entity_category and entity_country, and Sources joined with "; ".
type Row struct {
	SchemaVersion int        `json:"schema_version"`
	ArticleID     string     `json:"article_id"`
	URL           string     `json:"url"`
	Title         string     `json:"title"`
	Source        string     `json:"source"`  // name of the source (the filtered one, else the first)
	Sources       []string   `json:"sources"` // names of every source the article was seen under
	Outlet        string     `json:"outlet"`
	Published     time.Time  `json:"published"` // RFC 3339, UTC
	Language      string     `json:"language"`
	Kind          string     `json:"kind"`
	Strength      string     `json:"strength,omitempty"` // mentions only
	Entity        *RowEntity `json:"entity,omitempty"`   // stances only
	Stance        string     `json:"stance,omitempty"`   // stances only: signed, declined, announced
	Confidence    float64    `json:"confidence"`         // in [0, 1], rounded to 3 decimals
	Evidence      string     `json:"evidence"`
	Rule          string     `json:"rule"`
	Outlets       int        `json:"outlets"`
}

// RowEntity is the entity of a stance finding.
type RowEntity struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Country  string `json:"country"`
}

// rowMaker turns store rows into export rows.
type rowMaker struct {
	names  map[string]string // source ID -> name
	source string            // the filtered source ID, if any
}

func (m *rowMaker) row(fr callwatch.FindingRow) Row {
	f := fr.Finding
	r := Row{
		SchemaVersion: SchemaVersion,
		ArticleID:     fr.Article.ID,
		URL:           fr.Article.URL,
		Title:         fr.Article.Title,
		Outlet:        fr.Article.Outlet,
		Published:     fr.Article.Published.UTC().Truncate(time.Second),
		Language:      fr.Article.Language,
		Kind:          string(f.Kind),
		Confidence:    roundConfidence(f.Confidence),
		Evidence:      f.Evidence,
		Rule:          f.Rule,
		Outlets:       fr.Outlets,
		Sources:       make([]string, 0, len(fr.Sources)),
	}
	for _, id := range fr.Sources {
		r.Sources = append(r.Sources, m.name(id))
	}
	switch {
	case m.source != "":
		r.Source = m.name(m.source)
	case len(fr.Sources) > 0:
		r.Source = r.Sources[0]
	}
	if f.Kind.IsStance() {
		r.Stance = string(f.Kind)
		if f.Entity != nil {
			r.Entity = &RowEntity{ID: f.Entity.ID, Name: f.Entity.Name, Category: string(f.Entity.Category), Country: f.Entity.Country}
		}
	} else {
		r.Strength = string(f.Strength)
	}
	return r
}

func (m *rowMaker) name(id string) string {
	if n, ok := m.names[id]; ok && n != "" {
		return n
	}
	return id
}

func roundConfidence(c float64) float64 {
	if math.IsNaN(c) || math.IsInf(c, 0) {
		return 0
	}
	return math.Round(c*1000) / 1000
}

// csvHeader is the CSV (and XLSX Findings sheet) header, in column order.
var csvHeader = []string{
	"schema_version", "article_id", "url", "title", "source", "sources", "outlet", "published",
	"language", "kind", "strength", "entity_id", "entity_name", "entity_category", "entity_country",
	"stance", "confidence", "evidence", "rule", "outlets",
}

// record returns the row's CSV cells, neutralised against formula injection.
func (r *Row) record(dst []string) []string {
	var e RowEntity
	if r.Entity != nil {
		e = *r.Entity
	}
	dst = append(dst[:0],
		strconv.Itoa(r.SchemaVersion), r.ArticleID, r.URL, r.Title, r.Source, strings.Join(r.Sources, "; "),
		r.Outlet, formatTime(r.Published), r.Language, r.Kind, r.Strength, e.ID, e.Name, e.Category,
		e.Country, r.Stance, strconv.FormatFloat(r.Confidence, 'f', -1, 64), r.Evidence, r.Rule,
		strconv.Itoa(r.Outlets))
	for i := range dst {
		dst[i] = Neutralize(validUTF8(dst[i]))
	}
	return dst
}

// validUTF8 replaces invalid UTF-8 with U+FFFD, as JSON encoding does, so every format
// carries the same text.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// formatTime writes t as RFC 3339 in UTC, or "" for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Neutralize defuses a spreadsheet cell against formula injection: a value that starts
// with =, +, -, @, a tab or a carriage return gets a leading single quote, so Excel,
// LibreOffice and Google Sheets show it as text instead of evaluating it. Everything else
// is returned unchanged. (Negative numbers therefore never come out of callwatch's CSV:
// none of its numeric columns can be negative.)
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
