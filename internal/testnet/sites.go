package testnet

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"strings"
	"time"

	"github.com/callwatch/callwatch/internal/testnet/corpus"
)

// siteHandler serves one news site: its feed at /feed (RSS 2.0, Atom 1.0 or JSON Feed
// 1.1, as the corpus says), its front page at / (a listing of links), its articles at
// /news/ID.html (full pages with navigation, sidebars and related articles that mention
// the Call, so that extraction matters) and an allowing robots.txt.
func (n *Net) siteHandler(s corpus.Site) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		n.count("robots", http.StatusOK)
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("GET /feed", func(w http.ResponseWriter, r *http.Request) {
		items := n.listed(s.ID, false)
		base := "http://" + r.Host
		var body []byte
		var ct string
		switch s.Feed {
		case "atom":
			body, ct = atomFeed(s, base, items), "application/atom+xml; charset=utf-8"
		case "json":
			body, ct = jsonFeed(s, base, items), "application/feed+json"
		default:
			body, ct = rssFeed(s, base, items), "application/rss+xml; charset=utf-8"
		}
		n.serveConditional(w, r, "feed", ct, body, lastPublished(items))
	})
	mux.HandleFunc("GET /news/{file}", func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimSuffix(r.PathValue("file"), ".html")
		for _, a := range n.listed(s.ID, true) {
			if a.ID == id {
				n.serveConditional(w, r, "article", "text/html; charset=utf-8", articlePage(s, a, "http://"+r.Host), a.Published)
				return
			}
		}
		n.count("article", http.StatusNotFound)
		http.NotFound(w, r)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		items := n.listed(s.ID, false)
		var b strings.Builder
		fmt.Fprintf(&b, "<!DOCTYPE html><html lang=%q><head><meta charset=\"utf-8\"><title>%s</title>", s.Lang, html.EscapeString(s.Name))
		fmt.Fprintf(&b, `<link rel="alternate" type="application/rss+xml" href="/feed"></head><body><main><h1>%s</h1><ul class="stories">`, html.EscapeString(s.Name))
		for _, a := range items {
			fmt.Fprintf(&b, `<li><a class="story" href="/news/%s.html">%s</a></li>`, a.ID, html.EscapeString(a.Title))
		}
		b.WriteString(`</ul></main></body></html>`)
		n.serveConditional(w, r, "front", "text/html; charset=utf-8", []byte(b.String()), lastPublished(items))
	})
	return mux
}

// listed returns the site's articles visible now, newest first: second-pass articles only
// after Advance, search-only articles only when withSearchOnly.
func (n *Net) listed(site string, withSearchOnly bool) []corpus.Article {
	var out []corpus.Article
	adv := n.Advanced()
	for _, a := range n.corpus.Articles {
		if a.Site != site || (a.SecondPass && !adv) || (a.SearchOnly && !withSearchOnly) {
			continue
		}
		out = append(out, a)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Published.After(out[j-1].Published); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func lastPublished(items []corpus.Article) time.Time {
	t := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, a := range items {
		if a.Published.After(t) {
			t = a.Published
		}
	}
	return t
}

func articleURL(base string, a corpus.Article) string { return base + "/news/" + a.ID + ".html" }

func xmlText(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func summary(a corpus.Article) string {
	p := a.Paragraphs[0]
	if i := strings.Index(p, ". "); i > 0 {
		p = p[:i+1]
	}
	return p
}

func rssFeed(s corpus.Site, base string, items []corpus.Article) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>%s</title><link>%s/</link><description>News</description><language>%s</language>`+"\n", xmlText(s.Name), base, s.Lang)
	for _, a := range items {
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid isPermaLink=\"false\">%s-%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n",
			xmlText(a.Title), articleURL(base, a), s.ID, a.ID, a.Published.UTC().Format(time.RFC1123Z), xmlText(summary(a)))
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

func atomFeed(s corpus.Site, base string, items []corpus.Article) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	fmt.Fprintf(&b, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s"><title>%s</title><id>%s/</id><updated>%s</updated><link href="%s/"/>`+"\n",
		s.Lang, xmlText(s.Name), base, lastPublished(items).Format(time.RFC3339), base)
	for _, a := range items {
		fmt.Fprintf(&b, "<entry><title>%s</title><id>tag:%s,2026:%s</id><link rel=\"alternate\" href=\"%s\"/><published>%s</published><updated>%s</updated><summary>%s</summary></entry>\n",
			xmlText(a.Title), s.ID, a.ID, articleURL(base, a), a.Published.Format(time.RFC3339), a.Published.Format(time.RFC3339), xmlText(summary(a)))
	}
	b.WriteString("</feed>\n")
	return []byte(b.String())
}

func jsonFeed(s corpus.Site, base string, items []corpus.Article) []byte {
	type item struct {
		ID            string `json:"id"`
		URL           string `json:"url"`
		Title         string `json:"title"`
		Summary       string `json:"summary"`
		DatePublished string `json:"date_published"`
		Language      string `json:"language"`
	}
	f := struct {
		Version     string `json:"version"`
		Title       string `json:"title"`
		HomePageURL string `json:"home_page_url"`
		FeedURL     string `json:"feed_url"`
		Language    string `json:"language"`
		Items       []item `json:"items"`
	}{"https://jsonfeed.org/version/1.1", s.Name, base + "/", base + "/feed", s.Lang, []item{}}
	for _, a := range items {
		f.Items = append(f.Items, item{s.ID + "-" + a.ID, articleURL(base, a), a.Title, summary(a), a.Published.Format(time.RFC3339), s.Lang})
	}
	data, _ := json.MarshalIndent(f, "", " ")
	return data
}

// sidebars are what surrounds an article on every page: they mention the Call, a known
// supporter and look-alikes, so that a pipeline that reads them instead of the article
// body makes findings the manifest does not expect.
var sidebars = map[string][2]string{
	"en": {"Most read: Why Estonia signed the Paris Call for Trust and Security in Cyberspace in 2018 · Japan joins the Christchurch Call crisis protocol · Paris climate Agreement: cities sign up",
		"Newsletter: the week in cyber policy, every Friday. Sign up to get the Paris Call tracker."},
	"fr": {"Les plus lus : L'Estonie a signé l'Appel de Paris pour la confiance et la sécurité dans le cyberespace · Accord de Paris : la ville de Lyon rejoint la coalition",
		"Lettre d'information : abonnez-vous pour suivre l'Appel de Paris."},
	"de": {"Meistgelesen: Estland hat den Pariser Appell für Vertrauen und Sicherheit im Cyberspace unterzeichnet · Pariser Klimaabkommen: Städte treten bei",
		"Newsletter: Jetzt abonnieren und den Pariser Appell verfolgen."},
	"es": {"Lo más leído: Estonia firmó el Llamamiento de París para la confianza y la seguridad en el ciberespacio · Acuerdo de París: nuevas ciudades se adhieren",
		"Boletín: suscríbase para seguir el Llamamiento de París."},
}

// articlePage renders a full news page around the article.
func articlePage(s corpus.Site, a corpus.Article, base string) []byte {
	side := sidebars[s.Lang]
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=%q><head><meta charset=\"utf-8\"><title>%s | %s</title>\n", s.Lang, html.EscapeString(a.Title), html.EscapeString(s.Name))
	fmt.Fprintf(&b, "<meta property=\"og:site_name\" content=%q><meta property=\"og:title\" content=%q><meta property=\"article:published_time\" content=%q>\n",
		s.Name, a.Title, a.Published.Format(time.RFC3339))
	fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\"></head>\n<body>\n", articleURL(base, a))
	fmt.Fprintf(&b, "<header class=\"site-header\"><a href=\"/\">%s</a><nav><ul><li><a href=\"/world\">World</a></li><li><a href=\"/tech\">Technology</a></li><li><a href=\"/policy\">Policy</a></li><li><a href=\"/opinion\">Opinion</a></li></ul></nav></header>\n", html.EscapeString(s.Name))
	b.WriteString("<div class=\"layout\">\n<main>\n<article class=\"story\">\n")
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p class=\"byline\">By the newsroom · <time datetime=%q>%s</time></p>\n",
		html.EscapeString(a.Title), a.Published.Format(time.RFC3339), a.Published.Format("2 January 2006"))
	for _, p := range a.Paragraphs {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString("</article>\n")
	fmt.Fprintf(&b, "<section class=\"related\"><h2>Related</h2><ul><li><a href=\"/news/related-1.html\">%s</a></li></ul></section>\n", html.EscapeString(side[0]))
	b.WriteString("</main>\n")
	fmt.Fprintf(&b, "<aside class=\"sidebar\"><div class=\"widget\">%s</div><div class=\"ad\">Advertisement</div></aside>\n</div>\n", html.EscapeString(side[1]))
	fmt.Fprintf(&b, "<footer><p>© 2026 %s · <a href=\"/about\">About</a> · <a href=\"/privacy\">Privacy</a></p></footer>\n</body></html>\n", html.EscapeString(s.Name))
	return []byte(b.String())
}
