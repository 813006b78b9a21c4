package crawler

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/crawler/fetch"
	"golang.org/x/text/unicode/norm"
)

// registerSelectors are the CSS selectors that read a register page. A register source's
// selector overrides them: "ENTRY" or "ENTRY | NAME | CATEGORY | COUNTRY", where NAME,
// CATEGORY and COUNTRY are relative to each entry and an empty part keeps the default.
type registerSelectors struct {
	Entry, Name, Category, Country string
}

// parseRegisterSelector reads a register source's selector.
func parseRegisterSelector(s string) registerSelectors {
	parts := strings.Split(s, "|")
	for len(parts) < 4 {
		parts = append(parts, "")
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return registerSelectors{Entry: parts[0], Name: parts[1], Category: parts[2], Country: parts[3]}
}

// Default selectors, tried in order when the source names none: the official site's cards
// (div[data-supporter-name] with .title, .subtitle and a footer whose class is the
// category and whose text ends in "(ISO3)"), then tables with a header row, then list
// items inside an element whose class or id mentions supporters or signatories.
const (
	defaultCardSelector = "[data-supporter-name], .supporter-card, .supporter"
	defaultListSelector = `[class*="supporter"] li, [id*="supporter"] li, [class*="signator"] li, [id*="signator"] li`
	defaultNameSelector = ".name, .supporter-name, .title, h3, h4, h5, strong, a"
	defaultCatSelector  = ".category, .supporter-category, .type, .card-footer"
	defaultCtySelector  = ".country, .nationality, .supporter-country"
)

// rawEntry is one register line as read, before entity resolution.
type rawEntry struct {
	Name, Category, Country string
}

// parseRegisterHTML reads the entries of a register page (UTF-8 HTML).
func parseRegisterHTML(body []byte, selector string) ([]rawEntry, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	sel := parseRegisterSelector(selector)
	if sel.Entry != "" {
		return entriesFrom(doc.Find(sel.Entry), sel), nil
	}
	if cards := doc.Find(defaultCardSelector); cards.Length() > 0 {
		return entriesFrom(cards, sel), nil
	}
	if rows := tableEntries(doc); len(rows) > 0 {
		return rows, nil
	}
	return entriesFrom(doc.Find(defaultListSelector), sel), nil
}

// entriesFrom reads one entry from each element of entries.
func entriesFrom(entries *goquery.Selection, sel registerSelectors) []rawEntry {
	var out []rawEntry
	entries.Each(func(_ int, s *goquery.Selection) {
		e := rawEntry{
			Name:     entryName(s, sel.Name),
			Category: entryCategory(s, sel.Category),
			Country:  entryCountry(s, sel.Country),
		}
		if e.Name != "" {
			out = append(out, e)
		}
	})
	return out
}

func firstText(s *goquery.Selection, css string) string {
	if css == "" {
		return ""
	}
	return collapseSpace(s.Find(css).First().Text())
}

func entryName(s *goquery.Selection, css string) string {
	if v := firstText(s, css); v != "" {
		return v
	}
	for _, attr := range []string{"data-supporter-name", "data-name"} {
		if v, ok := s.Attr(attr); ok && strings.TrimSpace(v) != "" {
			return collapseSpace(v)
		}
	}
	if v := firstText(s, defaultNameSelector); v != "" {
		return v
	}
	// A bare list item: its own text, without a trailing "(category, country)" note.
	t := collapseSpace(s.Text())
	if i := strings.IndexAny(t, "(–—"); i > 0 {
		t = strings.TrimSpace(t[:i])
	}
	return t
}

func entryCategory(s *goquery.Selection, css string) string {
	if v := firstText(s, css); v != "" {
		return v
	}
	// A class naming the category (the official site's footer: class="card-footer state").
	var found string
	s.Find("[class]").AddSelection(s).EachWithBreak(func(_ int, n *goquery.Selection) bool {
		for _, c := range strings.Fields(n.AttrOr("class", "")) {
			if cat := normalizeCategory(c); cat != callwatch.CategoryUnknown {
				found = c
				return false
			}
		}
		return true
	})
	if found != "" {
		return found
	}
	if v := firstText(s, defaultCatSelector); v != "" {
		return v
	}
	for _, attr := range []string{"data-category", "data-type"} {
		if v, ok := s.Attr(attr); ok {
			return v
		}
	}
	return ""
}

var parenthesised = regexp.MustCompile(`\(([^()]+)\)\s*$`)

func entryCountry(s *goquery.Selection, css string) string {
	if v := firstText(s, css); v != "" {
		return strings.Trim(v, "() ")
	}
	if v := firstText(s, defaultCtySelector); v != "" {
		return strings.Trim(v, "() ")
	}
	for _, attr := range []string{"data-country", "data-nationality"} {
		if v, ok := s.Attr(attr); ok && v != "" {
			return v
		}
	}
	// The official site writes "Private sector (FRA)" in the card's footer.
	for _, css := range []string{".card-footer", "footer"} {
		if m := parenthesised.FindStringSubmatch(firstText(s, css)); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	return ""
}

// tableEntries reads tables whose header row names a name column.
func tableEntries(doc *goquery.Document) []rawEntry {
	var out []rawEntry
	doc.Find("table").Each(func(_ int, t *goquery.Selection) {
		cols := map[string]int{}
		header := t.Find("thead tr").First()
		if header.Length() == 0 {
			header = t.Find("tr").First()
		}
		header.Find("th, td").Each(func(i int, c *goquery.Selection) {
			h := strings.ToLower(collapseSpace(c.Text()))
			switch {
			case containsAny(h, "name", "nom", "supporter", "soutien", "organi", "signator", "signataire"):
				if _, ok := cols["name"]; !ok {
					cols["name"] = i
				}
			case containsAny(h, "categor", "catégor", "type", "sector", "secteur"):
				cols["category"] = i
			case containsAny(h, "country", "pays", "nationalit", "iso"):
				cols["country"] = i
			}
		})
		nameCol, ok := cols["name"]
		if !ok {
			return
		}
		t.Find("tr").Each(func(_ int, r *goquery.Selection) {
			if r.IsSelection(header) {
				return
			}
			cells := r.Find("td")
			if cells.Length() <= nameCol {
				return // the header row, or a short row
			}
			cell := func(key string) string {
				i, ok := cols[key]
				if !ok || i >= cells.Length() {
					return ""
				}
				return collapseSpace(cells.Eq(i).Text())
			}
			if name := cell("name"); name != "" {
				out = append(out, rawEntry{Name: name, Category: cell("category"), Country: strings.Trim(cell("country"), "() ")})
			}
		})
	})
	return out
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// normalizeCategory maps the register's category labels (English or French, any case,
// with spaces, hyphens or underscores) to a Category.
func normalizeCategory(s string) callwatch.Category {
	if m := parenthesised.FindStringIndex(s); m != nil {
		s = s[:m[0]] // "Private sector (FRA)"
	}
	k := strings.ToLower(norm.NFC.String(strings.TrimSpace(s)))
	k = strings.NewReplacer("_", " ", "-", " ", "\u00a0", " ").Replace(k)
	k = collapseSpace(k)
	switch k {
	case "state", "states", "état", "etat", "états":
		return callwatch.CategoryState
	case "public authority", "public authorities", "organisme public", "organismes publics", "autorité publique":
		return callwatch.CategoryPublicAuthority
	case "private sector", "company", "companies", "secteur privé", "entreprise", "entreprises", "company / private sector":
		return callwatch.CategoryCompany
	case "civil society", "société civile", "societe civile":
		return callwatch.CategoryCivilSociety
	}
	return callwatch.CategoryUnknown
}

// isISO3 reports whether s looks like an ISO 3166-1 alpha-3 code.
func isISO3(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// isCSV reports whether a register response is the CSV list.
func isCSV(u, contentType string) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && (mt == "text/csv" || mt == "application/csv") {
		return true
	}
	p := u
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	return strings.HasSuffix(strings.ToLower(p), ".csv")
}

// errNoEntries is returned when a register page yields no entry: its markup changed or
// the page is not the register. Recording an empty snapshot would report every supporter
// as removed.
var errNoEntries = errors.New("no supporters found on the page; its markup may have changed (set the source's selector)")

// readRegister reads a register response into entries with entity ids.
func (c *Crawler) readRegister(resp *fetch.Response, selector string) ([]callwatch.RegisterEntry, error) {
	var entries []callwatch.RegisterEntry
	if isCSV(resp.URL, resp.ContentType()) {
		utf8Body, err := fetch.DecodeHTML(resp.Body, resp.ContentType()) // BOM, charset, else UTF-8/windows-1252
		if err != nil {
			return nil, err
		}
		if c.opts.ReadSupporters == nil {
			return nil, errors.New("the register is a CSV file and no CSV reader is configured (Options.ReadSupporters)")
		}
		if entries, err = c.opts.ReadSupporters(bytes.NewReader(utf8Body)); err != nil {
			return nil, err
		}
	} else {
		html, err := fetch.DecodeHTML(resp.Body, resp.ContentType())
		if err != nil {
			return nil, err
		}
		raw, err := parseRegisterHTML(html, selector)
		if err != nil {
			return nil, err
		}
		if entries, err = c.resolveEntries(raw); err != nil {
			return nil, err
		}
	}
	out := entries[:0]
	seen := map[string]bool{}
	for _, e := range entries {
		e.Name = collapseSpace(e.Name)
		if e.Name == "" {
			continue
		}
		if e.EntityID == "" {
			e.EntityID = c.entityID(e)
		}
		if seen[e.EntityID] {
			continue
		}
		seen[e.EntityID] = true
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, errNoEntries
	}
	return out, nil
}

// resolveEntries turns scraped entries into register entries with entity ids. With a CSV
// reader configured they go through it, so that an entity scraped from the HTML page gets
// the same id as when read from /supporters.csv; otherwise through Detector.Resolve.
func (c *Crawler) resolveEntries(raw []rawEntry) ([]callwatch.RegisterEntry, error) {
	if c.opts.ReadSupporters != nil && len(raw) > 0 {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write([]string{"name", "category", "nationality"})
		for _, r := range raw {
			w.Write([]string{r.Name, string(normalizeCategory(r.Category)), r.Country})
		}
		w.Flush()
		return c.opts.ReadSupporters(&buf)
	}
	out := make([]callwatch.RegisterEntry, 0, len(raw))
	for _, r := range raw {
		e := callwatch.RegisterEntry{Name: r.Name, Category: normalizeCategory(r.Category), Country: r.Country}
		if up := strings.ToUpper(e.Country); isISO3(up) {
			e.Country = up
		}
		out = append(out, e)
	}
	return out, nil
}

// entityID resolves a register entry to an entity id through the detector's gazetteer.
// An entity it does not know gets the ids detect.ReadSupporters gives: "state:ISO3" for a
// state with a country code, else "org:" and a slug of the name.
func (c *Crawler) entityID(e callwatch.RegisterEntry) string {
	if ent, ok := c.opts.Detector.Resolve(e.Name); ok && ent.ID != "" {
		return ent.ID
	}
	if e.Category == callwatch.CategoryState && isISO3(e.Country) {
		return "state:" + e.Country
	}
	return "org:" + slug(e.Name)
}

// slug lower-cases s, strips accents and joins its words with hyphens.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// saveRegister checks a new register snapshot against the stored one and records it. A
// snapshot that lost more than half of the stored entries is refused as a likely markup
// change or truncated page: recording it would report hundreds of removals.
func (c *Crawler) saveRegister(ctx context.Context, sourceID string, entries []callwatch.RegisterEntry) (callwatch.Changes, error) {
	prev, err := c.opts.Store.Register(ctx)
	if err != nil {
		return callwatch.Changes{}, err
	}
	if len(prev) >= 20 && len(entries) < len(prev)/2 {
		return callwatch.Changes{}, &callwatch.FetchError{Kind: callwatch.ErrKindParse,
			Err: fmt.Errorf("the register shrank from %d to %d entries; refusing to record it (markup change or truncated page?)", len(prev), len(entries))}
	}
	return c.opts.Store.SaveRegister(ctx, sourceID, entries, c.opts.Now())
}
