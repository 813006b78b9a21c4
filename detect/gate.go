package detect

import (
	"html"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
)

// gate answers, in one cheap pass over the ORIGINAL text, whether a field may hold a name
// of the Call: Detect has nothing to report for a document none of whose fields does, and
// most articles a crawler fetches are of that kind. It is a small Aho-Corasick DFA over
// the names alone (the patterns anyName accepts: names, tails and ambiguous look-alikes),
// which normalises as it reads, so that it sees exactly the bytes normalize would produce:
// ASCII is folded by a table look-up folded into the transitions, the runes of two and
// three bytes by tables of the transitions for their folded forms, built by the same
// foldRune as normalize uses; the rest (HTML character references, longer runes, invalid
// bytes) goes through foldRune as it reads. It over-approximates (no word boundaries, a
// paragraph break reads as a space), never under: a field it rejects has no name-pattern
// match in its normalised text (TestGateNeverMissesAName and FuzzGate check this).
type gate struct {
	class [256]uint8 // normalised byte → class (0: in no name)
	n     int        // number of classes
	// Each state has a row of n+128 transitions: next[st+c] on the normalised bytes of
	// class c, and next[st+n+b] on the original ASCII byte b (on the class of its folded
	// form), so that the scan of plain ASCII needs no class look-up; but next[st+n+'&'],
	// as '&' is not plain (see plain), is st itself: a step over nothing. A transition is
	// the row start of the next state: rows are pre-multiplied, one load per byte.
	next  []uint32
	ascii []uint32 // next[n:]: ascii[st+b] is the transition on the original plain byte b
	// two[r-0x80] gives, for a rune r of two bytes, the columns of next to step through
	// for its normalised form (padded with n+'&', the step over nothing), ten bits each
	// from the lowest; foldSlow when that form is longer than two bytes. three[r-0x800]
	// does so with three columns for the runes of three bytes below foldTableSize, and
	// high[r-highStart] for those from highStart on. The runes in between are their own
	// normal form.
	two, three, high []uint32
	// hit is the row start of the one state for every state that ends a name; all its
	// transitions lead back to it, so that a scan may look for it only now and then.
	hit uint32
}

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
	w := n + utf8.RuneSelf // the width of a row
	g.hit = uint32(states * w)
	g.next = make([]uint32, (states+1)*w)
	for s := 0; s < states; s++ {
		r := g.next[s*w : (s+1)*w]
		for c := 0; c < n; c++ {
			if t := row[s*n+c]; out[t] {
				r[c] = g.hit
			} else {
				r[c] = uint32(int(t) * w)
			}
		}
		for b := 0; b < utf8.RuneSelf; b++ {
			r[n+b] = r[g.class[asciiFold[b]]]
		}
		r[n+'&'] = uint32(s * w)
	}
	for c := range g.next[g.hit:] {
		g.next[int(g.hit)+c] = g.hit
	}
	g.ascii = g.next[n:]
	g.two = g.foldColumns(0x80, 0x800, 2)
	g.three = g.foldColumns(0x800, foldTableSize, 3)
	g.high = g.foldColumns(highStart, 0x10000, 3)
	return g
}

// match reports whether the normalised form of s may hold a name.
//
// A long text is read as four streams at once, one from each quarter: the processor
// then overlaps their look-ups, which one stream would wait for one after the other.
// Every stream but the first starts at its quarter (on a rune boundary) in the root
// state; it finds every name that starts there or later, since the automaton's state
// after any bytes is the longest suffix of them that begins a name. Every stream but the
// last goes on past the end of its quarter until it is back in the root, with no name
// begun in its quarter still in progress.
//
// The streams read eight bytes at a time, for each of which the one table look-up of
// its transition is all the work when the eight are plain (see plain8); otherwise the
// stream steps over the plain bytes before the first that is not, and then over that
// unit by slow.
func (g *gate) match(s string) bool {
	const minSplit = 1024
	if len(s) < minSplit {
		_, hit := g.run(s, 0, 0, len(s))
		return hit
	}
	var at [5]int // the quarters: stream k reads s[at[k]:at[k+1]], and on
	for k := 1; k < 4; k++ {
		p := len(s) * k / 4
		for p < len(s) && !utf8.RuneStart(s[p]) {
			p++
		}
		at[k] = p
	}
	at[4] = len(s)
	ascii, hit := g.ascii, g.hit
	a, b, c, d := at[0], at[1], at[2], at[3]
	var sa, sb, sc, sd uint32
	for a+8 <= at[1] && b+8 <= at[2] && c+8 <= at[3] && d+8 <= at[4] {
		wa, wb, wc, wd := load8(s, a), load8(s, b), load8(s, c), load8(s, d)
		na, nb, nc, nd := 8, 8, 8, 8
		if notPlain(wa)|notPlain(wb)|notPlain(wc)|notPlain(wd) != 0 {
			wa, na = plain8(wa)
			wb, nb = plain8(wb)
			wc, nc = plain8(wc)
			wd, nd = plain8(wd)
		}
		sa, sb, sc, sd = ascii[sa+uint32(uint8(wa>>0))], ascii[sb+uint32(uint8(wb>>0))], ascii[sc+uint32(uint8(wc>>0))], ascii[sd+uint32(uint8(wd>>0))]
		sa, sb, sc, sd = ascii[sa+uint32(uint8(wa>>8))], ascii[sb+uint32(uint8(wb>>8))], ascii[sc+uint32(uint8(wc>>8))], ascii[sd+uint32(uint8(wd>>8))]
		sa, sb, sc, sd = ascii[sa+uint32(uint8(wa>>16))], ascii[sb+uint32(uint8(wb>>16))], ascii[sc+uint32(uint8(wc>>16))], ascii[sd+uint32(uint8(wd>>16))]
		sa, sb, sc, sd = ascii[sa+uint32(uint8(wa>>24))], ascii[sb+uint32(uint8(wb>>24))], ascii[sc+uint32(uint8(wc>>24))], ascii[sd+uint32(uint8(wd>>24))]
		sa, sb, sc, sd = ascii[sa+uint32(uint8(wa>>32))], ascii[sb+uint32(uint8(wb>>32))], ascii[sc+uint32(uint8(wc>>32))], ascii[sd+uint32(uint8(wd>>32))]
		sa, sb, sc, sd = ascii[sa+uint32(uint8(wa>>40))], ascii[sb+uint32(uint8(wb>>40))], ascii[sc+uint32(uint8(wc>>40))], ascii[sd+uint32(uint8(wd>>40))]
		sa, sb, sc, sd = ascii[sa+uint32(uint8(wa>>48))], ascii[sb+uint32(uint8(wb>>48))], ascii[sc+uint32(uint8(wc>>48))], ascii[sd+uint32(uint8(wd>>48))]
		sa, sb, sc, sd = ascii[sa+uint32(uint8(wa>>56))], ascii[sb+uint32(uint8(wb>>56))], ascii[sc+uint32(uint8(wc>>56))], ascii[sd+uint32(uint8(wd>>56))]
		if sa == hit || sb == hit || sc == hit || sd == hit {
			return true
		}
		a, b, c, d = a+na, b+nb, c+nc, d+nd
		if na&nb&nc&nd == 8 {
			continue
		}
		var found bool
		if na < 8 {
			if a, sa, found = g.slow(s, a, sa); found {
				return true
			}
		}
		if nb < 8 {
			if b, sb, found = g.slow(s, b, sb); found {
				return true
			}
		}
		if nc < 8 {
			if c, sc, found = g.slow(s, c, sc); found {
				return true
			}
		}
		if nd < 8 {
			if d, sd, found = g.slow(s, d, sd); found {
				return true
			}
		}
	}
	// each stream to the end of its quarter and on until the root; the last to the end
	pos, st := [4]int{a, b, c, d}, [4]uint32{sa, sb, sc, sd}
	for k := range pos {
		end, found := g.run(s, pos[k], st[k], at[k+1])
		if found {
			return true
		}
		if end >= len(s) {
			return false // the later streams' quarters are read
		}
	}
	return false
}

// run steps the gate from state st over s[i:] and stops at the first i >= stop where it
// is in the root. It returns where it stopped, and whether it found a name.
func (g *gate) run(s string, i int, st uint32, stop int) (int, bool) {
	ascii, hit := g.ascii, g.hit
	for i < len(s) {
		if i+8 <= stop && i+8 <= len(s) {
			w, n := load8(s, i), 8
			if notPlain(w) != 0 {
				w, n = plain8(w)
			}
			st = ascii[st+uint32(uint8(w>>0))]
			st = ascii[st+uint32(uint8(w>>8))]
			st = ascii[st+uint32(uint8(w>>16))]
			st = ascii[st+uint32(uint8(w>>24))]
			st = ascii[st+uint32(uint8(w>>32))]
			st = ascii[st+uint32(uint8(w>>40))]
			st = ascii[st+uint32(uint8(w>>48))]
			st = ascii[st+uint32(uint8(w>>56))]
			if i += n; st == hit {
				return i, true
			}
			if n < 8 {
				var found bool
				if i, st, found = g.slow(s, i, st); found {
					return i, true
				}
			}
			continue
		}
		if i >= stop && st == 0 {
			return i, false
		}
		if c := s[i]; plain(c) {
			if st = ascii[st+uint32(c)]; st == hit {
				return i, true
			}
			i++
			continue
		}
		var found bool
		if i, st, found = g.slow(s, i, st); found {
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
				if st = g.feed(st, foldRune(r)); st == g.hit {
					return i + l, st, true
				}
			}
			return i + l, st, false
		}
		st = g.next[st+uint32(g.class['&'])]
		return i + 1, st, st == g.hit
	}
	// the runes of two and three bytes, decoded here when they are valid
	if c >= 0xc2 && c < 0xe0 && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
		r := rune(c&0x1f)<<6 | rune(s[i+1]&0x3f)
		if e := g.two[r-0x80]; e != foldSlow {
			st = g.next[st+e&0x3ff]
			st = g.next[st+e>>10]
			return i + 2, st, st == g.hit
		}
	}
	if c >= 0xe0 && c < 0xf0 && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
		r := rune(c&0x0f)<<12 | rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f)
		e := uint32(foldSlow)
		switch {
		case r < 0x800 || r >= 0xd800 && r < 0xe000:
			// too long a form, or a surrogate: invalid
		case r < foldTableSize:
			e = g.three[r-0x800]
		case r >= highStart:
			e = g.high[r-highStart]
		default:
			// Han, kana, Hangul and the like (compatRune is false from foldTableSize to
			// highStart): kept as they are
			e = uint32(g.class[c]) | uint32(g.class[s[i+1]])<<10 | uint32(g.class[s[i+2]])<<20
		}
		if e != foldSlow {
			st = g.next[st+e&0x3ff]
			st = g.next[st+e>>10&0x3ff]
			st = g.next[st+e>>20]
			return i + 3, st, st == g.hit
		}
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	f := " "
	if r != utf8.RuneError || size > 1 {
		f = foldUnit(r, s[i:i+size])
	}
	st = g.feed(st, f)
	return i + size, st, st == g.hit
}

// foldSlow marks in gate.two, three and high the runes whose normalised form is too long.
const foldSlow = ^uint32(0)

// foldColumns returns, for each rune from lo to hi (the runes of one length in UTF-8), the
// columns of next to step through for its normalised form, up to k of them, ten bits
// each from the lowest, padded with the column that stays; foldSlow if there are more.
func (g *gate) foldColumns(lo, hi rune, k int) []uint32 {
	t := make([]uint32, hi-lo)
	for r := lo; r < hi; r++ {
		f := foldUnit(r, string(r))
		if len(f) > k {
			t[r-lo] = foldSlow
			continue
		}
		e := uint32(0)
		for j := k - 1; j >= 0; j-- {
			c := uint32(g.n + '&')
			if j < len(f) {
				c = uint32(g.class[f[j]])
			}
			e = e<<10 | c
		}
		t[r-lo] = e
	}
	return t
}

// foldUnit returns the normalised form of the rune r, whose bytes in the text are raw, as
// normalize writes it (the white space it collapses as one space).
func foldUnit(r rune, raw string) string {
	if r >= foldTableSize && !compatRune(r) {
		return raw // Han, kana, Hangul: kept as they are
	}
	if sp, _ := isBreak(r); sp {
		return " "
	}
	return foldRune(r)
}

// feed steps the gate over normalised bytes.
func (g *gate) feed(st uint32, f string) uint32 {
	for k := 0; k < len(f); k++ {
		if st = g.next[st+uint32(g.class[f[k]])]; st == g.hit {
			return st
		}
	}
	return st
}

// plain reports whether the gate steps over the original byte c by the byte table: an
// ASCII byte that does not start an HTML character reference.
func plain(c byte) bool { return c < utf8.RuneSelf && c != '&' }

// load8 returns the eight bytes at s[i:], the first in the low byte.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// plain8 returns the eight bytes of w with those from the first that is not plain on
// replaced by '&', whose transition in gate.ascii is the step over nothing, and how many
// come before that one (8 if they all are plain).
func plain8(w uint64) (uint64, int) {
	m := notPlain(w)
	after := -((m & -m) >> 7) // the bytes from the first marked one on, or none
	return w&^after | amps&after, bits.TrailingZeros64(m) >> 3
}

// notPlain returns the high bit of each byte of w that is not plain, and maybe of bytes
// after the first such, never before: zero when all eight are plain.
func notPlain(w uint64) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	// a byte of w^amps is zero (a '&') when subtracting ones borrows into its high bit
	return (w | (w ^ amps - ones)) & high
}

const amps = 0x2626262626262626 // eight '&'
