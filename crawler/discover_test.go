package crawler

import (
	"net/http"
	"strings"
	"testing"

	"github.com/callwatch/callwatch"
)

func TestDiscover(t *testing.T) {
	s := newSite(t)
	s.page("/", "text/html", `<html><head>
<link rel="alternate" type="application/atom+xml" title="Atom" href="/atom">
<link rel="alternate" type="application/rss+xml" href="/broken.xml">
<link rel="alternate" hreflang="fr" href="/fr/"></head><body></body></html>`)
	s.page("/atom", "application/atom+xml", `<feed xmlns="http://www.w3.org/2005/Atom"><title>Site (Atom)</title><id>x</id><updated>2018-01-01T00:00:00Z</updated></feed>`)
	s.page("/broken.xml", "text/html", "<html><body>gone</body></html>")
	s.page("/rss.xml", "application/rss+xml", rss(rssItem{Title: "a", Link: "https://x.example/a"}, rssItem{Title: "b", Link: "https://x.example/b"}))
	s.handle("/feed", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })

	got, err := Discover(t.Context(), testFetcher(), s.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range got {
		lines = append(lines, strings.TrimPrefix(f.URL, s.URL)+" "+f.Title+" "+f.Via)
	}
	if strings.Join(lines, "; ") != "/atom Site (Atom) link; /rss.xml Test feed path" {
		t.Errorf("Discover = %v", lines)
	}
	if got[1].Items != 2 {
		t.Errorf("items = %d", got[1].Items)
	}

	// A feed URL given directly is returned as itself.
	got, err = Discover(t.Context(), testFetcher(), s.URL+"/rss.xml")
	if err != nil || len(got) != 1 || got[0].Via != "self" {
		t.Errorf("Discover(feed) = %+v, %v", got, err)
	}
	// An unreachable site is an error.
	if _, err := Discover(t.Context(), testFetcher(), "http://127.0.0.1:1/"); err == nil {
		t.Error("Discover on a closed port succeeded")
	}
}

func TestProbe(t *testing.T) {
	s := newSite(t)
	s.page("/a", "text/html", articleHTML("About the Call", "The Paris Call for Trust and Security in Cyberspace.", ""))
	s.page("/b", "text/html", articleHTML("Other", "Lead.", ""))
	s.page("/f", "application/rss+xml", rss(rssItem{Title: "About the Call", Link: s.URL + "/a"}, rssItem{Title: "Other", Link: s.URL + "/b"}, rssItem{Title: "Third", Link: s.URL + "/c"}))
	o := Options{Detector: &fakeDetector{}, Fetcher: testFetcher(), FetchArticles: true, MinConfidence: 0.5}
	res, err := Probe(t.Context(), o, Source{Name: "test", Kind: callwatch.KindFeed, URL: s.URL + "/f"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if res.Items != 3 || len(res.Articles) != 2 {
		t.Fatalf("items %d, articles %d", res.Items, len(res.Articles))
	}
	if a := res.Articles[0]; a.Title != "About the Call" || a.Status != callwatch.StatusFull || len(a.Findings) != 1 {
		t.Errorf("first article = %q %s %d findings", a.Title, a.Status, len(a.Findings))
	}
	if s.count("/c") != 0 {
		t.Error("Probe read past its limit")
	}

	s.page("/reg", "text/html", readTestdata(t, "supporters_v1.html"))
	res, err = Probe(t.Context(), o, Source{Name: "test", Kind: callwatch.KindRegister, URL: s.URL + "/reg"}, 0)
	if err != nil || len(res.Register) != 5 {
		t.Errorf("register probe: %+v, %v", res, err)
	}
	if _, err := Probe(t.Context(), o, Source{Name: "test", Kind: callwatch.KindFeed, URL: s.URL + "/a"}, 0); err == nil || callwatch.KindOf(err) != callwatch.ErrKindParse {
		t.Errorf("probing an HTML page as a feed: %v", err)
	}
}
