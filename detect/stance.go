package detect

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
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

// analyzer runs the stance rules over one document.
type analyzer struct {
	d         *Detector
	doc       callwatch.Document
	lang      string
	publisher *callwatch.Entity
	weakCand  bool    // the sentence only follows one that names the Call
	toks      []token // tokenizer buffer, reused
	pubID     string  // publisherID's memo
	pubIDDone bool
	itemBuf   []item     // the items of the sentence being parsed, reused
	spans     []itemSpan // its names and entities, reused
	ents      []match    // its gazetteer matches, reused
	consumed  []bool     // the items a rule has used up, reused
	field     *fieldState
	sentIx    int               // index in field.sents of the sentence being parsed
	orgHead   int               // item index of a name an apposition calls an organisation, or -1
	lastState *callwatch.Entity // the last state given a stance in the document
	titleCase bool              // the sentence is a headline in title case
	blocked   bool              // the last subject search met an urging verb, a hedge or a condition
}

// publisherID is the unverified id of the document's publisher, computed once.
func (a *analyzer) publisherID() string {
	if !a.pubIDDone {
		a.pubID, a.pubIDDone = unverifiedID(a.doc.Publisher), true
	}
	return a.pubID
}

// publisherEntity resolves the document's publisher (the subject of "we signed").
func (a *analyzer) publisherEntity() {
	p := strings.TrimSpace(a.doc.Publisher)
	if p == "" {
		return
	}
	if e, ok := a.d.Resolve(p); ok {
		a.publisher = &e
		return
	}
	// "The Cloudflare Blog", "Microsoft On the Issues", "Orange Newsroom": the longest run
	// of the name's first words that the gazetteer knows
	if words := strings.Fields(p); len(words) > 1 {
		for n := len(words) - 1; n >= 1; n-- {
			for start := 0; start+n <= len(words) && start <= 1; start++ {
				if e, ok := a.d.Resolve(strings.Join(words[start:start+n], " ")); ok && len(words[start]) > 2 {
					a.publisher = &e
					return
				}
			}
		}
	}
	host := strings.TrimPrefix(strings.ToLower(p), "www.")
	if strings.Contains(host, ".") && !strings.Contains(host, " ") {
		labels := strings.Split(host, ".")
		for i := len(labels) - 2; i >= 0; i-- {
			if l := labels[i]; len(l) > 2 && l != "com" && l != "co" && l != "org" && l != "gov" && l != "blogs" && l != "news" {
				if e, ok := a.d.Resolve(l); ok {
					a.publisher = &e
					return
				}
				p = l
				break
			}
		}
	}
	e := callwatch.Entity{ID: unverifiedID(p), Name: p, Category: callwatch.CategoryUnknown, Verified: false}
	a.publisher = &e
}

// subject is an entity found for a stance trigger.
type subject struct {
	ent      *callwatch.Entity
	text     string
	start    int // normalised
	end      int
	verified bool
	negated  bool // "50 nations, but not the US, signed": this member did the opposite
}

// sentence runs the stance rules on one sentence that refers to the Call and appends
// their findings to out.
func (a *analyzer) sentence(out []callwatch.Finding, f *fieldState, si *sentInfo, base float64) []callwatch.Finding {
	if si.end-si.start > maxStanceSentence {
		return out // not a sentence: a list, a table or garbage
	}
	s := f.nt.s[si.start:si.end]
	if strings.HasSuffix(strings.TrimRight(s, "\"' "), "?") {
		return out
	}
	a.locate(f, si)
	a.titleCase = f.field == callwatch.FieldTitle && isTitleCase(f.nt.orig)
	items := a.items(f, si)
	a.weakCand = base < 0.8
	a.consumed = slices.Grow(a.consumed[:0], len(items))[:len(items)]
	consumed := a.consumed
	clear(consumed)
	for i := range items {
		if consumed[i] {
			continue
		}
		ev := a.trigger(items, i, consumed)
		if ev == nil {
			continue
		}
		ev.subjects = a.dropCapitalsOfListedAuthorities(ev.subjects)
		for _, sub := range ev.subjects {
			if sub.ent.Category == callwatch.CategoryState {
				e := *sub.ent
				a.lastState = &e
			}
		}
		for _, sub := range ev.subjects {
			fd := evidence(f, si)
			fd.Kind = ev.stance
			if sub.negated {
				switch ev.stance {
				case callwatch.FindingSigned, callwatch.FindingAnnounced:
					fd.Kind = callwatch.FindingDeclined
				case callwatch.FindingDeclined:
					fd.Kind = callwatch.FindingSigned
				}
			}
			e := *sub.ent
			fd.Entity = &e
			fd.Subject = sub.text
			if sub.end > sub.start {
				fd.Subject = strings.TrimSpace(f.nt.orig[f.nt.origStart(sub.start):f.nt.origEnd(sub.end)])
				if !sub.verified && strings.HasPrefix(e.ID, "unverified:") && e.ID != a.publisherID() {
					e.Name = fd.Subject
					e.ID = unverifiedID(cleanOrgName(e.Name))
				}
			}
			fd.Rule = "stance." + string(ev.stance) + "." + ev.rule
			conf := base * ev.weight
			if !sub.verified {
				conf *= 0.6
			}
			if conf > 0.99 {
				conf = 0.99
			}
			fd.Confidence = round2(conf)
			fd.Spans = make([]callwatch.Span, 0, len(si.hits)+3)
			for _, h := range si.hits {
				fd.Spans = append(fd.Spans, callwatch.Span{Start: f.nt.origStart(h.start), End: f.nt.origEnd(h.end), Role: "name"})
			}
			fd.Spans = append(fd.Spans, callwatch.Span{Start: f.nt.origStart(items[ev.verb].start), End: f.nt.origEnd(items[ev.verb].end), Role: "verb"})
			if sub.end > sub.start {
				fd.Spans = append(fd.Spans, callwatch.Span{Start: f.nt.origStart(sub.start), End: f.nt.origEnd(sub.end), Role: "entity"})
			}
			if ev.neg >= 0 {
				fd.Spans = append(fd.Spans, callwatch.Span{Start: f.nt.origStart(items[ev.neg].start), End: f.nt.origEnd(items[ev.neg].end), Role: "negation"})
			}
			out = append(out, fd)
		}
	}
	return out
}

// locate records the field and the index of the sentence being parsed (sentences come in
// order, so the search starts from the last one).
func (a *analyzer) locate(f *fieldState, si *sentInfo) {
	from := 0
	if a.field == f {
		from = a.sentIx
	}
	a.field, a.sentIx = f, -1
	for i := from; i < len(f.sents); i++ {
		if &f.sents[i] == si {
			a.sentIx = i
			return
		}
	}
	for i := 0; i < from && i < len(f.sents); i++ {
		if &f.sents[i] == si {
			a.sentIx = i
			return
		}
	}
}

// neitherBefore reports whether "weder" (neither) comes before item k: only then is
// "noch" a negation ("weder Russland noch China").
func neitherBefore(items []item, k int) bool {
	for j := k - 1; j >= 0; j-- {
		if items[j].text == "weder" {
			return true
		}
	}
	return false
}

// priorWords make a government phrase stand for an earlier government of the state in
// context ("the previous administration", "l'administration précédente").
var priorWords = map[string]bool{"previous": true, "former": true, "prior": true, "precedente": true, "anterior": true,
	"vorherige": true, "fruhere": true, "vorgangerregierung": true, "ancienne": true, "السابق": true, "السابقة": true}

// priorGovernment reports whether a pronoun phrase names an earlier government.
func priorGovernment(text string) bool {
	for _, w := range strings.Fields(text) {
		if priorWords[w] {
			return true
		}
	}
	return false
}

// stateOfContext returns the state that "the previous administration" at item p belongs
// to: the only state named before it in the sentence, else the last state given a stance
// in the document, else the only state named in the previous sentence of the field; none
// when two states compete.
func (a *analyzer) stateOfContext(items []item, p int) *subject {
	var found *callwatch.Entity
	for k := 0; k < p; k++ {
		if items[k].kind != itEntity {
			continue
		}
		e := &a.d.gaz.entities[items[k].ent]
		if e.Category != callwatch.CategoryState {
			continue
		}
		if found != nil && found.ID != e.ID {
			return nil
		}
		found = e
	}
	if found == nil && a.lastState != nil {
		found = a.lastState // the state whose stance was reported last
	}
	if found == nil {
		f, ix := a.field, a.sentIx
		if f == nil || ix < 1 || ix >= len(f.sents) {
			return nil
		}
		prev := &f.sents[ix-1]
		for _, m := range a.d.entityMatches(&f.nt, prev.start, min(prev.end, prev.start+maxStanceSentence)) {
			pm := &a.d.pats[m.pat]
			if pm.kind != pkEntity {
				continue
			}
			e := &a.d.gaz.entities[a.d.gaz.aliases[pm.alias].entity]
			if e.Category != callwatch.CategoryState {
				continue
			}
			if found != nil && found.ID != e.ID {
				return nil
			}
			found = e
		}
	}
	if found == nil {
		return nil
	}
	return &subject{ent: found, text: found.Name, start: items[p].start, end: items[p].end, verified: true}
}

// singularPronouns may stand for a state or an organisation named in the sentence before;
// the nouns say which kind ("the country" a state, "the company" an organisation).
var singularPronouns = map[string]bool{"it": true, "il": true, "elle": true, "er": true, "el": true, "ella": true, "ele": true,
	"ela": true, "esso": true, "essa": true, "он": true, "она": true, "它": true}

// copulas and objectArticles tell a predicate about the subject ("Japan was among the
// first") from one with an object that a pronoun may stand for ("Germany published a
// strategy").
var (
	copulas = map[string]bool{"is": true, "was": true, "are": true, "were": true, "been": true, "remains": true, "remained": true,
		"became": true, "est": true, "etait": true, "ete": true, "reste": true, "ist": true, "war": true, "es": true, "fue": true,
		"era": true, "sigue": true, "e": true, "foi": true, "este": true}
	objectArticles = map[string]bool{"a": true, "an": true, "the": true, "its": true, "his": true, "her": true, "their": true,
		"un": true, "une": true, "le": true, "la": true, "les": true, "l'": true, "son": true, "sa": true, "ses": true, "ein": true,
		"eine": true, "einen": true, "den": true, "die": true, "das": true, "el": true, "una": true, "los": true, "las": true, "su": true,
		"o": true, "um": true, "uma": true, "seu": true, "sua": true, "il": true, "lo": true}
)

// linkPrepositions before an article make a complement, not an object ("parmi les
// premiers", "among the first").
var linkPrepositions = map[string]bool{"among": true, "in": true, "at": true, "on": true, "of": true, "for": true, "with": true,
	"from": true, "to": true, "parmi": true, "dans": true, "en": true, "avec": true, "pour": true, "de": true, "sur": true, "entre": true,
	"unter": true, "mit": true, "bei": true, "von": true, "zu": true, "con": true, "por": true, "para": true, "em": true, "com": true,
	"tra": true, "fra": true, "per": true, "di": true, "da": true, "a": true}

// stateNouns and orgNouns are the words of the noun pronouns ("the country", "l'entreprise").
var (
	stateNouns = map[string]bool{"country": true, "pays": true, "land": true, "pais": true, "paese": true}
	orgNouns   = map[string]bool{"company": true, "firm": true, "group": true, "entreprise": true, "groupe": true,
		"unternehmen": true, "konzern": true, "empresa": true, "compania": true}
)

// antecedent resolves the pronoun at item p, the subject of verb i, to the entity that
// opens the previous sentence of the same paragraph: "Japan was among the first. It
// signed in 2018." It does so only when the antecedent is clear: the pronoun is singular
// and stands right before the verb (auxiliaries, adverbs and negations between), the
// previous sentence starts with the entity (after an article at most), the entity is not
// one of a list or a possessive, and the pronoun's noun fits its kind.
func (a *analyzer) antecedent(items []item, p, i int) *subject {
	f, ix := a.field, a.sentIx
	if f == nil || ix < 1 || ix >= len(f.sents) || f.sents[ix-1].para != f.sents[ix].para {
		return nil
	}
	pron := ""
	span := i // the item the subject's span points at: the pronoun, or the verb of a pro-drop
	if p >= 0 {
		pron, span = items[p].text, p
	}
	wantState, wantOrg := false, false
	if p < 0 {
		// no pronoun at all (Spanish, Italian, Portuguese, Romanian): "Chile es un país
		// andino. Firmó el Llamamiento en 2018."
	} else if sp := strings.LastIndexByte(pron, ' '); sp >= 0 {
		w := pron[sp+1:]
		wantState, wantOrg = stateNouns[w], orgNouns[w]
		if !wantState && !wantOrg {
			return nil
		}
	} else if !singularPronouns[pron] || pron == "il" && a.lang == "it" {
		return nil
	}
	for k := p + 1; k < i; k++ {
		if !isClass(items, k, wAux, wCopula, wModal, wNeg, wFill, wYet, wDid) {
			return nil
		}
	}
	prev := &f.sents[ix-1]
	s := f.nt.s
	ms := a.d.entityMatches(&f.nt, prev.start, min(prev.end, prev.start+200))
	if len(ms) == 0 {
		return nil
	}
	m := ms[0]
	for _, w := range strings.Fields(s[prev.start:m.start]) {
		if !articles[w] && w != "l'" {
			return nil
		}
	}
	rest := strings.TrimLeft(s[m.end:prev.end], " ")
	for _, x := range []string{",", "'s", "'", "-", "&", "(", "and ", "et ", "und ", "y ", "e ", "of ", "de ", "or ", "ou "} {
		if strings.HasPrefix(rest, x) {
			if x == "e " && strings.HasPrefix(f.nt.orig[f.nt.origStart(prev.end-len(rest)):], "è") {
				break // Italian "è" (is), not "e" (and): "L'Italia è stata tra i primi"
			}
			return nil // a list, a possessive, a complement
		}
	}
	// the predicate of the previous sentence must not offer another antecedent: "Germany
	// published a new strategy. It supports ..." is about the strategy
	prevW := ""
	for _, w := range strings.Fields(rest) {
		if copulas[w] {
			break // "Japan was among the first": about Japan
		}
		if objectArticles[w] && !linkPrepositions[prevW] && !(w == "a" && (a.lang == "fr" || a.lang == "it")) {
			return nil
		}
		prevW = w
	}
	pm := &a.d.pats[m.pat]
	if pm.kind != pkEntity {
		return nil
	}
	e := &a.d.gaz.entities[a.d.gaz.aliases[pm.alias].entity]
	if isState := e.Category == callwatch.CategoryState; wantState && !isState || wantOrg && isState {
		return nil
	}
	return &subject{ent: e, text: e.Name, start: items[span].start, end: items[span].end, verified: true}
}

// proDrop languages leave a pronoun subject out.
var proDrop = map[string]bool{"es": true, "it": true, "pt": true, "ro": true}

// maxStanceSentence is the longest sentence (in normalised bytes) parsed for stances.
const maxStanceSentence = 2000

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

// items turns a sentence into items: names and entities from the automaton's matches
// (longest first, names before entities), the words in between classified by the lexicon.
func (a *analyzer) items(f *fieldState, si *sentInfo) []item {
	s := f.nt.s
	a.ents = a.d.matchesInto(a.ents[:0], &a.d.ents, &f.nt, si.start, si.end)
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
			if list, ok := a.d.words[w]; ok {
				for _, e := range list {
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
			if it.class == wNone || orgKeywords[w] || authorityHeads[w] {
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
			if list, ok := a.d.words[w[len("و"):]]; ok && len(list[len(list)-1].words) == 1 {
				return list[len(list)-1].class
			}
		}
	}
	return wNone
}

// event is what one trigger says: a stance and its subjects.
type event struct {
	stance   callwatch.FindingKind
	rule     string
	weight   float64
	verb     int // item index of the trigger
	neg      int // item index of the negation, or -1
	subjects []subject
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

// trigger evaluates item i as a stance trigger.
func (a *analyzer) trigger(items []item, i int, consumed []bool) *event {
	it := items[i]
	if it.kind != itWord {
		return nil
	}
	if j := nextNonFill(items, i+1, 2); j >= 0 && items[j].kind == itLook {
		return nil // "signed the Budapest Convention", "rejected the Christchurch Call"
	}
	if j := nextNonFill(items, i+1, 1); j >= 0 && items[j].kind == itEntity && !strings.HasPrefix(it.text, "join") &&
		!strings.HasPrefix(it.text, "rejoin") && (it.class == wSign || it.class == wDecl) && !modifierAt(items, j) &&
		subjectBefore(items, i) && a.lang != "de" && a.lang != "ru" && a.lang != "ar" {
		// an organisation as the object: "Microsoft backed France's proposal" is handled by
		// the possessive; "X signed Y" or "X rejected Y" is about Y, not the Call
		if !isClass(items, j+1, wIn, wConj) || it.class == wDecl {
			return nil
		}
	}
	if (it.class == wSign || it.class == wSignBase || it.class == wSignNoun) && isCJKItem(items, i) {
		if n := i + 1; isClass(items, n, wDecl, wDeclStrong) {
			return nil // "서명을 거부했다" (refused to sign): the refusal is the verb
		}
		if it.class == wSign && (strings.HasSuffix(it.text, "할") || strings.Contains(it.text, "하기로")) {
			it.class = wSignFut // "참여할 예정이다", "서명하기로 했다": will join
		}
	}
	if it.class == wSign && (strings.HasSuffix(it.text, " list") || strings.HasSuffix(it.text, " liste") || strings.HasSuffix(it.text, " lista")) && !listOfSupporters(items, i+1) {
		return nil // "on the list of supporters", not "on the list of banned companies"
	}
	if it.class == wSign && strings.HasSuffix(it.text, "part of") {
		if j := nextNonFill(items, i+1, 2); j < 0 || items[j].kind != itCall {
			return nil // "is now part of the Call", not "is now part of a coalition"
		}
	}
	switch it.class {
	case wSign:
		if ev := a.joinIn(items, i, consumed); ev != nil {
			return ev
		}
		if strings.HasPrefix(it.text, "join") && joinedOther(items, i) {
			return nil // "Russia joined China in proposing a treaty"
		}
		if j := nextNonFill(items, i+1, 2); isClass(items, j, wPassBy) || a.roPassiveBy(items, i, j) {
			if !passiveOfCall(items, i) {
				return nil // "Acme, a start-up backed by Microsoft, joined": Microsoft backs Acme
			}
			ev := &event{stance: callwatch.FindingSigned, rule: "passive", weight: 1, verb: i, neg: -1}
			if n := negBefore(items, i, 4); n >= 0 {
				ev.stance, ev.neg, ev.rule = callwatch.FindingDeclined, n, "passive-negated"
			}
			ev.subjects = a.forward(items, j+1)
			return ev
		}
		if a.weakCand && objectNP(items, i) {
			return nil // "signed a deal": not the Call
		}
		if ev := a.active(items, i, callwatch.FindingSigned, "active"); ev != nil || a.blocked {
			return ev
		}
		if ev := a.listAfter(items, i, callwatch.FindingSigned); ev != nil {
			return ev
		}
		return a.inverted(items, i, callwatch.FindingSigned)
	case wSignFut:
		if a.weakCand && objectNP(items, i) {
			return nil
		}
		if ev := a.active(items, i, callwatch.FindingAnnounced, "future"); ev != nil || a.blocked {
			return ev
		}
		return a.inverted(items, i, callwatch.FindingAnnounced)
	case wSignBase, wGerSign:
		if sub := a.possessor(items, i); sub != nil {
			// "Microsoft's support for the Call", "Siemens' backing"
			return &event{stance: callwatch.FindingSigned, rule: "possessive", weight: 0.85, verb: i, neg: -1, subjects: []subject{*sub}}
		}
		if a.weakCand && objectNP(items, i) {
			return nil
		}
		gov := governor(items, i)
		switch gov {
		case wModal:
			return a.active(items, i, callwatch.FindingAnnounced, "modal")
		case wYet:
			ev := a.active(items, i, callwatch.FindingDeclined, "not-yet")
			return ev
		case wDid:
			return a.active(items, i, callwatch.FindingSigned, "did")
		case wNone:
			if it.class == wGerSign {
				// present progressive: "Germany is joining the Call"
				if p := i - 1; p >= 0 && isClass(items, p, wCopula, wAux) && (items[p].text == "is" || items[p].text == "are" || items[p].text == "was" || items[p].text == "were") {
					return a.active(items, i, callwatch.FindingSigned, "progressive")
				}
				return nil
			}
			// present tense right after its subject: "Germany and Japan sign the Call"
			p := i - 1
			for p >= 0 && (isClass(items, p, wFill, wNeg) || items[p].kind == itPunct && items[p].text == ",") {
				p--
			}
			if p >= 0 && (items[p].kind == itEntity || isClass(items, p, wSelf)) {
				return a.active(items, i, callwatch.FindingSigned, "present")
			}
		}
		return nil
	case wDecl:
		if !a.declObject(items, i) || a.weakCand && objectNP(items, i) {
			return nil
		}
		if j := nextNonFill(items, i+1, 2); isClass(items, j, wPassBy) && passiveOfCall(items, i) {
			return &event{stance: callwatch.FindingDeclined, rule: "passive", weight: 0.95, verb: i, neg: -1, subjects: a.forward(items, j+1)}
		}
		if ev := a.active(items, i, callwatch.FindingDeclined, "refusal"); ev != nil || a.blocked {
			return ev
		}
		return a.inverted(items, i, callwatch.FindingDeclined)
	case wDeclStrong:
		if sub := a.possessor(items, i); sub != nil {
			// "Washington's absence from the Call", "Russia's refusal to sign"
			return &event{stance: callwatch.FindingDeclined, rule: "possessive", weight: 0.9, verb: i, neg: -1, subjects: []subject{*sub}}
		}
		ev := a.active(items, i, callwatch.FindingDeclined, "absent")
		if ev != nil && len(ev.subjects) > 0 {
			return ev
		}
		subs := a.forward(items, i+1)
		if len(subs) == 0 {
			return nil
		}
		return &event{stance: callwatch.FindingDeclined, rule: "absent-list", weight: 0.9, verb: i, neg: -1, subjects: subs}
	case wSignatory:
		return a.signatory(items, i)
	case wWithout:
		subs := a.forward(items, i+1)
		if len(subs) == 0 {
			return nil
		}
		// "without X": only direct objects, no count words
		return &event{stance: callwatch.FindingDeclined, rule: "without", weight: 0.85, verb: i, neg: -1, subjects: subs}
	case wSignNoun:
		if sub := a.possessor(items, i); sub != nil {
			// "Microsoft's support for the Call"
			return &event{stance: callwatch.FindingSigned, rule: "possessive", weight: 0.85, verb: i, neg: -1, subjects: []subject{*sub}}
		}
		if n := i + 1; n < len(items) && (items[n].text == "de" || items[n].text == "of" || items[n].text == "du" || items[n].text == "von" ||
			items[n].text == "da" || items[n].text == "di" || items[n].text == "del" || items[n].text == "des" || items[n].text == "der") {
			// "tiene el apoyo de la UE, Canadá y Japón", "with the support of X"
			if subs := a.forward(items, n+1); len(subs) > 0 {
				return &event{stance: callwatch.FindingSigned, rule: "support-of", weight: 0.85, verb: i, neg: -1, subjects: subs}
			}
		}
		p := i - 1
		for p >= 0 && (isClass(items, p, wFill) || possessives[items[p].text]) {
			p--
		}
		if p >= 0 && (isClass(items, p, wDecl, wNeg, wDeclStrong, wUrge, wSpec) || items[p].kind == itWord && items[p].class == wNone && p == i-1 && !items[p].upper) {
			if !(p >= 0 && isClass(items, p, wReport)) {
				return nil
			}
		}
		if p >= 0 && isClass(items, p, wReport, wModal) {
			ev := a.activeFrom(items, i, p, callwatch.FindingSigned, "support-noun")
			return ev
		}
		return nil
	}
	return nil
}

// listOfSupporters reports whether the list named before item k is the Call's: "of
// (the) supporters/signatories" or the Call itself follows.
func listOfSupporters(items []item, k int) bool {
	for j := k; j < len(items) && j <= k+3; j++ {
		switch {
		case items[j].kind == itCall, isClass(items, j, wSignatory):
			return true
		case items[j].kind == itWord && (complementOf[items[j].text] || articles[items[j].text] || isClass(items, j, wFill)):
			continue
		}
		return false
	}
	return false
}

// roPassiveBy reports the Romanian passive agent "a fost semnat de X": "de" (by, but
// mostly of) after a participle that follows "fost" (a word only Romanian has).
func (a *analyzer) roPassiveBy(items []item, i, j int) bool {
	return j >= 0 && j < len(items) && items[j].text == "de" && i >= 1 && items[i-1].text == "fost"
}

// textNouns name the Call's text as the subject of a passive: "its text was signed by X",
// "a declaration signed by 51 states", "el documento fue firmado por X".
var textNouns = map[string]bool{
	"text": true, "texte": true, "texto": true, "testo": true, "textul": true, "document": true, "documento": true, "documentul": true,
	"dokument": true, "declaration": true, "declaracion": true, "declaracao": true, "dichiarazione": true, "declaratia": true,
	"declaratie": true, "erklarung": true, "initiative": true, "iniciativa": true, "iniziativa": true, "initiativa": true, "pledge": true,
	"pact": true, "accord": true, "principles": true, "principes": true, "principios": true, "principi": true, "grundsatze": true,
	"appeal": true, "call": true, "it": true, "il": true, "elle": true, "es": true, "er": true, "ele": true, "esso": true,
	"документ": true, "призыв": true, "appel": true, "appell": true, "aufruf": true, "llamamiento": true, "llamado": true, "apelo": true,
	"appello": true, "apelul": true, "apel": true, "chamado": true, "llamada": true,
}

// passiveOfCall reports whether the participle at item i ("backed by", "signé par") has
// the Call for its subject: a name of or a reference to the Call, its text, a pronoun, or
// nothing (a participle opening the sentence). "Acme, a start-up backed by Microsoft" is
// about Acme.
func passiveOfCall(items []item, i int) bool {
	p := i - 1
	for p >= 0 && (isClass(items, p, wAux, wCopula, wFill, wNeg, wYet, wModal) && !textNouns[items[p].text] || items[p].kind == itWord && items[p].class == wNone && strings.HasSuffix(items[p].text, "ly")) {
		p--
	}
	if p >= 0 && isClass(items, p, wRel) {
		p-- // "the Call, which was signed by"
	}
	if p >= 0 && items[p].kind == itPunct && (items[p].text == "," || items[p].text == "(") {
		p-- // "the Call, backed by 51 states,"
		if p < 0 {
			return true
		}
		return items[p].kind == itCall || items[p].kind == itWord && textNouns[items[p].text]
	}
	if p < 0 {
		return true
	}
	it := items[p]
	return it.kind == itCall || it.kind == itWord && (textNouns[it.text] || it.class == wPron || it.class == wSignatory)
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

// negBefore finds a negation among the n items before i.
func negBefore(items []item, i, n int) int {
	for k := i - 1; k >= 0 && k >= i-n; k-- {
		if isClass(items, k, wNeg) {
			return k
		}
		if items[k].kind == itPunct && items[k].text != "\"" {
			break
		}
	}
	return -1
}

// governor finds what governs an infinitive or base verb: a modal (will sign), a refusal or
// "yet" (has yet to sign), an auxiliary "did", an urging verb or a hedge (no stance).
func governor(items []item, i int) wclass {
	ordinal := false
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		it := items[k]
		if it.kind == itPunct && it.text != "\"" {
			return wNone
		}
		if it.kind != itWord {
			continue
		}
		if it.class == wNumber || ordinals[it.text] {
			ordinal = true
		}
		if proudWords[it.text] || decidedWords[it.text] {
			return wDid // "we are proud to join", "had decided to join": joining now, or done
		}
		if it.class == wCopula && ordinal {
			// "has become the 81st state to support", "is the latest company to sign":
			// signed, unless a modal comes first ("would be the latest to sign")
			for j := k - 1; j >= 0 && j >= k-3; j-- {
				if isClass(items, j, wModal) {
					return wModal
				}
			}
			return wDid
		}
		switch it.class {
		case wModal, wSignFut:
			return wModal
		case wYet:
			return wYet
		case wDid:
			return wDid
		case wUrge, wSpec, wCond, wDecl, wDeclStrong:
			return wUrge
		case wBreak, wReport, wSign:
			return wNone
		}
	}
	return wNone
}

// proudWords before "to join" make a self-announcement of joining.
var proudWords = map[string]bool{
	"proud": true, "pleased": true, "delighted": true, "honored": true, "honoured": true, "happy": true, "glad": true,
	"excited": true, "fier": true, "fiere": true, "fiers": true, "heureux": true, "ravi": true, "ravis": true, "stolz": true,
	"orgullosos": true, "orgullosa": true, "orgulloso": true, "complacidos": true, "orgulhosos": true, "orgogliosi": true,
}

// possessor returns the entity whose noun item i is: "Washington's absence".
func (a *analyzer) possessor(items []item, i int) *subject {
	k := i - 1
	if k >= 0 && items[k].kind == itWord && items[k].class == wNone && !items[k].upper && items[k].text != "'s" {
		k-- // one adjective: "Russia's continued refusal"
	}
	if k < 1 || items[k].text != "'s" || items[k-1].kind != itEntity {
		return nil
	}
	e := &a.d.gaz.entities[items[k-1].ent]
	return &subject{ent: e, text: items[k-1].text, start: items[k-1].start, end: items[k-1].end, verified: true}
}

// joinedOther reports "X joined Y in <doing something else>".
func joinedOther(items []item, i int) bool {
	for k := i + 1; k < len(items) && k <= i+10; k++ {
		if isClass(items, k, wIn) && k+1 < len(items) && items[k+1].kind == itWord && strings.HasSuffix(items[k+1].text, "ing") {
			return true
		}
		if items[k].kind == itPunct && items[k].text != "," {
			return false
		}
	}
	return false
}

// subjectBefore reports whether an entity or "we" comes before item i (a verb-first
// sentence has its subject after the verb).
func subjectBefore(items []item, i int) bool {
	for k := 0; k < i; k++ {
		if items[k].kind == itEntity || isClass(items, k, wSelf) {
			return true
		}
	}
	return false
}

// decidedWords report a decision to join that news treats as joining.
var decidedWords = map[string]bool{"decided": true, "decide": true, "decidé": true, "decide de": true, "entschied": true,
	"entschieden": true, "decidio": true, "decidieron": true, "decidiu": true, "deciso": true}

// prepositions introduce the (indirect) object of joining verbs, not another object.
var prepositions = map[string]bool{"to": true, "onto": true, "into": true, "ao": true, "au": true, "aux": true, "al": true,
	"zum": true, "zur": true, "alla": true, "allo": true, "all'": true}

// possessives before a support noun: "annoncé son adhésion", "announced its support".
var possessives = map[string]bool{"its": true, "their": true, "son": true, "sa": true, "ses": true, "leur": true, "sein": true,
	"seine": true, "ihre": true, "ihren": true, "su": true, "sus": true, "seu": true, "sua": true, "la": true, "sua propria": true}

// ordinals make "the Nth state to sign" a report of signing.
var ordinals = map[string]bool{
	"first": true, "latest": true, "newest": true, "last": true, "second": true, "third": true, "fourth": true, "fifth": true,
	"premier": true, "premiere": true, "dernier": true, "derniere": true, "erste": true, "ersten": true, "neueste": true, "jungste": true,
	"primer": true, "primera": true, "ultimo": true, "ultima": true, "primeiro": true, "primo": true,
}

// objectNP reports whether the verb at i takes another object ("signed a deal",
// "joined the board"), so that a sentence that only follows a mention is not about the Call.
func objectNP(items []item, i int) bool {
	for k := i + 1; k < len(items) && k <= i+4; k++ {
		it := items[k]
		switch {
		case it.kind == itCall:
			return false
		case it.kind == itWord && it.class == wNone && textNouns[it.text] && k > i+1 && definiteArticles[items[k-1].text] &&
			(k+1 >= len(items) || items[k+1].kind == itPunct || isClass(items, k+1, wFill, wNumber, wIn) && !ofWords[items[k+1].text] && !topicWords[items[k+1].text]):
			return false // "ha firmato la dichiarazione nel 2018": the Call's text, in an article about it
		case it.kind == itLook, it.kind == itWord && it.class == wNone:
			return true // "signed a deal", "support international cyber norms", "backed Mozilla"
		case it.kind == itEntity:
			// "France backs the EU's AI Act", "Germany supports Ukraine"; but "joined the
			// United States in ..." keeps its own rule
			return !strings.HasPrefix(items[i].text, "join")
		case it.kind == itWord && (it.class == wFill || it.class == wCount || it.class == wNumber || articles[it.text] || it.text == "an" ||
			it.text == "un" || it.text == "une" || it.text == "ein" || it.text == "eine" || it.text == "einen" || it.text == "una"):
			if it.text == "on" || it.text == "in" || it.text == "last" || it.text == "this" || it.text == "too" {
				return false // "signed on Monday", "joined too"
			}
			continue
		case it.kind == itWord && prepositions[it.text]:
			return false // "aderiu ao texto", "adhère au texte": the object follows a preposition
		}
		return false
	}
	return false
}

// definiteArticles point back to a text already named ("the declaration", "la
// dichiarazione"), unlike "a declaration".
var definiteArticles = map[string]bool{"the": true, "la": true, "le": true, "l'": true, "el": true, "o": true, "a": true, "il": true,
	"lo": true, "die": true, "das": true, "den": true, "der": true, "documentul": true}

// topicWords after a text noun give it another topic ("the declaration on AI").
var topicWords = map[string]bool{"on": true, "with": true, "sur": true, "avec": true, "sobre": true, "con": true, "uber": true,
	"mit": true, "zur": true, "zum": true, "su": true, "com": true, "about": true, "against": true, "contre": true, "contra": true}

// coSubjectMarkers introduce entities after the verb that share its stance ("signed,
// along with Deutsche Telekom").
var coSubjectMarkers = map[string]bool{
	"along with": true, "alongside": true, "together with": true, "as well as": true, "ainsi que": true, "aux cotes de": true,
	"de meme que": true, "ebenso wie": true, "zusammen mit": true, "sowie": true, "asi como": true, "junto con": true, "junto a": true,
	"al igual que": true, "assim como": true, "insieme a": true, "come anche": true, "tout comme": true, "just like": true,
}

// coSubjects collects the entities after a co-subject marker following verb i.
func (a *analyzer) coSubjects(items []item, i int) []subject {
	for k := i + 1; k < len(items); k++ {
		it := items[k]
		if it.kind == itPunct && (it.text == ";" || it.text == ":" || it.text == "?") {
			return nil
		}
		if it.kind == itWord {
			if coSubjectMarkers[it.text] {
				return a.forward(items, k+1)
			}
			switch it.class {
			case wBreak, wReport, wSign, wSignFut, wDecl, wDeclStrong, wRel, wCond:
				return nil
			}
		}
	}
	return nil
}

// listAfter handles a verb whose subject is a count, with the named members after it:
// "51 countries signed, including France and Germany", "plusieurs entreprises ont signé
// l'Appel, parmi lesquelles : Orange, Thales".
func (a *analyzer) listAfter(items []item, i int, stance callwatch.FindingKind) *event {
	unknown := 0
	for k := i + 1; k < len(items) && k <= i+12; k++ {
		it := items[k]
		switch {
		case isClass(items, k, wListIntro):
			subs := a.forward(items, k+1)
			if len(subs) == 0 {
				return nil
			}
			ev := &event{stance: stance, rule: "count-then-list", weight: 0.9, verb: i, neg: -1, subjects: subs}
			if n := negBefore(items, i, 4); n >= 0 && stance != callwatch.FindingDeclined {
				ev.stance, ev.neg = callwatch.FindingDeclined, n
			}
			return ev
		case it.kind == itEntity, isClass(items, k, wBreak, wReport, wSign, wDecl, wDeclStrong, wRel):
			return nil
		case it.kind == itWord && it.class == wNone:
			if unknown++; unknown > 4 {
				return nil
			}
		}
	}
	return nil
}

// inverted finds the subjects after a verb that comes first: German inversion
// ("Gleichzeitig schlossen sich auch die USA ... an"), Russian object-verb-subject order,
// Arabic verb-subject order, or an English verb with nothing before it but adverbs.
func (a *analyzer) inverted(items []item, i int, stance callwatch.FindingKind) *event {
	ok := a.lang == "de" || a.lang == "ru" || a.lang == "ar" || isArabicItem(items, i) || isCyrillicItem(items, i)
	if !ok {
		ok = true
		for k := 0; k < i; k++ {
			if items[k].kind == itEntity || items[k].kind == itWord && (items[k].class == wNone && k != 0 || items[k].class == wReport) {
				ok = false
				break
			}
		}
	}
	if !ok {
		return nil
	}
	subs := a.forward(items, i+1)
	if len(subs) == 0 {
		return nil
	}
	ev := &event{stance: stance, rule: "inverted", weight: 0.9, verb: i, neg: -1, subjects: subs}
	for k := i - 3; k <= i+3 && k < len(items); k++ {
		if k >= 0 && (isClass(items, k, wNeg) || items[k].kind == itWord && items[k].cjkNeg) {
			if stance != callwatch.FindingDeclined {
				ev.stance, ev.neg, ev.rule = callwatch.FindingDeclined, k, "inverted-negated"
			}
		}
	}
	return ev
}

func isArabicItem(items []item, i int) bool {
	r, _ := utf8.DecodeRuneInString(items[i].text)
	return isArabic(r)
}

func isCyrillicItem(items []item, i int) bool {
	r, _ := utf8.DecodeRuneInString(items[i].text)
	return unicode.Is(unicode.Cyrillic, r)
}

// declObject checks that a refusal is about the Call: "declined to sign", "rejected the
// pact", "refused.", not "declined to comment" or "rejected the accusations".
func (a *analyzer) declObject(items []item, i int) bool {
	for k := i + 1; k < len(items) && k <= i+8; k++ {
		it := items[k]
		if it.kind == itCall {
			return true
		}
		if it.kind == itLook {
			return false
		}
		if isClass(items, k, wInf) || isClass(items, k, wAux) && (it.text == "a") {
			j := k + 1
			for j < len(items) && isClass(items, j, wFill) {
				j++
			}
			return isClass(items, j, wSignBase, wSign, wGerSign, wSignNoun)
		}
		if isClass(items, k, wSignBase, wGerSign, wSignNoun, wSignatory) {
			return true
		}
		if it.kind == itPunct && it.text != "," && it.text != "\"" {
			return true
		}
		if isClass(items, k, wBreak, wReport) {
			return true
		}
		if it.kind == itWord && it.class == wNone && k > i+1 && articles[items[k-1].text] {
			return false // an object of its own: "rejected the accusations"
		}
	}
	return true
}

// active finds the subjects before verb i and the modality and polarity between them.
func (a *analyzer) active(items []item, i int, stance callwatch.FindingKind, rule string) *event {
	return a.activeFrom(items, i, i, stance, rule)
}

// activeFrom is active with the subject search starting before item from.
func (a *analyzer) activeFrom(items []item, i, from int, stance callwatch.FindingKind, rule string) *event {
	ev := &event{stance: stance, rule: rule, weight: 1, verb: i, neg: -1}
	subs, info := a.walkBack(items, from)
	a.blocked = info.blocked
	if info.blocked {
		return nil
	}
	subs = append(subs, a.coSubjects(items, i)...)
	if len(subs) == 0 && info.pronAt >= 0 && priorGovernment(items[info.pronAt].text) {
		// "..., which the previous administration had declined": the state of the context
		if sub := a.stateOfContext(items, info.pronAt); sub != nil {
			subs = append(subs, *sub)
			ev.rule += "-previous-government"
			ev.weight = 0.9
		}
	} else if len(subs) == 0 && info.pronAt >= 0 {
		// "Japan was among the first. It signed in 2018."
		if sub := a.antecedent(items, info.pronAt, i); sub != nil {
			subs = append(subs, *sub)
			ev.rule += "-antecedent"
			ev.weight = 0.9
		}
	} else if len(subs) == 0 && proDrop[a.lang] && i == from {
		// "Chile es un país andino. Firmó el Llamamiento en 2018."
		if sub := a.antecedent(items, -1, i); sub != nil {
			subs = append(subs, *sub)
			ev.rule += "-antecedent"
			ev.weight = 0.85
		}
	}
	if len(subs) == 0 {
		return nil
	}
	// modality and polarity between the subject and the verb, and just after the verb
	// (German "unterzeichnet nicht", Japanese and Korean negations)
	negAt, modal := -1, false
	for k := info.subjEnd; k < len(items) && k <= i+2; k++ {
		if k < 0 {
			continue
		}
		it := items[k]
		if k > i && (it.kind != itWord || !(it.class == wNeg || it.class == wFill)) {
			if !(it.kind == itWord && it.cjkNeg) {
				break
			}
		}
		if it.kind == itWord {
			switch {
			case it.text == "noch" && !neitherBefore(items, k):
				// "hatte eine Unterschrift noch abgelehnt": "still", not "nor"
			case it.class == wNeg || it.cjkNeg:
				negAt = k
			case it.class == wYet:
				negAt = k
			case it.class == wModal && k < i:
				modal = true
			case (it.class == wSpec || it.class == wCond || it.class == wUrge) && k < i:
				a.blocked = true
				return nil
			}
		}
	}
	for k := max(info.subjStart, 0); k < info.subjEnd && k < len(items); k++ {
		switch items[k].text {
		case "neither", "nor", "weder", "noch", "ni", "nem", "ne", "né":
			negAt = k // "Neither Russia nor China has joined"
		}
	}
	if modal && stance == callwatch.FindingSigned {
		ev.stance, ev.rule = callwatch.FindingAnnounced, rule+"-modal"
	}
	if negAt >= 0 {
		switch ev.stance {
		case callwatch.FindingSigned, callwatch.FindingAnnounced:
			ev.stance, ev.neg, ev.rule = callwatch.FindingDeclined, negAt, rule+"-negated"
		case callwatch.FindingDeclined:
			if items[negAt].class != wYet && rule != "not-yet" {
				return nil // "did not refuse"
			}
			ev.neg = negAt
		}
	}
	ev.weight -= 0.05 * float64(info.skipped)
	ev.subjects = subs
	return ev
}

// walkInfo says how a subject search went.
type walkInfo struct {
	subjStart int  // item index where the search stopped
	subjEnd   int  // item index just after the subjects
	pronAt    int  // item index of a pronoun standing for the subject, or -1
	blocked   bool // an urging verb, a hedge or a condition governs the verb
	skipped   int  // unknown words skipped
}

// walkBack collects the subjects of the verb at item i: entities before it in its clause,
// joined by commas and conjunctions, over articles, auxiliaries, counts ("51 other
// countries") and names of the Call; a pronoun after "said" ("Ghana said it would join")
// hands over to the speaker; "we" is the publisher. A possessive ("France's president",
// "フランスの") or a complement ("members of the EU") is not a subject. An urging verb, a
// hedge or a condition in the clause blocks the verb ("urged the US to sign", "whether
// the US would sign").
func (a *analyzer) walkBack(items []item, i int) ([]subject, walkInfo) {
	info := walkInfo{subjEnd: i, pronAt: -1}
	a.orgHead = -1
	var subs []subject
	budget := 3
	pronoun := false
	pendingMate := -1  // an unknown capitalised name met before any subject
	ellipsis := false  // past "but": the subject is the previous clause's ("Russia signed X but rejected Y")
	expectMore := true // the item just passed (right of k) was a list connector
	cjk := isCJKItem(items, i)
	done := func() ([]subject, walkInfo) {
		// a hedge or condition further left in the same clause still governs the verb
		for k := info.subjStart - 1; k >= 0; k-- {
			it := items[k]
			if it.kind == itPunct && (it.text == ";" || it.text == ":") || isClass(items, k, wBreak, wReport) {
				break
			}
			if isClass(items, k, wCond, wUrge) {
				info.blocked = true
				return nil, info
			}
		}
		return reverse(subs), info
	}
	for k := i - 1; k >= 0; k-- {
		it := items[k]
		info.subjStart = k
		switch it.kind {
		case itEntity:
			if h := a.ofChainBack(items, k); h >= 0 && (len(subs) == 0 || expectMore) && a.stateTail(items, k, h) {
				// "the University of Malta", "the Central Bank of Ireland": not the state
				if o, ok := a.orgName(items, h, k); ok {
					if len(subs) == 0 {
						info.subjEnd = k + 1
					}
					subs = append(subs, o.subject())
					k = o.from
					expectMore = false
					continue
				}
			}
			if modifierAt(items, k) && !(k+2 < i && items[k+1].text == "'s" && isClass(items, k+2, wModal)) {
				// (but "the European Union's intent to join" is the Union's)
				expectMore = false
				continue
			}
			if len(subs) > 0 && !expectMore {
				if cjk {
					// only the leftmost group is the topic: start over
					subs = subs[:0]
				} else {
					info.subjStart = k + 1
					return done()
				}
			}
			e := &a.d.gaz.entities[it.ent]
			if len(subs) == 0 && pendingMate > k+1 && isClass(items, k+1, wConj) && e.Category != callwatch.CategoryState && k+2 == pendingMate-a.runLen(items, pendingMate)+1 {
				// the unknown name right after this organisation and a conjunction
				if o, ok := a.orgRunAny(items, pendingMate); ok {
					info.subjEnd = pendingMate + 1
					subs = append(subs, o.subject())
					expectMore = true
				}
			}
			if len(subs) == 0 {
				info.subjEnd = k + 1
			}
			// "pero no EEUU", "but not the US", "mais pas les États-Unis"
			neg := k >= 1 && butNot(items, k-1) && k+1 < i && items[k+1].kind == itPunct ||
				k >= 2 && articles[items[k-1].text] && butNot(items, k-2) && k+1 < i && items[k+1].kind == itPunct
			subs = append(subs, subject{ent: e, text: it.text, start: it.start, end: it.end, verified: true, negated: neg})
			expectMore = false
			if sub, at := a.demonymBefore(items, k); sub != nil {
				subs = append(subs, *sub)
				k = at
			}
			continue
		case itCall, itLook:
			if len(subs) > 0 && !cjk {
				info.subjStart = k + 1
				return done()
			}
			expectMore = true
			continue
		case itPunct:
			switch it.text {
			case ",", "、", "，":
				if it.text == "," && len(subs) == 0 && !pronoun {
					if open, cue := appositionOpen(items, k); open >= 0 {
						// "Telenor, the Norwegian operator, has signed": the subject is the
						// head before the apposition, never a name inside it ("Acme, a
						// start-up backed by Microsoft, joined")
						if cue {
							a.orgHead = open - 1
						}
						k = open
						continue
					}
				}
				expectMore = true
				continue
			case "-":
				expectMore = true // a list bullet
				continue
			case "(", ")", "\"", "「", "」":
				continue
			}
			info.subjStart = k + 1
			return done()
		}
		switch it.class {
		case wConj:
			expectMore = true
			continue
		case wAux, wCopula, wCount, wNumber, wIn, wInf, wListIntro, wAmong, wNeg, wModal, wYet, wDid, wRel, wPassBy:
			if (it.class == wCopula || it.class == wAux) && len(subs) == 0 && k > 0 && nameWord(items, k-1) && a.upperAt(items, k) {
				// a capitalised function word ending a name: "la région Grand Est"
				if o, ok := a.orgRun(items, k); ok {
					info.subjEnd = k + 1
					subs = append(subs, o.subject())
					k = o.from
					expectMore = false
					continue
				}
			}
			if it.class == wRel && len(subs) == 0 && info.pronAt >= 0 && priorGovernment(items[info.pronAt].text) {
				// "the Call, which the previous administration had shunned": the relative
				// clause has its subject, and a hedge outside it ("did not say whether the
				// US would sign the Call, which ...") does not govern it
				info.subjStart = k + 1
				return nil, info
			}
			if it.class == wListIntro && len(subs) > 0 {
				// "..., most notably including Facebook, the United States government did
				// not endorse": the names between the list word and the next comma are its
				// list, not the verb's subjects
				if kept, cut := afterListComma(items, k, i, subs); cut {
					subs = kept
					info.subjStart = k + 1
					return done()
				}
			}
			if it.class == wNeg && (it.text == "nor" || it.text == "ni" || it.text == "noch" || it.text == "nem" || it.text == "ne") {
				expectMore = true // "neither Russia nor China"
				continue
			}
			if len(subs) > 0 && !expectMore && (it.class == wAux || it.class == wCopula || it.class == wModal) {
				info.subjStart = k + 1
				return done()
			}
			continue
		case wFill:
			if len(subs) == 0 && possessives[it.text] && isClass(items, k+1, wModal) {
				// "Japan announced its intention to join": "its" stands for the speaker
				pronoun = true
				info.subjEnd = k + 1
			}
			continue
		case wSelf:
			if a.quotedAny(items, k) {
				// "'We are proud to join,' said Brad Smith of Microsoft": the speaker
				if sp := a.speakerAfterQuote(items, k); sp != nil {
					if len(subs) == 0 {
						info.subjEnd = k + 1
					}
					subs = append(subs, *sp)
					continue
				}
			}
			if a.publisher != nil && !a.quoted(items, k) {
				if len(subs) == 0 {
					info.subjEnd = k + 1
				}
				p := *a.publisher
				subs = append(subs, subject{ent: &p, text: a.doc.Publisher, verified: p.Verified})
			}
			continue
		case wPron:
			if len(subs) == 0 {
				pronoun = true
				info.subjEnd = k + 1
				info.pronAt = k
			}
			continue
		case wReport:
			if sourceWords[it.text] && len(subs) > 0 {
				// "According to the Elysée, China and Russia have yet to sign": the source
				// of the report is not a subject
				subs = dropSource(items, k, i, subs)
				if len(subs) == 0 {
					return nil, info
				}
			}
			if len(subs) == 0 && pronoun {
				budget = 3
				continue
			}
			info.subjStart = k + 1
			return done()
		case wSpec, wCond, wUrge:
			info.blocked = true
			return nil, info
		case wBreak, wSign, wSignFut, wDecl, wDeclStrong, wSignatory, wWithout:
			if cjk && k == i-1 && it.class != wBreak {
				continue // the object noun of a Korean verb: "서명을 거부했다"
			}
			if len(subs) == 0 && !pronoun && adverbBreaks[it.text] && isClass(items, k-1, wAux, wModal, wCopula, wNeg) {
				continue // an adverb inside the verb: "avaient pourtant décidé", "had however signed"
			}
			if len(subs) == 0 && !pronoun && !ellipsis && it.class == wBreak && butWords[it.text] {
				ellipsis, budget = true, 4
				info.skipped++
				continue
			}
			if ellipsis && len(subs) == 0 && it.class != wBreak {
				continue
			}
			info.subjStart = k + 1
			return done()
		case wNone, wSignBase, wGerSign, wGerDecl, wSignNoun:
			if it.kind == itWord && it.class == wNone && (len(subs) == 0 || expectMore) {
				if o, ok := a.orgRun(items, k); ok {
					if len(subs) == 0 {
						info.subjEnd = k + 1
					}
					subs = append(subs, o.subject())
					k = o.from
					expectMore = false
					continue
				}
				if o, ok := a.listMate(items, k, subs, expectMore); ok {
					// "Microsoft, Acmecorp and Google signed": a name in a list of
					// organisations is one
					subs = append(subs, o.subject())
					k = o.from
					expectMore = false
					continue
				}
				if len(subs) == 0 && pendingMate < 0 && it.upper {
					pendingMate = k // "BBVA y Santander figuran": decided when BBVA comes
				}
			}
			if len(subs) > 0 && !expectMore && it.kind == itWord && cueWord(it.text) && items[k+1].start == subs[len(subs)-1].start {
				continue // the noun before a name: "l'ONG Internet Society", "the start-up Acme"
			}
			if it.kind == itWord && it.upper && k >= 2 && ofWords[items[k-1].text] && items[k-2].kind == itEntity && (len(subs) == 0 || expectMore) {
				k-- // a place after a name: "le Forum économique mondial de Davos"
				continue
			}
			if len(subs) > 0 && !cjk {
				info.subjStart = k + 1
				return done()
			}
			if cjk {
				continue
			}
			budget--
			info.skipped++
			if budget < 0 {
				return nil, info
			}
		}
	}
	info.subjStart = 0
	return done()
}

// dropCapitalsOfListedAuthorities removes a capital standing for its state from a list
// that names public authorities of that state: in "la Virginie, le Colorado et
// Washington", Washington is the US state, not the United States.
func (a *analyzer) dropCapitalsOfListedAuthorities(subs []subject) []subject {
	if len(subs) < 2 {
		return subs
	}
	for _, s := range subs {
		if !s.verified || s.ent.Category != callwatch.CategoryState || !a.d.gaz.metonyms[s.text] {
			continue
		}
		for _, o := range subs {
			if o.ent.Category == callwatch.CategoryPublicAuthority && o.ent.Country == s.ent.Country {
				kept := subs[:0:0]
				for _, x := range subs {
					if !(x.ent.ID == s.ent.ID && a.d.gaz.metonyms[x.text]) {
						kept = append(kept, x)
					}
				}
				return kept
			}
		}
	}
	return subs
}

// butNot reports whether item n is the negation of "but not X" / ", not X" / "mais pas
// X" / "pero no X", which excludes one member from a list; "ni X, ni Y" (neither ... nor)
// is no such exclusion.
func butNot(items []item, n int) bool {
	if !isClass(items, n, wNeg) {
		return false
	}
	switch items[n].text {
	case "not", "pas", "no", "nicht", "non", "nao":
	default:
		return false
	}
	return n >= 1 && (items[n-1].kind == itPunct && items[n-1].text == "," || butWords[items[n-1].text])
}

// sourceWords introduce the source of a report, not an actor: "according to X, ...".
var sourceWords = map[string]bool{"according to": true, "selon": true, "laut": true, "segun": true, "segundo": true, "secondo": true,
	"по словам": true}

// dropSource removes from subs (collected right to left) the names between the source word
// at item k and the comma that ends the source before verb i; without such a comma the
// source and the subjects cannot be told apart, and none is kept.
func dropSource(items []item, k, i int, subs []subject) []subject {
	c := -1
	for j := k + 1; j < i; j++ {
		if items[j].kind == itPunct && items[j].text == "," {
			c = j
			break
		}
	}
	if c < 0 {
		return nil
	}
	for len(subs) > 0 && subs[len(subs)-1].start < items[c].start {
		subs = subs[:len(subs)-1]
	}
	return subs
}

// appositionArticles open an apposition after a name: "Telenor, the Norwegian operator,".
var appositionArticles = map[string]bool{"the": true, "a": true, "an": true, "un": true, "une": true, "una": true, "uno": true,
	"el": true, "la": true, "le": true, "l'": true, "o": true, "um": true, "uma": true, "il": true, "lo": true, "ein": true, "eine": true}

// appositionOpen returns the index of the comma that opens an apposition closed by the
// comma at item close, or -1, and whether the apposition calls its head an organisation
// ("Indra, la compañía española de defensa,").
func appositionOpen(items []item, close int) (int, bool) {
	for j := close - 1; j >= 1 && j >= close-16; j-- {
		if items[j].kind == itPunct {
			if items[j].text == "," {
				if ok, cue := isApposition(items, j, close); ok {
					return j, cue
				}
			}
			break
		}
	}
	return -1, false
}

// appositionClose returns the index of the comma (or the end of the list) that closes an
// apposition opened by the comma at item open, or -1: "backed by Microsoft, the US
// software giant, and by Orange".
func appositionClose(items []item, open int) int {
	for j := open + 1; j < len(items) && j <= open+16; j++ {
		if items[j].kind == itPunct {
			if items[j].text == "," || items[j].text == ";" {
				if ok, _ := isApposition(items, open, j); ok {
					return j
				}
			}
			return -1
		}
	}
	return -1
}

// isApposition reports whether the items between the commas open and close are an
// apposition to the name before open: a relative clause ("Huawei, which was banned by the
// US,"), "one of ..." or an article and a common noun in lower case ("the Norwegian
// operator", "a French cybersecurity start-up", "the US software giant"). An article and
// a proper name ("Microsoft, the Cyber Peace Institute, and Google") is a list item. cue
// says the common noun makes the head an organisation ("the operator", "la compañía").
func isApposition(items []item, open, close int) (ok, cue bool) {
	if open < 1 || open+1 >= close || !(items[open-1].kind == itEntity || nameWord(items, open-1)) {
		return false, false
	}
	op := items[open+1]
	if op.kind != itWord {
		return false, false
	}
	if op.class == wRel || op.text == "one of" {
		return true, false
	}
	if (op.text == "as" || op.text == "comme" || op.text == "como" || op.text == "als") && open+2 < close {
		open++ // "the FIC, as the European reference event for cybersecurity,"
		op = items[open+1]
	}
	if !op.upper && op.class == wNone && op.kind == itWord {
		// no article: "Le FIC, événement européen de référence sur la cybersécurité,"
		for k := open + 1; k < close; k++ {
			if cueWord(items[k].text) || authorityHeads[items[k].text] {
				return true, true
			}
		}
		return true, false
	}
	if cueWord(op.text) && op.class == wPron {
		return true, true // "la compañía", "the company": one phrase of the lexicon
	}
	if !appositionArticles[op.text] {
		return false, false
	}
	for j := open + 2; j < close; j++ {
		it := items[j]
		switch {
		case it.kind == itEntity:
			if n := items[j+1]; n.kind == itWord && !n.upper && n.class != wConj {
				continue // a modifier: "the US software giant"
			}
			return false, false
		case it.kind != itWord:
			return false, false
		case it.upper && it.class == wNone && !orgKeywords[it.text]:
			continue // a demonym: "the Norwegian operator"
		case it.class == wFill && !cueWord(it.text) || it.class == wNumber:
			continue
		case !it.upper && (it.class == wNone || it.class == wCount || it.class == wFill || orgKeywords[it.text] || companyCues[it.text]):
			for k := j; k < close; k++ {
				if cueWord(items[k].text) || authorityHeads[items[k].text] {
					return true, true
				}
			}
			return true, false
		default:
			return false, false
		}
	}
	return false, false
}

// cueWord reports whether a word or the last word of a phrase ("la compañía") is a
// company cue.
func cueWord(w string) bool {
	if i := strings.LastIndexByte(w, ' '); i >= 0 {
		w = w[i+1:]
	}
	return companyCues[w]
}

// unions are entities with members: a count noun "of" them names the members, not them.
var unions = map[string]bool{"european union": true, "union europeenne": true, "europaische union": true, "union europea": true,
	"eu": true, "ue": true, "nato": true, "otan": true, "united nations": true, "un": true, "g7": true, "g20": true, "asean": true,
	"african union": true}

var articles = map[string]bool{"the": true, "la": true, "le": true, "l'": true, "el": true, "die": true, "der": true, "den": true,
	"dem": true, "les": true, "los": true, "las": true, "a": true, "o": true, "il": true}

var complementOf = map[string]bool{"of": true, "de": true, "des": true, "der": true, "del": true, "von": true, "di": true, "do": true,
	"da": true, "du": true, "della": true, "dell'": true}

// afterListComma handles a list word at item k whose list ends before the subject of
// verb i: "..., most notably including Facebook, the United States government did not
// endorse". When the last comma before the verb is followed by one subject only, with an
// article, and then the verb group, the names before that comma belong to the list word
// and only that subject is kept ("wie Facebook, Microsoft oder Google haben" and
// "including France, the UK and Japan have" keep them all).
func afterListComma(items []item, k, i int, subs []subject) ([]subject, bool) {
	c := -1
	for j := i - 1; j > k; j-- {
		if items[j].kind == itPunct && items[j].text == "," {
			c = j
			break
		}
	}
	if c < 0 || len(subs) < 2 || subs[0].start < items[c].start || subs[1].start > items[c].start {
		return subs, false
	}
	j := c + 1
	if j >= i || !articles[items[j].text] {
		return subs, false
	}
	return subs[:1], true
}

// appositiveEnd reports whether item k may follow the signatory noun of an apposition:
// its complement ("of the Call", "since 2018") or the end of the apposition; not a verb
// ("..., but not China, the signatories urge").
func appositiveEnd(items []item, k int) bool {
	if k >= len(items) {
		return true
	}
	it := items[k]
	switch {
	case it.kind == itPunct, it.kind == itCall:
		return true
	case it.kind == itWord:
		return complementOf[it.text] || it.text == "to" || it.text == "since" || it.text == "depuis" || it.text == "desde" ||
			it.text == "seit" || it.text == "in" || it.text == "en" || it.text == "from" || it.text == "al"
	}
	return false
}

// commaBefore reports whether a comma comes right before item k, articles aside.
func commaBefore(items []item, k int) bool {
	j := k - 1
	for j >= 0 && items[j].kind == itWord && articles[items[j].text] {
		j--
	}
	return j >= 0 && items[j].kind == itPunct && items[j].text == ","
}

// verbAfter reports whether item k is a verb (a finite stance verb, an auxiliary, a modal,
// a negation or an urging or reporting verb): the noun before it is a subject.
func verbAfter(items []item, k int) bool {
	return isClass(items, k, wSign, wSignBase, wSignFut, wDecl, wAux, wModal, wNeg, wUrge, wReport, wDid, wCopula, wSpec)
}

// adverbBreaks are contrast words that may stand inside a verb group as adverbs.
var adverbBreaks = map[string]bool{"however": true, "pourtant": true, "cependant": true, "toutefois": true, "jedoch": true,
	"doch": true, "dennoch": true, "sin embargo": true, "though": true}

// butWords introduce a clause that may share its subject with the previous one.
var butWords = map[string]bool{"but": true, "mais": true, "aber": true, "pero": true, "mas": true, "ma": true, "yet": true}

// isCJKItem reports whether item i is written in Han, kana or Hangul (topic-first
// languages whose subject is the leftmost group).
func isCJKItem(items []item, i int) bool {
	r, _ := utf8.DecodeRuneInString(items[i].text)
	return isCJK(r) || isHangul(r)
}

// modifierAt reports whether the entity at k modifies a noun rather than acts: a
// possessive ("France's", "フランスの", "中国的"), or the complement of a count noun
// ("members of the European Union", "membres de l'Union européenne").
func modifierAt(items []item, k int) bool {
	if k+1 < len(items) {
		n := items[k+1].text
		if n == "'s" || strings.HasPrefix(n, "の") || strings.HasPrefix(n, "的") || n == "'" {
			return true
		}
		if isClass(items, k+1, wCount) && !otherWords[n] || items[k+1].kind == itWord && modifiedNouns[n] {
			return true // an adjective: "U.S. entities", "EU countries", "Microsoft president Brad Smith"
		}
	}
	j := k - 1
	for j >= 0 && articles[items[j].text] {
		j--
	}
	if j < 1 || items[j].kind != itWord || !complementOf[items[j].text] {
		return false
	}
	j--
	for j >= 0 && articles[items[j].text] {
		j--
	}
	if j < 0 {
		return false
	}
	t := items[j].text
	if strings.HasPrefix(t, "member") || strings.HasPrefix(t, "membr") || strings.HasPrefix(t, "miembro") ||
		strings.HasPrefix(t, "mitglied") || strings.HasPrefix(t, "membri") {
		return true // "members of the EU"
	}
	// "countries of the EU", "Staaten der NATO"; but "the cities of Louisville and Huntington"
	// names them
	if isClass(items, j, wCount) && items[k].kind == itEntity {
		return unions[items[k].text]
	}
	return false
}

// demonymBefore finds the state of an elided government before the government entity
// at item k: "die russische und die chinesische Regierung", "the Russian and the Chinese
// government". It returns the subject and the item index of the adjective.
func (a *analyzer) demonymBefore(items []item, k int) (*subject, int) {
	it := items[k]
	e := &a.d.gaz.entities[it.ent]
	if e.Category != callwatch.CategoryState || !strings.ContainsAny(it.text, " ") {
		return nil, 0
	}
	gov := false
	for _, w := range strings.Fields(it.text) {
		gov = gov || governmentWords[w]
	}
	if !gov {
		return nil, 0
	}
	j := k - 1
	if j >= 0 && articles[items[j].text] {
		j--
	}
	if !isClass(items, j, wConj) {
		return nil, 0
	}
	j--
	if j >= 0 && items[j].kind == itWord && !articles[items[j].text] {
		if s, ok := a.d.gaz.demonyms[items[j].text]; ok && s != it.ent {
			return &subject{ent: &a.d.gaz.entities[s], text: items[j].text, start: items[j].start, end: items[j].end, verified: true}, j
		}
	}
	return nil, 0
}

// otherWords are counts that follow a name without being modified by it ("Japan and
// others").
var otherWords = map[string]bool{"others": true, "autres": true, "andere": true, "otros": true, "otras": true, "altri": true,
	"altre": true, "outros": true, "outras": true}

// modifiedNouns after a name make the name an adjective ("Microsoft president Brad Smith",
// "US officials"), not a subject.
var modifiedNouns = map[string]bool{"president": true, "officials": true, "official": true, "lawmakers": true, "diplomats": true,
	"minister": true, "ministers": true, "envoy": true, "ambassador": true, "delegation": true, "spokesman": true, "spokeswoman": true,
	"spokesperson": true, "executive": true, "executives": true, "ceo": true, "chief": true, "subsidiary": true, "unit": true,
	"authorities": true, "agencies": true, "hackers": true, "intelligence": true, "military": true, "citizens": true, "users": true,
	"customers": true, "negotiators": true, "representatives": true, "representative": true, "leaders": true, "leader": true}

// quoted reports whether item k is inside quotation marks (a quoted "we" is not the publisher).
func (a *analyzer) quoted(items []item, k int) bool {
	n := 0
	for j := 0; j < k; j++ {
		if items[j].kind == itPunct && items[j].text == "\"" {
			n++
		}
	}
	return n%2 == 1 && a.publisher != nil && !a.publisher.Verified
}

// quotedAny reports whether item k is inside quotation marks.
func (a *analyzer) quotedAny(items []item, k int) bool {
	n := 0
	for j := 0; j < k; j++ {
		if items[j].kind == itPunct && items[j].text == "\"" {
			n++
		}
	}
	return n%2 == 1
}

// speakerAfterQuote returns the first entity after the quotation that holds item k and a
// reporting verb ("..., said Brad Smith of Microsoft"; "..., Microsoft said").
func (a *analyzer) speakerAfterQuote(items []item, k int) *subject {
	j := k + 1
	for j < len(items) && !(items[j].kind == itPunct && items[j].text == "\"") {
		j++
	}
	report := false
	for j++; j < len(items); j++ {
		it := items[j]
		if isClass(items, j, wReport) {
			report = true
		}
		if it.kind == itEntity && report || it.kind == itEntity && j+1 < len(items) && isClass(items, j+1, wReport) {
			e := &a.d.gaz.entities[it.ent]
			return &subject{ent: e, text: it.text, start: it.start, end: it.end, verified: true}
		}
		if it.kind == itPunct && it.text == "\"" {
			return nil
		}
	}
	return nil
}

func reverse(s []subject) []subject {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
	return s
}

// forward collects the entities of a list after item i: "signed by X, Y and Z",
// "signatories include X and Y", "absent were X and Y".
func (a *analyzer) forward(items []item, i int) []subject {
	var subs []subject
	budget := 2
	expectMore := true
	// a colon close ahead introduces the list: "absent were the world's most aggressive
	// cyber actors: China, Iran, ..."
	for k := i; k < len(items) && k < i+14; k++ {
		if items[k].kind == itEntity || isClass(items, k, wBreak, wReport) {
			break
		}
		if items[k].kind == itPunct && items[k].text == ":" {
			i = k + 1
			break
		}
	}
	for k := i; k < len(items); k++ {
		it := items[k]
		switch it.kind {
		case itEntity:
			if modifierAt(items, k) {
				continue
			}
			if len(subs) > 0 && !expectMore {
				return subs
			}
			if len(subs) > 0 && commaBefore(items, k) && verbAfter(items, nextNonFill(items, k+1, 2)) {
				return subs // "including Facebook, the United States government did not endorse"
			}
			e := &a.d.gaz.entities[it.ent]
			subs = append(subs, subject{ent: e, text: it.text, start: it.start, end: it.end, verified: true})
			expectMore = false
			if c := appositionClose(items, k+1); c >= 0 {
				k = c // "Microsoft, the US software giant, and Google": not the US
			}
			continue
		case itCall, itLook:
			if len(subs) > 0 {
				return subs
			}
			continue
		case itPunct:
			switch it.text {
			case ",", ":", "、", "，", "-":
				expectMore = true
				continue
			case "(", ")", "\"", "「", "」":
				continue
			}
			return subs
		}
		switch it.class {
		case wConj:
			expectMore = true
			continue
		case wFill, wAux, wCopula, wCount, wNumber, wIn, wInf, wListIntro, wAmong, wSignatory, wPassBy:
			if it.class == wListIntro {
				expectMore = true
			}
			continue
		case wNone:
			if o, ok := a.orgRunForward(items, k); ok && (len(subs) == 0 || expectMore) {
				subs = append(subs, o.subject())
				k = o.to
				if c := appositionClose(items, k+1); c >= 0 {
					k = c
				}
				expectMore = false
				continue
			}
			if len(subs) > 0 && !expectMore {
				return subs
			}
			// "as well as the tech giants Facebook, Google and Microsoft"
			budget--
			if budget < 0 {
				return subs
			}
		default:
			if butWords[it.text] && butNot(items, k+1) {
				// "supported by many European countries, but not China or Russia"
				for _, x := range a.forward(items, k+2) {
					x.negated = !x.negated
					subs = append(subs, x)
				}
			}
			return subs
		}
	}
	return subs
}

// joinIn handles "X joined Y and Z in rejecting/signing the pact": X (and Y, Z) take the
// stance of the gerund.
func (a *analyzer) joinIn(items []item, i int, consumed []bool) *event {
	if !strings.HasPrefix(items[i].text, "join") {
		return nil
	}
	for k := i + 1; k < len(items) && k <= i+12; k++ {
		if isClass(items, k, wIn) && k+1 < len(items) && isClass(items, k+1, wGerSign, wGerDecl) {
			stance := callwatch.FindingSigned
			if items[k+1].class == wGerDecl {
				stance = callwatch.FindingDeclined
			}
			consumed[k+1] = true
			ev := a.active(items, i, callwatch.FindingSigned, "joined-in")
			if ev == nil {
				ev = &event{rule: "joined-in", weight: 1, verb: k + 1, neg: -1}
			}
			if ev.stance == callwatch.FindingDeclined && stance == callwatch.FindingSigned {
				// "did not join X in signing"
			} else {
				ev.stance = stance
			}
			ev.verb = k + 1
			ev.weight *= 0.95
			ev.subjects = append(ev.subjects, a.forward(items[:k], i+1)...)
			if len(ev.subjects) == 0 {
				return nil
			}
			return ev
		}
		if isClass(items, k, wAmong) {
			j := k + 1
			for j < len(items) && j <= k+4 && (isClass(items, j, wFill, wCount) || items[j].kind == itWord && items[j].class == wNone) {
				j++
			}
			if isClass(items, j, wSignatory) {
				// "joins Senegal and Burkina Faso among the African supporters"
				subs := a.forward(items[:k], i+1)
				ev := a.active(items, i, callwatch.FindingSigned, "joined-among")
				if ev == nil {
					ev = &event{stance: callwatch.FindingSigned, rule: "joined-among", weight: 0.9, verb: i, neg: -1}
				}
				ev.subjects = append(ev.subjects, subs...)
				if len(ev.subjects) == 0 {
					return nil
				}
				return ev
			}
		}
		if items[k].kind == itPunct && items[k].text != "," {
			return nil
		}
	}
	return nil
}

// signatory handles the nouns: "X is a signatory", "X is among the signatories",
// "signatories include X", "Among the signatories are X", "X is not among the signatories".
func (a *analyzer) signatory(items []item, i int) *event {
	p := i - 1
	adjectives := 0
	for p >= 0 && (isClass(items, p, wFill, wNumber, wCount) || adjectives < 2 && items[p].kind == itWord && items[p].class == wNone && !items[p].upper) {
		if items[p].class == wNone {
			adjectives++ // "an early signatory", "a founding signatory"
		}
		p--
	}
	if p >= 0 && isClass(items, p, wDeclStrong) {
		return nil // "not among the signatories": the refusal trigger handles it
	}
	if p >= 0 && isClass(items, p, wAmong) {
		if ev := a.activeFrom(items, i, p, callwatch.FindingSigned, "among-signatories"); ev != nil {
			return ev
		}
		subs := a.forward(items, i+1)
		if len(subs) == 0 {
			return nil
		}
		return &event{stance: callwatch.FindingSigned, rule: "signatories-list", weight: 0.95, verb: i, neg: -1, subjects: subs}
	}
	attributive := i+1 < len(items) && (isClass(items, i+1, wNone, wCount)) // "a signatory list", "signatory states"
	if p >= 0 && isClass(items, p, wCopula, wAux, wModal, wSignBase) && !attributive {
		if ev := a.activeFrom(items, i, p+1, callwatch.FindingSigned, "is-signatory"); ev != nil {
			return ev
		}
	}
	if p >= 1 && items[p].kind == itPunct && items[p].text == "," && items[p-1].kind == itEntity && appositiveEnd(items, i+1) {
		// an apposition: "The UK, an early signatory, ...", "Le Royaume-Uni, signataire de ..."
		// (not the subject of the main clause: "..., but not China, the signatories urge")
		if ev := a.activeFrom(items, i, p, callwatch.FindingSigned, "appositive"); ev != nil {
			ev.weight = 0.9
			return ev
		}
	}
	n := i + 1
	for n < len(items) && (isClass(items, n, wFill) || items[n].kind == itCall) {
		n++
	}
	if n < len(items) && (isClass(items, n, wListIntro, wCopula, wAux) || items[n].kind == itPunct && items[n].text == ":" || items[n].kind == itEntity) {
		subs := a.forward(items, n)
		if len(subs) == 0 {
			return nil
		}
		ev := &event{stance: callwatch.FindingSigned, rule: "signatories-list", weight: 0.95, verb: i, neg: -1, subjects: subs}
		if k := negBefore(items, n+1, 2); k >= 0 {
			ev.stance, ev.neg = callwatch.FindingDeclined, k
		} else if k := negBefore(items, i, 4); k >= 0 {
			// "trois grands États ne sont pas signataires : la Chine, la Russie et les États-Unis"
			ev.stance, ev.neg, ev.rule = callwatch.FindingDeclined, k, "signatories-list-negated"
		}
		return ev
	}
	// "New signatories announced at the forum include X and Y"
	for k := i + 1; k < len(items) && k <= i+10; k++ {
		it := items[k]
		if it.kind == itEntity || it.kind == itPunct && it.text != "," || isClass(items, k, wBreak, wSign, wDecl, wDeclStrong) {
			return nil
		}
		if isClass(items, k, wListIntro) {
			subs := a.forward(items, k+1)
			if len(subs) == 0 {
				return nil
			}
			ev := &event{stance: callwatch.FindingSigned, rule: "signatories-list", weight: 0.9, verb: i, neg: -1, subjects: subs}
			for j := i + 1; j < k; j++ {
				if isClass(items, j, wNeg) {
					// "the list of signatories, which does not include the US"
					ev.stance, ev.neg, ev.rule = callwatch.FindingDeclined, j, "signatories-list-negated"
				}
			}
			return ev
		}
	}
	return nil
}

// orgKeywords mark a capitalised run as an organisation's name.
var orgKeywords = map[string]bool{
	"inc": true, "inc.": true, "corp": true, "corporation": true, "ltd": true, "limited": true, "llc": true, "group": true, "foundation": true,
	"institute": true, "university": true, "association": true, "council": true, "bank": true, "technologies": true, "technology": true,
	"systems": true, "labs": true, "lab": true, "security": true, "networks": true, "software": true, "agency": true, "company": true,
	"holdings": true, "gmbh": true, "ag": true, "sa": true, "plc": true, "society": true, "center": true, "centre": true, "alliance": true,
	"federation": true, "chamber": true, "partners": true, "solutions": true, "consulting": true, "telecom": true, "communications": true,
	"digital": true, "media": true, "industries": true, "electronics": true, "services": true, "network": true, "cloud": true,
	"analytics": true, "coalition": true, "committee": true, "ministry": true, "authority": true, "verband": true, "stiftung": true,
	"universitat": true, "institut": true, "gesellschaft": true, "fondation": true, "universite": true, "groupe": true,
	"fundacion": true, "universidad": true, "asociacion": true, "instituto": true, "grupo": true, "camara": true, "cyber": true,
	"cybersecurity": true, "defense": true, "defence": true, "motors": true, "airlines": true, "energy": true, "insurance": true,
	"trust": true, "forum": true, "initiative": true, "club": true, "union": true, "college": true, "school": true, "academy": true,
}

func orgKeyword(w string) bool { return orgKeywords[w] }

// companyCues before a capitalised word make it an organisation ("the start-up Acme",
// "la compañía española Indra": up to two lower-case adjectives may come between).
var companyCues = map[string]bool{
	"company": true, "firm": true, "startup": true, "start-up": true, "giant": true, "maker": true, "provider": true, "vendor": true,
	"operator": true, "group": true, "gruppo": true, "groupe": true, "entreprise": true, "societe": true, "l'editeur": true, "editeur": true,
	"konzern": true, "unternehmen": true, "hersteller": true, "empresa": true, "compania": true, "grupo": true, "azienda": true,
	"societa": true, "organisation": true, "organization": true, "ngo": true, "ong": true, "bank": true, "banque": true, "banco": true,
	"operadora": true, "operateur": true, "l'operateur": true, "l'entreprise": true, "l'azienda": true, "university": true, "universite": true,
	"l'universite": true, "universidad": true, "universidade": true, "universita": true, "l'universita": true, "institute": true,
	"foundation": true, "fondation": true, "fundacion": true, "fundacao": true, "fondazione": true, "stiftung": true, "compagnie": true,
}

// authorityHeads name a public authority with the place after them: "the city of Lyon",
// "la ville de Lyon", "die Stadt Hamburg", "la Ciudad de Buenos Aires", "the Region of
// Brittany", "the Ministry of Digital Affairs of Freedonia". A name holding one is an
// organisation of the public-authority category. Written in any case ("the city of Lyon");
// a national government ("the Government of Japan") is the state, not one of these.
var authorityHeads = map[string]bool{
	"city": true, "town": true, "municipality": true, "county": true, "region": true, "province": true, "prefecture": true,
	"ministry": true, "borough": true, "ville": true, "commune": true, "metropole": true, "departement": true, "ministere": true,
	"mairie": true, "stadt": true, "gemeinde": true, "landkreis": true, "kanton": true, "bundesland": true, "ministerium": true,
	"ciudad": true, "municipio": true, "ayuntamiento": true, "provincia": true, "ministerio": true, "alcaldia": true,
	"intendencia": true, "cidade": true, "prefeitura": true, "citta": true, "comune": true, "regione": true, "ministero": true,
	"orasul": true, "municipiul": true, "judetul": true, "primaria": true, "regiunea": true,
}

// governmentHeads before "of <state>" name the state itself ("the Government of Japan"),
// unlike "the University of Malta" or "the Central Bank of Ireland". A ministry is the
// state only for its foreign affairs ("the Ministry of Foreign Affairs of Japan"); any
// other ("the Ministry of Digital Affairs of Taiwan") is a public authority.
var governmentHeads = map[string]bool{
	"government": true, "gouvernement": true, "gobierno": true, "governo": true, "regierung": true, "republic": true, "kingdom": true,
	"embassy": true, "ambassade": true, "embajada": true, "presidency": true, "department": true, "office": true, "state": true,
	"federal": true, "president": true, "prime": true, "minister": true, "ministre": true, "ministro": true, "minister's": true,
}

// ministryWords and foreignWords make a foreign ministry.
var (
	ministryWords = map[string]bool{"ministry": true, "ministere": true, "ministerio": true, "ministerium": true, "ministero": true}
	foreignWords  = map[string]bool{"foreign": true, "etrangeres": true, "exteriores": true, "exterior": true, "esteri": true,
		"auswartiges": true, "auswartige": true, "externe": true, "external": true}
)

// civilHeads make an unknown organisation civil society (universities, foundations).
var civilHeads = map[string]bool{
	"university": true, "universite": true, "universidad": true, "universidade": true, "universita": true, "universitat": true,
	"foundation": true, "fondation": true, "fundacion": true, "fundacao": true, "fondazione": true, "stiftung": true, "ngo": true,
	"college": true, "academy": true, "school": true,
}

// ofWords join the parts of an organisation's name: "University of Oxford", "Carnegie
// Endowment for International Peace", "Ministerio de Asuntos Digitales", "Fraunhofer-
// Institut für Sichere Informationstechnologie".
var ofWords = map[string]bool{
	"of": true, "for": true, "on": true, "de": true, "del": true, "des": true, "du": true, "d'": true, "di": true, "della": true,
	"dell'": true, "do": true, "da": true, "dos": true, "fur": true, "pour": true, "para": true, "per": true, "al": true,
}

// linkArticles may follow an ofWord inside a name: "Bank of the West", "Ministère de
// l'Économie", "Universidad de la República".
var linkArticles = map[string]bool{"the": true, "la": true, "l'": true, "las": true, "los": true, "el": true, "le": true, "les": true}

// orgSpan is an organisation's name found from capitalised words.
type orgSpan struct {
	name       string
	start, end int // normalised offsets
	from, to   int // item indexes
	cat        callwatch.Category
}

// subject makes the organisation an unverified subject.
func (o orgSpan) subject() subject {
	e := callwatch.Entity{ID: unverifiedID(o.name), Name: o.name, Category: o.cat}
	return subject{ent: &e, text: o.name, start: o.start, end: o.end}
}

// upperAt reports whether item k, of any class, is capitalised in the original text.
func (a *analyzer) upperAt(items []item, k int) bool {
	f := a.field
	if f == nil {
		return false
	}
	r, _ := utf8.DecodeRuneInString(f.nt.orig[f.nt.origStart(items[k].start):])
	return unicode.IsUpper(r)
}

// nameWord reports whether item k may be a word of an organisation's name: capitalised,
// and either unknown to the lexicon or an organisation word.
func nameWord(items []item, k int) bool {
	if k < 0 || k >= len(items) {
		return false
	}
	it := items[k]
	return it.kind == itWord && it.upper && (it.class == wNone || orgKeywords[it.text] || authorityHeads[it.text])
}

// headOK reports whether the words from..to may head an "of" name: an organisation word,
// an authority word or at least two capitalised words ("Carnegie Endowment"), not a single
// capitalised word that may only start the sentence ("Representatives of Acme").
func headOK(items []item, from, to int) bool {
	for k := from; k <= to; k++ {
		if orgKeywords[items[k].text] || authorityHeads[items[k].text] || companyCues[items[k].text] {
			return true
		}
	}
	return to > from
}

// ofLinkBack returns, for a name starting at item k, the first item of the name it
// continues across a connector ("University |of| Oxford", "Ciudad |de| Buenos Aires",
// "city |of| Lyon"), or -1.
func (a *analyzer) ofLinkBack(items []item, k int) int {
	j := k - 1
	if j >= 0 && items[j].kind == itWord && linkArticles[items[j].text] {
		j--
	}
	if j < 1 || items[j].kind != itWord || !ofWords[items[j].text] {
		return -1
	}
	h := j - 1
	if items[h].kind == itWord && authorityHeads[items[h].text] {
		// "the city of Lyon": the head may be in lower case, and then the capitalised
		// words before it are adjectives ("the Finnish city of Espoo")
		s := h
		for items[h].upper && s > 0 && nameWord(items, s-1) {
			s--
		}
		return s
	}
	if !nameWord(items, h) {
		return -1
	}
	s := h
	for s > 0 && (nameWord(items, s-1)) {
		s--
	}
	if !headOK(items, s, h) {
		return -1
	}
	return s
}

// orgRun decides whether the capitalised words ending at item k name an organisation the
// gazetteer does not know ("Acme Security Ltd", "NordVPN", "University of Oxford", "the
// city of Lyon", "die Stadt Hamburg"; a hyphenated name is one word: "Région Île-de-France").
func (a *analyzer) orgRun(items []item, k int) (orgSpan, bool) {
	if !items[k].upper && !(items[k].class != wNone && a.upperAt(items, k)) {
		return orgSpan{}, false
	}
	start := k
	for start > 0 && nameWord(items, start-1) && !strings.HasSuffix(items[start-1].text, "-based") {
		start-- // (not "Tallinn-based": where it is, not its name)
	}
	if s := a.ofChainBack(items, start); s >= 0 {
		start = s
	}
	if start > 0 && !items[start-1].upper && items[start-1].kind == itWord && authorityHeads[items[start-1].text] {
		start-- // "la région Grand Est", "la commune Bod"
	}
	return a.orgName(items, start, k)
}

// ofChainBack follows up to three connectors back from the name starting at item k
// ("Ministry |of| Digital Affairs |of| Taiwan") and returns the first item of the whole
// name, or -1 if there is none.
func (a *analyzer) ofChainBack(items []item, k int) int {
	start := -1
	for n := 0; n < 3; n++ {
		s := a.ofLinkBack(items, k)
		if s < 0 {
			break
		}
		start, k = s, s
	}
	return start
}

// orgRunForward is orgRun for the capitalised words starting at item k (a list after
// "backed by"): it takes the connectors after them ("University of Oxford") and a
// lower-case authority word before them ("the city of Lyon").
func (a *analyzer) orgRunForward(items []item, k int) (orgSpan, bool) {
	if !items[k].upper {
		return orgSpan{}, false
	}
	start, end := k, k
	for start > 0 && nameWord(items, start-1) && authorityHeads[items[start-1].text] {
		start-- // "the Région Île-de-France", "die Stadt Hamburg"
	}
	if s := a.ofLinkBack(items, start); s >= 0 && authorityHeads[items[s].text] {
		start = s
	}
	for n := 0; n < 4; n++ {
		for end+1 < len(items) && (nameWord(items, end+1)) {
			end++
		}
		j := end + 1
		if j >= len(items) || items[j].kind != itWord || !ofWords[items[j].text] || !headOK(items, start, end) {
			break
		}
		j++
		if j < len(items) && items[j].kind == itWord && linkArticles[items[j].text] {
			j++
		}
		if !nameWord(items, j) && !a.stateTail(items, j, start) {
			break
		}
		end = j
	}
	return a.orgName(items, start, end)
}

// stateTail reports whether item k is a state closing the name of an organisation that
// starts at item head ("University of Malta", "Central Bank of Ireland"), not a
// government ("Government of Japan", "Ministry of Foreign Affairs of Japan").
func (a *analyzer) stateTail(items []item, k, head int) bool {
	if k < 0 || k >= len(items) || items[k].kind != itEntity || a.d.gaz.entities[items[k].ent].Category != callwatch.CategoryState || head < 0 {
		return false
	}
	ministry, foreign, org := false, false, false
	for j := head; j < k; j++ {
		w := items[j].text
		if governmentHeads[w] {
			return false
		}
		ministry = ministry || ministryWords[w]
		foreign = foreign || foreignWords[w]
		org = org || orgKeywords[w] || authorityHeads[w] || civilHeads[w]
	}
	return org && !(ministry && foreign)
}

// listMate accepts the capitalised words ending at item k as an organisation when they
// are coordinated with organisations already found ("Microsoft, Acmecorp and Google
// signed"): at most three words, after a list connector, the last subject found an
// organisation, not a state.
func (a *analyzer) listMate(items []item, k int, subs []subject, expectMore bool) (orgSpan, bool) {
	if len(subs) == 0 || !expectMore || !items[k].upper || subs[len(subs)-1].ent.Category == callwatch.CategoryState {
		return orgSpan{}, false
	}
	if n := k + 1; n >= len(items) || !(isClass(items, n, wConj) || items[n].kind == itPunct && items[n].text == ",") {
		return orgSpan{}, false
	}
	if k >= 2 && ofWords[items[k-1].text] && items[k-2].kind == itEntity {
		return orgSpan{}, false // a place after a name: "le Forum économique mondial de Davos"
	}
	return a.orgRunAny(items, k)
}

// runLen is the number of capitalised name words ending at item k.
func (a *analyzer) runLen(items []item, k int) int {
	n := 1
	for k-n >= 0 && nameWord(items, k-n) {
		n++
	}
	return n
}

// orgRunAny is orgRun without the need for an organisation word: the caller knows from
// the context that the capitalised word names an organisation. Only a single word, not
// at the sentence start: two capitalised words are as often a person ("Brad Smith").
func (a *analyzer) orgRunAny(items []item, k int) (orgSpan, bool) {
	if o, ok := a.orgRun(items, k); ok {
		return o, true
	}
	if !nameWord(items, k) {
		return orgSpan{}, false
	}
	n := a.runLen(items, k)
	from := k - n + 1
	if n > 1 || from == 0 {
		return orgSpan{}, false
	}
	var words []string
	for j := from; j <= k; j++ {
		words = append(words, items[j].text)
	}
	cat := orgCategory(words)
	return orgSpan{name: titleWords(words), start: items[from].start, end: items[k].end, from: from, to: k, cat: cat}, true
}

// orgName builds the organisation for the name words from..to, if they look like one: an
// organisation or authority word, a company cue before them, a brand-like spelling
// (CamelCase, an acronym inside a longer name).
func (a *analyzer) orgName(items []item, from, to int) (orgSpan, bool) {
	org := false
	for k := from; k <= to; k++ {
		if orgKeyword(items[k].text) || authorityHeads[items[k].text] || items[k].camel || items[k].allCaps && len(items[k].text) >= 3 && from > 0 && to > from {
			org = true
		}
	}
	cue := to == a.orgHead
	for p, n := from-1, 0; p >= 0 && n < 3 && !cue; p, n = p-1, n+1 {
		it := items[p]
		if it.kind != itWord {
			break
		}
		if cueWord(it.text) {
			cue = true
			break
		}
		if it.upper || !(it.class == wNone || it.class == wFill) || articles[it.text] {
			break // only lower-case adjectives between: "la compañía española Indra"
		}
	}
	if !org && !cue || from == to && (orgKeywords[items[from].text] || authorityHeads[items[from].text]) {
		return orgSpan{}, false // a common noun alone ("Ministry signs Paris Call") is no name
	}
	if a.titleCase && genericWords(items, from, to) {
		return orgSpan{}, false // a headline in title case: "Leading Security Vendor Signs Paris Call"
	}
	var words []string
	for k := from; k <= to; k++ {
		if items[k].kind == itWord || items[k].kind == itEntity {
			words = append(words, items[k].text)
		}
	}
	cat := orgCategory(words) // before titleWords changes the words
	return orgSpan{name: titleWords(words), start: items[from].start, end: items[to].end, from: from, to: to, cat: cat}, true
}

// genericWords reports whether the words from..to are all organisation words ("Security
// Vendor", "Cyber Agency"): in a title-case headline they describe, they do not name.
func genericWords(items []item, from, to int) bool {
	for k := from; k <= to; k++ {
		w := items[k].text
		if items[k].kind == itWord && !(orgKeywords[w] || companyCues[w] || authorityHeads[w] || ofWords[w]) {
			return false
		}
	}
	return true
}

// isTitleCase reports whether a headline capitalises most of its longer words ("Major
// Cloud Provider Joins Paris Call"): its capitals say nothing about names.
func isTitleCase(s string) bool {
	n, up := 0, 0
	for _, w := range strings.Fields(s) {
		if len(w) < 4 {
			continue
		}
		n++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			up++
		}
	}
	return n >= 3 && up*4 >= n*3
}

// orgCategory is the register category an unknown organisation's name makes clear: a
// public authority for a city, region or ministry, civil society for a university or
// foundation, a company for a legal form; else unknown.
func orgCategory(words []string) callwatch.Category {
	for _, w := range words {
		if authorityHeads[w] {
			return callwatch.CategoryPublicAuthority
		}
	}
	for _, w := range words {
		if civilHeads[w] {
			return callwatch.CategoryCivilSociety
		}
	}
	if last := words[len(words)-1]; companyForms[last] {
		return callwatch.CategoryCompany
	}
	return callwatch.CategoryUnknown
}

// companyForms end the name of a company.
var companyForms = map[string]bool{"inc": true, "corp": true, "corporation": true, "ltd": true, "limited": true, "llc": true,
	"gmbh": true, "ag": true, "plc": true, "sa": true, "spa": true, "srl": true, "bv": true, "nv": true}

// titleWords rebuilds a display name from normalised words.
func titleWords(ws []string) string {
	for i, w := range ws {
		r, size := utf8.DecodeRuneInString(w)
		ws[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(ws, " ")
}
