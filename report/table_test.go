package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/callwatch/callwatch"
	"github.com/rivo/uniseg"
)

func TestTruncateWidth(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"Paris Call", 20, "Paris Call"},
		{"Paris Call", 10, "Paris Call"},
		{"Paris Call", 6, "Paris…"},
		{"パリ・コール", 12, "パリ・コール"},
		{"パリ・コール", 7, "パリ・…"},
		{"パリ・コール", 6, "パリ…"}, // a wide character never straddles the edge
		{"e\u0301te\u0301", 3, "e\u0301te\u0301"},
		{"e\u0301te\u0301", 2, "e\u0301…"},
		{"🇫🇷 France", 4, "🇫🇷 …"},
		{"abc", 0, ""},
	} {
		got := truncateWidth(c.in, c.w)
		if got != c.want || uniseg.StringWidth(got) > c.w {
			t.Errorf("truncateWidth(%q, %d) = %q (width %d), want %q", c.in, c.w, got, uniseg.StringWidth(got), c.want)
		}
	}
}

func TestSanitizeTerminal(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                        "plain",
		"\x1b[2J\x1b[31mred\x1b[0m":    "red",
		"line\nbreak\ttab":             "line break tab",
		"bell\x07 and \u009b csi":      "bell and csi",
		"bad \xff byte":                "bad \ufffd byte",
		"rtl \u202eevil\u202c end":     "rtl evil end",
		"  spaced   out \r\n":          "spaced out",
		"Appel de Paris — cyberespace": "Appel de Paris — cyberespace",
	} {
		if got := sanitizeTerminal(in); got != want {
			t.Errorf("sanitizeTerminal(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTableFitsAndAligns(t *testing.T) {
	tb := &Table{
		Header:   []string{"DATE", "KIND", "TITLE", "NOTE"},
		Right:    map[int]bool{1: true},
		Width:    40,
		Flex:     []int{2},
		Optional: []int{3},
		Rows: [][]string{
			{"2026-11-25", "signed", "サイバー空間における信頼と安全のためのパリ・コール", "n"},
			{"2026-11-24", "x", "short", "n"},
		},
	}
	var b bytes.Buffer
	if err := tb.Write(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	want := []string{
		"DATE          KIND  TITLE",
		"2026-11-25  signed  サイバー空間におけ…", // 19 columns and "…"
		"2026-11-24       x  short",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), strings.Join(want, "\n"))
	}
	for _, l := range lines {
		if uniseg.StringWidth(l) > 40 {
			t.Errorf("%q is wider than 40", l)
		}
	}
}

func TestWriteSignatoriesGolden(t *testing.T) {
	for _, f := range []SignatoryFormat{SignatoriesTable, SignatoriesCSV, SignatoriesJSON} {
		t.Run(string(f), func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteSignatories(context.Background(), &b, fixture(), SignatoryQuery{Format: f, Width: 160}); err != nil {
				t.Fatal(err)
			}
			golden(t, "signatories."+string(f)+".golden", b.Bytes())
			if f == SignatoriesCSV && !strings.Contains(b.String(), "\n'@SUM(1+1)") && !strings.Contains(b.String(), ",'@SUM(1+1)") {
				t.Error("signatories CSV is not neutralised")
			}
		})
	}
	var b bytes.Buffer
	err := WriteSignatories(context.Background(), &b, fixture(), SignatoryQuery{Format: SignatoriesCSV, Statuses: []callwatch.Status{callwatch.StatusOfficial}})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "\n"); n != 3 {
		t.Errorf("--status official: %d lines, want header and 2:\n%s", n, b.String())
	}
	if err := WriteSignatories(context.Background(), &b, fixture(), SignatoryQuery{Format: "xml"}); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestWriteMentionsGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMentions(context.Background(), &b, fixture(), MentionsQuery{Width: 100}); err != nil {
		t.Fatal(err)
	}
	golden(t, "mentions.golden", b.Bytes())
	src := fixture()
	b.Reset()
	if err := WriteMentions(context.Background(), &b, src, MentionsQuery{Filter: callwatch.FindingFilter{Limit: 2}}); err != nil {
		t.Fatal(err)
	}
	if f := src.filters[0]; !f.Newest || f.Limit != 2 {
		t.Errorf("filter = %+v, want newest first, limit 2", f)
	}
	if n := strings.Count(b.String(), "\n"); n != 3 {
		t.Errorf("%d lines, want header and 2", n)
	}
	b.Reset()
	if err := WriteMentions(context.Background(), &b, fixture(), MentionsQuery{}); err != nil {
		t.Fatal(err)
	}
	if f := fixture(); len(f.rows) != strings.Count(b.String(), "\n")-1 {
		t.Errorf("default limit listed %d rows", strings.Count(b.String(), "\n")-1)
	}
}
