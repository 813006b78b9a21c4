package detect

import (
	"math/rand"
	"slices"
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
	return sortRaw(out)
}

func sortRaw(m []rawMatch) []rawMatch {
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
	return sortRaw(out)
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
			compareMatches(t, s, got, want)
		}
	}
}

// TestFindersMatchNaive checks the detector's two finders (names, references and cues;
// the gazetteer) against brute force: every occurrence of every pattern that passes
// accept, in whole texts and in sentences (boundaries checked against the text around
// them).
func TestFindersMatchNaive(t *testing.T) {
	d := newTestDetector(t)
	texts := []string{"U.S. and the U.K. signed the Paris Call; the United States, France and Microsoft Corporation did too. 美国和法国签署了巴黎倡议。 وقعت فرنسا نداء باريس",
		"Le Royaume-Uni et l'Allemagne ont signé l'Appel de Paris, die Vereinigten Staaten nicht. アメリカ合衆国 und Frankreich ハリ・コール",
		// capitals and their absence: "orange", "us", "jordan" in lower case name nothing
		"Orange and orange, Jordan and jordan, US and us, SAP and sap, ＵＳ and Ｏrange, &#79;range, Ǆ, the French Government and the french government.",
		// patterns of exactly five bytes and of three at the very end (the tries' filters)
		"Signed by China", "signatories include Japan", "and the EU"}
	for _, ld := range loadCorpus(t) {
		texts = append(texts, ld.doc.Text)
	}
	for _, text := range texts {
		nt := normalize(text)
		s := nt.s
		ranges := [][2]int{{0, len(s)}}
		for _, se := range sentences(&nt, nil) {
			ranges = append(ranges, [2]int{se.start, se.end})
		}
		for _, part := range []struct {
			f        *finder
			from, to int32
		}{{&d.lex, 0, d.firstEntity}, {&d.ents, d.firstEntity, int32(len(d.patterns))}} {
			for _, r := range ranges {
				var want []rawMatch
				for _, m := range naiveMatches(d.patterns[part.from:part.to], s[r[0]:r[1]]) {
					m.start, m.end, m.id = m.start+r[0], m.end+r[0], m.id+part.from
					if d.accept(&nt, m.start, m.end, m.id) {
						want = append(want, m)
					}
				}
				var got []rawMatch
				for _, m := range d.matches(part.f, &nt, r[0], r[1]) {
					got = append(got, rawMatch{m.start, m.end, m.pat})
				}
				compareMatches(t, s[r[0]:r[1]], sortRaw(got), want)
			}
		}
	}
}

// TestShortFieldEntities checks that the gazetteer matches of a short field searched as a
// whole (scanField with the all finder), taken sentence by sentence (entitiesIn), are
// what entityMatches finds in each sentence, and that the other matches are lex's; over
// the corpus, names across sentence ends, aliases at the edges of ranges.
func TestShortFieldEntities(t *testing.T) {
	d := newTestDetector(t)
	texts := []string{"France. Germany signed; the United States did not. Microsoft Corporation and Orange, Jordan and US",
		"the United\nStates, U.S.-led efforts, EU-Mitglieder, la France et l'Allemagne ont signé l'Appel de Paris."}
	for _, id := range []int32{d.firstEntity, int32(len(d.patterns)) - 1} {
		// the first and the last alias, where an off-by-one would fall
		texts = append(texts, "Today "+d.gaz.aliases[d.pats[id].alias].orig+" signed.")
	}
	for _, ld := range loadCorpus(t) {
		texts = append(texts, ld.doc.Title, ld.doc.Text)
	}
	var fb fieldBuf
	for _, text := range texts {
		nt, lex := d.scanField(text, &fb)
		if len(nt.s) > shortField {
			continue
		}
		if !fb.entsDone {
			t.Fatalf("%.60q: a short field not searched as a whole", text)
		}
		if want := d.matches(&d.lex, &nt, 0, len(nt.s)); !slices.Equal(lex, want) {
			t.Fatalf("%.60q: lex matches %v, want %v", text, lex, want)
		}
		ranges := [][2]int{{0, len(nt.s)}}
		for _, se := range sentences(&nt, nil) {
			ranges = append(ranges, [2]int{se.start, se.end})
		}
		for k := 0; k+3 < len(nt.s); k += 7 {
			ranges = append(ranges, [2]int{k, min(len(nt.s), k+23)}, [2]int{k, len(nt.s)})
		}
		for _, r := range ranges {
			got := entitiesIn(nil, fb.ents, r[0], r[1])
			want := d.entityMatches(&nt, r[0], r[1])
			if !slices.Equal(got, want) {
				t.Fatalf("%.60q [%d:%d]: entities %v, want %v", nt.s[r[0]:r[1]], r[0], r[1], got, want)
			}
		}
	}
}

func compareMatches(t *testing.T, what string, got, want []rawMatch) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%.60q: %d matches, want %d\ngot  %v\nwant %v", what, len(got), len(want), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%.60q: match %d = %+v, want %+v", what, i, got[i], want[i])
		}
	}
}
