// Organisations the gazetteer does not know: their names, heads and categories.

package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
)

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
	// bare: nothing but its capitals and its place before the verb says it is an
	// organisation ("Intesa Sanpaolo ha firmato"); it may be a person the given names miss
	bare bool
}

// subject makes the organisation an unverified subject.
func (o orgSpan) subject() subject {
	e := callwatch.Entity{ID: unverifiedID(o.name), Name: o.name, Category: o.cat}
	return subject{ent: &e, text: o.name, start: o.start, end: o.end, bare: o.bare}
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
	if venueBefore(items, from) {
		return orgSpan{}, false // "beim Internet Governance Forum vorgestellt": where, not who
	}
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

// subjectName accepts the capitalised words ending at item k as an organisation when they
// stand right before the verb group of verb (only auxiliaries, negations, modals and
// fillers between) and do not look like a person: "Anche Poste Italiane ha firmato",
// "Acme Widgets signed". Two to four words (one capitalised word may only start the
// sentence); not after or with a title ("il ministro Adolfo Urso", "President Macron"), not
// holding a given name ("Emmanuel Macron", "Brad Smith", "le PDG Stéphane Richard"). Not in German (every noun
// is capitalised) nor in a title-case headline.
func (a *analyzer) subjectName(items []item, k, verb int) (orgSpan, bool) {
	if a.lang == "de" || a.titleCase || !nameWord(items, k) {
		return orgSpan{}, false
	}
	for j := k + 1; j < verb; j++ {
		if !isClass(items, j, wAux, wNeg, wFill, wModal, wDid, wYet) {
			return orgSpan{}, false
		}
	}
	from := k - a.runLen(items, k) + 1
	for from < k && dateWords[items[from].text] {
		from++ // "Last November Acme Widgets signed"
	}
	n := k - from + 1
	if n < 2 || n > 4 {
		return orgSpan{}, false
	}
	if p := from - 1; p >= 0 && (personTitles[items[p].text] || modifiedNouns[items[p].text] || items[p].kind == itEntity ||
		items[p].kind == itWord && ofWords[items[p].text]) {
		return orgSpan{}, false // "il ministro Adolfo Urso", "Microsoft's Brad Smith", "of Acme Corp"
	}
	words := make([]string, 0, n)
	marked := false // a word that organisations' names hold ("Lumen Grid Systems")
	for j := from; j <= k; j++ {
		w := items[j].text
		if givenNames[w] || personTitles[w] || modifiedNouns[w] || governmentHeads[w] || strings.HasSuffix(w, "-based") {
			return orgSpan{}, false
		}
		marked = marked || orgKeywords[w] || companyForms[w] || authorityHeads[w] || civilHeads[w]
		words = append(words, w)
	}
	cat := orgCategory(words)
	return orgSpan{name: titleWords(words), start: items[from].start, end: items[k].end, from: from, to: k, cat: cat, bare: !marked}, true
}

// dateWords are capitalised without being names.
var dateWords = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true, "august": true,
	"september": true, "october": true, "november": true, "december": true, "monday": true, "tuesday": true, "wednesday": true,
	"thursday": true, "friday": true, "saturday": true, "sunday": true,
}

// personTitles before or inside a name make it a person's.
var personTitles = map[string]bool{
	"pdg": true, "dg": true, "ad": true, "cto": true, "ciso": true, "cio": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "sir": true, "dame": true, "lord": true, "lady": true, "m": true, "mme": true,
	"herr": true, "frau": true, "sr": true, "sra": true, "don": true, "dona": true, "signor": true, "signora": true, "sig": true,
	"dott": true, "prof": true, "professor": true, "king": true, "queen": true, "prince": true, "princess": true, "pope": true,
	"president": true, "presidente": true, "vice": true, "vicepresidente": true, "vicepresidenta": true, "presidenta": true,
	"premier": true, "prime": true, "minister": true, "ministro": true, "ministra": true, "ministre": true, "chancellor": true,
	"cancelliere": true, "chancelier": true, "canciller": true, "secretary": true, "secretario": true, "secretaria": true,
	"segretario": true, "senator": true, "senatore": true, "senador": true, "ambassador": true, "ambasciatore": true,
	"embajador": true, "ambassadeur": true, "commissioner": true, "commissario": true, "commissaria": true, "mayor": true,
	"sindaco": true, "maire": true, "alcalde": true, "alcaldesa": true, "governor": true, "governatore": true, "general": true,
	"ceo": true, "founder": true, "fondatore": true, "fundador": true, "fondateur": true, "chairman": true, "chairwoman": true,
	"director": true, "direttore": true, "directeur": true, "amministratore": true, "deputy": true, "sottosegretario": true,
	"onorevole": true, "on": true, "mp": true, "rep": true, "sen": true, "gov": true, "gen": true, "col": true,
}

// givenNames are first names common in coverage of the Call (leaders, ministers, company
// heads) and frequent in the languages of the corpus: a name starting with one is a person.
var givenNames = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`emmanuel brad satya sundar mark tim bill jeff elon kamala joe donald barack hillary
		ursula angela olaf frank-walter jacinda justin theresa boris rishi keir liz david gordon tony jean jean-yves jean-noel
		jean-luc jean-marc jean-pierre jean-claude jean-louis pierre marie anne francois francoise nicolas edouard gabriel
		bruno laurent thierry michel alain philippe henri louis catherine isabelle sophie nathalie christine valerie
		agnes clement cedric mounir sebastien julien antoine olivier vincent eric stephane guillaume benjamin emmanuelle
		giorgia mario matteo giuseppe sergio adolfo paolo luigi silvio enrico roberto antonio giovanni francesco marco
		alessandro andrea luca stefano lorenzo alberto carlo giulia chiara francesca elena laura sara maria anna
		pedro pablo santiago alberto jose juan luis carlos miguel javier manuel fernando alejandro andres gustavo
		nadia teresa carmen pilar lucia sofia isabel cristina felipe gabriel enrique arancha josep jordi margarita
		jair luiz dilma michel fernando joao paulo antonio marcelo rodrigo ricardo eduardo ana beatriz mariana
		klaus wolfgang heiko annalena robert christian markus thomas peter michael andreas stefan martin hans
		jurgen gerhard helmut nancy svenja karl friedrich horst dietmar kai volker ralf uwe
		vladimir sergei sergey dmitry dmitri vladislav alexei alexey yevgeny nikolai ivan volodymyr petro
		xi li wang shinzo fumio yoshihide taro moon yoon kim park lee narendra imran recep benjamin naftali yair
		mohammed mohamed ahmed ali abdullah hassan
		john james richard charles george william henry edward paul steven stephen kevin brian jason matthew
		andrew daniel christopher anthony kenneth ryan jacob nathan alexander patrick jack dennis jerry
		mary patricia jennifer linda elizabeth susan jessica sarah karen lisa betty margaret sandra ashley
		kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca sharon cynthia kathleen
		amy shirley angela helen brenda pamela nicole samantha katherine rachel carolyn janet virginia maria
		heather diane julie joyce victoria kelly christina joan evelyn lauren judith olivia martha cheryl
		megan andrea hannah jacqueline ann jean alice kathryn gloria teresa doris sara janice julia madison
		grace judy abigail marie denise beverly amber theresa marilyn danielle rose brittany diana natalie
		chris jim tom mike dave steve rob bob ben sam alex nick dan matt josh greg scott eric jeff gary larry
		jonathan ronald timothy jose gregory frank raymond samuel patrick benjamin jack dennis walter peter
		harold douglas henry carl arthur roger aaron lawrence terry sean austin noah jesse alan dylan
		gerald keith roger christine`) {
		m[w] = true
	}
	return m
}()
