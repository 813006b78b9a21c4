package detect

import (
	"bufio"
	"embed"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
)

//go:embed data/states.tsv data/supporters.csv data/aliases.tsv
var dataFS embed.FS

// caseRule says how the original text of an alias match must be written.
type caseRule uint8

const (
	caseAny   caseRule = iota // any case ("the french government", Han, Cyrillic)
	caseUpper                 // the first letter in upper case ("Orange", "Jordan")
	caseExact                 // exactly as written ("US", "UK", "SAP")
)

// alias is one surface form of an entity in the gazetteer.
type alias struct {
	norm    string // normalised form, as matched
	orig    string // as written in the data
	entity  int32  // index into gazetteer.entities
	rule    caseRule
	metonym bool // a capital city standing for its state
}

// wantsCapital reports whether a match of the alias needs a capital where it starts in
// the original text: its case rule checks the first letter (caseUpper) or every letter
// (caseExact), and it begins with a capital letter.
func (a *alias) wantsCapital() bool {
	r, _ := utf8.DecodeRuneInString(a.orig)
	return (a.rule == caseUpper || a.rule == caseExact) && (unicode.IsUpper(r) || unicode.IsTitle(r))
}

// gazetteer holds every entity callwatch can name: states, the official supporters and a
// few organisations the press names that are not on the list.
type gazetteer struct {
	entities []callwatch.Entity
	aliases  []alias
	byNorm   map[string]int32 // normalised alias -> entity (first wins: states, then manual, then list)
	byID     map[string]int32
	listed   []listedRow // the embedded official list, in file order

	aliasSeen map[aliasKey]int // alias index + 1

	// demonyms maps the adjective of a state's government alias ("russische" of
	// "russische Regierung", "russian" of "Russian government") to the state, for the
	// ellipsis "die russische und die chinesische Regierung".
	demonyms map[string]int32

	// metonyms holds the normalised capitals that stand for their state ("washington").
	metonyms map[string]bool
}

type aliasKey struct {
	norm   string
	entity int32
}

type listedRow struct {
	entity int32
	entry  callwatch.RegisterEntry
}

// legalSuffixes are dropped from organisation names to form aliases and ids.
var legalSuffixes = []string{
	"inc", "inc.", "incorporated", "corp", "corp.", "corporation", "co.", "co", "ltd", "ltd.", "limited",
	"llc", "l.l.c.", "gmbh", "ag", "sa", "s.a.", "sas", "s.a.s.", "sarl", "spa", "s.p.a.", "bv", "b.v.",
	"nv", "n.v.", "plc", "pty", "pty.", "s.r.o.", "a.s.", "ab", "oy", "asa", "kk", "k.k.", "s.l.", "srl",
	"s.r.l.", "llp", "lp", "se", "pte", "pte.", "sdn", "bhd", "sdn.", "bhd.",
}

// stripLegal removes trailing legal-form words and commas ("Ursa Major Technologies, Inc.").
func stripLegal(name string) string {
	s := strings.TrimSpace(name)
	for {
		changed := false
		low := strings.ToLower(s)
		for _, suf := range legalSuffixes {
			// " "+suf or ","+suf, without building the string
			if n := len(low) - len(suf); n > 0 && strings.HasSuffix(low, suf) && (low[n-1] == ' ' || low[n-1] == ',') {
				s = strings.TrimRight(strings.TrimSpace(s[:len(s)-len(suf)]), " ,")
				changed = true
				break
			}
		}
		if !changed || len(s) < 2 {
			return s
		}
	}
}

// splitParens splits "Name (Other) (More)" into "Name" and the parenthesised parts.
func splitParens(name string) (base string, parts []string) {
	for {
		i := strings.LastIndexByte(name, '(')
		j := strings.LastIndexByte(name, ')')
		if i < 0 || j < i {
			return strings.TrimSpace(name), parts
		}
		parts = append([]string{strings.TrimSpace(name[i+1 : j])}, parts...)
		name = strings.TrimSpace(name[:i] + name[j+1:])
	}
}

// unverifiedID is the id of an organisation the gazetteer does not know. Like org ids it
// drops the legal form, so "Acme Security GmbH" and "Acme Security" are one entity.
func unverifiedID(name string) string { return "unverified:" + slug(stripLegal(name)) }

// slug makes an id component: normalised, ASCII letters and digits joined by '-'. Names
// without any Latin letter get a hash.
func slug(name string) string {
	n := normalizeString(name)
	var b strings.Builder
	dash := false
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteByte(c)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		h := fnv.New64a()
		h.Write([]byte(n))
		return fmt.Sprintf("x%016x", h.Sum64())
	}
	return b.String()
}

// ruleFor derives the case rule of an alias from how it is written.
func ruleFor(a string) caseRule {
	upper, lower, letters := 0, 0, 0
	for _, r := range a {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			} else if unicode.IsLower(r) {
				lower++
			}
		}
	}
	if letters == 0 {
		return caseAny
	}
	if lower == 0 && upper > 0 && letters <= 5 {
		return caseExact
	}
	first, _ := utf8.DecodeRuneInString(a)
	if unicode.IsUpper(first) {
		return caseUpper
	}
	return caseAny
}

// categoryOf maps the category spellings of the embedded file and of the official site.
func categoryOf(s string) callwatch.Category {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "state" || s == "states" || s == "etat" || s == "état":
		return callwatch.CategoryState
	case strings.Contains(s, "public"):
		return callwatch.CategoryPublicAuthority
	case strings.Contains(s, "civil"):
		return callwatch.CategoryCivilSociety
	case strings.Contains(s, "private") || strings.Contains(s, "company") || strings.Contains(s, "business"):
		return callwatch.CategoryCompany
	}
	return callwatch.CategoryUnknown
}

// fixISO3 corrects legacy codes found in the official list.
func fixISO3(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	switch s {
	case "ROM":
		return "ROU"
	case "ZAR":
		return "COD"
	case "TMP":
		return "TLS"
	}
	return s
}

func newGazetteer() (*gazetteer, error) {
	g := &gazetteer{byNorm: map[string]int32{}, byID: map[string]int32{}, aliasSeen: map[aliasKey]int{}}
	if err := g.loadStates(); err != nil {
		return nil, err
	}
	extra, err := g.readAliasFile()
	if err != nil {
		return nil, err
	}
	if err := g.loadSupporters(); err != nil {
		return nil, err
	}
	for _, line := range extra {
		if err := g.applyAliasLine(line); err != nil {
			return nil, err
		}
	}
	g.buildDemonyms()
	return g, nil
}

// governmentWords are the nouns of the "<demonym> government" aliases (the plural for
// "the Russian and Chinese governments").
var governmentWords = map[string]bool{"government": true, "regierung": true, "gouvernement": true, "gobierno": true, "governo": true,
	"governments": true}

// buildDemonyms collects the adjectives of the states' two-word government aliases, with
// the German weak inflection ("russischen"), and the metonyms.
func (g *gazetteer) buildDemonyms() {
	g.demonyms = map[string]int32{}
	g.metonyms = map[string]bool{}
	for _, a := range g.aliases {
		if a.metonym {
			g.metonyms[a.norm] = true
		}
		if g.entities[a.entity].Category != callwatch.CategoryState {
			continue
		}
		w := strings.Fields(a.norm)
		if len(w) != 2 {
			continue
		}
		adj := ""
		switch {
		case governmentWords[w[1]]:
			adj = w[0]
		case governmentWords[w[0]]:
			adj = w[1]
		}
		if adj == "" || strings.ContainsAny(adj, "-'") {
			continue
		}
		g.demonyms[adj] = a.entity
		if strings.HasSuffix(adj, "e") && w[1] == "regierung" {
			g.demonyms[adj+"n"] = a.entity
		}
	}
}

func (g *gazetteer) addEntity(e callwatch.Entity) int32 {
	if i, ok := g.byID[e.ID]; ok {
		return i
	}
	i := int32(len(g.entities))
	g.entities = append(g.entities, e)
	g.byID[e.ID] = i
	return i
}

// addAlias registers a surface form; the first entity to claim a normalised form keeps it.
func (g *gazetteer) addAlias(name string, e int32) {
	name = strings.TrimSpace(name)
	metonym := strings.HasPrefix(name, "~")
	name = strings.TrimPrefix(name, "~")
	if name == "" {
		return
	}
	n := normalizeString(name)
	if strings.HasPrefix(n, "the ") {
		n = n[4:]
		name = strings.TrimSpace(name[4:])
	}
	if len(n) < 2 || (len(n) < 3 && ruleFor(name) != caseExact && !hasNonLatin(n)) {
		return
	}
	if _, ok := g.byNorm[n]; !ok {
		g.byNorm[n] = e
	}
	key := aliasKey{n, e}
	if j := g.aliasSeen[key]; j > 0 {
		// the same name written with a looser case rule ("Cnil" for "CNIL", as the French
		// press writes acronyms) widens it
		if r := ruleFor(name); r < g.aliases[j-1].rule {
			g.aliases[j-1].rule = r
		}
		return
	}
	g.aliasSeen[key] = len(g.aliases) + 1
	g.aliases = append(g.aliases, alias{norm: n, orig: name, entity: e, rule: ruleFor(name), metonym: metonym})
}

func hasNonLatin(s string) bool {
	for _, r := range s {
		if r >= 0x370 {
			return true
		}
	}
	return false
}

func (g *gazetteer) loadStates() error {
	f, err := dataFS.Open("data/states.tsv")
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			return fmt.Errorf("detect: states.tsv: bad line %q", line)
		}
		names := strings.Split(cols[2], "|")
		display := names[0]
		for _, n := range names {
			if !strings.Contains(n, ",") {
				display = n
				break
			}
		}
		if len(names) > 1 && !strings.Contains(names[1], " of ") && len(names[1]) < len(display) && !strings.Contains(names[1], ",") {
			display = names[1]
		}
		e := g.addEntity(callwatch.Entity{ID: "state:" + cols[0], Name: display, Category: callwatch.CategoryState, Country: cols[0], Verified: true})
		for _, n := range names {
			if strings.Contains(n, ",") {
				continue
			}
			g.addAlias(n, e)
			if isCyrillic(n) {
				// Russian declension: Франция -> Франции, Францию.
				if r, size := utf8.DecodeLastRuneInString(n); r == 'я' || r == 'а' {
					stem := n[:len(n)-size]
					for _, end := range []string{"и", "ю", "у", "ы", "ей", "ой"} {
						g.addAlias(stem+end, e)
					}
				}
			}
		}
	}
	return sc.Err()
}

func isCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

func (g *gazetteer) readAliasFile() ([]string, error) {
	data, err := dataFS.ReadFile("data/aliases.tsv")
	if err != nil {
		return nil, err
	}
	var later []string
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "state:") {
			if err := g.applyAliasLine(line); err != nil {
				return nil, err
			}
			continue
		}
		later = append(later, line)
	}
	return later, nil
}

func (g *gazetteer) applyAliasLine(line string) error {
	cols := strings.Split(line, "\t")
	switch {
	case strings.HasPrefix(cols[0], "state:") && len(cols) == 2:
		e, ok := g.byID[cols[0]]
		if !ok {
			return fmt.Errorf("detect: aliases.tsv: unknown state %q", cols[0])
		}
		for _, a := range strings.Split(cols[1], "|") {
			g.addAlias(a, e)
		}
	case strings.HasPrefix(cols[0], "org:") && len(cols) == 2:
		name := strings.TrimPrefix(cols[0], "org:")
		e, ok := g.byID[orgID(name)]
		if !ok {
			return fmt.Errorf("detect: aliases.tsv: %q is not on the supporters list", name)
		}
		for _, a := range strings.Split(cols[1], "|") {
			g.addAlias(a, e)
		}
	case strings.HasPrefix(cols[0], "extra:") && len(cols) == 4:
		name := strings.TrimPrefix(cols[0], "extra:")
		e := g.addEntity(callwatch.Entity{ID: orgID(name), Name: name, Category: categoryOf(cols[1]), Country: fixISO3(cols[2]), Verified: true})
		if cols[1] == "company" {
			g.entities[e].Category = callwatch.CategoryCompany
		}
		for _, a := range strings.Split(cols[3], "|") {
			g.addAlias(a, e)
		}
	default:
		return fmt.Errorf("detect: aliases.tsv: bad line %q", line)
	}
	return nil
}

// cleanOrgName is the name an organisation's id and main alias derive from: parentheses
// and legal suffixes removed.
func cleanOrgName(name string) string {
	base, _ := splitParens(name)
	if base == "" {
		base = name
	}
	base = stripLegal(base)
	if len(base) > 4 && strings.EqualFold(base[:4], "the ") {
		base = base[4:]
	}
	return base
}

// orgID is the stable id of a listed organisation.
func orgID(name string) string { return "org:" + slug(cleanOrgName(name)) }

func (g *gazetteer) loadSupporters() error {
	f, err := dataFS.Open("data/supporters.csv")
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = g.readRegister(f, true)
	return err
}

// readRegister reads a supporters CSV by its header. With add, unknown entries are added to
// the gazetteer (the embedded list); without, they are only given ids.
func (g *gazetteer) readRegister(r io.Reader, add bool) ([]callwatch.RegisterEntry, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("detect: supporters CSV: reading header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	nameCol, ok := col["name"]
	if !ok {
		return nil, fmt.Errorf("detect: supporters CSV: no %q column in header %q", "name", strings.Join(header, ","))
	}
	get := func(rec []string, names ...string) string {
		for _, n := range names {
			if i, ok := col[n]; ok && i < len(rec) {
				if v := strings.TrimSpace(rec[i]); v != "" {
					return v
				}
			}
		}
		return ""
	}
	var out []callwatch.RegisterEntry
	seen := map[string]bool{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("detect: supporters CSV line %d: %w", line, err)
		}
		if nameCol >= len(rec) || strings.TrimSpace(rec[nameCol]) == "" {
			continue
		}
		name := strings.TrimSpace(rec[nameCol])
		cat := categoryOf(get(rec, "category", "type"))
		country := fixISO3(get(rec, "iso3"))
		if country == "" {
			country = g.countryCode(get(rec, "country", "nationality"))
		}
		entry := callwatch.RegisterEntry{
			Name:     name,
			Category: cat,
			Country:  country,
			Website:  get(rec, "website", "url"),
			Signed:   get(rec, "date_signed", "date"),
		}
		e := g.registerEntity(name, cat, country, add)
		entry.EntityID = g.entities[e].ID
		if entry.Category == callwatch.CategoryUnknown {
			entry.Category = g.entities[e].Category
		}
		if seen[entry.EntityID] {
			continue
		}
		seen[entry.EntityID] = true
		if add {
			g.listed = append(g.listed, listedRow{entity: e, entry: entry})
		}
		out = append(out, entry)
	}
	return out, nil
}

// countryCode maps a country as written ("France", "Allemagne", "FRA") to ISO alpha-3.
func (g *gazetteer) countryCode(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if len(s) == 3 && strings.ToUpper(s) == s {
		return fixISO3(s)
	}
	if i, ok := g.byNorm[strings.TrimPrefix(normalizeString(s), "the ")]; ok && g.entities[i].Category == callwatch.CategoryState {
		return g.entities[i].Country
	}
	return s
}

// registerEntity finds or (with add) creates the entity of one register line.
func (g *gazetteer) registerEntity(name string, cat callwatch.Category, country string, add bool) int32 {
	base, parts := splitParens(name)
	if cat == callwatch.CategoryUnknown {
		if i, ok := g.resolveIndex(name); ok && g.entities[i].Category == callwatch.CategoryState {
			cat = callwatch.CategoryState
		}
	}
	if cat == callwatch.CategoryState {
		for _, n := range append([]string{base}, parts...) {
			if i, ok := g.byNorm[strings.TrimPrefix(normalizeString(n), "the ")]; ok && g.entities[i].Category == callwatch.CategoryState {
				if add {
					for _, p := range parts {
						g.addAlias(p, i)
					}
				}
				return i
			}
		}
		if len(country) == 3 {
			if i, ok := g.byID["state:"+country]; ok {
				return i
			}
		}
	}
	id := orgID(name)
	if i, ok := g.byID[id]; ok {
		return i
	}
	if !add {
		if i, ok := g.resolveIndex(name); ok && g.entities[i].Category != callwatch.CategoryState {
			return i
		}
		// an external register line: the caller works on a clone, so the shared gazetteer
		// does not grow
		return g.addEntity(callwatch.Entity{ID: id, Name: name, Category: cat, Country: country, Verified: true})
	}
	e := g.addEntity(callwatch.Entity{ID: id, Name: name, Category: cat, Country: country, Verified: true})
	clean := cleanOrgName(name)
	g.addAlias(name, e)
	g.addAlias(base, e)
	g.addAlias(clean, e)
	if strings.HasSuffix(strings.ToLower(clean), " group") && len(clean) > 10 {
		g.addAlias(clean[:len(clean)-6], e)
	}
	for _, p := range parts {
		if isAcronym(p) || (cat == callwatch.CategoryState) {
			g.addAlias(p, e)
		}
	}
	return e
}

func isAcronym(s string) bool {
	if len(s) < 2 || len(s) > 12 || strings.ContainsAny(s, " ,") {
		return false
	}
	up := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			up++
		}
	}
	return up >= 2
}

// resolveIndex looks a name up: exact normalised alias, then without parentheses and legal
// suffixes, then each bilingual part.
func (g *gazetteer) resolveIndex(name string) (int32, bool) {
	try := func(s string) (int32, bool) {
		n := strings.TrimPrefix(normalizeString(s), "the ")
		if n == "" {
			return 0, false
		}
		i, ok := g.byNorm[n]
		return i, ok
	}
	if i, ok := try(name); ok {
		return i, true
	}
	base, parts := splitParens(name)
	for _, s := range append([]string{base, stripLegal(base)}, parts...) {
		if i, ok := try(s); ok {
			return i, true
		}
	}
	return 0, false
}

// clone returns a copy whose entity tables may grow without touching g.
func (g *gazetteer) clone() *gazetteer {
	c := &gazetteer{
		entities: append([]callwatch.Entity(nil), g.entities...),
		aliases:  g.aliases,
		byNorm:   g.byNorm,
		demonyms: g.demonyms,
		metonyms: g.metonyms,
		byID:     make(map[string]int32, len(g.byID)),
		listed:   g.listed,
	}
	for k, v := range g.byID {
		c.byID[k] = v
	}
	return c
}
