// Subjects: whom a stance verb is about, before it, after it and in lists.

package detect

import (
	"strings"

	"github.com/callwatch/callwatch"
)

// coSubjectMarkers introduce entities after the verb that share its stance ("signed,
// along with Deutsche Telekom").
var coSubjectMarkers = map[string]bool{
	"along with": true, "alongside": true, "together with": true, "as well as": true, "ainsi que": true, "aux cotes de": true,
	"de meme que": true, "ebenso wie": true, "zusammen mit": true, "sowie": true, "asi como": true, "junto con": true, "junto a": true,
	"al igual que": true, "assim como": true, "insieme a": true, "come anche": true, "tout comme": true, "just like": true,
	"cosi come": true, "as did": true, "as has": true, "as have": true, "so did": true, "so has": true, "so have": true,
}

// coSubjects collects the entities after a co-subject marker following verb i, and those
// of an elliptical clause after it: "..., as did South Korea" and "..., nor did China"
// share the verb's stance, "..., but not the US" and "..., die USA dagegen nicht" take the
// opposite one.
func (a *analyzer) coSubjects(items []item, i int) []subject {
	for k := i + 1; k < len(items); k++ {
		it := items[k]
		if it.kind == itPunct && (it.text == ";" || it.text == ":" || it.text == "?") {
			return nil
		}
		if it.kind == itPunct && it.text == "," {
			if subs := a.negatedAfterComma(items, k); subs != nil {
				return subs
			}
		}
		if it.kind == itWord {
			if coSubjectMarkers[it.text] {
				return a.forward(items, k+1)
			}
			if butWords[it.text] && butNot(items, k+1) && entityNext(items, k+2) {
				subs := a.forward(items, k+2)
				for x := range subs {
					subs[x].negated = !subs[x].negated
				}
				return subs
			}
			if elidedNeg[it.text] && k > i+1 && (items[k-1].kind == itPunct || isClass(items, k-1, wConj)) {
				// "..., and neither did China", "..., nor has Iran", "..., tampoco EE. UU."
				j := k + 1
				for j < len(items) && isClass(items, j, wDid, wAux) {
					j++
				}
				if entityNext(items, j) {
					return a.forward(items, j)
				}
			}
			switch it.class {
			case wBreak, wReport, wSign, wSignFut, wDecl, wDeclStrong, wRel, wCond:
				return nil
			}
		}
	}
	return nil
}

// elidedNeg open an elliptical negative clause after a negative one.
var elidedNeg = map[string]bool{"neither": true, "nor": true, "tampoco": true, "nemmeno": true, "neppure": true, "nem": true}

// entityNext reports whether an entity comes at item k, articles and fillers aside.
func entityNext(items []item, k int) bool {
	j := nextNonFill(items, k, 2)
	return j >= 0 && items[j].kind == itEntity
}

// negatedAfterComma reads "..., die USA dagegen nicht" / "..., the US not": an entity
// after the comma at item k, then a negation that ends the sentence or the clause.
func (a *analyzer) negatedAfterComma(items []item, k int) []subject {
	j := k + 1
	for j < len(items) && items[j].kind == itWord && articles[items[j].text] {
		j++
	}
	if j >= len(items) || items[j].kind != itEntity || modifierAt(items, j) {
		return nil
	}
	m := j + 1
	for m < len(items) && isClass(items, m, wFill) {
		m++
	}
	if !butNotWord(items, m) || m+1 < len(items) && items[m+1].kind != itPunct {
		return nil
	}
	return []subject{{ent: &a.d.gaz.entities[items[j].ent], text: items[j].text, start: items[j].start, end: items[j].end, verified: true, negated: true}}
}

// butNotWord reports whether item k is a plain negation ("not", "nicht", "pas").
func butNotWord(items []item, k int) bool {
	if !isClass(items, k, wNeg) {
		return false
	}
	switch items[k].text {
	case "not", "pas", "no", "nicht", "non", "nao":
		return true
	}
	return false
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
			if ellipsis && len(subs) == 0 && objectPosition(items, k) {
				continue // "Norway is not in the EU but signed the Call": the EU is an object
			}
			if len(subs) == 0 && venueBefore(items, k) {
				continue // "presented at the Internet Governance Forum", "beim IGF vorgestellt"
			}
			if o, ok := a.stateInName(items, k, i); ok && (len(subs) == 0 || expectMore) {
				// "Telecom Italia ha firmato", "Japan Airlines signed": a company, not the state
				if len(subs) == 0 {
					info.subjEnd = o.to + 1
				}
				subs = append(subs, o.subject())
				k = o.from
				expectMore = false
				continue
			}
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
				if len(subs) == 0 && !pronoun {
					if o, ok := a.subjectName(items, k, i); ok {
						// "Anche Poste Italiane ha firmato": a name right before the verb
						info.subjEnd = k + 1
						subs = append(subs, o.subject())
						k = o.from
						expectMore = false
						continue
					}
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

// venueWords put the entity after them in a place or an occasion, never in the subject.
var venueWords = map[string]bool{"at": true, "during": true, "beim": true, "bei": true, "wahrend": true, "lors": true,
	"pendant": true, "durante": true, "durant": true}

// venueBefore reports an entity after a venue word (articles and "du", "de la" between):
// "launched at the Internet Governance Forum", "lors du Forum", "beim Internet Governance
// Forum".
func venueBefore(items []item, k int) bool {
	j := k - 1
	for j >= 0 && items[j].kind == itWord && (articles[items[j].text] || items[j].text == "du" || items[j].text == "de") {
		j--
	}
	return j >= 0 && items[j].kind == itWord && venueWords[items[j].text]
}

// objectPosition reports whether the entity at item k follows a preposition or a verb (its
// articles aside): the object of a clause, not its subject.
func objectPosition(items []item, k int) bool {
	j := k - 1
	for j >= 0 && items[j].kind == itWord && articles[items[j].text] {
		j--
	}
	if j < 0 || items[j].kind != itWord {
		return false
	}
	it := items[j]
	return isClass(items, j, wIn, wInf, wSign, wSignBase, wDecl, wDeclStrong, wCopula, wAux) || prepositions[it.text] || complementOf[it.text] ||
		it.class == wNone && !it.upper
}

// stateInName reads a state's name with capitalised words right before or after it as an
// organisation's name ("Telecom Italia", "Japan Airlines", "China Mobile", "Air France"),
// up to the verb at item verb. A word before the state at the sentence start must be an
// organisation word ("Even France signed" is the state); titles and government words
// make it the state's ("South Korea Foreign Minister ..."). Not in German (every noun is
// capitalised) nor in title-case headlines.
func (a *analyzer) stateInName(items []item, k, verb int) (orgSpan, bool) {
	if a.lang == "de" || a.titleCase || a.d.gaz.entities[items[k].ent].Category != callwatch.CategoryState ||
		strings.ContainsAny(items[k].text, " ") && governmentName(items[k].text) {
		return orgSpan{}, false
	}
	from, to := k, k
	for from > 0 && nameWord(items, from-1) {
		from--
	}
	for to+1 < verb && nameWord(items, to+1) {
		to++
	}
	if from == 0 && to == k && !orgKeywords[items[0].text] {
		return orgSpan{}, false
	}
	if from == k && to == k {
		return orgSpan{}, false
	}
	words := make([]string, 0, to-from+1)
	for j := from; j <= to; j++ {
		w := items[j].text
		if personTitles[w] || modifiedNouns[w] || governmentHeads[w] || ministryWords[w] || authorityHeads[w] || givenNames[w] {
			return orgSpan{}, false
		}
		words = append(words, w)
	}
	return orgSpan{name: titleWords(words), start: items[from].start, end: items[to].end, from: from, to: to, cat: orgCategory(words)}, true
}

// governmentName reports whether a state's alias names its government ("US
// administration", "gobierno británico"): no company's name.
func governmentName(s string) bool {
	for s != "" {
		var w string
		w, s, _ = strings.Cut(s, " ") // (not strings.Fields: no allocation per entity)
		if governmentWords[w] || w == "administration" || w == "administracion" || w == "administracao" {
			return true
		}
	}
	return false
}
