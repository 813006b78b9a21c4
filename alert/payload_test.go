package alert

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
)

func TestSummary(t *testing.T) {
	base := testAlert("Acme")
	tests := []struct {
		name string
		edit func(*callwatch.Alert)
		want string
	}{
		{"reported", func(a *callwatch.Alert) {}, "New Paris Call signatory reported: Acme (news.example)"},
		{"confirmed", func(a *callwatch.Alert) { a.Kind = callwatch.AlertConfirmed; a.Article = callwatch.ArticleRef{} },
			"New Paris Call supporter in the official register: Acme"},
		{"follow-up", func(a *callwatch.Alert) {
			a.Kind, a.FollowUp, a.ReportedAt = callwatch.AlertConfirmed, true, time.Date(2026, 11, 3, 23, 0, 0, 0, time.FixedZone("x", -5*3600))
		}, "Confirmed: Acme is now in the official Paris Call register (reported 2026-11-04)"},
		{"declined", func(a *callwatch.Alert) { a.Kind = callwatch.AlertDeclined }, "Reported as declining the Paris Call: Acme"},
		{"announced", func(a *callwatch.Alert) { a.Kind = callwatch.AlertAnnounced }, "Reported as about to join the Paris Call: Acme"},
		{"removed", func(a *callwatch.Alert) { a.Kind = callwatch.AlertRemoved }, "Removed from the official Paris Call register: Acme"},
		{"test", func(a *callwatch.Alert) { a.Kind, a.Test = callwatch.AlertTest, true }, "[TEST] New Paris Call signatory reported: Acme (news.example)"},
		{"no name", func(a *callwatch.Alert) { a.Entity.Name = "" }, "New Paris Call signatory reported: org:Acme (news.example)"},
		{"line breaks", func(a *callwatch.Alert) { a.Entity.Name = "Acme\r\n\tCorp\u2028X" },
			"New Paris Call signatory reported: Acme Corp X (news.example)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := base
			tt.edit(&a)
			if got := Summary(a); got != tt.want {
				t.Errorf("Summary = %q\nwant      %q", got, tt.want)
			}
		})
	}
}

func TestBodyFields(t *testing.T) {
	a := testAlert("Acme")
	a.Kind, a.FollowUp, a.Confirmed, a.ReportedAt = callwatch.AlertConfirmed, true, true, t0.Add(-time.Hour)
	data, err := newMessage("ops", false, a).encode()
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema", "channel", "idempotency_key", "digest", "test", "alerts"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("body lacks %q", k)
		}
	}
	al := raw["alerts"].([]any)[0].(map[string]any)
	for _, k := range []string{"idempotency_key", "id", "kind", "summary", "created", "entity", "stance", "confidence", "evidence",
		"rule", "article", "outlets", "confirmed", "follow_up", "reported_at", "test"} {
		if _, ok := al[k]; !ok {
			t.Errorf("alert lacks %q (docs/alerts.md documents it)", k)
		}
	}
	// Register-only alerts have no article and no zero times.
	r := callwatch.Alert{ID: "x", Kind: callwatch.AlertConfirmed, Entity: callwatch.Entity{ID: "org:x", Name: "X"}, Created: t0, Confidence: 1}
	data, _ = newMessage("ops", false, r).encode()
	if s := string(data); strings.Contains(s, `"article"`) || strings.Contains(s, "0001-01-01") || !strings.Contains(s, `"outlets":[]`) {
		t.Errorf("register alert body = %s", s)
	}
}

func FuzzOneLine(f *testing.F) {
	for _, s := range []string{"", "a\r\nb", "\u2028\u2029\u0085", "  lead and trail  ", "tab\there", "\x00\x7f", "é\xffz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := oneLine(s)
		for _, r := range got {
			if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 {
				t.Fatalf("oneLine(%q) = %q keeps %U", s, got, r)
			}
		}
		if strings.Contains(got, "  ") || strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") {
			t.Fatalf("oneLine(%q) = %q has runs of spaces or edges", s, got)
		}
		if oneLine(got) != got {
			t.Fatalf("oneLine is not idempotent on %q", s)
		}
		if tr := truncate(got, 10); utf8.ValidString(got) && !utf8.ValidString(tr) {
			t.Fatalf("truncate(%q) cut a rune: %q", got, tr)
		}
	})
}
