package extract

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what the <head> (and a few well-known body attributes) declare.
type pageMeta struct {
	canonical    string
	amp          bool
	title        string
	description  string
	language     string
	publishedRaw string
	published    time.Time
}

// publishedMetaNames are <meta> names and properties that hold the publication date, best first.
var publishedMetaNames = []string{
	"article:published_time", "og:published_time", "og:article:published_time",
	"datepublished", "publishdate", "publish-date", "publish_date", "pubdate",
	"parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dcterms.created",
	"dc.date", "dcterms.date", "date", "article.published", "originalpublicationdate",
}

func readMeta(doc *html.Node, base *url.URL) pageMeta {
	var m pageMeta
	metas := map[string]string{} // lower-cased name/property/itemprop -> first content
	var canonicals []string
	var ldJSON []string
	var timeDates []string
	var htmlAMP bool

	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				htmlAMP = hasAttr(n, "amp") || hasAttr(n, "⚡")
				if l := normLang(attr(n, "lang")); l != "" {
					m.language = l
				}
			case atom.Meta:
				content := strings.TrimSpace(attr(n, "content"))
				if content == "" {
					break
				}
				for _, k := range []string{"name", "property", "itemprop", "http-equiv"} {
					if v := strings.ToLower(strings.TrimSpace(attr(n, k))); v != "" {
						for _, key := range strings.Fields(v) {
							if _, ok := metas[key]; !ok {
								metas[key] = content
							}
						}
					}
				}
			case atom.Link:
				for _, rel := range strings.Fields(strings.ToLower(attr(n, "rel"))) {
					if rel == "canonical" {
						canonicals = append(canonicals, attr(n, "href"))
					}
				}
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					ldJSON = append(ldJSON, n.FirstChild.Data)
				}
				return
			case atom.Time:
				if dt := strings.TrimSpace(attr(n, "datetime")); dt != "" &&
					(hasAttr(n, "pubdate") || strings.EqualFold(attr(n, "itemprop"), "datePublished") ||
						strings.Contains(strings.ToLower(attr(n, "class")), "publish")) {
					timeDates = append(timeDates, dt)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)

	m.amp = htmlAMP || isAMPURL(base)
	for _, c := range canonicals {
		if u := resolveHTTP(base, c); u != "" {
			m.canonical = u
			break
		}
	}
	if m.canonical == "" {
		m.canonical = resolveHTTP(base, metas["og:url"])
	}
	m.title = cleanLine(firstOf(metas, "og:title", "twitter:title", "dc.title"))
	m.description = cleanLine(html.UnescapeString(firstOf(metas, "description", "og:description", "twitter:description", "dc.description")))
	if m.language == "" {
		for _, k := range []string{"content-language", "language", "dc.language", "og:locale", "inlanguage"} {
			if l := normLang(metas[k]); l != "" {
				m.language = l
				break
			}
		}
	}

	// JSON-LD first (the publisher's structured data, as Readability.js does), then metas,
	// then <time pubdate>.
	var candidates []string
	for _, s := range ldJSON {
		if v := ldDatePublished(s); v != "" {
			candidates = append(candidates, v)
		}
	}
	for _, k := range publishedMetaNames {
		if v := metas[k]; v != "" {
			candidates = append(candidates, v)
		}
	}
	candidates = append(candidates, timeDates...)
	for _, raw := range candidates {
		if m.publishedRaw == "" {
			m.publishedRaw = raw
		}
		if t, ok := parseDate(raw); ok {
			m.publishedRaw, m.published = raw, t
			break
		}
	}
	return m
}

func firstOf(m map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := m[k]; v != "" {
			return v
		}
	}
	return ""
}

// parseDate parses a date string in any common machine format; a date without a zone is
// read as UTC (never as the machine's local time). Years before 1990 or after 2200 are
// rejected as noise.
func parseDate(raw string) (time.Time, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 64 {
		return time.Time{}, false
	}
	t, err := dateparse.ParseIn(raw, time.UTC)
	if err != nil || t.Year() < 1990 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// ldDatePublished returns the first "datePublished" string in a JSON-LD script.
func ldDatePublished(s string) string {
	s = strings.TrimSpace(s)
	// Some sites wrap the JSON in a CDATA section, sometimes behind a line comment.
	s = strings.TrimPrefix(strings.TrimPrefix(s, "//"), "<![CDATA[")
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "]]>"), "//")
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return ""
	}
	var find func(v any, depth int) string
	find = func(v any, depth int) string {
		if depth > 16 {
			return ""
		}
		switch x := v.(type) {
		case map[string]any:
			if d, ok := x["datePublished"].(string); ok && d != "" {
				return d
			}
			for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage", "itemListElement"} {
				if d := find(x[k], depth+1); d != "" {
					return d
				}
			}
		case []any:
			for _, e := range x {
				if d := find(e, depth+1); d != "" {
					return d
				}
			}
		}
		return ""
	}
	return find(v, 0)
}

// resolveHTTP resolves ref against base and returns it only if it is an absolute http(s) URL.
func resolveHTTP(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	s := u.String()
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return "" // raw bytes or controls the parser let through: not a usable address
	}
	return s
}

// isAMPURL reports whether a page URL has the shape of an AMP page.
func isAMPURL(u *url.URL) bool {
	if u == nil {
		return false
	}
	p := strings.ToLower(u.Path)
	if strings.Contains(p, "/amp/") || strings.HasSuffix(p, "/amp") || strings.HasSuffix(p, ".amp") ||
		strings.HasSuffix(p, ".amp.html") || strings.HasPrefix(strings.ToLower(u.Host), "amp.") {
		return true
	}
	q := u.Query()
	_, amp := q["amp"]
	return amp || q.Get("outputType") == "amp"
}

// normLang turns a language tag ("fr-FR", "de_DE", "EN") into its ISO 639-1 code, or ""
// when the tag does not start with a two-letter code.
func normLang(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, ",;"); i >= 0 {
		tag = tag[:i]
	}
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) != 2 {
		return ""
	}
	tag = strings.ToLower(tag)
	if tag[0] < 'a' || tag[0] > 'z' || tag[1] < 'a' || tag[1] > 'z' {
		return ""
	}
	return tag
}

// minGuessRunes is the least text whatlanggo gets before its guess is trusted.
const minGuessRunes = 40

// guessLanguage guesses the ISO 639-1 language of text, or "" when the text is too short or
// the guess unreliable.
func guessLanguage(text string) string {
	if len([]rune(text)) < minGuessRunes {
		return ""
	}
	if len(text) > 4<<10 {
		cut := 4 << 10
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	info := whatlanggo.Detect(text)
	if !info.IsReliable() {
		return ""
	}
	return normLang(info.Lang.Iso6391())
}
