package daemon

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
)

// FuzzParseFindingFilter feeds query strings from the network to the filter parser: it
// must never panic, and an accepted filter must be one the store can use.
func FuzzParseFindingFilter(f *testing.F) {
	for _, s := range []string{
		"", "since=7d", "since=2026-11-01&until=2026-11-30", "kind=signed,declined&kind=all", "lang=FR",
		"min_confidence=0.5&limit=10&newest=true", "since=2026-11-20T08:00:00Z", "until=999999999d",
		"min_confidence=NaN", "limit=99999999999999999999", "since=%ff", "kind=,", "entity=%00",
	} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		flt, _, err := ParseFindingFilter(q, now)
		if err != nil {
			return
		}
		if flt.MinConfidence < 0 || flt.MinConfidence > 1 || flt.MinConfidence != flt.MinConfidence {
			t.Fatalf("min_confidence %v accepted", flt.MinConfidence)
		}
		if flt.Limit < 0 {
			t.Fatalf("limit %d accepted", flt.Limit)
		}
		if !flt.Since.IsZero() && !flt.Until.IsZero() && !flt.Since.Before(flt.Until) {
			t.Fatalf("empty period accepted: %s to %s", flt.Since, flt.Until)
		}
		if flt.Language != "" && len(flt.Language) != 2 {
			t.Fatalf("lang %q accepted", flt.Language)
		}
		for _, k := range flt.Kinds {
			if k != callwatch.FindingMention && !k.IsStance() {
				t.Fatalf("kind %q accepted", k)
			}
		}
	})
}

// FuzzEvidenceSegments checks that any spans (they come from the database) cut the
// evidence into pieces that put back together give the sentence, each valid UTF-8 when
// the sentence is.
func FuzzEvidenceSegments(f *testing.F) {
	f.Add("Estonia has signed the Paris Call.", 10, 10, 17, 22, 28)
	f.Add("été à Paris", 0, 1, 3, 0, 20)
	f.Add("", 5, 0, 1, 2, 3)
	f.Fuzz(func(t *testing.T, ev string, start, a0, a1, b0, b1 int) {
		fd := callwatch.Finding{Evidence: ev, Start: start, Spans: []callwatch.Span{{Start: a0, End: a1}, {Start: b0, End: b1}}}
		var b strings.Builder
		for _, s := range evidenceSegments(fd) {
			if s.Text == "" {
				t.Fatal("an empty segment")
			}
			if utf8.ValidString(ev) && !utf8.ValidString(s.Text) {
				t.Fatalf("segment %q cuts a character", s.Text)
			}
			b.WriteString(s.Text)
		}
		if b.String() != ev {
			t.Fatalf("segments give %q, want %q", b.String(), ev)
		}
	})
}
