// Context: who "we", "it", "the pact" and "the previous administration" are.

package detect

import (
	"strings"

	"github.com/callwatch/callwatch"
)

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

// linkPrepositions before an article make a complement, not an object ("parmi les
// premiers", "among the first").
var linkPrepositions = map[string]bool{"among": true, "in": true, "at": true, "on": true, "of": true, "for": true, "with": true,
	"from": true, "to": true, "parmi": true, "dans": true, "en": true, "avec": true, "pour": true, "de": true, "sur": true, "entre": true,
	"unter": true, "mit": true, "bei": true, "von": true, "zu": true, "con": true, "por": true, "para": true, "em": true, "com": true,
	"tra": true, "fra": true, "per": true, "di": true, "da": true, "a": true}

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

// stateNouns and orgNouns are the words of the noun pronouns ("the country", "l'entreprise").
var (
	stateNouns = map[string]bool{"country": true, "pays": true, "land": true, "pais": true, "paese": true}
	orgNouns   = map[string]bool{"company": true, "firm": true, "group": true, "entreprise": true, "groupe": true,
		"unternehmen": true, "konzern": true, "empresa": true, "compania": true}
)
