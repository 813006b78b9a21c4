package crawler

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/config"
)

func TestSearchSourceURL(t *testing.T) {
	src := Source{Name: "s", Kind: callwatch.KindSearch, Engine: "gdelt", Query: `"Paris Call"`, Language: "fr"}
	u, err := src.ConfigURL()
	if err != nil || u != config.SearchURL("gdelt", `"Paris Call"`, "fr") || src.ID() != callwatch.SourceID(u) || ValidateSource(src) != nil {
		t.Errorf("a search source's URL and id must derive from config.SearchURL: %q, %v", u, err)
	}
	for _, bad := range []Source{
		{Name: "s", Kind: callwatch.KindSearch, Engine: "altavista", Query: "x"},
		{Name: "s", Kind: callwatch.KindSearch, Engine: "google", Query: " "},
	} {
		if err := ValidateSource(bad); err == nil {
			t.Errorf("ValidateSource(%+v) succeeded", bad)
		}
	}
}

func TestValidateSource(t *testing.T) {
	for name, s := range map[string]Source{
		"no name":      {Kind: callwatch.KindFeed, URL: "https://a.example/f"},
		"no url":       {Name: "x", Kind: callwatch.KindFeed},
		"bad kind":     {Name: "x", Kind: "blog", URL: "https://a.example/f"},
		"not http":     {Name: "x", Kind: callwatch.KindFeed, URL: "ftp://a.example/f"},
		"search empty": {Name: "x", Kind: callwatch.KindSearch},
		"bad selector": {Name: "x", Kind: callwatch.KindPage, URL: "https://a.example/", Selector: "h2 >> a["},
		"bad register": {Name: "x", Kind: callwatch.KindRegister, URL: "https://a.example/", Selector: "li | strong[ |"},
	} {
		if err := ValidateSource(s); err == nil {
			t.Errorf("%s: accepted %+v", name, s)
		}
	}
	if _, err := New(Options{Store: newMemStore(), Detector: &fakeDetector{}, Fetcher: testFetcher(), Sources: []Source{
		{Name: "a", Kind: callwatch.KindFeed, URL: "https://a.example/1"}, {Name: "a", Kind: callwatch.KindFeed, URL: "https://a.example/2"},
	}}); err == nil {
		t.Error("two sources with one name accepted")
	}
	if _, err := New(Options{}); err == nil {
		t.Error("New without collaborators succeeded")
	}
}

func TestGUIDKey(t *testing.T) {
	for guid, want := range map[string]string{
		"":                                 "",
		"https://example.org/?p=12":        "https://example.org/?p=12",
		"tag:example.org,2018:1":           "tag:example.org,2018:1",
		"urn:uuid:1225c695-cfb8-4ebb-aaaa": "urn:uuid:1225c695-cfb8-4ebb-aaaa",
		"12345":                            "guid:src:12345",
		"  abc def ":                       "guid:src:abc def",
	} {
		if got := guidKey("src", guid); got != want {
			t.Errorf("guidKey(%q) = %q, want %q", guid, got, want)
		}
	}
}

func TestPickDate(t *testing.T) {
	fetched := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	item := time.Date(2018, 11, 12, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	page := time.Date(2018, 11, 11, 0, 0, 0, 0, time.UTC)
	for name, c := range map[string]struct {
		itemPub, extPub  time.Time
		itemRaw, extRaw  string
		want             time.Time
		wantRaw, wantFlg string
	}{
		"item":             {item, page, "Mon, 12 Nov 2018 10:00:00 +0100", "", item.UTC(), "Mon, 12 Nov 2018 10:00:00 +0100", ""},
		"page fallback":    {time.Time{}, page, "lun., 12 nov. 2018", "2018-11-11", page, "lun., 12 nov. 2018", "fallback_article"},
		"page raw only":    {time.Time{}, page, "", "2018-11-11", page, "2018-11-11", "fallback_article"},
		"fetch fallback":   {time.Time{}, time.Time{}, "", "", fetched, "", "fallback_fetch"},
		"future clamped":   {fetched.Add(25 * time.Hour), page, "x", "", fetched, "x", "future"},
		"within a day":     {fetched.Add(23 * time.Hour), page, "x", "", fetched.Add(23 * time.Hour), "x", ""},
		"future page date": {time.Time{}, fetched.Add(72 * time.Hour), "", "y", fetched, "y", "future"},
	} {
		got, raw, flag := pickDate(c.itemPub, c.itemRaw, c.extPub, c.extRaw, fetched)
		if !got.Equal(c.want) || raw != c.wantRaw || flag != c.wantFlg || got.Location() != time.UTC {
			t.Errorf("%s: got %v %q %q, want %v %q %q", name, got, raw, flag, c.want, c.wantRaw, c.wantFlg)
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                             "plain",
		"  spaced  ":                        "spaced",
		"Tom &amp; Jerry":                   "Tom & Jerry",
		"<p>One <b>two</b></p><p>Three</p>": "One two\n\nThree",
		"a<br>b<script>evil()</script>c":    "a\n\nbc",
		"<style>p{}</style>x":               "x",
		"<p>unterminated":                   "unterminated",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBackoff(t *testing.T) {
	for _, c := range []struct {
		failures   int
		retryAfter time.Duration
		want       time.Duration
	}{
		{1, 0, time.Hour}, {2, 0, 2 * time.Hour}, {3, 0, 4 * time.Hour}, {6, 0, 24 * time.Hour}, {60, 0, 24 * time.Hour},
		{1, 3 * time.Hour, 3 * time.Hour},
	} {
		got := backoff(time.Hour, c.failures, 24*time.Hour, c.retryAfter)
		if got < c.want || got > c.want+5*time.Minute {
			t.Errorf("backoff(1h, %d failures, retry-after %v) = %v, want %v plus at most 5m", c.failures, c.retryAfter, got, c.want)
		}
	}
	if j := jitter(time.Minute); j < 0 || j > 3*time.Second {
		t.Errorf("jitter(1m) = %v", j)
	}
}

func TestNormalizeCategory(t *testing.T) {
	for in, want := range map[string]callwatch.Category{
		"state": callwatch.CategoryState, "State (FRA)": callwatch.CategoryState, "État": callwatch.CategoryState,
		"public_authority": callwatch.CategoryPublicAuthority, "Public authority": callwatch.CategoryPublicAuthority, "public-authority": callwatch.CategoryPublicAuthority, "Organisme public": callwatch.CategoryPublicAuthority,
		"private_sector": callwatch.CategoryCompany, "Private\u00a0sector": callwatch.CategoryCompany, "Secteur privé": callwatch.CategoryCompany, "company / private sector": callwatch.CategoryCompany,
		"civil_society": callwatch.CategoryCivilSociety, "Société civile": callwatch.CategoryCivilSociety, "civil-society": callwatch.CategoryCivilSociety,
		"card-footer": callwatch.CategoryUnknown, "": callwatch.CategoryUnknown, "column": callwatch.CategoryUnknown,
	} {
		if got := normalizeCategory(in); got != want {
			t.Errorf("normalizeCategory(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseRegisterHTMLVariants(t *testing.T) {
	for name, c := range map[string]struct {
		html, selector string
		want           []rawEntry
	}{
		"table": {`<table><thead><tr><th>Supporter</th><th>Category</th><th>Country</th></tr></thead>
<tbody><tr><td>France</td><td>State</td><td>FRA</td></tr><tr><td> Access  Now </td><td>Civil society</td><td>(USA)</td></tr></tbody></table>`, "",
			[]rawEntry{{"France", "State", "FRA"}, {"Access Now", "Civil society", "USA"}}},
		"french table": {`<table><tr><td>Nom</td><td>Catégorie</td><td>Pays</td></tr><tr><td>Bénin</td><td>État</td><td>BEN</td></tr></table>`, "",
			[]rawEntry{{"Bénin", "État", "BEN"}}},
		"list": {`<ul class="supporters-list"><li><strong>Airbus</strong> <span class="category">Private sector</span> <span class="country">FRA</span></li><li>Benin (state, BEN)</li></ul>`, "",
			[]rawEntry{{"Airbus", "Private sector", "FRA"}, {"Benin", "", ""}}},
		"custom selector": {`<div class="x"><div class="row"><em>Kenya</em><i>State</i><u>KEN</u></div><div class="row"><em>Acme</em></div></div>`, ".row | em | i | u",
			[]rawEntry{{"Kenya", "State", "KEN"}, {"Acme", "", ""}}},
		"entry selector only": {`<ol><li class="s" data-category="state" data-country="JPN">Japan</li></ol>`, "li.s",
			[]rawEntry{{"Japan", "state", "JPN"}}},
		"nothing": {`<html><body><p>Soon.</p></body></html>`, "", nil},
	} {
		got, err := parseRegisterHTML([]byte(c.html), c.selector)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: got %+v, want %+v", name, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: entry %d = %+v, want %+v", name, i, got[i], c.want[i])
			}
		}
	}
}

func TestRedirectLinks(t *testing.T) {
	for _, c := range []struct {
		link, source string
		want         bool
	}{
		{"https://news.google.com/rss/articles/CBMi?oc=5", "https://news.google.com/rss/search?q=x", true},
		{"https://news.google.com/articles/x", "https://example.org/feed", true},
		{"http://www.bing.com/news/apiclick.aspx?url=x", "https://www.bing.com/news/search?q=x&format=rss", true},
		{"https://www.lemonde.fr/a", "https://news.google.com/rss/search?q=x", false},
		{"not a url", "https://news.google.com/", false},
	} {
		if got := isRedirectLink(c.link, c.source); got != c.want {
			t.Errorf("isRedirectLink(%q, %q) = %v", c.link, c.source, got)
		}
	}
}

func TestDecodeGoogleArticleID(t *testing.T) {
	target := "https://www.lemonde.fr/pixels/article/2018/11/12/appel-de-paris_5382.html"
	pb := append([]byte{0x08, 0x13, 0x22, byte(len(target))}, target...)
	pb = append(pb, 0xd2, 0x01, 0x00)
	id := base64.RawURLEncoding.EncodeToString(pb)
	if !strings.HasPrefix(id, "CBMi") {
		t.Fatalf("test id %q does not look like Google's", id)
	}
	u, _ := url.Parse("https://news.google.com/rss/articles/" + id + "?oc=5")
	if got := decodeGoogleArticleID(u); got != target {
		t.Errorf("decoded %q, want %q", got, target)
	}
	for _, other := range []string{
		"https://news.google.com/rss/articles/AU_yqLOpaqueNewStyleId?oc=5",
		"https://example.org/rss/articles/" + id,
	} {
		u, _ := url.Parse(other)
		if got := decodeGoogleArticleID(u); got != "" {
			t.Errorf("decodeGoogleArticleID(%s) = %q, want nothing", other, got)
		}
	}
}

func TestPublisherLinkIn(t *testing.T) {
	const eng = "news.google.com"
	for name, c := range map[string]struct{ html, want string }{
		"meta refresh": {`<meta http-equiv="refresh" content="0;url='https://pub.example/a'">`, "https://pub.example/a"},
		"canonical":    {`<link rel="canonical" href="https://pub.example/b">`, "https://pub.example/b"},
		"data-n-au":    {`<div data-n-au="https://pub.example/c"></div>`, "https://pub.example/c"},
		"first external link": {`<a href="/settings">s</a><a href="https://accounts.google.com/x">g</a><a href="https://pub.example/d">story</a>`,
			"https://pub.example/d"},
		"canonical to the engine is skipped": {`<link rel="canonical" href="https://news.google.com/x"><a href="https://pub.example/e">e</a>`, "https://pub.example/e"},
		"nothing":                            {`<p>Opening…</p><a href="/x">x</a>`, ""},
	} {
		if got := publisherLinkIn([]byte(c.html), "https://news.google.com/rss/articles/X", eng); got != c.want {
			t.Errorf("%s: got %q, want %q", name, got, c.want)
		}
	}
}

func TestSummaryLine(t *testing.T) {
	s := callwatch.RunSummary{
		Started: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Finished: time.Date(2026, 1, 1, 0, 0, 1, 500e6, time.UTC),
		SourcesOK: 3, SourcesUnchanged: 2, SourcesFailed: 1, SourcesSkipped: 4,
		ArticlesNew: 10, ArticlesDuplicate: 2, ArticlesSummary: 3, ArticlesFailed: 1,
		Findings: 7, NewSignatories: 1, AlertsQueued: 1, AlertsSent: 1, Interrupted: true,
	}
	want := "sources: 3 ok, 2 unchanged, 1 failed, 4 not due; articles: 10 new, 2 duplicate, 3 summary-only, 1 failed; findings: 7; new signatories: 1; alerts: 1 queued, 1 sent, 0 pending; took 1.5s (interrupted: unfinished sources are due next run)"
	if got := SummaryLine(s); got != want {
		t.Errorf("SummaryLine =\n%s\nwant\n%s", got, want)
	}
	var b strings.Builder
	s.Failures = []callwatch.SourceFailure{{Source: "lemonde", URL: "https://x.example/f", Kind: callwatch.ErrKindRobots, Error: "robots: disallowed"}}
	WriteFailures(&b, s)
	if !strings.Contains(b.String(), `source "lemonde" failed: robots: disallowed`) || !strings.Contains(b.String(), "ignore_robots") {
		t.Errorf("WriteFailures = %q", b.String())
	}
	for _, k := range []callwatch.ErrorKind{callwatch.ErrKindNetwork, callwatch.ErrKindTimeout, callwatch.ErrKindHTTP, callwatch.ErrKindParse,
		callwatch.ErrKindRobots, callwatch.ErrKindTooLarge, callwatch.ErrKindBlocked, callwatch.ErrKindRedirect, callwatch.ErrKindInternal} {
		if Advice(k) == "" {
			t.Errorf("no advice for %s", k)
		}
	}
}

func FuzzParseRegisterHTML(f *testing.F) {
	f.Add([]byte(`<div data-supporter-name="France"><footer class="card-footer state">State&nbsp;(FRA)</footer></div>`), "")
	f.Add([]byte(`<table><tr><th>Name</th></tr><tr><td>X</td></tr></table>`), "")
	f.Add([]byte(`<ul class="supporters"><li>A (b)</li></ul>`), "li | | |")
	f.Add([]byte(`<div>`), "[[[")
	f.Fuzz(func(t *testing.T, html []byte, selector string) {
		entries, _ := parseRegisterHTML(html, selector)
		for _, e := range entries {
			if e.Name == "" {
				t.Fatalf("an entry without a name: %+v", e)
			}
		}
	})
}

func FuzzPublisherLinkIn(f *testing.F) {
	f.Add([]byte(`<meta http-equiv="refresh" content="0;url=https://pub.example/a">`))
	f.Add([]byte(`<a href="//x">`))
	f.Fuzz(func(t *testing.T, html []byte) {
		if got := publisherLinkIn(html, "https://news.google.com/rss/articles/X", "news.google.com"); got != "" && !isExternalHTTP(got, "news.google.com") {
			t.Fatalf("returned a non-publisher link %q", got)
		}
	})
}

func FuzzCleanText(f *testing.F) {
	f.Add("<p>One &amp; two</p>")
	f.Add("<script>")
	f.Fuzz(func(t *testing.T, s string) {
		out := cleanText(s)
		if strings.Contains(out, "\n\n\n") || out != strings.TrimSpace(out) {
			t.Fatalf("cleanText(%q) = %q: untidy", s, out)
		}
	})
}

func FuzzListingPage(f *testing.F) {
	f.Add([]byte(`<link rel="alternate" type="application/rss+xml" href="/f"><main><h2><a href="/a">A</a></h2></main>`), "")
	f.Add([]byte(`<a class=t href="//other.example/x">x</a><a class=t href="javascript:1">j</a>`), "a.t")
	f.Add([]byte(`<div class="x"><a href="/p#c">p</a></div>`), "div.x")
	f.Fuzz(func(t *testing.T, html []byte, selector string) {
		doc, err := parseHTML(html)
		if err != nil {
			return
		}
		const page = "https://news.example/list"
		for _, af := range alternateFeeds(doc, page) {
			if !isHTTP(af.URL) {
				t.Fatalf("feed link %q is not http(s)", af.URL)
			}
		}
		links := articleLinks(doc, page, selector, 50)
		if len(links) > 50 {
			t.Fatalf("%d links, want at most 50", len(links))
		}
		for _, l := range links {
			u, err := url.Parse(l.URL)
			if err != nil || !sameSite(u.Hostname(), "news.example") || u.Fragment != "" {
				t.Fatalf("link %q: off-site, fragment or unparsable", l.URL)
			}
		}
	})
}

// FuzzTidyParagraphs checks tidyParagraphs' shortcut for feed text against the long way.
func FuzzTidyParagraphs(f *testing.F) {
	for _, s := range []string{"", "a", "a b", "a  b", " a", "a ", "a\nb", "a\n\nb", "a \nb", "a\u00a0b", "a\tb", "\n", "é à\nü", "a\rb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var paras []string
		for _, line := range strings.Split(s, "\n") {
			if l := collapseSpace(line); l != "" {
				paras = append(paras, l)
			}
		}
		if got, want := tidyParagraphs(s), strings.Join(paras, "\n\n"); got != want {
			t.Fatalf("tidyParagraphs(%q) = %q, want %q", s, got, want)
		}
	})
}
