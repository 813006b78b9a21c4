package report

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

func TestParseTime(t *testing.T) {
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	cases := []struct {
		in       string
		endOfDay bool
		want     time.Time
	}{
		{"2026-11-20", false, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
		{"2026-11-20", true, time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)},
		{"2026-12-31", true, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"2026-11-20T08:30:00Z", true, time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC)},
		{"2026-11-20T08:30:00+01:00", false, time.Date(2026, 11, 20, 7, 30, 0, 0, time.UTC)},
		{"2026-11-20T08:30Z", false, time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC)},
		{"7d", false, now.Add(-7 * 24 * time.Hour)},
		{"24h", false, now.Add(-24 * time.Hour)},
		{"2w", false, now.Add(-14 * 24 * time.Hour)},
		{"90m", false, now.Add(-90 * time.Minute)},
		{"1h30m", false, now.Add(-90 * time.Minute)},
		{" 7d ", false, now.Add(-7 * 24 * time.Hour)},
	}
	for _, c := range cases {
		got, err := ParseTime(c.in, now, c.endOfDay)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("ParseTime(%q, %v) = %v, %v; want %v", c.in, c.endOfDay, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "7", "d", "-7d", "7y", "2026-13-01", "2026/11/20", "0d", "-1h", "99999999999w", "1e3d"} {
		if got, err := ParseTime(bad, now, false); err == nil {
			t.Errorf("ParseTime(%q) = %v, want an error", bad, got)
		} else if bad != "" && !strings.Contains(err.Error(), "7d") {
			t.Errorf("ParseTime(%q) error %q does not say what is expected", bad, err)
		}
	}
}

func TestParseKinds(t *testing.T) {
	k := func(ks ...callwatch.FindingKind) []callwatch.FindingKind { return ks }
	cases := []struct {
		in   []string
		want []callwatch.FindingKind
	}{
		{nil, nil},
		{[]string{"all"}, nil},
		{[]string{"signed"}, k(callwatch.FindingSigned)},
		{[]string{"signed,declined", "Announced"}, k(callwatch.FindingSigned, callwatch.FindingDeclined, callwatch.FindingAnnounced)},
		{[]string{"mention", "mention"}, k(callwatch.FindingMention)},
		{[]string{"signed", "all"}, nil},
		{[]string{" signed , mention "}, k(callwatch.FindingSigned, callwatch.FindingMention)},
	}
	for _, c := range cases {
		got, err := ParseKinds(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseKinds(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range [][]string{{"signd"}, {"signed,"}, {""}, {"mentions"}} {
		if _, err := ParseKinds(bad); err == nil || !strings.Contains(err.Error(), "want mention, signed, declined, announced or all") {
			t.Errorf("ParseKinds(%q) = %v", bad, err)
		}
	}
}

func TestParseStatuses(t *testing.T) {
	got, err := ParseStatuses([]string{"official,signed", "declined"})
	if err != nil || !reflect.DeepEqual(got, []callwatch.Status{callwatch.StatusOfficial, callwatch.StatusSigned, callwatch.StatusDeclined}) {
		t.Errorf("got %v, %v", got, err)
	}
	if got, err := ParseStatuses([]string{"all"}); got != nil || err != nil {
		t.Errorf("all: %v, %v", got, err)
	}
	if _, err := ParseStatuses([]string{"confirmed"}); err == nil {
		t.Error("unknown status accepted")
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"csv": FormatCSV, "CSV": FormatCSV, "jsonl": FormatJSONL, "ndjson": FormatJSONL,
		"json": FormatJSON, "markdown": FormatMarkdown, "md": FormatMarkdown, "html": FormatHTML, "htm": FormatHTML, "xlsx": FormatXLSX} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "xls", "pdf", "tsv"} {
		if _, err := ParseFormat(bad); err == nil {
			t.Errorf("ParseFormat(%q) accepted", bad)
		}
	}
	for path, want := range map[string]Format{"a.csv": FormatCSV, "/x/y/report.HTML": FormatHTML, "b.md": FormatMarkdown, "c.xlsx": FormatXLSX} {
		if got, ok := FormatFromPath(path); !ok || got != want {
			t.Errorf("FormatFromPath(%q) = %q, %v", path, got, ok)
		}
	}
	for _, path := range []string{"report", "report.txt", "report.", ".csv/x"} {
		if got, ok := FormatFromPath(path); ok {
			t.Errorf("FormatFromPath(%q) = %q", path, got)
		}
	}
	for _, f := range Formats {
		if ct := f.ContentType(); ct == "application/octet-stream" || ct == "" {
			t.Errorf("%s has no content type", f)
		}
		if got, _ := FormatFromPath("x." + f.Extension()); got != f {
			t.Errorf("%s: extension %q does not map back", f, f.Extension())
		}
	}
}

func TestResolveSource(t *testing.T) {
	src := fixture()
	src.sources = append(src.sources, callwatch.SourceState{ID: "src-dup1", Name: "Dup"}, callwatch.SourceState{ID: "src-dup2", Name: "dup"})
	ctx := context.Background()
	for in, want := range map[string]string{"Google News EN": srcGoogle, "google news en": srcGoogle, " The Record ": srcRecord, srcRecord: srcRecord} {
		if got, err := ResolveSource(ctx, src, in); err != nil || got != want {
			t.Errorf("ResolveSource(%q) = %q, %v", in, got, err)
		}
	}
	_, err := ResolveSource(ctx, src, "Reuters")
	if !errors.Is(err, ErrUnknownSource) || !strings.Contains(err.Error(), `"Google News EN"`) {
		t.Errorf("unknown: %v", err)
	}
	_, err = ResolveSource(ctx, src, "DUP")
	if !errors.Is(err, ErrUnknownSource) || !strings.Contains(err.Error(), "src-dup1, src-dup2") {
		t.Errorf("ambiguous: %v", err)
	}
	if _, err := ResolveSource(ctx, &fakeSource{}, "x"); err == nil || !strings.Contains(err.Error(), "no sources yet") {
		t.Errorf("empty: %v", err)
	}
}

func TestSourceNameFallsBackToID(t *testing.T) {
	src := fixture()
	src.sources = nil // sources deleted since: rows name them by ID
	out := string(export(t, src, Query{Format: FormatCSV, Filter: callwatch.FindingFilter{Limit: 1}}))
	if !strings.Contains(out, ","+srcGoogle+","+srcGoogle+",") {
		t.Errorf("source column without names:\n%s", out)
	}
}
