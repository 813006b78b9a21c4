package crawler

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/callwatch/callwatch/crawler/fetch"
)

// isRedirectLink reports whether an item link of a search source points back into the
// search engine (Google News' news.google.com/rss/articles/..., Bing's apiclick.aspx)
// rather than to the publisher.
func isRedirectLink(link, sourceURL string) bool {
	lu, err := url.Parse(link)
	if err != nil || lu.Host == "" {
		return false
	}
	if strings.EqualFold(lu.Hostname(), "news.google.com") {
		return true
	}
	su, err := url.Parse(sourceURL)
	return err == nil && strings.EqualFold(lu.Host, su.Host)
}

// resolved is the outcome of resolving a redirect link.
type resolved struct {
	URL  string          // the publisher's URL
	Page *fetch.Response // the publisher's page when resolving fetched it, else nil
}

// resolveRedirect finds the publisher's URL behind a search engine's redirect link: a
// url= parameter, a URL inside an old-style Google News article id, the end of the HTTP
// redirects, or a link in the page the engine serves (meta refresh, canonical,
// data-n-au, the first external <a>).
func (c *Crawler) resolveRedirect(ctx context.Context, link string, ignoreRobots bool) (resolved, error) {
	lu, err := url.Parse(link)
	if err != nil {
		return resolved{}, err
	}
	for _, key := range []string{"url", "u"} {
		if v := lu.Query().Get(key); isExternalHTTP(v, lu.Host) {
			return resolved{URL: v}, nil
		}
	}
	if v := decodeGoogleArticleID(lu); v != "" {
		return resolved{URL: v}, nil
	}
	resp, err := c.opts.Fetcher.Get(ctx, fetch.Request{URL: link, Accept: "text/html,application/xhtml+xml", IgnoreRobots: ignoreRobots})
	if err != nil {
		return resolved{}, err
	}
	final, _ := url.Parse(resp.URL)
	if final != nil && !strings.EqualFold(final.Host, lu.Host) && !isGoogleHost(final.Hostname()) {
		return resolved{URL: resp.URL, Page: resp}, nil
	}
	if v := publisherLinkIn(resp.Body, resp.URL, lu.Host); v != "" {
		return resolved{URL: v}, nil
	}
	return resolved{}, fmt.Errorf("no publisher link found behind %s", link)
}

var metaRefreshURL = regexp.MustCompile(`(?i)url\s*=\s*['"]?([^'"\s>]+)`)

// publisherLinkIn looks in an engine's interstitial page for the publisher's link.
func publisherLinkIn(body []byte, pageURL, engineHost string) string {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return ""
	}
	var found string
	try := func(v string) bool {
		v = resolveRef(pageURL, strings.TrimSpace(v))
		if isExternalHTTP(v, engineHost) {
			found = v
			return true
		}
		return false
	}
	doc.Find(`meta[http-equiv]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if !strings.EqualFold(s.AttrOr("http-equiv", ""), "refresh") {
			return true
		}
		m := metaRefreshURL.FindStringSubmatch(s.AttrOr("content", ""))
		return !(m != nil && try(m[1]))
	})
	if found != "" {
		return found
	}
	for _, sel := range []struct{ css, attr string }{
		{`link[rel="canonical"]`, "href"},
		{`meta[property="og:url"]`, "content"},
		{`[data-n-au]`, "data-n-au"},
		{`a[href]`, "href"},
	} {
		doc.Find(sel.css).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			return !try(s.AttrOr(sel.attr, ""))
		})
		if found != "" {
			return found
		}
	}
	return ""
}

// isExternalHTTP reports whether v is an absolute http(s) URL off the engine's host and
// off Google's own hosts.
func isExternalHTTP(v, engineHost string) bool {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	return !strings.EqualFold(u.Host, engineHost) && !isGoogleHost(u.Hostname())
}

func isGoogleHost(h string) bool {
	h = strings.ToLower(h)
	for _, d := range []string{"google.com", "gstatic.com", "googleusercontent.com", "googleapis.com", "youtube.com"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}

var embeddedURL = regexp.MustCompile(`https?://[\x21-\x7e]+`)

// decodeGoogleArticleID extracts the publisher URL that old-style Google News article ids
// ("CBMi...") carry in base64-encoded protobuf. Newer ids are opaque: it returns "".
func decodeGoogleArticleID(u *url.URL) string {
	if !strings.EqualFold(u.Hostname(), "news.google.com") {
		return ""
	}
	id := u.Path[strings.LastIndexByte(u.Path, '/')+1:]
	if !strings.HasPrefix(id, "CBM") {
		return ""
	}
	id = strings.TrimRight(id, "=")
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		if raw, err = base64.RawStdEncoding.DecodeString(id); err != nil {
			return ""
		}
	}
	m := embeddedURL.Find(raw)
	if m == nil {
		return ""
	}
	// The URL is a length-prefixed protobuf string: the next field's tag (a byte outside
	// printable ASCII) ends the match.
	if _, err := url.Parse(string(m)); err != nil {
		return ""
	}
	return string(m)
}
