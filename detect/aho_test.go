package detect

import (
	"math/rand"
	"sort"
	"strings"
	"testing"
)

// naiveMatches finds every occurrence of every pattern by brute force.
func naiveMatches(patterns []string, s string) []rawMatch {
	var out []rawMatch
	for id, p := range patterns {
		if p == "" {
			continue
		}
		for i := 0; i+len(p) <= len(s); i++ {
			if s[i:i+len(p)] == p {
				out = append(out, rawMatch{start: i, end: i + len(p), id: int32(id)})
			}
		}
	}
	return sortMatches(out)
}

func sortMatches(m []rawMatch) []rawMatch {
	sort.Slice(m, func(i, j int) bool {
		if m[i].end != m[j].end {
			return m[i].end < m[j].end
		}
		if m[i].start != m[j].start {
			return m[i].start < m[j].start
		}
		return m[i].id < m[j].id
	})
	return m
}

func automatonMatches(a *automaton, s string) []rawMatch {
	var out []rawMatch
	a.scan(s, func(start, end int, id int32) { out = append(out, rawMatch{start, end, id}) })
	return sortMatches(out)
}

// TestAutomatonMatchesNaive compares the automaton with brute force on random patterns
// and texts over a small alphabet (many overlaps, shared prefixes and suffixes, patterns
// inside patterns, duplicates).
func TestAutomatonMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	word := func(max int) string {
		var b strings.Builder
		n := 1 + rng.Intn(max)
		for i := 0; i < n; i++ {
			b.WriteByte("abcé "[rng.Intn(5)])
		}
		return b.String()
	}
	for round := 0; round < 200; round++ {
		var patterns []string
		for i := 0; i < 1+rng.Intn(30); i++ {
			patterns = append(patterns, word(6))
		}
		a := buildAutomaton(patterns)
		for k := 0; k < 5; k++ {
			s := word(200)
			got, want := automatonMatches(a, s), naiveMatches(patterns, s)
			if len(got) != len(want) {
				t.Fatalf("patterns %q text %q: %d matches, want %d", patterns, s, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("patterns %q text %q: match %d = %+v, want %+v", patterns, s, i, got[i], want[i])
				}
			}
		}
	}
}

// TestAutomatonFullLexicon checks the detector's own automaton against brute force on
// the labelled corpus.
func TestAutomatonFullLexicon(t *testing.T) {
	d := newTestDetector(t)
	for _, ld := range loadCorpus(t)[:20] {
		s := normalize(ld.doc.Text).s
		got := automatonMatches(d.auto, s)
		var want []rawMatch
		for _, m := range naiveMatches(d.patterns, s) {
			b := d.auto.bounds[m.id]
			if b&1 != 0 && m.start > 0 && asciiWord(s[m.start-1]) || b&2 != 0 && m.end < len(s) && asciiWord(s[m.end]) {
				continue // the automaton's first cut at word boundaries
			}
			want = append(want, m)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d matches, want %d", ld.name, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: match %d = %+v, want %+v", ld.name, i, got[i], want[i])
			}
		}
	}
}
