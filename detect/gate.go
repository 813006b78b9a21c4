package detect

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"
)

// gate answers, in one cheap pass over the ORIGINAL text, whether a field may hold a name
// of the Call: Detect has nothing to report for a document none of whose fields does, and
// most articles a crawler fetches are of that kind. It is a small Aho-Corasick DFA over
// the names alone (the patterns anyName accepts: names, tails and ambiguous look-alikes),
// which normalises as it reads, so that it sees exactly the bytes normalize would produce:
// ASCII is folded by a table look-up folded into the byte classes, everything else (other
// runes, HTML character references, invalid bytes) goes through the same foldRune as
// normalize. It over-approximates (no word boundaries, a paragraph break reads as a
// space), never under: a field it rejects has no name-pattern match in its normalised
// text (TestGateNeverMissesAName and FuzzGate check this).
type gate struct {
	class [256]uint8 // normalised byte → class (0: in no name)
	raw   [256]uint8 // original ASCII byte → class of its folded form; gateSlow for '&' and non-ASCII
	n     int        // number of classes
	// next[st+c] is the transition from the state whose row starts at st on class c, as
	// the row start of the next state, or gateHit when the next state ends a name. Rows
	// are pre-multiplied so the scan loop does one load per byte.
	next []uint32
}

const (
	gateHit  = ^uint32(0)
	gateSlow = 0xff
)

// gateKeep is how many bytes of each name the gate looks for: a name's first 24 bytes
// ("paris call for trust and") are as telling as all of them, and the automaton is a
// third of the size and built three times as fast.
const gateKeep = 24

// newGate compiles the normalised names into a gate.
func newGate(names []string) *gate {
	// A name's prefix occurs wherever the name does: the gate looks for the prefixes,
	// and not for a prefix that holds a shorter one.
	var patterns []string
	for _, p := range names {
		patterns = append(patterns, p[:min(len(p), gateKeep)])
	}
	slices.Sort(patterns)
	kept := patterns[:0]
	for _, p := range patterns {
		if len(kept) == 0 || !strings.HasPrefix(p, kept[len(kept)-1]) {
			kept = append(kept, p)
		}
	}
	patterns = kept
	g := &gate{}
	var n int
	g.class, n = byteClasses(patterns)
	if n >= gateSlow {
		panic("detect: too many byte classes in the gate")
	}
	g.n = n
	// the trie, one dense row of children per state (0: none)
	kids := make([]int32, n)
	own := []bool{false}
	last := []uint8{0} // the class of the byte that leads to each state
	for _, p := range patterns {
		if p == "" {
			continue
		}
		st := int32(0)
		for i := 0; i < len(p); i++ {
			c := g.class[p[i]]
			t := kids[int(st)*n+int(c)]
			if t == 0 {
				t = int32(len(own))
				own = append(own, false)
				last = append(last, c)
				kids = append(kids, make([]int32, n)...)
				kids[int(st)*n+int(c)] = t
			}
			st = t
		}
		own[st] = true
	}
	states := len(own)
	// breadth-first: failure links, outputs inherited from them, and complete rows
	row := make([]int32, states*n)
	fail := make([]int32, states)
	out := append([]bool(nil), own...)
	queue := make([]int32, 0, states)
	for c := 0; c < n; c++ {
		if t := kids[c]; t != 0 {
			row[c] = t
			queue = append(queue, t)
		}
	}
	for q := 0; q < len(queue); q++ {
		s := queue[q]
		out[s] = out[s] || out[fail[s]]
		for c := 0; c < n; c++ {
			f := row[int(fail[s])*n+c]
			if t := kids[int(s)*n+c]; t != 0 {
				fail[t] = f
				row[int(s)*n+c] = t
				queue = append(queue, t)
			} else {
				row[int(s)*n+c] = f
			}
		}
	}
	// normalize collapses every run of white space to one: a state reached by a space
	// stays where it is on another one (a normalised text never holds two in a row)
	if sp := g.class[' ']; sp != 0 {
		for s := 1; s < states; s++ {
			if last[s] == sp {
				row[s*n+int(sp)] = int32(s)
			}
		}
	}
	g.next = make([]uint32, len(row))
	for i, t := range row {
		if out[t] {
			g.next[i] = gateHit
		} else {
			g.next[i] = uint32(int(t) * n)
		}
	}
	for c := 0; c < 256; c++ {
		if c < utf8.RuneSelf {
			g.raw[c] = g.class[asciiFold[c]]
		} else {
			g.raw[c] = gateSlow
		}
	}
	g.raw['&'] = gateSlow
	return g
}

// match reports whether the normalised form of s may hold a name.
//
// A long text is read as two streams at once, its first half and its second: the
// processor then overlaps their look-ups, which one stream would wait for one after the
// other. The second stream starts at the middle (on a rune boundary) in the root state;
// it finds every name that starts there or later, since the automaton's state after
// any bytes is the longest suffix of them that begins a name. The first stream goes on
// past the middle until it is back in the root, with no name begun before the middle
// still in progress.
func (g *gate) match(s string) bool {
	const minSplit = 512
	if len(s) < minSplit {
		_, hit := g.run(s, 0, 0, len(s))
		return hit
	}
	mid := len(s) / 2
	for mid < len(s) && !utf8.RuneStart(s[mid]) {
		mid++
	}
	next, raw := g.next, &g.raw
	a, b := 0, mid
	sa, sb := uint32(0), uint32(0)
	for a < mid && b < len(s) {
		ka, kb := raw[s[a]], raw[s[b]]
		if ka != gateSlow && kb != gateSlow {
			sa, sb = next[sa+uint32(ka)], next[sb+uint32(kb)]
			if sa == gateHit || sb == gateHit {
				return true
			}
			a++
			b++
			continue
		}
		var hit bool
		if ka == gateSlow {
			if a, sa, hit = g.slow(s, a, sa); hit {
				return true
			}
		}
		if kb == gateSlow {
			if b, sb, hit = g.slow(s, b, sb); hit {
				return true
			}
		}
	}
	// the first stream to the middle and on until the root; the second to the end
	if a, hit := g.run(s, a, sa, mid); hit {
		return true
	} else if a >= len(s) {
		return false
	}
	_, hit := g.run(s, b, sb, len(s)+1)
	return hit
}

// run steps the gate from state st over s[i:] and stops at the first i >= stop where it
// is in the root. It returns where it stopped, and whether it found a name.
func (g *gate) run(s string, i int, st uint32, stop int) (int, bool) {
	next, raw := g.next, &g.raw
	for i < len(s) {
		if i >= stop && st == 0 {
			return i, false
		}
		if k := raw[s[i]]; k != gateSlow {
			if st = next[st+uint32(k)]; st == gateHit {
				return i, true
			}
			i++
			continue
		}
		var hit bool
		if i, st, hit = g.slow(s, i, st); hit {
			return i, true
		}
	}
	return i, false
}

// slow steps the gate over the unit at s[i] that the byte table does not cover: an HTML
// character reference, a '&' that is not one, a multi-byte rune or an invalid byte. It
// returns the index after the unit and the new state.
func (g *gate) slow(s string, i int, st uint32) (int, uint32, bool) {
	c := s[i]
	if c == '&' {
		if l := entityLen(s[i:]); l > 0 {
			for _, r := range html.UnescapeString(s[i : i+l]) {
				if sp, _ := isBreak(r); sp {
					r = ' '
				}
				if st = g.feed(st, foldRune(r)); st == gateHit {
					return i + l, st, true
				}
			}
			return i + l, st, false
		}
		st = g.next[st+uint32(g.class['&'])]
		return i + 1, st, st == gateHit
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	var f string
	switch {
	case r == utf8.RuneError && size <= 1:
		f = " "
	case r >= foldTableSize && !compatRune(r):
		f = s[i : i+size] // Han, kana, Hangul: kept as they are
	default:
		if sp, _ := isBreak(r); sp {
			f = " "
		} else {
			f = foldRune(r)
		}
	}
	st = g.feed(st, f)
	return i + size, st, st == gateHit
}

// feed steps the gate over normalised bytes.
func (g *gate) feed(st uint32, f string) uint32 {
	for k := 0; k < len(f); k++ {
		if st = g.next[st+uint32(g.class[f[k]])]; st == gateHit {
			return st
		}
	}
	return st
}
