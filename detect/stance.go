// Stance rules: the triggers of a sentence (signed, declined, announced) and the
// findings they make. The parts: items.go (the sentence as items), subjects.go (whom a
// trigger is about), context.go (pronouns, "we", earlier sentences), orgs.go
// (organisations the gazetteer does not know).

package detect

import (
	"slices"
	"strings"

	"github.com/callwatch/callwatch"
)

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

// subject is an entity found for a stance trigger.
type subject struct {
	ent      *callwatch.Entity
	text     string
	start    int // normalised
	end      int
	verified bool
	negated  bool // "50 nations, but not the US, signed": this member did the opposite
	bare     bool // an unknown name that may be a person's (orgSpan.bare)
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
			if sub.bare {
				// a name that may be a person's: 0.43 in a sentence naming the Call, below
				// what callwatch stores and alerts on by default (detect.min_confidence
				// 0.45, alerts.min_confidence 0.5), yet there for `callwatch detect` and for
				// a user who lowers them
				conf *= 0.8
				fd.Rule += "-unmarked-name"
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

// maxStanceSentence is the longest sentence (in normalised bytes) parsed for stances.
const maxStanceSentence = 2000

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

// event is what one trigger says: a stance and its subjects.
type event struct {
	stance   callwatch.FindingKind
	rule     string
	weight   float64
	verb     int // item index of the trigger
	neg      int // item index of the negation, or -1
	subjects []subject
}

// trigger evaluates item i as a stance trigger.
func (a *analyzer) trigger(items []item, i int, consumed []bool) *event {
	it := items[i]
	if it.kind != itWord || !triggerClass[it.class] {
		return nil // most items: no stance word
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
		if ev := a.decisionOf(items, i); ev != nil {
			return ev
		}
		if ev := a.frontedGerund(items, i); ev != nil {
			return ev
		}
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
		if outsideWords[lastWord(it.text)] && !outsideOf(items, i) {
			return nil // "Norway remains outside the EU"
		}
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
			// "tiene el apoyo de la UE, Canadá y Japón", "with the support of X"; "the
			// accession of Benin to the Call" (only with the Call after it: "the accession of
			// Croatia to the EU" is another)
			if subs := a.forward(items, n+1); len(subs) > 0 && (!accessionNouns[it.text] || callNext(items, subs[len(subs)-1].end)) {
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

// triggerClass marks the classes trigger has a rule for.
var triggerClass = func() (t [wclassCount]bool) {
	for _, c := range []wclass{wSign, wSignFut, wSignBase, wGerSign, wDecl, wDeclStrong, wSignatory, wWithout, wSignNoun} {
		t[c] = true
	}
	return t
}()

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
	if i > 0 && cliticObjects[items[i-1].text] && items[i-1].kind == itWord {
		return false // "Francia lo respaldó", "la France l'a signé": the object is the pronoun
	}
	for k := i + 1; k < len(items) && k <= i+4; k++ {
		it := items[k]
		switch {
		case it.kind == itCall:
			return false
		case it.kind == itWord && timePreps[it.text]:
			return false // "lo respaldó desde el primer día"
		case it.kind == itWord && it.class == wNone && textNouns[it.text] && k > i+1 && (definiteArticles[items[k-1].text] || prepositions[items[k-1].text]) &&
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

// cliticObjects are the Romance object pronouns before a verb.
var cliticObjects = map[string]bool{"lo": true, "l'": true, "la": true, "le": true}

// timePreps open a time complement after a verb, not an object.
var timePreps = map[string]bool{"since": true, "desde": true, "depuis": true, "seit": true, "dal": true, "dalla": true}

// definiteArticles point back to a text already named ("the declaration", "la
// dichiarazione"), unlike "a declaration".
var definiteArticles = map[string]bool{"the": true, "la": true, "le": true, "l'": true, "el": true, "o": true, "a": true, "il": true,
	"lo": true, "die": true, "das": true, "den": true, "der": true, "documentul": true}

// topicWords after a text noun give it another topic ("the declaration on AI").
var topicWords = map[string]bool{"on": true, "with": true, "sur": true, "avec": true, "sobre": true, "con": true, "uber": true,
	"mit": true, "zur": true, "zum": true, "su": true, "com": true, "about": true, "against": true, "contre": true, "contra": true}

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
	possessed := false // "its supporters", "ses signataires"
	for p >= 0 && (isClass(items, p, wFill, wNumber, wCount) || adjectives < 2 && items[p].kind == itWord && items[p].class == wNone && !items[p].upper) {
		if items[p].class == wNone {
			adjectives++ // "an early signatory", "a founding signatory"
		}
		possessed = possessed || possessives[items[p].text]
		p--
	}
	if possessed && p >= 0 && isClass(items, p, wModal) {
		return nil // "The Call ... commits its supporters to nine principles": an object
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

// decisionNouns name a decision whose infinitive says what was decided: "the UK's
// decision to join", "la décision des États-Unis de rejoindre l'Appel".
var decisionNouns = map[string]bool{"decision": true, "move": true, "choice": true, "choix": true, "decisao": true,
	"decisione": true, "scelta": true, "entscheidung": true, "entschluss": true, "decizia": true, "decizie": true, "решение": true}

// decisionMakers are the participles between a decision and its maker: "the decision taken
// by the United States to support".
var decisionMakers = map[string]bool{"taken": true, "made": true, "prise": true, "tomada": true, "tomado": true, "adoptada": true,
	"adoptee": true, "presa": true, "getroffene": true, "luata": true}

// decisionOf handles a joining verb governed by a decision noun: "the UK's decision to
// join", "the US decision to sign", "the decision taken by the United States to support
// the Call", "la décision des États-Unis de rejoindre l'Appel", "die Entscheidung der USA,
// dem Pariser Appell beizutreten". News reports such a decision as joining (as "decided
// to join"); "the decision not to sign" is a refusal.
func (a *analyzer) decisionOf(items []item, i int) *event {
	k, neg := i-1, -1
	if a.lang == "de" {
		// the zu-infinitive clause after a comma: "Entscheidung der USA, dem Pariser Appell
		// beizutreten"
		for k >= 0 && k >= i-8 && !(items[k].kind == itPunct && items[k].text == ",") {
			if isClass(items, k, wNeg) {
				neg = k
			}
			k--
		}
		if k < 0 || items[k].kind != itPunct {
			return nil
		}
		k--
	}
	for k >= 0 && k >= i-5 && isClass(items, k, wInf, wFill, wNeg) {
		if isClass(items, k, wNeg) {
			neg = k
		}
		k--
	}
	if k < 0 || items[k].kind != itEntity && !(items[k].kind == itWord && decisionNouns[items[k].text]) {
		return nil
	}
	var subs []subject
	if items[k].kind == itWord {
		// "the UK's decision to join", "the US decision to sign"
		if sub := a.possessor(items, k); sub != nil {
			subs = append(subs, *sub)
		} else if p := k - 1; p >= 0 && items[p].kind == itEntity {
			subs = append(subs, subject{ent: &a.d.gaz.entities[items[p].ent], text: items[p].text, start: items[p].start, end: items[p].end, verified: true})
		}
	} else {
		// "the decision (taken) by/of X (and Y) to join"
		d := k
		for d >= 0 && d >= k-8 && (items[d].kind == itEntity || isClass(items, d, wConj, wFill, wPassBy) || complementOf[items[d].text] ||
			decisionMakers[items[d].text] || items[d].kind == itPunct && items[d].text == ",") {
			d--
		}
		if d < 0 || items[d].kind != itWord || !decisionNouns[items[d].text] {
			return nil
		}
		subs = a.forward(items[:k+1], d+1)
	}
	if len(subs) == 0 {
		return nil
	}
	ev := &event{stance: callwatch.FindingSigned, rule: "decision", weight: 0.85, verb: i, neg: -1, subjects: subs}
	if neg >= 0 {
		ev.stance, ev.neg, ev.rule = callwatch.FindingDeclined, neg, "decision-negated"
	}
	return ev
}

// accessionNouns name joining in general (a union, a treaty): they are about the Call only
// when it follows.
var accessionNouns = map[string]bool{"accession": true, "endorsement": true}

// callNext reports whether a name of the Call follows the text offset end, with only a
// preposition or an article between: "of Benin to the Call", "du Bénin à l'Appel".
func callNext(items []item, end int) bool {
	k := 0
	for k < len(items) && items[k].start < end {
		k++
	}
	for n := 0; k < len(items) && n < 3; k, n = k+1, n+1 {
		if items[k].kind == itCall {
			return true
		}
		if !isClass(items, k, wInf, wFill) && !prepositions[items[k].text] {
			return false
		}
	}
	return false
}

// frontedGerund handles a gerund that opens the sentence, its subjects after a copula:
// "Also signing the Call were Estonia and Latvia", "Joining the Paris Call on Monday were
// Finland and Sweden", "Not joining were China and Russia".
func (a *analyzer) frontedGerund(items []item, i int) *event {
	if items[i].class != wGerSign {
		return nil
	}
	neg := -1
	for k := 0; k < i; k++ {
		switch {
		case isClass(items, k, wNeg):
			neg = k
		case !isClass(items, k, wFill):
			return nil
		}
	}
	for k := i + 1; k < len(items) && k <= i+12; k++ {
		it := items[k]
		if it.kind == itPunct && it.text != "," || it.kind == itEntity || isClass(items, k, wSign, wSignBase, wDecl, wReport, wBreak) {
			return nil
		}
		switch it.text {
		case "were", "was", "are", "is":
			if n := nextNonFill(items, k+1, 2); n < 0 || items[n].kind != itEntity && !nameWord(items, n) {
				return nil // "Backing the Call is a good idea", "was easy for Estonia"
			}
			subs := a.forward(items, k+1)
			if len(subs) == 0 {
				return nil
			}
			ev := &event{stance: callwatch.FindingSigned, rule: "fronted-gerund", weight: 0.9, verb: i, neg: -1, subjects: subs}
			if neg >= 0 {
				ev.stance, ev.neg = callwatch.FindingDeclined, neg
			}
			return ev
		}
	}
	return nil
}

// outsideWords end the refusals that name what one stays out of: "remains outside",
// "reste en dehors", "sigue fuera", "bleibt außen vor", "resta fuori", "fica de fora".
var outsideWords = map[string]bool{"outside": true, "dehors": true, "l'ecart": true, "margen": true, "fuera": true, "fuori": true,
	"fora": true, "vor": true}

// lastWord is the last word of a phrase.
func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// outsideOf reports whether what the refusal at item i stays out of is the Call: its name
// or its text right after, or nothing ("India remains outside.").
func outsideOf(items []item, i int) bool {
	k := i + 1
	for ; k < len(items) && k <= i+4; k++ {
		it := items[k]
		switch {
		case it.kind == itCall, it.kind == itPunct && it.text != "\"":
			return true
		case it.kind == itWord && (isClass(items, k, wFill, wInf, wPassBy) || complementOf[it.text] || prepositions[it.text]):
			continue // "out of the Call", "fuori dalla Paris Call"
		case it.kind == itWord && textNouns[it.text]:
			return true
		}
		return false
	}
	return k >= len(items)
}
