package crawler

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/detect"
)

func TestSearchResolvesRedirects(t *testing.T) {
	pub := newSite(t)
	pub.page("/story1", "text/html", articleHTML("Story one", "The Paris Call grows.", ""))
	pub.page("/story2", "text/html", articleHTML("Story two", "Lead.", ""))
	pub.page("/story3", "text/html", articleHTML("Story three", "Lead.", ""))

	eng := newSite(t)
	eng.handle("/rss/articles/AAA", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, pub.URL+"/story1?utm_source=google", http.StatusFound)
	})
	eng.page("/rss/articles/BBB", "text/html", `<html><head><title>Google News</title></head><body>
<c-wiz><div jscontroller="x" data-n-au="`+pub.URL+`/story2"></div><a href="/about">About</a></c-wiz></body></html>`)
	eng.handle("/rss/articles/CCC", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	eng.page("/rss/search", "application/rss+xml", rss(
		rssItem{Title: "Story one - Publisher One", Link: eng.URL + "/rss/articles/AAA", GUID: "AAA", Source: "Publisher One"},
		rssItem{Title: "Story two - Publisher Two", Link: eng.URL + "/rss/articles/BBB", GUID: "BBB", Source: "Publisher Two"},
		rssItem{Title: "Lost story - Le Monde", Link: eng.URL + "/rss/articles/CCC", GUID: "CCC", Source: "Le Monde", Desc: "Le Monde on the Paris Call."},
		rssItem{Title: "Story three", Link: eng.URL + "/news/apiclick.aspx?ref=FexRss&url=" + pub.URL + "/story3", GUID: "DDD"},
	))
	h := newHarness(t, Source{Name: "news", Kind: callwatch.KindSearch, URL: eng.URL + "/rss/search?q=%22Paris+Call%22"})
	h.opts.Fetcher.Allowed(t.Context(), pub.URL)
	sum := h.pass()
	if sum.ArticlesNew != 4 || sum.ArticlesSummary != 1 {
		t.Fatalf("summary = %+v", sum)
	}
	for _, c := range []struct{ path, title string }{
		{"/story1", "Story one"}, {"/story2", "Story two"}, {"/story3", "Story three"},
	} {
		a := h.store.byURLSuffix(c.path)
		if a == nil {
			t.Fatalf("%s not stored under the publisher's URL", c.path)
		}
		if a.Status != callwatch.StatusFull || a.Title != c.title || !strings.HasPrefix(a.URL, pub.URL) {
			t.Errorf("%s: %q status %q (%s) url %s", c.path, a.Title, a.Status, a.StatusReason, a.URL)
		}
	}
	if a := h.store.byURLSuffix("/story1"); len(a.URLs) < 2 || !strings.Contains(strings.Join(a.URLs, " "), "/rss/articles/AAA") {
		t.Errorf("story1 URLs = %v, want the redirect URL kept", a.URLs)
	}
	if n := pub.count("/story1"); n != 1 {
		t.Errorf("story1 fetched %d times: the page fetched while resolving must be reused", n)
	}
	if n := eng.count("/news/apiclick.aspx"); n != 0 {
		t.Errorf("a url= redirect was fetched %d times", n)
	}
	lost := h.store.byURLSuffix("/rss/articles/CCC")
	if lost == nil {
		t.Fatal("the unresolvable item was dropped")
	}
	if lost.Status != callwatch.StatusSummary || lost.Outlet != "Le Monde" || !strings.Contains(lost.StatusReason, "redirect not resolved") || lost.Title != "Lost story" {
		t.Errorf("unresolved item = status %q outlet %q reason %q title %q", lost.Status, lost.Outlet, lost.StatusReason, lost.Title)
	}
	if len(lost.Findings) != 1 {
		t.Errorf("unresolved item findings = %+v", lost.Findings)
	}
}

func TestSearchWithoutResolving(t *testing.T) {
	eng := newSite(t)
	eng.page("/rss/search", "application/rss+xml", rss(
		rssItem{Title: "Story - Outlet", Link: eng.URL + "/rss/articles/AAA", GUID: "AAA", Source: "Outlet", Desc: "Summary."},
	))
	h := newHarness(t, Source{Name: "news", Kind: callwatch.KindSearch, URL: eng.URL + "/rss/search?q=x"})
	h.opts.ResolveRedirects = false
	h.pass()
	a := h.store.byURLSuffix("/rss/articles/AAA")
	if a == nil || a.Status != callwatch.StatusSummary || a.Outlet != "Outlet" || !strings.Contains(a.StatusReason, "resolve_redirects") {
		t.Fatalf("article = %+v", a)
	}
	if n := eng.count("/rss/articles/AAA"); n != 0 {
		t.Errorf("redirect fetched %d times with resolving off", n)
	}
}

func TestPageByAutodiscovery(t *testing.T) {
	s := newSite(t)
	s.page("/news", "text/html", `<!DOCTYPE html><html><head><title>News</title>
<link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" title="All news" href="/news/feed.xml">
</head><body><main><h2><a href="/not-this">Not followed</a></h2></main></body></html>`)
	s.page("/news/feed.xml", "application/rss+xml", rss(rssItem{Title: "From the feed", Link: s.URL + "/news/1"}))
	s.page("/news/1", "text/html", articleHTML("From the feed", "The Paris Call.", ""))
	h := newHarness(t, Source{Name: "page", Kind: callwatch.KindPage, URL: s.URL + "/news"})
	sum := h.pass()
	if sum.ArticlesNew != 1 || h.store.byURLSuffix("/news/1") == nil || s.count("/not-this") != 0 {
		t.Fatalf("summary %+v, articles %v", sum, h.store.all())
	}
}

func TestPageBySelector(t *testing.T) {
	s := newSite(t)
	s.page("/list", "text/html", `<!DOCTYPE html><html><head><title>List</title>
<link rel="alternate" type="application/rss+xml" href="/ignored.xml"></head><body>
<nav><a class="teaser" href="https://elsewhere.example/x">Off-site</a></nav>
<div class="teasers"><a class="teaser" href="/p/1">First <b>teaser</b></a> <a class="teaser" href="/p/2#top">Second</a> <a class="teaser" href="/p/1">First again</a></div>
<a href="/about">About</a></body></html>`)
	s.page("/p/1", "text/html", articleHTML("First teaser", "Lead.", ""))
	s.page("/p/2", "text/html", articleHTML("Second", "Lead.", ""))
	h := newHarness(t, Source{Name: "page", Kind: callwatch.KindPage, URL: s.URL + "/list", Selector: "a.teaser"})
	sum := h.pass()
	if sum.ArticlesNew != 2 || h.store.byURLSuffix("/p/1") == nil || h.store.byURLSuffix("/p/2") == nil {
		t.Fatalf("summary %+v", sum)
	}
	if s.count("/ignored.xml") != 0 || s.count("/about") != 0 {
		t.Errorf("with a selector, the announced feed and other links must not be read")
	}

	// The default selector: links in <main>, <article> and headings, on the same site.
	s.page("/plain", "text/html", `<html><body><header><a href="/login">Log in</a></header>
<main><article><h2><a href="/p/1">First</a></h2></article><h3><a href="https://elsewhere.example/y">Off</a></h3></main></body></html>`)
	h2 := newHarness(t, Source{Name: "plain", Kind: callwatch.KindPage, URL: s.URL + "/plain"})
	if sum := h2.pass(); sum.ArticlesNew != 1 || s.count("/login") != 0 {
		t.Errorf("default selector: %+v", sum)
	}
}

func TestPageWithoutLinksFails(t *testing.T) {
	s := newSite(t)
	s.page("/empty", "text/html", `<html><body><p>Nothing here</p></body></html>`)
	h := newHarness(t, Source{Name: "empty", Kind: callwatch.KindPage, URL: s.URL + "/empty"})
	sum := h.pass()
	if sum.SourcesFailed != 1 || !strings.Contains(sum.Failures[0].Error, "selector") {
		t.Errorf("summary %+v", sum)
	}
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRegisterHTMLSnapshots(t *testing.T) {
	s := newSite(t)
	var body = readTestdata(t, "supporters_v1.html")
	s.handle("/en/supporters", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	})
	h := newHarness(t, Source{Name: "register", Kind: callwatch.KindRegister, URL: s.URL + "/en/supporters"})
	h.opts.Detector = &fakeDetector{entities: map[string]callwatch.Entity{
		"france":    {ID: "state:FRA", Name: "France", Category: callwatch.CategoryState},
		"microsoft": {ID: "org:microsoft", Name: "Microsoft", Category: callwatch.CategoryCompany},
	}}
	sum := h.pass()
	if sum.SourcesOK != 1 || sum.AlertsQueued != 0 {
		t.Fatalf("first snapshot: %+v", sum)
	}
	reg, _ := h.store.Register(t.Context())
	want := []callwatch.RegisterEntry{
		{EntityID: "state:FRA", Name: "France", Category: callwatch.CategoryState, Country: "FRA"},
		{EntityID: "org:city-of-paris", Name: "City of Paris", Category: callwatch.CategoryPublicAuthority, Country: "FRA"},
		{EntityID: "org:access-now", Name: "Access Now", Category: callwatch.CategoryCivilSociety, Country: "USA"},
		{EntityID: "org:microsoft", Name: "Microsoft", Category: callwatch.CategoryCompany, Country: "USA"},
		{EntityID: "org:societe-generale", Name: "Société Générale", Category: callwatch.CategoryCompany, Country: "FRA"},
	}
	if fmt.Sprint(reg) != fmt.Sprint(want) {
		t.Errorf("entries:\n got %v\nwant %v", reg, want)
	}
	if st := h.state("register"); st.Items != 5 {
		t.Errorf("state items = %d", st.Items)
	}

	body = readTestdata(t, "supporters_v2.html") // Benin added, Access Now removed
	h.opts.Force = true
	sum = h.pass()
	if sum.AlertsQueued != 1 || sum.SourcesOK != 1 {
		t.Errorf("second snapshot: %+v", sum)
	}
	reg, _ = h.store.Register(t.Context())
	names := []string{}
	for _, e := range reg {
		names = append(names, e.Name)
	}
	if got := strings.Join(names, ","); got != "France,City of Paris,Benin,Microsoft,Société Générale" {
		t.Errorf("second snapshot names = %s", got)
	}

	// A page that lost its entries (a redesign) is a failure, not a mass removal.
	body = `<html><body><div class="cards columns"></div></body></html>`
	sum = h.pass()
	if sum.SourcesFailed != 1 || sum.Failures[0].Kind != callwatch.ErrKindParse {
		t.Errorf("empty register: %+v", sum)
	}
	if reg, _ := h.store.Register(t.Context()); len(reg) != 5 {
		t.Errorf("the stored snapshot changed: %d entries", len(reg))
	}
}

func TestRegisterRefusesMassRemoval(t *testing.T) {
	var rows strings.Builder
	for i := range 40 {
		fmt.Fprintf(&rows, "<tr><td>Org %d</td><td>Civil society</td><td>FRA</td></tr>", i)
	}
	full := "<table><tr><th>Name</th><th>Category</th><th>Country</th></tr>" + rows.String() + "</table>"
	s := newSite(t)
	var body = full
	s.handle("/reg", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) })
	h := newHarness(t, Source{Name: "reg", Kind: callwatch.KindRegister, URL: s.URL + "/reg"})
	h.pass()
	body = "<table><tr><th>Name</th></tr><tr><td>Org 1</td></tr></table>"
	h.opts.Force = true
	sum := h.pass()
	if sum.SourcesFailed != 1 || !strings.Contains(sum.Failures[0].Error, "shrank from 40 to 1") {
		t.Fatalf("summary %+v", sum)
	}
	if reg, _ := h.store.Register(t.Context()); len(reg) != 40 {
		t.Errorf("snapshot has %d entries, want the 40 kept", len(reg))
	}
}

// csvSupporters is a stand-in for detect.ReadSupporters: name and category columns.
func csvSupporters(r io.Reader) ([]callwatch.RegisterEntry, error) {
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	var out []callwatch.RegisterEntry
	for _, rec := range recs[1:] {
		out = append(out, callwatch.RegisterEntry{Name: rec[0], Category: normalizeCategory(rec[1]), Country: rec[2]})
	}
	return out, nil
}

func TestRegisterCSV(t *testing.T) {
	s := newSite(t)
	csvBody := "name,category,nationality\nFrance,state,FRA\n\"Acme, Inc.\",private_sector,USA\n"
	s.page("/supporters.csv", "text/plain", csvBody)
	s.page("/export", "text/csv; charset=utf-8", csvBody)
	for _, path := range []string{"/supporters.csv", "/export"} {
		h := newHarness(t, Source{Name: "csv", Kind: callwatch.KindRegister, URL: s.URL + path})
		h.opts.ReadSupporters = csvSupporters
		h.opts.Detector = &fakeDetector{entities: map[string]callwatch.Entity{"france": {ID: "state:FRA"}}}
		if sum := h.pass(); sum.SourcesOK != 1 {
			t.Fatalf("%s: %+v", path, sum)
		}
		reg, _ := h.store.Register(t.Context())
		if len(reg) != 2 || reg[0].EntityID != "state:FRA" || reg[1].EntityID != "org:acme-inc" || reg[1].Category != callwatch.CategoryCompany {
			t.Errorf("%s: entries %+v", path, reg)
		}
	}
	h := newHarness(t, Source{Name: "csv", Kind: callwatch.KindRegister, URL: s.URL + "/supporters.csv"})
	if sum := h.pass(); sum.SourcesFailed != 1 || !strings.Contains(sum.Failures[0].Error, "CSV") {
		t.Errorf("without a CSV reader: %+v", sum)
	}
}

func TestRegisterHTMLAndCSVAgreeWithTheRealReader(t *testing.T) {
	det, err := detect.New()
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(t)
	s.page("/en/supporters", "text/html; charset=utf-8", readTestdata(t, "supporters_v1.html"))
	s.page("/supporters.csv", "text/csv", "name,category,nationality,nature,website,twitter,date_signed\n"+
		"France,state,FRA,EU,,,2018-11-12\nCity of Paris,public_authority,FRA,,,,\nAccess Now,civil_society,USA,,,,\n"+
		"Microsoft,private_sector,USA,,,,\nSociété Générale,private_sector,FRA,,,,\n")
	ids := map[string][]string{}
	for _, path := range []string{"/en/supporters", "/supporters.csv"} {
		h := newHarness(t, Source{Name: "register", Kind: callwatch.KindRegister, URL: s.URL + path})
		h.opts.Detector, h.opts.ReadSupporters = det, detect.ReadSupporters
		if sum := h.pass(); sum.SourcesOK != 1 {
			t.Fatalf("%s: %+v", path, sum)
		}
		reg, _ := h.store.Register(t.Context())
		for _, e := range reg {
			ids[path] = append(ids[path], e.EntityID)
		}
	}
	if len(ids["/en/supporters"]) != 5 || fmt.Sprint(ids["/en/supporters"]) != fmt.Sprint(ids["/supporters.csv"]) {
		t.Errorf("entity ids differ:\nhtml %v\ncsv  %v", ids["/en/supporters"], ids["/supporters.csv"])
	}
	if ids["/en/supporters"][0] != "state:FRA" {
		t.Errorf("France resolved to %q", ids["/en/supporters"][0])
	}
}

func TestSearchRedirectToADisallowedPage(t *testing.T) {
	pub := newSite(t)
	pub.page("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n")
	pub.page("/private/story", "text/html", articleHTML("Private", "Lead.", ""))
	eng := newSite(t)
	eng.handle("/rss/articles/P", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, pub.URL+"/private/story", http.StatusFound)
	})
	eng.page("/rss/search", "application/rss+xml", rss(rssItem{Title: "Private - Pub", Link: eng.URL + "/rss/articles/P", Source: "Pub", Desc: "Summary."}))
	h := newHarness(t, Source{Name: "news", Kind: callwatch.KindSearch, URL: eng.URL + "/rss/search?q=x"})
	h.pass()
	a := h.store.byURLSuffix("/private/story")
	if a == nil || a.Status != callwatch.StatusSummary || !strings.Contains(a.StatusReason, "robots") || a.Text != "Summary." {
		t.Fatalf("article = %+v", a)
	}
}
