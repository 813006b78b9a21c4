package extract

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestExtractDeeplyNestedPage(t *testing.T) {
	page := strings.Repeat("<div><span>x ", 5000) + "<p>" + strings.Repeat("word ", 200)
	_, err := Extract([]byte(page), "")
	if err == nil || errors.Is(err, ErrNoArticle) || !strings.Contains(err.Error(), "parsing HTML") {
		t.Fatalf("err = %v, want a parse error for a page nested beyond the parser's limit", err)
	}
}

func TestNodeText(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"paragraphs", "<p>One  two\n three</p><p>Four</p>", "One two three\n\nFour"},
		{"inline", "<p>a<b>b</b> <i>c</i>d</p>", "ab cd"},
		{"br", "<p>line one<br>line two<br/><br>next para</p>", "line one\nline two\n\nnext para"},
		{"pre", "<pre>x  = 1\ny = 2</pre>", "x = 1\ny = 2"},
		{"entities", "<p>a &amp; b &lt;c&gt; &quot;d&quot; &eacute; &#8217; &nbsp;e</p>", "a & b <c> \"d\" é ’ e"},
		{"hidden", "<p>shown</p><p hidden>secret</p><div><script>x()</script><style>p{}</style><noscript>ns</noscript></div>", "shown"},
		{"lists", "<ul><li>one</li><li>two</li></ul>", "one\n\ntwo"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
		{"nested blocks", "<div>intro<div>inner</div>outro</div>", "intro\n\ninner\n\noutro"},
		{"zero width", "<p>a\u200b b\ufeff</p>", "a b"},
		{"empty", "<div> <p> </p> </div>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseHTML([]byte(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			if got := nodeText(doc); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCleanContent(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"related heading and its list",
			`<div><p>Body one.</p><h2>Related articles</h2><ul><li><a href=/a>France signs the Paris Call</a></li></ul><p>Body two.</p></div>`,
			"Body one.\n\nBody two."},
		{"french label with colon",
			`<div><p>Corps.</p><p>À lire aussi : <a href=/a>La France signe l'Appel de Paris</a></p></div>`, "Corps."},
		{"german label",
			`<div><p>Text.</p><h3>Lesen Sie auch</h3><div><a href=/a>Pariser Appell: Deutschland unterzeichnet</a></div></div>`, "Text."},
		{"caption and credit",
			`<div><p>Text.</p><figure><img src=a.jpg><figcaption>The minister signs.</figcaption></figure><p>Foto: dpa</p></div>`, "Text."},
		{"call to action",
			`<div><p>Text.</p><p>Sign up for our newsletter</p><p>© 2026 Example. All rights reserved.</p></div>`, "Text."},
		{"long paragraph mentioning a newsletter stays",
			`<div><p>The ministry said in its newsletter that it would sign the Paris Call for Trust and Security in Cyberspace at the Paris Peace Forum next week, together with several other countries and a number of large technology companies.</p></div>`,
			"The ministry said in its newsletter that it would sign the Paris Call for Trust and Security in Cyberspace at the Paris Peace Forum next week, together with several other countries and a number of large technology companies."},
		{"a paragraph that is only a link to another story",
			`<div><p>Body one.</p><p><a href=/x>France signs the Paris Call</a></p><p>Body two with <a href=/y>a link</a> inside it.</p></div>`,
			"Body one.\n\nBody two with a link inside it."},
		{"a heading that is not a label stays",
			`<div><h2>Related concerns in Brussels</h2><ul><li><a href=/a>link</a></li></ul></div>`,
			"Related concerns in Brussels\n\nlink"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseHTML([]byte(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			cleanContent(doc)
			if got := nodeText(doc); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPruneBoilerplate(t *testing.T) {
	long := strings.Repeat("Article sentence about the Paris Call. ", 40)
	tests := []struct{ name, html, want string }{
		{"sidebar, nav, footer, comments",
			`<nav>Home</nav><div class="sidebar">Related: France signs</div><article><p>` + long + `</p></article><div id="comments">I signed</div><footer>Footer</footer>`,
			strings.TrimSpace(long)},
		{"role landmarks",
			`<div role="navigation">Menu</div><div role="complementary">Most read</div><p>` + long + `</p>`,
			strings.TrimSpace(long)},
		{"a wrapper named like a sidebar that holds the article is kept",
			`<div class="has-sidebar"><p>` + long + `</p></div>`,
			strings.TrimSpace(long)},
		{"an article body whose class also says sharing is kept",
			`<div class="short">x</div><div class="article-body sharing">short body</div><p>` + long + `</p>`,
			"x\n\nshort body\n\n" + strings.TrimSpace(long)},
		{"a section whose id is a heading's slug is kept",
			`<div class="section" id="sharing-with-a-single-developer"><h2>Sharing with a single developer</h2><p>Keep changesets in draft.</p></div><p>` + long + `</p>`,
			"Sharing with a single developer\n\nKeep changesets in draft.\n\n" + strings.TrimSpace(long)},
		{"cookie banner",
			`<div id="cookie-banner"><p>We use cookies</p></div><p>` + long + `</p>`,
			strings.TrimSpace(long)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseHTML([]byte(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			pruneBoilerplate(doc)
			if got := nodeText(doc); got != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestNormLang(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", "EN-us": "en", "fr_FR": "fr", " de ": "de", "pt-BR,en;q=0.5": "pt",
		"": "", "eng": "", "x": "", "12": "", "zh-Hant-TW": "zh", "é1": "",
	} {
		if got := normLang(in); got != want {
			t.Errorf("normLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsAMPURL(t *testing.T) {
	for raw, want := range map[string]bool{
		"https://a.example/amp/story.html":       true,
		"https://a.example/story/amp":            true,
		"https://a.example/story.amp.html":       true,
		"https://amp.a.example/story":            true,
		"https://a.example/story?amp":            true,
		"https://a.example/story?outputType=amp": true,
		"https://a.example/story":                false,
		"https://a.example/ampere/story":         false,
		"https://a.example/camp/story":           false,
	} {
		u, _ := url.Parse(raw)
		if got := isAMPURL(u); got != want {
			t.Errorf("isAMPURL(%s) = %v, want %v", raw, got, want)
		}
	}
}

func TestResolveHTTP(t *testing.T) {
	base, _ := url.Parse("https://www.example.org/news/a.html")
	for ref, want := range map[string]string{
		"/world/b":                "https://www.example.org/world/b",
		"c.html#top":              "https://www.example.org/news/c.html",
		"https://other.example/x": "https://other.example/x",
		"//cdn.example/y":         "https://cdn.example/y",
		"javascript:alert(1)":     "",
		"mailto:a@example.org":    "",
		"  ":                      "",
		"http://[::1":             "",
		"/x?q=\xff\xfe":           "",
		"/a b":                    "https://www.example.org/a%20b",
	} {
		if got := resolveHTTP(base, ref); got != want {
			t.Errorf("resolveHTTP(%q) = %q, want %q", ref, got, want)
		}
	}
	if got := resolveHTTP(nil, "/relative"); got != "" {
		t.Errorf("relative without base = %q, want empty", got)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		raw  string
		want time.Time
		ok   bool
	}{
		{"2026-03-10T09:30:00+01:00", time.Date(2026, 3, 10, 8, 30, 0, 0, time.UTC), true},
		{"2026-03-10", time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), true},
		{"2026-03-10 09:30:00", time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC), true},
		{"Tue, 10 Mar 2026 09:30:00 GMT", time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC), true},
		{"10 mars 2026", time.Time{}, false},
		{"yesterday", time.Time{}, false},
		{"1970-01-01", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.raw)
		if ok != tt.ok || !got.Equal(tt.want) || (ok && got.Location() != time.UTC) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tt.raw, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLdDatePublished(t *testing.T) {
	for s, want := range map[string]string{
		`{"@type":"NewsArticle","datePublished":"2026-01-02"}`:                              "2026-01-02",
		`[{"@type":"WebSite"},{"@type":"Article","datePublished":"2026-01-03T10:00Z"}]`:     "2026-01-03T10:00Z",
		`{"@graph":[{"@type":"WebPage"},{"@type":"Article","datePublished":"2026-01-04"}]}`: "2026-01-04",
		`{not json`:                     "",
		`{"dateModified":"2026-01-05"}`: "",
	} {
		if got := ldDatePublished(s); got != want {
			t.Errorf("ldDatePublished(%s) = %q, want %q", s, got, want)
		}
	}
}

func TestGuessLanguage(t *testing.T) {
	if got := guessLanguage("Kurz."); got != "" {
		t.Errorf("short text guessed as %q", got)
	}
	de := "Die Bundesregierung hat am Mittwoch angekündigt, dass sie den Pariser Appell für Vertrauen und Sicherheit im Cyberspace weiterhin unterstützen wird."
	if got := guessLanguage(de); got != "de" {
		t.Errorf("German text guessed as %q", got)
	}
	// A long text is cut on a rune boundary before guessing: the German sentence still wins.
	long := strings.Repeat(de+" ", 200) + strings.Repeat("é", 5000)
	if got := guessLanguage(long); got != "de" {
		t.Errorf("long German text guessed as %q", got)
	}
}

func TestReadMeta(t *testing.T) {
	base, _ := url.Parse("https://m.example.org/amp/world/story")
	tests := []struct {
		name, html string
		want       pageMeta
	}{
		{"html amp attribute, relative canonical",
			`<html amp lang="pt-BR"><head><link rel="canonical" href="/world/story"></head></html>`,
			pageMeta{amp: true, canonical: "https://m.example.org/world/story", language: "pt"}},
		{"unusable canonical falls back to og:url",
			`<html><head><link rel="canonical" href="javascript:void(0)"><meta property="og:url" content="https://www.example.org/world/story"></head></html>`,
			pageMeta{amp: true, canonical: "https://www.example.org/world/story"}},
		{"language from content-language, then og:locale",
			`<html><head><meta http-equiv="Content-Language" content="de-AT"><meta property="og:locale" content="fr_FR"></head></html>`,
			pageMeta{amp: true, language: "de"}},
		{"og:locale alone",
			`<html><head><meta property="og:locale" content="fr_FR"><meta name="description" content="Un &amp; deux"></head></html>`,
			pageMeta{amp: true, language: "fr", description: "Un & deux"}},
		{"unparsable date is kept raw",
			`<html><head><meta property="article:published_time" content="le 12 novembre"></head></html>`,
			pageMeta{amp: true, publishedRaw: "le 12 novembre"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseHTML([]byte(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			if got := readMeta(doc, base); got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
