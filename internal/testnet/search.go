package testnet

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/callwatch/callwatch/internal/testnet/corpus"
)

// serveSearch is a Google-News-like search engine: /rss/search answers an RSS feed
// whose item links point back into the engine (/rss/articles/ID), and those links
// redirect (302) to the publisher's page, as news.google.com does.
func (n *Net) serveSearch(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/robots.txt":
		n.count("robots", http.StatusOK)
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case r.URL.Path == "/rss/search":
		n.serveConditional(w, r, "search", "application/rss+xml; charset=utf-8", n.searchFeed("http://"+r.Host), n.searchModified())
	case strings.HasPrefix(r.URL.Path, "/rss/articles/"):
		id := strings.TrimPrefix(r.URL.Path, "/rss/articles/")
		for _, a := range n.searchResults() {
			if a.ID == id {
				n.count("redirect", http.StatusFound)
				http.Redirect(w, r, n.ArticleURL(a), http.StatusFound)
				return
			}
		}
		n.count("redirect", http.StatusNotFound)
		http.NotFound(w, r)
	default:
		http.NotFound(w, r)
	}
}

// searchResults are the articles the search finds: the ones that mention the Call
// (search-only ones included), visible now.
func (n *Net) searchResults() []corpus.Article {
	var out []corpus.Article
	for _, s := range n.corpus.Sites {
		for _, a := range n.listed(s.ID, true) {
			if a.Mention {
				out = append(out, a)
			}
		}
	}
	return out
}

func (n *Net) searchModified() time.Time { return lastPublished(n.searchResults()) }

func (n *Net) searchFeed(base string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><generator>testnet News</generator><title>"Paris Call" - testnet News</title><link>` + base + `/</link><language>en-US</language><description>testnet News</description>` + "\n")
	for _, a := range n.searchResults() {
		s, _ := n.corpus.Site(a.Site)
		link := base + "/rss/articles/" + a.ID
		fmt.Fprintf(&b, "<item><title>%s - %s</title><link>%s</link><guid isPermaLink=\"false\">%s</guid><pubDate>%s</pubDate><description>%s</description><source url=\"%s\">%s</source></item>\n",
			xmlText(a.Title), xmlText(s.Name), link, "testnet-"+a.ID, a.Published.UTC().Format(time.RFC1123), xmlText(a.Title), n.SiteURL(a.Site), xmlText(s.Name))
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}
