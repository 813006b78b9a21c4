package detect

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/callwatch/callwatch"
)

// nameHit is one accepted name of the Call in a sentence.
type nameHit struct {
	start, end int // normalised offsets
	strength   callwatch.Strength
	rule       string
	conf       float64
}

// sentInfo is what the name pass learnt about one sentence.
type sentInfo struct {
	sentence
	ms       []match // matches inside the sentence
	hits     []nameHit
	look     bool // a look-alike is named (and the Call is not)
	anchor   bool // a press nickname ("no-hack pact")
	ref      bool // "the Call", "l'Appel", "den Appell"
	callRef  bool // a reference that can only be the Call ("the Call", "l'Appel"), not "the agreement"
	refStem  bool // "signatories", "Unterzeichner"
	cue      bool // a stance word's stem: worth parsing for stances
	cyber    int
	offTopic int
	shorts   []match // short forms waiting for the context decision
	homonym  bool    // a short form swallowed by the UNESCO/Inria homonym
}

// fieldState is one field (title or text) being analysed.
type fieldState struct {
	field     callwatch.Field
	nt        normText
	ents      []match // the gazetteer matches of the whole field, if entsDone
	entsDone  bool
	sents     []sentInfo
	paraCyber []int // cyber context cues per paragraph
	paraOff   []int // look-alike context cues per paragraph
}

// Detect returns the findings for one document: at most one mention per sentence that
// names the Call (strength full or short; weak short forms are not reported), then the
// stance events (signed, declined, announced) of the entities in the sentences that refer
// to the Call, one per entity and stance (the most confident). Offsets refer to the
// original Title and Text.
func (d *Detector) Detect(doc callwatch.Document) []callwatch.Finding {
	if !d.gate.match(doc.Title) && !d.gate.match(doc.Text) {
		return nil // most articles: no name of the Call, found at a few bytes per ns
	}
	sc := scratchPool.Get().(*scratch)
	tnt, tms := d.scanField(doc.Title, &sc.fields[0])
	bnt, bms := d.scanField(doc.Text, &sc.fields[1])
	a := &analyzer{d: d, doc: doc, toks: sc.toks, itemBuf: sc.items, spans: sc.spans, ents: sc.ents, consumed: sc.consumed}
	defer func() {
		// nothing Detect returns refers to these: the next call may reuse them
		sc.keep(a)
		scratchPool.Put(sc)
	}()
	if !d.anyName(tms) && !d.anyName(bms) {
		return nil // no name of the Call at all: nothing more to look at
	}
	title := d.prepare(callwatch.FieldTitle, tnt, tms, &sc.fields[0])
	body := d.prepare(callwatch.FieldText, bnt, bms, &sc.fields[1])
	fields := []*fieldState{title, body}

	// The title's context is its own and the first paragraph of the text; the title (the
	// article's summary) is context for every paragraph of the text.
	titleCyber, titleOff := title.paraCyber[0], title.paraOff[0]
	title.paraCyber[0] += body.paraCyber[0]
	title.paraOff[0] += body.paraOff[0]
	for p := range body.paraCyber {
		body.paraCyber[p] += titleCyber
		body.paraOff[p] += titleOff
	}
	hasFull, homonym := false, false
	for _, f := range fields {
		for i := range f.sents {
			for _, h := range f.sents[i].hits {
				if h.strength == callwatch.StrengthFull {
					hasFull = true
				}
			}
			homonym = homonym || f.sents[i].homonym
		}
	}
	mentioned := false
	for _, f := range fields {
		for i := range f.sents {
			d.decideShorts(f, &f.sents[i], hasFull, homonym, false)
			mentioned = mentioned || len(f.sents[i].hits) > 0
		}
	}
	if !mentioned {
		return nil
	}
	mentions := 0
	for _, f := range fields {
		for i := range f.sents {
			// once the article is known to be about the Call, its other short forms refer
			// to it too
			d.decideShorts(f, &f.sents[i], hasFull, homonym, true)
			if len(f.sents[i].hits) > 0 {
				mentions++
			}
		}
	}
	lang := doc.Language
	if lang == "" {
		lang = guessLanguage(body.nt.s)
	}
	a.lang = lang
	d.publisherOf(a)

	// The antecedent of each sentence: the Call or a look-alike, whichever was named last.
	firstBody := "none"
	for i := range body.sents {
		if l := label(&body.sents[i]); l != "none" {
			firstBody = l
			break
		}
	}
	// An article about a look-alike that names the Call in passing (the AI summit "seven
	// years after the Paris Call"): its references and neighbouring sentences are about
	// the look-alike, so only sentences naming the Call, or referring to it as "the Call",
	// are parsed.
	lookSents, callSents := 0, 0
	titleLook := false
	for fi, f := range fields {
		for i := range f.sents {
			switch label(&f.sents[i]) {
			case "look":
				lookSents++
				titleLook = titleLook || fi == 0
			case "call":
				callSents++
			}
		}
	}
	lookDominated := lookSents > 0 && (titleLook || lookSents >= 2 && lookSents > 2*callSents)
	stances := sc.stances[:0] // each sentence's, before dedupe copies them out
	last := "none"
	for fi, f := range fields {
		prevCand := -1
		for i := range f.sents {
			si := &f.sents[i]
			ante := last
			if fi == 0 && ante == "none" {
				ante = firstBody
			}
			base := 0.0
			switch {
			case len(si.hits) > 0:
				base = 0.9
			case si.anchor && !si.look:
				// a press nickname of the Call ("no-hack pact") in an article about it
				base = 0.8
			case (si.ref || si.refStem) && ante == "call" && (!si.look || si.callRef):
				// a look-alike in the same sentence is then only an object ("The UK, which
				// signed the Call, hosts the Pall Mall Process")
				base = 0.8
			case fi == 1 && prevCand == i-1 && i > 0 && !si.look:
				// the sentence after one that refers to the Call ("Russia, too, refused.")
				base = 0.65
			case fi == 1 && !si.look && len(si.shorts) == 0:
				// any other sentence of an article about the Call: only a stance verb without
				// an object of its own counts ("Nicht unterschrieben haben Russland und China")
				base = 0.55
			}
			if fi == 0 && base > 0.75 {
				base = 0.75
			}
			if lookDominated && len(si.hits) == 0 && !si.callRef {
				base = 0
			}
			if base > 0 && si.cue {
				stances = a.sentence(stances, f, si, base)
			}
			if l := label(si); l != "none" {
				last = l
			}
			if base >= 0.8 {
				prevCand = i
			}
		}
	}
	// one allocation for what the caller gets: the mentions, then the stances deduplicated
	out := make([]callwatch.Finding, 0, min(mentions, maxMentions)+len(stances))
	for _, f := range fields {
		for i := range f.sents {
			if si := &f.sents[i]; len(si.hits) > 0 && len(out) < maxMentions {
				out = append(out, mentionFinding(f, si))
			}
		}
	}
	mergeShortNames(stances)
	out = appendDeduped(out, stances)
	sc.stances = stances
	return out
}

// publisherOf resolves the document's publisher once per distinct name: a crawler sends
// every article of an outlet with the same one, and resolving it (legal forms, word runs,
// host labels) costs more than the rest of a short article's analysis.
func (d *Detector) publisherOf(a *analyzer) {
	key := a.doc.Publisher
	if v, ok := d.publishers.Load(key); ok {
		if e, ok := v.(*callwatch.Entity); ok {
			a.publisher = e // shared: the rules copy it before they change anything
		}
		return
	}
	a.publisherEntity()
	if d.nPublishers.Add(1) > maxPublishers {
		return // untrusted input may name any number of publishers: remember a bounded few
	}
	if a.publisher == nil {
		d.publishers.Store(key, false)
	} else {
		d.publishers.Store(key, a.publisher)
	}
}

// maxPublishers bounds publisherOf's memory.
const maxPublishers = 10000

// scratch holds the buffers of one Detect call that the next may reuse: per field the
// offset map (four bytes per byte of text), the matches, sentences and their records,
// and the stance rules' per-sentence buffers. Nothing Detect returns refers to them.
type scratch struct {
	fields   [2]fieldBuf // title, text
	stances  []callwatch.Finding
	toks     []token
	items    []item
	spans    []itemSpan
	ents     []match
	consumed []bool
}

// fieldBuf is one field's reusable buffers.
type fieldBuf struct {
	src       []int32
	ms        []match
	protected [][2]int
	sentences []sentence
	sents     []sentInfo
	inside    []match
	counts    []int
	ents      []match // the gazetteer matches of a short field (entsDone)
	entsDone  bool
	state     fieldState
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxScratch is the most elements a kept buffer may hold: a huge article's are left to
// the garbage collector.
const maxScratch = 1 << 20

// small returns b, emptied, if it is small enough to keep, else nil.
func small[T any](b []T) []T {
	if cap(b) > maxScratch {
		return nil
	}
	return b[:0]
}

func (sc *scratch) keep(a *analyzer) {
	for i := range sc.fields {
		fb := &sc.fields[i]
		clear(fb.sents) // they hold slices of this document (those beyond were cleared before)
		fb.state = fieldState{}
		fb.src, fb.ms, fb.protected = small(fb.src), small(fb.ms), small(fb.protected)
		fb.sentences, fb.sents, fb.inside, fb.counts = small(fb.sentences), small(fb.sents), small(fb.inside), small(fb.counts)
		fb.ents, fb.entsDone = small(fb.ents), false
	}
	clear(sc.stances) // they point at what the caller now has
	sc.stances = small(sc.stances)
	sc.toks, sc.items, sc.consumed = small(a.toks), small(a.itemBuf), small(a.consumed)
	sc.spans, sc.ents = small(a.spans), small(a.ents)
}

func label(si *sentInfo) string {
	switch {
	case len(si.hits) > 0:
		return "call"
	case si.look:
		return "look"
	}
	return "none"
}

// prepare normalises and scans a field, splits it into sentences and decides the names
// that need no context.
func (d *Detector) prepare(field callwatch.Field, nt normText, ms []match, fb *fieldBuf) *fieldState {
	f := &fb.state
	*f = fieldState{field: field, nt: nt, ents: fb.ents, entsDone: fb.entsDone}
	if field == callwatch.FieldTitle && strings.Contains(f.nt.s, "\n") {
		f.nt.s = strings.ReplaceAll(f.nt.s, "\n", " ")
		f.entsDone = false // searched in the text with its breaks: search the sentences
	}
	protected := slices.Grow(fb.protected[:0], len(ms))
	for _, m := range ms {
		if k := d.pats[m.pat].kind; k != pkCue && k != pkCyber && k != pkOffTopic {
			protected = append(protected, [2]int{m.start, m.end})
		}
	}
	// a single line break inside a gazetteer name ("Microsoft\nCorporation") does not end
	// the sentence either: look for aliases around each one
	if len(f.nt.lines) > 0 {
		for _, m := range d.entitiesAcross(&f.nt) {
			protected = append(protected, [2]int{m.start, m.end})
		}
		slices.SortFunc(protected, func(x, y [2]int) int { return x[0] - y[0] })
	}
	sents := sentencesInto(fb.sentences[:0], &f.nt, protected)
	paras := 1
	if len(sents) > 0 {
		paras = sents[len(sents)-1].para + 1
	}
	counts := slices.Grow(fb.counts[:0], 2*paras)[:2*paras]
	clear(counts)
	f.paraCyber, f.paraOff = counts[:paras:paras], counts[paras:]
	f.sents = slices.Grow(fb.sents[:0], len(sents))[:len(sents)]
	clear(f.sents)
	inside := slices.Grow(fb.inside[:0], len(ms)) // every sentence's matches, one after another
	k := 0
	for i, s := range sents {
		si := &f.sents[i]
		si.sentence = s
		for k < len(ms) && ms[k].start < s.start {
			k++
		}
		from := len(inside)
		for j := k; j < len(ms) && ms[j].start < s.end; j++ {
			if ms[j].end <= s.end {
				inside = append(inside, ms[j])
			}
		}
		si.ms = inside[from:len(inside):len(inside)]
		d.namePass(f, si)
	}
	fb.protected, fb.sentences, fb.counts, fb.sents, fb.inside = protected, sents, counts, f.sents, inside
	return f
}

// entitiesAcross returns the gazetteer aliases that span a single line break of nt.
func (d *Detector) entitiesAcross(nt *normText) []match {
	var out []match
	w := d.maxEntity
	for k := 0; k < len(nt.lines); {
		// one window for the line breaks less than a name's length apart
		from, to := max(nt.lines[k]-w, 0), min(nt.lines[k]+w, len(nt.s))
		k0 := k
		for k++; k < len(nt.lines) && nt.lines[k]-w < to; k++ {
			to = min(nt.lines[k]+w, len(nt.s))
		}
		lb := nt.lines[k0:k]
		for _, m := range d.entityMatches(nt, from, to) {
			// a line break strictly inside the match
			if i, _ := slices.BinarySearch(lb, m.start+1); i < len(lb) && lb[i] < m.end {
				out = append(out, m)
			}
		}
	}
	return out
}

// anyName reports whether matches hold a name of the Call (any grade) or an ambiguous
// look-alike that may be one.
func (d *Detector) anyName(ms []match) bool {
	for _, m := range ms {
		switch pm := &d.pats[m.pat]; pm.kind {
		case pkName, pkTail:
			return true
		case pkLook:
			if pm.sub == lookAmbig {
				return true
			}
		}
	}
	return false
}

// namePass classifies the name, look-alike, reference and context matches of a sentence.
func (d *Detector) namePass(f *fieldState, si *sentInfo) {
	s := f.nt.s
	var sticky [][2]int
	for _, m := range si.ms {
		switch d.pats[m.pat].kind {
		case pkCyber:
			si.cyber++
			f.paraCyber[si.para]++
		case pkOffTopic:
			si.offTopic++
			f.paraOff[si.para]++
		case pkLook:
			if d.pats[m.pat].sub == lookSticky {
				si.offTopic++
				f.paraOff[si.para]++
			}
		}
	}
	for _, m := range si.ms {
		pm := &d.pats[m.pat]
		switch pm.kind {
		case pkTail:
			r := &d.tails[pm.tail]
			from := m.start - 90
			if from < si.start {
				from = si.start
			}
			if skipCoveredTails && fullHitCovers(si.hits, si.shorts, from, m.start, m.end) {
				continue // "paris call for trust and security in cyberspace", already a name
			}
			if at := r.headAt(s[from:m.start]); at >= 0 {
				si.hits = append(si.hits, nameHit{start: from + at, end: m.end, strength: callwatch.StrengthFull,
					rule: "mention.full." + r.lang, conf: 0.98})
			}
		case pkName:
			switch pm.sub {
			case nameFull:
				si.hits = append(si.hits, nameHit{start: m.start, end: m.end, strength: callwatch.StrengthFull, rule: "mention.full." + pm.lang, conf: 0.98})
			case nameDomain:
				si.hits = append(si.hits, nameHit{start: m.start, end: m.end, strength: callwatch.StrengthFull, rule: "mention.domain", conf: 0.95})
			case nameNick:
				if si.offTopic == 0 {
					si.hits = append(si.hits, nameHit{start: m.start, end: m.end, strength: callwatch.StrengthShort, rule: "mention.nickname." + pm.lang, conf: 0.8})
				}
			case nameShort:
				si.shorts = append(si.shorts, m)
			}
		case pkLook:
			if pm.sub == lookAmbig {
				if si.cyber > 0 && si.offTopic == 0 {
					si.hits = append(si.hits, nameHit{start: m.start, end: m.end, strength: callwatch.StrengthShort, rule: "mention.lookalike-in-cyber-context." + pm.lang, conf: 0.7})
				} else {
					si.look = true
				}
			} else {
				si.look = true
				sticky = append(sticky, [2]int{m.start, m.end})
			}
		case pkAnchor:
			si.anchor = true
		case pkCue:
			si.cue = true
		case pkRef:
			if pm.multi {
				si.ref = true
				if r := s[m.start:m.end]; strings.Contains(r, "call") || strings.Contains(r, "appel") || strings.Contains(r, "aufruf") ||
					strings.Contains(r, "llamamiento") || strings.Contains(r, "llamado") || strings.Contains(r, "apelo") || strings.Contains(r, "appello") {
					si.callRef = true
				}
			} else {
				si.refStem = true
			}
		}
	}
	// A "sentence" with more names than this is a list or junk: keep the first ones (and
	// the work per sentence linear).
	if len(si.shorts) > maxNamesPerSentence {
		si.shorts = si.shorts[:maxNamesPerSentence]
	}
	if len(si.hits) > maxNamesPerSentence {
		si.hits = si.hits[:maxNamesPerSentence]
	}
	if len(sticky) > maxNamesPerSentence {
		sticky = sticky[:maxNamesPerSentence]
	}
	// Short forms inside a look-alike ("Paris Call: Software Source Code", "Paris call
	// centre") or inside a full name are not short mentions of their own.
	kept := si.shorts[:0]
	for _, m := range si.shorts {
		drop := false
		for _, l := range sticky {
			if m.start < l[1] && l[0] < m.end {
				drop = true
				if strings.Contains(s[l[0]:l[1]], "software") || strings.Contains(s[l[0]:l[1]], "code") {
					si.homonym = true
				}
			}
		}
		for _, h := range si.hits {
			if m.start < h.end && h.start < m.end {
				drop = true
			}
		}
		if !drop {
			kept = append(kept, m)
		}
	}
	si.shorts = kept
	// Nicknames and ambiguous look-alikes inside a full name are covered by it.
	if len(si.hits) > 1 {
		si.hits = mergeHits(si.hits)
	}
}

// maxMentions bounds the mention findings of one document (a real article has a few
// dozen at most; the store takes 65,535 findings per article).
const maxMentions = 500

// maxNamesPerSentence bounds the names considered in one sentence.
const maxNamesPerSentence = 64

// mergeHits removes hits covered by a stronger overlapping hit.
// skipCoveredTails lets namePass leave out the head search of a tail that a full name
// covers (fullHitCovers); TestSkipCoveredTails turns it off to compare.
var skipCoveredTails = true

// fullHitCovers reports whether a full name's hit already in h covers the tail match
// [start, end) from before it and survives mergeHits (no hit before it, as confident,
// overlaps it). The tail's own hit could then only be dropped by mergeHits: it overlaps
// that one, comes after it and is no more confident (0.98); its head need not be sought.
// Nor may a short form lie where the head could reach beyond that hit (from on): the
// tail's hit would have covered it.
func fullHitCovers(h []nameHit, shorts []match, from, start, end int) bool {
	for i, x := range h {
		if x.strength != callwatch.StrengthFull || x.conf < 0.98 || x.start >= start || x.end < end {
			continue
		}
		for _, m := range shorts {
			if m.end > from && m.start < x.start {
				return false
			}
		}
		for _, y := range h[:i] {
			if y.conf >= x.conf && y.start < x.end && x.start < y.end {
				return false
			}
		}
		return true
	}
	return false
}

func mergeHits(h []nameHit) []nameHit {
	sort.SliceStable(h, func(i, j int) bool { return h[i].conf > h[j].conf })
	var out []nameHit
	for _, x := range h {
		overlap := false
		for _, y := range out {
			if x.start < y.end && y.start < x.end {
				overlap = true
				break
			}
		}
		if !overlap {
			out = append(out, x)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// decideShorts turns the sentence's short forms into short mentions or drops them (weak).
func (d *Detector) decideShorts(f *fieldState, si *sentInfo, hasFull, homonym, article bool) {
	if len(si.shorts) == 0 {
		return
	}
	if si.offTopic > 0 && si.cyber == 0 {
		si.look = true
		si.shorts = nil
		return
	}
	cy, off := f.paraCyber[si.para], f.paraOff[si.para]
	kept := si.shorts[:0]
	for _, m := range si.shorts {
		lang := d.pats[m.pat].lang
		switch {
		case homonym && !hasFull:
			// an article about the software source code "Paris Call"
		case cy > 0 && cy >= off:
			si.hits = append(si.hits, nameHit{start: m.start, end: m.end, strength: callwatch.StrengthShort, rule: "mention.short.context." + lang, conf: 0.85})
		case hasFull && off == 0:
			si.hits = append(si.hits, nameHit{start: m.start, end: m.end, strength: callwatch.StrengthShort, rule: "mention.short.fullname." + lang, conf: 0.8})
		case article && off == 0:
			si.hits = append(si.hits, nameHit{start: m.start, end: m.end, strength: callwatch.StrengthShort, rule: "mention.short.article." + lang, conf: 0.75})
		default:
			kept = append(kept, m)
		}
	}
	si.shorts = kept
	if len(si.hits) > 1 {
		si.hits = mergeHits(si.hits)
	}
}

// mentionFinding reports a sentence's names as one mention, graded by its strongest name.
func mentionFinding(f *fieldState, si *sentInfo) callwatch.Finding {
	best := si.hits[0]
	for _, h := range si.hits[1:] {
		if h.conf > best.conf {
			best = h
		}
	}
	fd := evidence(f, si)
	fd.Kind = callwatch.FindingMention
	fd.Strength = best.strength
	fd.Rule = best.rule
	fd.Confidence = best.conf
	for _, h := range si.hits {
		fd.Spans = append(fd.Spans, callwatch.Span{Start: f.nt.origStart(h.start), End: f.nt.origEnd(h.end), Role: "name"})
	}
	return fd
}

// maxEvidence is the longest evidence kept: a longer "sentence" (a list, a table, text
// without punctuation) is cut to a window around its first name.
const maxEvidence = 600

// evidence fills a finding's field, offsets and sentence.
func evidence(f *fieldState, si *sentInfo) callwatch.Finding {
	start, end := si.start, si.end
	if end-start > maxEvidence {
		focus := start
		if len(si.hits) > 0 {
			focus = si.hits[0].start
		}
		start = max(start, focus-maxEvidence/2)
		end = min(end, start+maxEvidence)
		for start < end && f.nt.s[start] == ' ' {
			start++
		}
		for end > start && f.nt.s[end-1] == ' ' {
			end--
		}
	}
	os, oe := f.nt.origStart(start), f.nt.origEnd(end)
	ev := f.nt.orig[os:oe]
	trimmed := strings.TrimSpace(ev)
	os += strings.Index(ev, trimmed)
	return callwatch.Finding{Field: f.field, Start: os, End: os + len(trimmed), Evidence: trimmed}
}

// mergeShortNames gives an unknown organisation named in short ("Buenos Aires se suma"
// in a headline) the entity of its longer name elsewhere in the document ("La Ciudad de
// Buenos Aires se adhirió"): the longer name's id ends with the shorter one's.
func mergeShortNames(fs []callwatch.Finding) {
	if len(fs) > 64 {
		return // a list of supporters, not an article
	}
	for i := range fs {
		id := fs[i].Entity.ID
		if !strings.HasPrefix(id, "unverified:") {
			continue
		}
		short := id[len("unverified:"):]
		for j := range fs {
			long := fs[j].Entity.ID
			if j != i && len(long) > len(id)+1 && strings.HasPrefix(long, "unverified:") && strings.HasSuffix(long, short) &&
				long[len(long)-len(short)-1] == '-' {
				e := *fs[j].Entity
				fs[i].Entity = &e
				break
			}
		}
	}
}

// dedupeStancesMap is dedupeStances for many findings (a list of the Call's supporters).
func dedupeStancesMap(in []callwatch.Finding) []callwatch.Finding {
	return appendDedupedMap(nil, in)
}

// dedupeStances keeps the most confident finding for each entity and stance, in order of
// first appearance.
func dedupeStances(in []callwatch.Finding) []callwatch.Finding { return appendDeduped(nil, in) }

// appendDeduped appends dedupeStances(in) to out.
func appendDeduped(out, in []callwatch.Finding) []callwatch.Finding {
	if len(in) > 64 {
		return appendDedupedMap(out, in)
	}
	// a handful per article: a linear search beats a map
	base := len(out)
	out = slices.Grow(out, len(in))
next:
	for _, f := range in {
		for k := base; k < len(out); k++ {
			if out[k].Entity.ID == f.Entity.ID && out[k].Kind == f.Kind {
				if f.Confidence > out[k].Confidence {
					out[k] = f
				}
				continue next
			}
		}
		out = append(out, f)
	}
	return out
}

func appendDedupedMap(out, in []callwatch.Finding) []callwatch.Finding {
	type key struct {
		id   string
		kind callwatch.FindingKind
	}
	best := map[key]int{}
	for _, f := range in {
		k := key{f.Entity.ID, f.Kind}
		if j, ok := best[k]; ok {
			if f.Confidence > out[j].Confidence {
				out[j] = f
			}
			continue
		}
		best[k] = len(out)
		out = append(out, f)
	}
	return out
}

// guessLanguage picks the language of a text from its commonest function words.
func guessLanguage(s string) string {
	if len(s) > 4000 {
		s = s[:4000]
	}
	langs := [...]string{"en", "fr", "de", "es", "pt", "it"}
	var counts [len(langs)]int
	for len(s) > 0 {
		// the next word: up to a space or a line break (as strings.Fields, without the slice)
		k := 0
		for k < len(s) && s[k] != ' ' && s[k] != '\n' {
			k++
		}
		w := s[:k]
		s = s[min(k+1, len(s)):]
		switch w {
		case "the", "and", "of", "to", "is":
			counts[0]++
		case "le", "les", "et", "des", "est", "du":
			counts[1]++
		case "der", "die", "und", "das", "ist", "nicht":
			counts[2]++
		case "el", "los", "y", "las", "del", "es":
			counts[3]++
		case "o", "os", "e", "do", "da", "não", "nao":
			counts[4]++
		case "il", "che", "di", "gli", "della", "nel", "alla", "dalla", "per", "anche", "sono", "tra", "questo", "questa":
			// (Italian "è" is normalised to "e" and counts for Portuguese)
			counts[5]++
		}
	}
	best, n := "", 0
	for i, l := range langs {
		if counts[i] > n {
			best, n = l, counts[i]
		}
	}
	return best
}
