package detect

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
)

// Detector finds mentions of the Paris Call and stance events in documents. It is
// immutable after New (but for a memo of publisher names) and safe for concurrent use.
type Detector struct {
	gaz *gazetteer
	// lex finds every pattern but the gazetteer's (names, references, cues) in whole
	// fields; ents finds the gazetteer's aliases (patterns firstEntity onwards), only in
	// the sentences the stance rules parse. all finds both, in one pass over a short field
	// (shortField), most of whose sentences the stance rules parse anyway.
	lex, ents, all finder
	firstEntity    int32
	maxEntity      int   // the longest alias, in bytes
	gate           *gate // the names alone: does a field need the full pass at all?
	pats           []patMeta
	tails          []tailRule
	words          *lexiconIndex
	patterns       []string
	// publishers remembers what each publisher name resolves to (a *callwatch.Entity,
	// shared read-only, or false for none): see publisherOf. Its only mutable state.
	publishers  sync.Map
	nPublishers atomic.Int32
}

var _ callwatch.Detector = (*Detector)(nil)

// patMeta describes automaton pattern i.
type patMeta struct {
	kind   patKind
	sub    nameSub
	lang   string
	leftB  bool  // check a word boundary before the match
	rightB bool  // and after it
	alias  int32 // pkEntity: index into gaz.aliases
	tail   int16 // pkTail: index into tails
	multi  bool  // pkRef: a phrase ("the Call"), not a single stem ("signatories")
}

// New builds a detector from the embedded gazetteer and lexicon: it compiles every name,
// look-alike, cue and gazetteer alias into one automaton. The embedded data is parsed
// once per process and shared (read-only) by every Detector.
func New() (*Detector, error) {
	g, err := sharedGazetteer()
	if err != nil {
		return nil, err
	}
	d := &Detector{gaz: g, tails: tailRules(), words: buildWordIndex()}
	var pats []string
	addPat := func(text string, m patMeta) {
		left, right := true, true
		if strings.HasPrefix(text, "*") {
			left, text = false, text[1:]
		}
		if strings.HasSuffix(text, "*") {
			right, text = false, text[:len(text)-1]
		}
		n := normalizeString(text)
		if n == "" {
			return
		}
		first, _ := utf8.DecodeRuneInString(n)
		last, _ := utf8.DecodeLastRuneInString(n)
		if isCJK(first) || isArabic(first) {
			left = false
		}
		if isCJK(last) || isHangul(last) {
			right = false
		}
		m.leftB, m.rightB = left && isWordRune(first), right && isWordRune(last)
		pats = append(pats, n)
		d.pats = append(d.pats, m)
	}
	for _, e := range lexicon() {
		m := patMeta{kind: e.kind, sub: e.sub, lang: e.lang, alias: -1, tail: -1}
		if e.kind == pkRef {
			t := strings.Trim(e.text, "*")
			m.multi = strings.ContainsAny(t, " '") && !strings.HasPrefix(t, "supporters")
		}
		addPat(e.text, m)
	}
	for i, r := range d.tails {
		for _, t := range r.tails {
			addPat(t, patMeta{kind: pkTail, lang: r.lang, alias: -1, tail: int16(i)})
		}
	}
	for i, a := range g.aliases {
		addPat(a.norm, patMeta{kind: pkEntity, alias: int32(i), tail: -1})
	}
	var names []string
	for i, m := range d.pats {
		if m.kind == pkName || m.kind == pkTail || m.kind == pkLook && m.sub == lookAmbig {
			names = append(names, pats[i])
		}
	}
	d.gate = newGate(names)
	// The gazetteer aliases (added last) get an automaton of their own: it is ten times
	// the size of the rest, and only the sentences the stance rules parse need it.
	d.firstEntity = int32(len(pats))
	for i, m := range d.pats {
		if m.kind == pkEntity {
			d.firstEntity = int32(i)
			break
		}
	}
	d.lex = d.newFinder(pats, seq(0, d.firstEntity))
	d.ents = d.newFinder(pats, seq(d.firstEntity, int32(len(pats))))
	d.all = d.newFinder(pats, seq(0, int32(len(pats))))
	for _, p := range pats[d.firstEntity:] {
		d.maxEntity = max(d.maxEntity, len(p))
	}
	d.patterns = pats
	return d, nil
}

// finder finds a set of patterns: those that begin at a word boundary (most) by a trie
// walked from each word start, the others (Han, kana, Hangul, Arabic with its prefixes)
// by an Aho-Corasick automaton, which on Latin text stays in its root.
//
// Gazetteer aliases that only match a capitalised word ("Orange", "Jordan", "US": three
// in four) have a trie of their own, walked only from words whose original first letter
// is a capital: in running text, one word in seven or so.
type finder struct {
	words *prefixTrie
	upper *prefixTrie // nil, or the aliases whose case rule wants a capital first
	auto  *automaton
	ids   []int32 // auto's pattern i is pattern ids[i]
}

// newFinder compiles the patterns ids.
func (d *Detector) newFinder(pats []string, ids []int32) finder {
	var anchored, capital []int32
	var f finder
	for _, id := range ids {
		switch {
		case !d.pats[id].leftB:
			f.ids = append(f.ids, id)
		case d.pats[id].kind == pkEntity && d.gaz.aliases[d.pats[id].alias].wantsCapital():
			capital = append(capital, id)
		default:
			anchored = append(anchored, id)
		}
	}
	f.words = buildPrefixTrie(pick(pats, anchored), anchored)
	if len(capital) > 0 {
		f.upper = buildPrefixTrie(pick(pats, capital), capital)
	}
	f.auto = buildAutomaton(pick(pats, f.ids))
	f.auto.bounds = make([]uint8, len(f.ids))
	for i, id := range f.ids {
		if d.pats[id].rightB {
			f.auto.bounds[i] |= 2
		}
	}
	return f
}

// find reports the occurrences in nt.s[from:to] of the finder's patterns (left word
// boundaries checked against nt.s, right ones not; aliases that want a capital only
// where the original has one), in no particular order.
func (f *finder) find(nt *normText, from, to int, fn func(start, end int, id int32)) {
	f.auto.scan(nt.s[from:to], func(start, end int, id int32) {
		fn(start+from, end+from, f.ids[id])
	})
	scanWords(f.words, f.upper, nt, from, to, fn)
}

// seq returns the ids [from, to).
func seq(from, to int32) []int32 {
	ids := make([]int32, 0, to-from)
	for id := from; id < to; id++ {
		ids = append(ids, id)
	}
	return ids
}

// pick returns pats[ids[0]], pats[ids[1]], ...
func pick(pats []string, ids []int32) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = pats[id]
	}
	return out
}

func isArabic(r rune) bool { return r >= 0x0600 && r <= 0x06FF }
func isHangul(r rune) bool {
	return r >= 0xAC00 && r <= 0xD7AF || r >= 0x1100 && r <= 0x11FF || r >= 0x3130 && r <= 0x318F
}

// Resolve maps a name (a register entry, an article's wording) to a known entity: states
// by any of their names, organisations by their listed name or an alias, with legal
// suffixes and bilingual parentheses ignored.
func (d *Detector) Resolve(name string) (callwatch.Entity, bool) {
	i, ok := d.gaz.resolveIndex(name)
	if !ok {
		return callwatch.Entity{}, false
	}
	return d.gaz.entities[i], true
}

// match is one accepted pattern occurrence in a field's normalised text.
type match struct {
	start, end int
	pat        int32
}

// scanField normalises a field and finds its pattern occurrences but the gazetteer's (see
// entityMatches), word boundaries and case rules checked; the offset map and the matches
// use fb's memory.
func (d *Detector) scanField(text string, fb *fieldBuf) (normText, []match) {
	nt := normalizeInto(text, fb.src)
	fb.src = nt.src
	fb.ents, fb.entsDone = fb.ents[:0], false
	if len(nt.s) > shortField {
		ms := d.matchesInto(fb.ms[:0], &d.lex, &nt, 0, len(nt.s))
		fb.ms = ms
		return nt, ms
	}
	// one pass for both finders' patterns; the gazetteer's go apart, still sorted
	ms := d.matchesInto(fb.ms[:0], &d.all, &nt, 0, len(nt.s))
	lex := ms[:0]
	for _, m := range ms {
		if m.pat >= d.firstEntity {
			fb.ents = append(fb.ents, m)
		} else {
			lex = append(lex, m)
		}
	}
	fb.ms, fb.entsDone = lex, true
	return nt, lex
}

// shortField is the longest normalised field (in bytes) searched for the gazetteer's
// aliases as a whole: a feed summary, a press release, a short article. In a longer one
// the stance rules parse only some sentences, and the aliases are searched in those.
const shortField = 4096

// entitiesIn appends to out the gazetteer matches of a field searched as a whole
// (fieldState.ents) that lie in nt.s[from:to]: what entityMatches would find there.
func entitiesIn(out, ents []match, from, to int) []match {
	k, _ := slices.BinarySearchFunc(ents, from, func(m match, from int) int { return m.start - from })
	for k > 0 && ents[k-1].start >= from {
		k--
	}
	for ; k < len(ents) && ents[k].start < to; k++ {
		if ents[k].end <= to {
			out = append(out, ents[k])
		}
	}
	return out
}

// entityMatches returns the gazetteer aliases in nt.s[from:to], word boundaries (with
// the text around the range) and case rules checked, sorted.
func (d *Detector) entityMatches(nt *normText, from, to int) []match {
	return d.matches(&d.ents, nt, from, to)
}

// matches returns the occurrences that f finds in nt.s[from:to] and accept accepts,
// sorted.
func (d *Detector) matches(f *finder, nt *normText, from, to int) []match {
	return d.matchesInto(make([]match, 0, (to-from)/64+4), f, nt, from, to) // about one in 64 bytes of news
}

// matchesInto is matches appending to ms.
func (d *Detector) matchesInto(ms []match, f *finder, nt *normText, from, to int) []match {
	f.find(nt, from, to, func(start, end int, id int32) {
		if d.accept(nt, start, end, id) {
			ms = append(ms, match{start: start, end: end, pat: id})
		}
	})
	sortMatches(ms)
	return ms
}

// sortMatches orders matches by start, the longest first, then by pattern.
func sortMatches(ms []match) {
	slices.SortFunc(ms, func(x, y match) int {
		if x.start != y.start {
			return x.start - y.start
		}
		if x.end != y.end {
			return y.end - x.end
		}
		return int(x.pat - y.pat)
	})
}

// accept checks a pattern occurrence's word boundaries (by Unicode class) and, for an
// alias, its case rule.
func (d *Detector) accept(nt *normText, start, end int, id int32) bool {
	s := nt.s
	m := &d.pats[id]
	if m.leftB && start > 0 {
		if c := s[start-1]; c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
				return false
			}
		} else if r, _ := utf8.DecodeLastRuneInString(s[:start]); isWordRune(r) {
			return false
		}
	}
	if m.rightB && end < len(s) {
		if c := s[end]; c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
				return false
			}
		} else if r, _ := utf8.DecodeRuneInString(s[end:]); isWordRune(r) {
			return false
		}
	}
	return m.kind != pkEntity || d.entityOK(nt, start, end, &d.gaz.aliases[m.alias])
}

// locatives make a following capital a place, not a government ("in Washington").
var locatives = map[string]bool{
	"in": true, "at": true, "from": true, "to": true, "into": true, "near": true, "a": true, "en": true, "de": true, "nach": true,
	"aus": true, "von": true, "im": true, "desde": true, "hacia": true, "em": true, "of": true, "visit": true, "visited": true,
	"outside": true, "à": true, "dans": true, "through": true, "via": true, "for": true, "between": true,
}

// entityOK applies an alias's case rule and the metonym rule to a match.
func (d *Detector) entityOK(nt *normText, start, end int, a *alias) bool {
	os, oe := nt.origStart(start), nt.origEnd(end)
	orig := nt.orig[os:oe]
	switch a.rule {
	case caseExact:
		if lettersOf(orig) != lettersOf(a.orig) {
			return false
		}
	case caseUpper:
		r, _ := utf8.DecodeRuneInString(orig)
		if !unicode.IsUpper(r) && !unicode.IsTitle(r) {
			return false
		}
	}
	// the first part of a compound is a modifier: "EU-Mitglieder", "US-led"
	if end+1 < len(nt.s) && nt.s[end] == '-' {
		if r, _ := utf8.DecodeRuneInString(nt.s[end+1:]); unicode.IsLetter(r) {
			return false
		}
	}
	// the last part of a compound names something else: "Île-de-France", "Pas-de-Calais"
	if start >= 2 && nt.s[start-1] == '-' {
		if r, _ := utf8.DecodeLastRuneInString(nt.s[:start-1]); unicode.IsLetter(r) {
			return false
		}
	}
	if a.metonym {
		prev := prevWord(nt.s, start)
		if locatives[prev] {
			return false
		}
		// "Washington Post", "London School": a capitalised word follows
		rest := strings.TrimLeft(nt.orig[oe:], " \u00a0")
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) || strings.HasPrefix(rest, "-based") {
			return false
		}
	}
	return true
}

func lettersOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// prevWord returns the normalised word before position i.
func prevWord(s string, i int) string {
	j := i
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '"' || s[j-1] == '(') {
		j--
	}
	k := j
	for k > 0 && s[k-1] != ' ' && s[k-1] != '\n' && s[k-1] != '"' && s[k-1] != '(' {
		k--
	}
	return s[k:j]
}
