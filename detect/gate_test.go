package detect

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// gateMisses reports whether the gate turns away a text whose full scan holds a name: a
// missed article. Detect relies on it never doing so.
func gateMisses(d *Detector, s string) bool {
	_, ms := d.scanField(s, &fieldBuf{})
	return d.anyName(ms) && !d.gate.match(s)
}

// gateVariants returns s with a name disguised the ways articles disguise it, and placed
// where the gate's two streams meet.
func gateVariants(name string) []string {
	runs := []string{
		name,
		strings.ToUpper(name),
		strings.ReplaceAll(name, " ", "\u00a0"),
		strings.ReplaceAll(name, " ", " \n  \t "),
		strings.ReplaceAll(name, " ", "&nbsp;"),
		strings.ReplaceAll(name, "a", "&#97;"),
		strings.ReplaceAll(name, "a", "&#x61;"),
		strings.ReplaceAll(name, "r", "r\u00ad"),
		strings.ReplaceAll(name, "i", "i\u200b"),
		strings.ReplaceAll(name, "P", "Ｐ"),
		strings.ReplaceAll(name, " ", strings.Repeat(" ", 3000)),
	}
	var out []string
	for _, r := range runs {
		pad := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 20+len(r)/25)
		out = append(out, r, pad+r+pad, pad[:len(pad)-len(r)/2]+r+pad)
		// the name across the middle of the text, every few bytes
		for shift := 0; shift < len(r); shift += max(3, len(r)/10) {
			out = append(out, pad[:len(pad)-shift]+r+pad[:len(pad)-len(r)+shift])
		}
	}
	return out
}

func TestGateNeverMissesAName(t *testing.T) {
	d := newTestDetector(t)
	names := []string{"Paris Call for Trust and Security in Cyberspace", "Paris Call", "Appel de Paris",
		"Pariser Appell", "Aufruf für Vertrauen und Sicherheit im Cyberraum", "pariscall.international",
		"Парижский призыв", "パリ・コール", "巴黎倡议", "نداء باريس", "Paris Agreement", "Llamamiento de París"}
	for _, name := range names {
		for _, s := range gateVariants(name) {
			if gateMisses(d, s) {
				t.Fatalf("the gate turns away %d bytes holding %q: %.200q", len(s), name, s)
			}
		}
		if pad := strings.Repeat("x ", 600); !d.gate.match(pad + name + pad) {
			t.Errorf("the gate turns away %q", name)
		}
	}
	for _, ld := range loadCorpus(t) {
		for _, s := range []string{ld.doc.Title, ld.doc.Text} {
			if gateMisses(d, s) {
				t.Errorf("%s: the gate turns away a field with a name", ld.name)
			}
		}
	}
	pages, _ := filepath.Glob(filepath.Join(realPages, "*", "expected.html"))
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if s := htmlText(string(data)); gateMisses(d, s) {
			t.Errorf("%s: the gate turns away a page with a name", p)
		}
	}
	// and it does turn away what has none
	for _, s := range []string{"", "Paris", "The call from Paris came late.", strings.Repeat("Parisian callers, ", 100), "網路安全"} {
		if d.gate.match(s) {
			t.Errorf("the gate lets through %.60q", s)
		}
	}
}

func FuzzGate(f *testing.F) {
	d, err := New()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range gateVariants("Paris Call")[:12] {
		f.Add(s)
	}
	f.Add("&amp;Paris&#32;Call&shy; \xff\xfe Pa\u00adris Ca&#108;l")
	f.Add("Ｐａｒｉｓ　Ｃａｌｌ パリ・コール 巴黎倡议 Парижский призыв Par\u00eds \xe2\x80 \xed\xa0\x80")
	f.Add(strings.Repeat("Le café de la Défense, à Paris: « l'Appel de Paris » ", 40))
	f.Fuzz(func(t *testing.T, s string) {
		if gateMisses(d, s) {
			t.Fatalf("the gate turns away %q", s)
		}
		checkGateRef(t, d.gate, s)
	})
}

// refMatch is the gate the plain way, to check the fast one against: one stream, one
// unit (a byte, a rune, an HTML character reference) at a time, each decoded and folded
// as normalize does it, and fed through the byte classes.
func (g *gate) refMatch(s string) bool {
	st := uint32(0)
	for i := 0; i < len(s); {
		var l int
		if st, l = g.refUnit(s, i, st); st == g.hit {
			return true
		}
		i += l
	}
	return false
}

// refUnit steps from st over the unit at s[i] the plain way; it returns the new state and
// the length of the unit.
func (g *gate) refUnit(s string, i int, st uint32) (uint32, int) {
	feed := func(f string) {
		for k := 0; k < len(f) && st != g.hit; k++ {
			st = g.next[st+uint32(g.class[f[k]])]
		}
	}
	c := s[i]
	if c == '&' {
		if l := entityLen(s[i:]); l > 0 {
			for _, r := range html.UnescapeString(s[i : i+l]) {
				if sp, _ := isBreak(r); sp {
					r = ' '
				}
				feed(foldRune(r))
			}
			return st, l
		}
	}
	if c < utf8.RuneSelf {
		feed(string(rune(asciiFold[c])))
		return st, 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	switch sp, _ := isBreak(r); {
	case r == utf8.RuneError && size == 1:
		feed(" ")
	case r >= foldTableSize && !compatRune(r):
		feed(s[i : i+size])
	case sp:
		feed(" ")
	default:
		feed(foldRune(r))
	}
	return st, size
}

// checkGateRef fails when the gate turns away a text the plain way lets through, or,
// where the two must agree (no HTML character reference the streams may split), when
// they differ.
func checkGateRef(t *testing.T, g *gate, s string) {
	t.Helper()
	got, want := g.match(s), g.refMatch(s)
	if want && !got || got != want && !strings.Contains(s, "&") {
		t.Fatalf("the gate says %v, the plain way %v, for %d bytes: %.300q", got, want, len(s), s)
	}
}

// gateStates returns the root and the states g reaches along each of names.
func gateStates(g *gate, names []string) []uint32 {
	seen := map[uint32]bool{0: true}
	states := []uint32{0}
	for _, p := range names {
		st := uint32(0)
		for k := 0; k < len(p) && st != g.hit; k++ {
			if st = g.next[st+uint32(g.class[p[k]])]; !seen[st] {
				seen[st] = true
				states = append(states, st)
			}
		}
	}
	return states
}

// TestGateUnits checks that the gate steps over every rune of two and three bytes, the
// invalid sequences that look like them, and every ASCII byte, from the states along
// the names, to where the plain way does: the gate of the Call's names, and one of names
// made of the normal forms of runes from every range.
func TestGateUnits(t *testing.T) {
	d := newTestDetector(t)
	var names []string
	for i, m := range d.pats {
		if m.kind == pkName || m.kind == pkTail || m.kind == pkLook && m.sub == lookAmbig {
			names = append(names, d.patterns[i])
		}
	}
	t.Run("names", func(t *testing.T) { checkGateUnits(t, d.gate, names) })
	var folds []string
	for r := rune(0x80); r < 0x10000; r += 97 {
		if f := foldUnit(r, string(r)); f != "" && f != " " && (r < 0xd800 || r >= 0xe000) {
			folds = append(folds, f+"q")
		}
	}
	t.Run("folds", func(t *testing.T) { checkGateUnits(t, newGate(folds), folds) })
}

func checkGateUnits(t *testing.T, g *gate, names []string) {
	states := gateStates(g, names)
	if len(states) < 100 {
		t.Fatalf("only %d states along the names", len(states))
	}
	// the root, the states one byte in (the most often left), and a sample of the rest
	var some []uint32
	for i, st := range states {
		if i < 24 || i%23 == 0 {
			some = append(some, st)
		}
	}
	states = some
	var units []string
	for r := rune(0); r < 0x10000; r++ {
		if r < 0xd800 || r >= 0xe000 {
			units = append(units, string(r))
		}
	}
	units = append(units, "😀", "\U0001F1EB", "\xf0\x9f", "\xf4\x90\x80\x80")
	for b := 0x80; b < 0x100; b++ {
		for _, next := range []string{"", "a", "\x80", "\xbf", "\xc0", "\x80\x80", "\x80a", "\xbf\xbf", "\xa0\x80"} {
			units = append(units, string(rune(b))[:0]+string([]byte{byte(b)})+next)
		}
	}
	for _, e := range []string{"&amp;", "&#112;", "&#x70;", "&#X50;", "&nbsp;", "&#160;", "&shy;", "&eacute;", "&Eacute;", "&#x3000;", "&#65324;", "&", "&amp", "&#;", "&unknown;"} {
		units = append(units, e, e+"x")
	}
	for _, u := range units {
		for _, st := range states {
			for _, s := range []string{u, u + "p", "x" + u} {
				i := 0
				if s[0] == 'x' && u[0] != 'x' {
					i = 1
				}
				if !plain(s[i]) {
					end, got, _ := g.slow(s, i, st)
					want, l := g.refUnit(s, i, st)
					if got != want || end != i+l {
						t.Fatalf("from state %d over %q: to %d after %d bytes, the plain way to %d after %d", st, s[i:], got, end-i, want, l)
					}
				} else if got, want := g.ascii[st+uint32(s[i])], g.next[st+uint32(g.class[asciiFold[s[i]]])]; got != want {
					t.Fatalf("from state %d over %q: to %d, the plain way to %d", st, s[i:i+1], got, want)
				}
			}
		}
	}
}

// gateDisguises returns name written the ways a page may write it: in capitals, with
// each of its letters as every Latin letter that folds to it, as HTML character
// references, with soft hyphens, zero-width spaces and other white space, in full width.
func gateDisguises(name string) []string {
	out := []string{name, strings.ToUpper(name)}
	for r := rune(0x80); r < 0x250; r++ {
		f := foldRune(r)
		if len(f) != 1 || f[0] < 'a' || f[0] > 'z' {
			continue
		}
		if i := strings.IndexByte(strings.ToLower(name), f[0]); i >= 0 {
			out = append(out, name[:i]+string(r)+name[i+1:])
		}
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < utf8.RuneSelf {
			for _, e := range []string{"&#%d;", "&#x%x;", "&#X%X;", "&#%04d;"} {
				out = append(out, name[:i]+fmt.Sprintf(e, c)+name[i+1:])
			}
			if c == ' ' {
				for _, sp := range []string{"&nbsp;", "\u00a0", "\u3000", "\u2009", "\n\n", " \t ", "\u202f"} {
					out = append(out, name[:i]+sp+name[i+1:])
				}
			}
		}
		if i > 0 && utf8.RuneStart(name[i]) {
			for _, z := range []string{"\u00ad", "&shy;", "\u200b", "\u200d", "\ufeff"} {
				out = append(out, name[:i]+z+name[i:])
			}
		}
	}
	var full strings.Builder
	for _, r := range name {
		switch {
		case r == ' ':
			full.WriteRune(0x3000)
		case r > ' ' && r < 0x7f:
			full.WriteRune(r + 0xfee0)
		default:
			full.WriteRune(r)
		}
	}
	return append(out, full.String())
}

// TestGateStreams checks the gate against the plain way on names in every disguise, in
// short texts (one stream) and across each of the places where a long text's streams
// meet, at every offset in an eight-byte block.
func TestGateStreams(t *testing.T) {
	d := newTestDetector(t)
	g := d.gate
	names := []string{"Paris Call", "Appel de Paris", "Aufruf für Vertrauen und Sicherheit im Cyberraum",
		"trust & security in cyberspace", "Парижский призыв", "パリ・コール", "巴黎倡议", "파리 콜", "نداء باريس",
		"Llamamiento de París"}
	pads := []string{"Lorem ipsum dolor sit amet, consectetur adipiscing elit. ",
		"Le café, à côté de l'Élysée: « très » ", "東京都の会議で、サイバー空間の信頼。", "Съезд в Москве — 2024 год. ",
		"a\u00a0b&amp;c d&#233;e\xff "}
	n := 0
	for _, name := range names {
		for _, v := range gateDisguises(name) {
			checkGateRef(t, g, v)
			if !g.match(v) {
				t.Fatalf("the gate turns away %q", v)
			}
			for _, pad := range pads {
				text := strings.Repeat(pad, 1100/len(pad)+1)
				for q := 1; q < 4; q++ {
					at := len(text) * q / 4
					// before the stream's start, across it and after it, at offsets that
					// vary from one text to the next
					n++
					for _, shift := range []int{-len(v) - 1 - n%8, -len(v) / 2, -len(v)/2 - 1 - n%8, -1 - n%8, n % 8} {
						p := at + shift
						for p > 0 && !utf8.RuneStart(text[p]) {
							p--
						}
						s := text[:p] + v + text[p:]
						checkGateRef(t, g, s)
						if !g.match(s) {
							t.Fatalf("the gate turns away %q at %d of %d bytes", v, p, len(s))
						}
					}
				}
			}
		}
	}
}
