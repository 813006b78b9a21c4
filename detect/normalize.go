package detect

import (
	"html"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// normText is a normalised copy of one field with a map back to the original bytes.
//
// Normalisation: HTML entities decoded, NFKC compatibility forms folded, lower case,
// combining marks removed (é → e, ş → s, й → и), typographic quotes and dashes unified
// (' " -), soft hyphens and zero-width characters dropped, and every run of white space
// (NBSP, line breaks, tabs) collapsed to one space, or to "\n" when it holds a blank line
// (a paragraph break). Han, kana and Hangul are kept as they are.
type normText struct {
	orig  string
	s     string
	src   []int32 // src[i] is the byte offset in orig of the character that produced s[i]
	lines []int   // offsets in s of the spaces that stand for a single line break
}

// origStart maps a byte offset in s to the original text.
func (n *normText) origStart(i int) int {
	if i >= len(n.src) {
		return len(n.orig)
	}
	return int(n.src[i])
}

// origEnd maps an exclusive end offset in s to the exclusive end in the original text.
func (n *normText) origEnd(i int) int {
	if i <= 0 {
		return 0
	}
	if i > len(n.src) {
		i = len(n.src)
	}
	p := int(n.src[i-1])
	return p + unitLen(n.orig, p)
}

// capitalAt reports whether the original character behind s[i] is a capital (upper or
// title case) letter.
func (n *normText) capitalAt(i int) bool {
	p := n.origStart(i)
	if p >= len(n.orig) {
		return false
	}
	if c := n.orig[p]; c < utf8.RuneSelf {
		return c >= 'A' && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(n.orig[p:])
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// unitLen is the length of the original unit (a rune or an HTML entity) starting at p.
func unitLen(s string, p int) int {
	if p >= len(s) {
		return 0
	}
	if s[p] == '&' {
		if l := entityLen(s[p:]); l > 0 {
			return l
		}
	}
	if s[p] < utf8.RuneSelf {
		return 1
	}
	_, size := utf8.DecodeRuneInString(s[p:])
	return size
}

// entityLen returns the length of an HTML character reference at the start of s, or 0.
func entityLen(s string) int {
	max := len(s)
	if max > 12 {
		max = 12
	}
	for j := 2; j < max; j++ {
		c := s[j]
		if c == ';' {
			if html.UnescapeString(s[:j+1]) != s[:j+1] {
				return j + 1
			}
			return 0
		}
		if !(c == '#' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return 0
		}
	}
	return 0
}

// asciiFold maps ASCII bytes: letters to lower case, white space and controls to ' ',
// the backtick to an apostrophe; everything else to itself.
var asciiFold = func() (t [128]byte) {
	for i := range t {
		c := byte(i)
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == '`':
			c = '\''
		case c < ' ' || c == 0x7f:
			c = ' '
		}
		t[i] = c
	}
	return t
}()

// foldTableSize bounds the runes whose normal form is looked up in foldTable (Latin,
// Greek, Cyrillic, Arabic, punctuation, CJK symbols); runes from highStart on have
// highTable (CJK compatibility forms, presentation forms, full-width forms). Han, kana
// and Hangul in between are their own normal form.
const (
	foldTableSize = 0x3400
	highStart     = 0xF900
)

var (
	foldOnce  sync.Once
	foldTable []string
	highTable []string
)

// foldRune returns the normalised form of r (which may be empty).
func foldRune(r rune) string {
	switch {
	case r < foldTableSize:
		foldOnce.Do(buildFoldTable)
		return foldTable[r]
	case r >= highStart && r <= 0xFFFF:
		foldOnce.Do(buildFoldTable)
		return highTable[r-highStart]
	}
	return string(r)
}

// foldHigh computes the normal form of a rune from highStart on.
func foldHigh(r rune) string {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		c := byte(r - 0xFEE0)
		return string(rune(asciiFold[c]))
	case compatRune(r):
		return foldCompat(r)
	}
	return string(r)
}

// compatRune reports runes at or above foldTableSize that normalisation changes.
func compatRune(r rune) bool {
	return r >= 0xFF01 && r <= 0xFFEF || r >= 0x3000 && r <= 0x33FF || r >= 0xF900 && r <= 0xFAFF || r >= 0xFB00 && r <= 0xFDFF ||
		r >= 0xFE30 && r <= 0xFE4F || r >= 0xFE70 && r <= 0xFEFF
}

// foldCompat computes the normal form of one rune: NFKD, marks dropped, lower case, NFC.
func foldCompat(r rune) string {
	switch r {
	case 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E, 0x034F:
		return ""
	case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0xB4, 0x2039, 0x203A:
		return "'"
	case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0xAB, 0xBB:
		return "\""
	case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D:
		return "-"
	case 0xDF, 0x1E9E:
		return "ss"
	case 0x3C2:
		return "σ"
	case 0x3000:
		return " "
	}
	if unicode.IsSpace(r) || r == 0xA0 || r == 0x202F || r == 0x2007 {
		return " "
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return ""
	}
	d := norm.NFKD.String(string(r))
	var b strings.Builder
	for _, c := range d {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if c < utf8.RuneSelf {
			b.WriteByte(asciiFold[c])
			continue
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return norm.NFC.String(b.String())
}

func buildFoldTable() {
	t := make([]string, foldTableSize)
	for r := rune(0x80); r < foldTableSize; r++ {
		t[r] = foldCompat(r)
	}
	for r := rune(0); r < 0x80; r++ {
		t[r] = string(rune(asciiFold[r]))
	}
	h := make([]string, 0x10000-highStart)
	for r := rune(highStart); r <= 0xFFFF; r++ {
		h[r-highStart] = foldHigh(r)
	}
	foldTable, highTable = t, h
}

// isSpaceOut reports whether a folded output is white space.
func isBreak(r rune) (space bool, newlines int) {
	switch r {
	case '\n', 0x2028, 0x85:
		return true, 1
	case 0x2029:
		return true, 2
	case ' ', '\t', '\r', '\f', '\v', 0xA0, 0x3000, 0x202F, 0x2007, 0x205F, 0x1680:
		return true, 0
	}
	if r >= 0x2000 && r <= 0x200A {
		return true, 0
	}
	return false, 0
}

// normalizer builds one normalised text; its methods replace closures so that the hot
// loop stays allocation-free.
type normalizer struct {
	out      []byte
	src      []int32
	lines    []int
	inSpace  bool
	spaceAt  int
	newlines int
}

func (z *normalizer) startSpace(at, nl int) {
	if !z.inSpace {
		z.inSpace = true
		z.spaceAt = at
	}
	z.newlines += nl
}

func (z *normalizer) flushSpace() {
	if len(z.out) > 0 {
		c := byte(' ')
		if z.newlines >= 2 {
			c = '\n'
		} else if z.newlines == 1 {
			z.lines = append(z.lines, len(z.out))
		}
		z.out = append(z.out, c)
		z.src = append(z.src, int32(z.spaceAt))
	}
	z.inSpace = false
	z.newlines = 0
}

func (z *normalizer) emit(s string, at int) {
	for k := 0; k < len(s); k++ {
		if s[k] == ' ' {
			z.startSpace(at, 0)
			continue
		}
		if z.inSpace {
			z.flushSpace()
		}
		z.out = append(z.out, s[k])
		z.src = append(z.src, int32(at))
	}
}

// normalize returns the normalised form of orig with its offset map. It runs in one pass,
// linear in len(orig); ASCII takes a table look-up per byte.
func normalize(orig string) normText { return normalizeInto(orig, nil) }

// normalizeInto is normalize with the offset map in src's memory (when it is large
// enough): Detect reuses it from one article to the next.
func normalizeInto(orig string, src []int32) normText {
	z := normalizer{out: make([]byte, 0, len(orig)+8), src: slices.Grow(src[:0], len(orig)+8)}
	for i := 0; i < len(orig); {
		c := orig[i]
		if c < utf8.RuneSelf {
			f := asciiFold[c]
			if f != ' ' && c != '&' {
				// a run of ASCII that needs no decision: every byte maps to one byte,
				// single spaces between words included, written as it is read
				if z.inSpace {
					z.flushSpace()
				}
				at := len(z.out)
				out := slices.Grow(z.out, len(orig)-i)[:at+len(orig)-i]
				src := slices.Grow(z.src, len(orig)-i)[:at+len(orig)-i]
				out[at], src[at] = f, int32(i)
				j, k := i+1, at+1
				for j < len(orig) {
					c := orig[j]
					if c >= utf8.RuneSelf || c == '&' {
						break
					}
					f := asciiFold[c]
					if f == ' ' {
						if c != ' ' || j+1 >= len(orig) {
							break
						}
						if n := orig[j+1]; n >= utf8.RuneSelf || n == '&' || asciiFold[n] == ' ' {
							break
						}
					}
					out[k], src[k] = f, int32(j)
					j++
					k++
				}
				z.out, z.src = out[:k], src[:k]
				i = j
				continue
			}
			switch {
			case c == '\n':
				z.startSpace(i, 1)
				i++
				continue
			case f == ' ':
				z.startSpace(i, 0)
				i++
				continue
			}
			// '&': an HTML character reference, or itself
			if l := entityLen(orig[i:]); l > 0 {
				dec := html.UnescapeString(orig[i : i+l])
				for _, r := range dec {
					if sp, nl := isBreak(r); sp {
						z.startSpace(i, nl)
						continue
					}
					z.emit(foldRune(r), i)
				}
				i += l
				continue
			}
			if z.inSpace {
				z.flushSpace()
			}
			z.out = append(z.out, '&')
			z.src = append(z.src, int32(i))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(orig[i:])
		if r == utf8.RuneError && size <= 1 {
			z.startSpace(i, 0)
			i++
			continue
		}
		if sp, nl := isBreak(r); sp {
			z.startSpace(i, nl)
			i += size
			continue
		}
		if r >= foldTableSize && !compatRune(r) {
			// Han, kana, Hangul and the like are kept as they are: copy the bytes
			if z.inSpace {
				z.flushSpace()
			}
			for k := 0; k < size; k++ {
				z.out = append(z.out, orig[i+k])
				z.src = append(z.src, int32(i))
			}
			i += size
			continue
		}
		z.emit(foldRune(r), i)
		i += size
	}
	// z.out is never written again: the string shares its bytes (as strings.Builder does)
	return normText{orig: orig, s: unsafe.String(unsafe.SliceData(z.out), len(z.out)), src: z.src, lines: z.lines}
}

// normalizeString is normalize without the offset map, for names and patterns.
func normalizeString(s string) string {
	return strings.TrimSpace(normalize(s).s)
}
