package crawler

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/callwatch/callwatch/crawler/urlcanon"
)

// DefaultLinkSelector finds article links on a listing page whose source names no selector.
const DefaultLinkSelector = "article a[href], main a[href], h2 a[href], h3 a[href]"

// feedTypes are the <link rel="alternate"> types that announce a feed.
var feedTypes = map[string]string{
	"application/rss+xml":   "rss",
	"application/atom+xml":  "atom",
	"application/feed+json": "json",
	"application/json":      "json",
	"application/rdf+xml":   "rss",
	"text/xml":              "rss",
}

// alternateFeed is a feed a page announces.
type alternateFeed struct {
	URL, Type, Title string
}

// parseHTML parses an HTML document (UTF-8).
func parseHTML(body []byte) (*goquery.Document, error) {
	return goquery.NewDocumentFromReader(bytes.NewReader(body))
}

// alternateFeeds returns the feeds a page announces with <link rel="alternate">, in order.
func alternateFeeds(doc *goquery.Document, pageURL string) []alternateFeed {
	var out []alternateFeed
	seen := map[string]bool{}
	doc.Find("link[href]").Each(func(_ int, s *goquery.Selection) {
		if !hasToken(s.AttrOr("rel", ""), "alternate") {
			return
		}
		typ := strings.ToLower(strings.TrimSpace(strings.Split(s.AttrOr("type", ""), ";")[0]))
		kind, ok := feedTypes[typ]
		if !ok {
			return
		}
		u := resolveRef(pageURL, s.AttrOr("href", ""))
		if u == "" || seen[u] || !isHTTP(u) {
			return
		}
		seen[u] = true
		out = append(out, alternateFeed{URL: u, Type: kind, Title: strings.TrimSpace(s.AttrOr("title", ""))})
	})
	return out
}

// listingLink is an article link found on a listing page.
type listingLink struct {
	URL, Title string
}

// articleLinks returns the distinct same-site links matched by selector (DefaultLinkSelector
// when empty), at most max of them, in page order.
func articleLinks(doc *goquery.Document, pageURL, selector string, max int) []listingLink {
	if selector == "" {
		selector = DefaultLinkSelector
	}
	page, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	var out []listingLink
	seen := map[string]bool{pageURL: true}
	sel := doc.Find(selector)
	// A selector naming containers rather than links: use the links inside them.
	if sel.Length() > 0 && goquery.NodeName(sel.First()) != "a" {
		sel = sel.Find("a[href]").AddSelection(sel.Filter("a[href]"))
	}
	sel.EachWithBreak(func(_ int, s *goquery.Selection) bool {
		href, ok := s.Attr("href")
		if !ok {
			return true
		}
		u := resolveRef(pageURL, href)
		lu, err := url.Parse(u)
		if err != nil || !isHTTP(u) || !sameSite(lu.Hostname(), page.Hostname()) {
			return true
		}
		lu.Fragment = ""
		u = lu.String()
		if seen[u] || lu.Path == "" || lu.Path == "/" {
			return true
		}
		seen[u] = true
		out = append(out, listingLink{URL: u, Title: collapseSpace(s.Text())})
		return len(out) < max
	})
	return out
}

// sameSite reports whether two hosts are the same site, ignoring a leading "www.".
func sameSite(a, b string) bool {
	return strings.EqualFold(strings.TrimPrefix(strings.ToLower(a), "www."), strings.TrimPrefix(strings.ToLower(b), "www."))
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

func isHTTP(u string) bool {
	return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")
}

// resolveRef resolves a reference against a base URL; "" when it can't.
func resolveRef(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "javascript:") || strings.HasPrefix(ref, "mailto:") {
		return ""
	}
	return urlcanon.Resolve(base, ref)
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
