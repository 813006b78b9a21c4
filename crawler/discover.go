package crawler

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/crawler/fetch"
)

// CommonFeedPaths are the paths Discover tries on a site besides the feeds it announces.
var CommonFeedPaths = []string{"/feed", "/rss", "/atom.xml", "/feed.xml", "/index.xml", "/rss.xml"}

// DiscoveredFeed is a feed found on a site by Discover.
type DiscoveredFeed struct {
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	Items int    `json:"items"`
	Via   string `json:"via"` // "self" (the URL is a feed), "link" (<link rel=alternate>) or "path" (a common path)
}

// Discover finds a site's feeds: the URL itself if it is a feed, the feeds its page
// announces with <link rel="alternate">, and the common paths (CommonFeedPaths) of its
// host. Each candidate is fetched with f and kept only if it parses as a feed. The error
// is non-nil only when the site itself cannot be fetched and nothing was found.
func Discover(ctx context.Context, f *fetch.Client, siteURL string) ([]DiscoveredFeed, error) {
	var out []DiscoveredFeed
	seen := map[string]bool{}
	try := func(u, via, title string) {
		if seen[u] || ctx.Err() != nil {
			return
		}
		seen[u] = true
		resp, err := f.Get(ctx, fetch.Request{URL: u, Accept: acceptFor(callwatch.KindFeed)})
		if err != nil {
			return
		}
		fd, err := parseFeedOnly(resp)
		if err != nil {
			return
		}
		out = append(out, DiscoveredFeed{URL: resp.URL, Title: firstNonEmpty(fd.Title, title), Items: len(fd.Items), Via: via})
		seen[resp.URL] = true
	}

	resp, siteErr := f.Get(ctx, fetch.Request{URL: siteURL, Accept: "text/html, application/xhtml+xml, */*;q=0.5"})
	if siteErr == nil {
		seen[siteURL] = true
		if fd, err := parseFeedOnly(resp); err == nil && !looksLikeHTML(resp.Body) {
			out = append(out, DiscoveredFeed{URL: resp.URL, Title: fd.Title, Items: len(fd.Items), Via: "self"})
			return out, nil
		}
		if html, err := fetch.DecodeHTML(resp.Body, resp.ContentType()); err == nil {
			if doc, err := parseHTML(html); err == nil {
				for _, af := range alternateFeeds(doc, resp.URL) {
					try(af.URL, "link", af.Title)
				}
			}
		}
	}
	base, err := url.Parse(siteURL)
	if err != nil || base.Host == "" {
		return nil, errors.New("crawler: discover: " + siteURL + " is not an absolute URL")
	}
	for _, p := range CommonFeedPaths {
		try((&url.URL{Scheme: base.Scheme, Host: base.Host, Path: p}).String(), "path", "")
		if dir := strings.TrimSuffix(base.Path, "/"); dir != "" {
			try((&url.URL{Scheme: base.Scheme, Host: base.Host, Path: dir + p}).String(), "path", "")
		}
	}
	if len(out) == 0 && siteErr != nil {
		return nil, siteErr
	}
	return out, ctx.Err()
}
