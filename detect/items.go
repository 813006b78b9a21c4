// Items: a stance sentence as the rules see it (words, phrases, names, entities).

package detect

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// itemKind is what an item of a stance sentence is.
type itemKind uint8

const (
	itWord itemKind = iota
	itEntity
	itCall  // a name of or a reference to the Call
	itLook  // a look-alike's name
	itPunct // , ; : ( ) " ? !
)

// item is a word, a phrase, a name or an entity in a stance sentence.
type item struct {
	kind       itemKind
	class      wclass
	ent        int32 // itEntity: gazetteer entity
	start, end int   // normalised offsets
	text       string
	upper      bool // the original starts with an upper-case letter
	allCaps    bool
	camel      bool
	cjkNeg     bool // a CJK run that holds a negation
}

// itemSpan is a name or an entity the finders found in a stance sentence.
type itemSpan struct {
	start, end int
	kind       itemKind
	ent        int32
	prio       int
}

// items turns a sentence into items: names and entities from the automaton's matches
// (longest first, names before entities), the words in between classified by the lexicon.
func (a *analyzer) items(f *fieldState, si *sentInfo) []item {
	s := f.nt.s
	if f.entsDone {
		a.ents = entitiesIn(a.ents[:0], f.ents, si.start, si.end)
	} else {
		a.ents = a.d.matchesInto(a.ents[:0], &a.d.ents, &f.nt, si.start, si.end)
	}
	spans := slices.Grow(a.spans[:0], len(si.ms)+len(a.ents)+len(si.hits))
	for _, h := range si.hits {
		spans = append(spans, itemSpan{h.start, h.end, itCall, -1, 3})
	}
	for _, ms := range [2][]match{si.ms, a.ents} {
		for _, m := range ms {
			pm := &a.d.pats[m.pat]
			switch pm.kind {
			case pkName, pkTail, pkAnchor:
				spans = append(spans, itemSpan{m.start, m.end, itCall, -1, 2})
			case pkRef:
				if pm.multi {
					spans = append(spans, itemSpan{m.start, m.end, itCall, -1, 1})
				}
			case pkLook:
				spans = append(spans, itemSpan{m.start, m.end, itLook, -1, 2})
			case pkEntity:
				spans = append(spans, itemSpan{m.start, m.end, itEntity, a.d.gaz.aliases[pm.alias].entity, 0})
			}
		}
	}
	// choose non-overlapping spans, left to right: of overlapping spans the one with the
	// higher priority, then the longer, wins (linear after the sort)
	slices.SortFunc(spans, func(x, y itemSpan) int {
		if x.start != y.start {
			return x.start - y.start
		}
		if x.prio != y.prio {
			return y.prio - x.prio
		}
		return y.end - x.end
	})
	better := func(x, y itemSpan) bool {
		return x.prio > y.prio || x.prio == y.prio && x.end-x.start > y.end-y.start
	}
	// chosen spans are written over the sorted ones: the k-th chosen is never after the
	// k-th sorted
	chosen := spans[:0]
	for _, sp := range spans {
		if n := len(chosen); n > 0 && sp.start < chosen[n-1].end {
			if better(sp, chosen[n-1]) {
				chosen[n-1] = sp
			}
			continue
		}
		chosen = append(chosen, sp)
	}
	a.spans = spans
	items := slices.Grow(a.itemBuf[:0], (si.end-si.start)/5+len(chosen)+4) // one sentence's at a time
	pos := si.start
	gap := func(from, to int) {
		if to <= from {
			return
		}
		toks := tokenizeInto(a.toks[:0], s[from:to])
		a.toks = toks
		for k := 0; k < len(toks); {
			t := toks[k]
			w := s[from+t.start : from+t.end]
			it := item{kind: itWord, start: from + t.start, end: from + t.end, text: w}
			if len(w) == 1 && strings.ContainsRune(",;:()\"?!&-", rune(w[0])) || w == "。" || w == "、" || w == "，" || w == "「" || w == "」" {
				it.kind = itPunct
				if w == "&" {
					it.kind, it.class = itWord, wConj
				}
				items = append(items, it)
				k++
				continue
			}
			// the longest phrase of the lexicon starting here
			n := 1
			info := a.d.words.lookup(w)
			if info.phrases != nil {
				next := ""
				if k+1 < len(toks) {
					next = s[from+toks[k+1].start : from+toks[k+1].end]
				}
				for _, e := range info.candidates(next) {
					if k+len(e.words) > len(toks) {
						continue
					}
					okp := true
					for x := 1; x < len(e.words); x++ {
						tt := toks[k+x]
						if s[from+tt.start:from+tt.end] != e.words[x] {
							okp = false
							break
						}
					}
					if okp {
						it.class = e.class
						n = len(e.words)
						it.end = from + toks[k+n-1].end
						it.text = s[it.start:it.end]
						break
					}
				}
			}
			if it.class == wNone {
				it.class = a.classifyOther(w, &it)
			}
			if a.lang == "de" && (w == "firma" || w == "firmen") {
				it.class = wCount
			}
			if a.lang == "it" && n == 1 {
				// Italian "i" is an article (not the Romanian "and"), "si" a reflexive
				// pronoun and "se" means if
				switch w {
				case "i", "si":
					it.class = wFill
				case "se":
					it.class = wCond
				}
			}
			if n == 1 && (it.class == wCond || it.class == wSignNoun || it.class == wConj) {
				if forms, ok := accentedForms[w]; ok {
					a.accentClass(f, &it, forms)
				}
			}
			if it.class == wNone || info.orgWord {
				a.caseInfo(f, &it) // only these words may be part of an organisation's name
			}
			items = append(items, it)
			k += n
		}
	}
	for _, sp := range chosen {
		gap(pos, sp.start)
		it := item{kind: sp.kind, ent: sp.ent, start: sp.start, end: sp.end, text: s[sp.start:sp.end]}
		a.caseInfo(f, &it)
		items = append(items, it)
		pos = sp.end
	}
	gap(pos, si.end)
	// a line break inside a sentence (a list after a colon) separates like a comma
	var breaks []item
	for _, l := range f.nt.lines {
		if l > si.start && l < si.end {
			breaks = append(breaks, item{kind: itPunct, start: l, end: l + 1, text: ","})
		}
	}
	if len(breaks) > 0 {
		items = append(items, breaks...)
		slices.SortStableFunc(items, func(x, y item) int { return x.start - y.start })
	}
	a.itemBuf = items
	return items
}

// accentForm is the class a word takes when its original spelling holds one of marks.
type accentForm struct {
	marks string
	class wclass
}

// accentedForms are words that normalisation (which strips accents) merges with another
// word of another class: Romanian "și" (and) with "si" (if), Spanish "sí" (yes, "did")
// with "si" (if), Italian "è" and Portuguese "é" (is) with "e" (and), Spanish "respaldó"
// and "apoyó" (backed) with the nouns "respaldo" and "apoyo". Only words of the classes
// items checks are looked up here.
var accentedForms = map[string][]accentForm{
	"si":       {{"șşȘŞ", wConj}, {"íÍ", wFill}},
	"e":        {{"èÈéÉ", wCopula}},
	"respaldo": {{"óÓ", wSign}},
	"apoyo":    {{"óÓ", wSign}},
}

// accentClass gives item it the class of the accented form its original spelling has.
func (a *analyzer) accentClass(f *fieldState, it *item, forms []accentForm) {
	orig := f.nt.orig[f.nt.origStart(it.start):f.nt.origEnd(it.end)]
	for _, af := range forms {
		if strings.ContainsAny(orig, af.marks) {
			it.class = af.class
			return
		}
	}
}

// caseInfo records how the item is written in the original text.
func (a *analyzer) caseInfo(f *fieldState, it *item) {
	orig := f.nt.orig[f.nt.origStart(it.start):f.nt.origEnd(it.end)]
	up, low, inner := 0, 0, false
	prevLow := false
	for i := 0; i < len(orig); {
		var isUp, isLow bool
		if c := orig[i]; c < utf8.RuneSelf {
			isUp, isLow = 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(orig[i:])
			isUp, isLow = unicode.IsUpper(r), unicode.IsLower(r)
			i += size
		}
		if isUp {
			up++
			if prevLow {
				inner = true
			}
		} else if isLow {
			low++
		}
		prevLow = isLow
	}
	r, _ := utf8.DecodeRuneInString(orig)
	it.upper = unicode.IsUpper(r)
	it.allCaps = up >= 2 && low == 0
	it.camel = inner
}

// classifyOther classifies words the phrase index does not know: numbers, Russian stems,
// CJK and Arabic runs holding a cue.
func (a *analyzer) classifyOther(w string, it *item) wclass {
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsDigit(r) {
		return wNumber
	}
	if unicode.Is(unicode.Cyrillic, r) {
		for _, st := range cyrillicStems {
			if strings.HasPrefix(w, st.prefix) {
				return st.class
			}
		}
		return wNone
	}
	if isCJK(r) || isHangul(r) || isArabic(r) {
		for _, n := range cjkNeg {
			if strings.Contains(w, n) {
				it.cjkNeg = true
			}
		}
		for _, c := range cjkCues {
			if strings.Contains(w, c.text) {
				return c.class
			}
		}
		if isArabic(r) && strings.HasPrefix(w, "و") {
			if list := a.d.words.lookup(w[len("و"):]).phrases; len(list) > 0 && len(list[len(list)-1].words) == 1 {
				return list[len(list)-1].class
			}
		}
	}
	return wNone
}

func isClass(items []item, i int, cs ...wclass) bool {
	if i < 0 || i >= len(items) || items[i].kind != itWord {
		return false
	}
	for _, c := range cs {
		if items[i].class == c {
			return true
		}
	}
	return false
}

// nextNonFill returns the index of the next item from i that is not a filler, looking at
// most max items ahead, or -1.
func nextNonFill(items []item, i, max int) int {
	for k := i; k < len(items) && k < i+max+1; k++ {
		if items[k].kind == itWord && (items[k].class == wFill || items[k].class == wAux) {
			continue
		}
		return k
	}
	return -1
}

func isArabicItem(items []item, i int) bool {
	r, _ := utf8.DecodeRuneInString(items[i].text)
	return isArabic(r)
}

func isCyrillicItem(items []item, i int) bool {
	r, _ := utf8.DecodeRuneInString(items[i].text)
	return unicode.Is(unicode.Cyrillic, r)
}

// isCJKItem reports whether item i is written in Han, kana or Hangul (topic-first
// languages whose subject is the leftmost group).
func isCJKItem(items []item, i int) bool {
	r, _ := utf8.DecodeRuneInString(items[i].text)
	return isCJK(r) || isHangul(r)
}
