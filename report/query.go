package report

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
)

// Format is an export format.
type Format string

// Export formats.
const (
	FormatCSV      Format = "csv"      // RFC 4180, one row per finding, formula-neutralised
	FormatJSONL    Format = "jsonl"    // one JSON object per line, one line per finding
	FormatJSON     Format = "json"     // one JSON document: metadata and a findings array
	FormatMarkdown Format = "markdown" // summary, weekly counts, signatories, latest findings
	FormatHTML     Format = "html"     // one self-contained page with an inline SVG chart
	FormatXLSX     Format = "xlsx"     // a workbook: Findings, Signatories and Weekly sheets
)

// Formats lists every Format, in documentation order.
var Formats = []Format{FormatCSV, FormatJSONL, FormatJSON, FormatMarkdown, FormatHTML, FormatXLSX}

// DefaultMaxTableRows is how many findings (and signatories) the HTML and Markdown reports
// show at most; their counts and the chart always cover every finding.
const DefaultMaxTableRows = 500

// Query says what to export and how.
type Query struct {
	Format Format
	// Filter selects the findings. CSV, JSONL, JSON and XLSX keep its order (oldest first
	// unless Newest); HTML and Markdown always list the latest findings first.
	Filter callwatch.FindingFilter
	// BOM writes a UTF-8 byte-order mark before CSV output, so Excel reads it as UTF-8.
	BOM bool
	// Now is the generation time written in headers, and the end of an open period.
	// Zero: time.Now().
	Now time.Time
	// MaxTableRows caps the findings and signatories tables of HTML and Markdown reports.
	// 0: DefaultMaxTableRows.
	MaxTableRows int
}

// ParseFormat parses a format name. "md" is accepted for markdown, "ndjson" for jsonl,
// "xls" is not (callwatch writes only xlsx).
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatCSV, FormatJSONL, FormatJSON, FormatMarkdown, FormatHTML, FormatXLSX:
		return f, nil
	case "md":
		return FormatMarkdown, nil
	case "ndjson":
		return FormatJSONL, nil
	case "htm":
		return FormatHTML, nil
	}
	return "", fmt.Errorf("unknown format %q: want csv, jsonl, json, markdown, html or xlsx", s)
}

// FormatFromPath infers a format from a file name's extension (.csv, .jsonl, .ndjson,
// .json, .md, .markdown, .html, .htm, .xlsx). ok is false for any other extension.
func FormatFromPath(path string) (f Format, ok bool) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if ext == "" {
		return "", false
	}
	f, err := ParseFormat(ext)
	return f, err == nil
}

// Extension returns the file extension (without the dot) usual for the format.
func (f Format) Extension() string {
	if f == FormatMarkdown {
		return "md"
	}
	return string(f)
}

// ContentType returns the MIME type of the format, for HTTP downloads.
func (f Format) ContentType() string {
	switch f {
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatJSONL:
		return "application/x-ndjson"
	case FormatJSON:
		return "application/json"
	case FormatMarkdown:
		return "text/markdown; charset=utf-8"
	case FormatHTML:
		return "text/html; charset=utf-8"
	case FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/octet-stream"
}

// ParseTime parses a --since or --until value relative to now:
//
//   - a date, 2006-01-02: midnight UTC starting that day, or with endOfDay the midnight
//     ending it (so "--until 2026-11-20" includes the 20th);
//   - an RFC 3339 time, 2006-01-02T15:04:05Z07:00 (also without seconds);
//   - a relative time before now: a whole number and a unit, 90m, 24h, 7d, 2w (minutes,
//     hours, days, weeks), or any Go duration such as 1h30m.
func ParseTime(s string, now time.Time, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty time: want YYYY-MM-DD, RFC 3339 or a relative time such as 7d")
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if endOfDay {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if d, ok := parseRelative(s); ok {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("invalid time %q: want YYYY-MM-DD, RFC 3339 (2026-11-20T08:00:00Z) or a relative time such as 24h, 7d or 2w", s)
}

// parseRelative parses "7d", "2w", "24h", "90m" and Go durations. The result is positive.
func parseRelative(s string) (time.Duration, bool) {
	if len(s) >= 2 {
		unit := s[len(s)-1]
		n, err := strconv.ParseUint(s[:len(s)-1], 10, 32)
		if err == nil && n > 0 {
			var d time.Duration
			switch unit {
			case 'm':
				d = time.Minute
			case 'h':
				d = time.Hour
			case 'd':
				d = 24 * time.Hour
			case 'w':
				d = 7 * 24 * time.Hour
			default:
				return 0, false
			}
			if n > uint64(200*365*24*time.Hour/d) {
				return 0, false
			}
			return time.Duration(n) * d, true
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, false
	}
	return d, true
}

// ParseKinds parses --kind values: each may hold several kinds separated by commas.
// "all" (or nothing) selects every kind and returns nil.
func ParseKinds(values []string) ([]callwatch.FindingKind, error) {
	var kinds []callwatch.FindingKind
	seen := map[callwatch.FindingKind]bool{}
	all := false
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			k := callwatch.FindingKind(strings.ToLower(strings.TrimSpace(part)))
			switch {
			case k == "all":
				all = true
			case k == "":
				return nil, fmt.Errorf("empty kind in %q: want mention, signed, declined, announced or all", v)
			case k == callwatch.FindingMention || k.IsStance():
				if !seen[k] {
					seen[k] = true
					kinds = append(kinds, k)
				}
			default:
				return nil, fmt.Errorf("unknown kind %q: want mention, signed, declined, announced or all", part)
			}
		}
	}
	if all {
		return nil, nil
	}
	return kinds, nil
}

// ParseStatuses parses --status values like ParseKinds: official, signed, declined,
// announced, or all (nil).
func ParseStatuses(values []string) ([]callwatch.Status, error) {
	var out []callwatch.Status
	seen := map[callwatch.Status]bool{}
	all := false
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			s := callwatch.Status(strings.ToLower(strings.TrimSpace(part)))
			switch s {
			case "all":
				all = true
			case callwatch.StatusOfficial, callwatch.StatusSigned, callwatch.StatusDeclined, callwatch.StatusAnnounced:
				if !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			default:
				return nil, fmt.Errorf("unknown status %q: want official, signed, declined, announced or all", part)
			}
		}
	}
	if all {
		return nil, nil
	}
	return out, nil
}
