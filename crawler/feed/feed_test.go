package feed

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseGoogleNews(t *testing.T) {
	f, err := Parse(mustRead(t, "testdata/googlenews.xml"), "application/rss+xml; charset=UTF-8", "https://news.google.com/rss/search?q=%22Paris+Call%22")
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != "rss" || f.Title != `"Paris Call" - Google News` || f.Language != "en-US" || f.Encoding != "utf-8" {
		t.Errorf("feed = %+v", f)
	}
	if len(f.Items) != 2 {
		t.Fatalf("got %d items, want 2", len(f.Items))
	}
	it := f.Items[0]
	want := Item{
		GUID:         "CBMiWmh0dHBzOi8vd3d3LmV4YW1wbGUuY29tL2Fjb21l",
		Link:         "https://news.google.com/rss/articles/CBMiWmh0dHBzOi8vd3d3LmV4YW1wbGUuY29tL2Fjb21l?oc=5",
		Title:        "Acme Corp joins the Paris Call for Trust and Security in Cyberspace - Example Times",
		Summary:      "Acme Corp joins the Paris Call\u00a0\u00a0Example Times",
		Published:    time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC),
		PublishedRaw: "Tue, 24 Nov 2026 08:00:00 GMT",
		SourceName:   "Example Times",
		SourceURL:    "https://www.example-times.com/",
		Language:     "en-US",
	}
	// The summary's two no-break spaces are white space: collapsed.
	want.Summary = "Acme Corp joins the Paris Call Example Times"
	if it != want {
		t.Errorf("item 0:\n got %+v\nwant %+v", it, want)
	}
	if got := f.Items[1].Title; got != "L\u2019Appel de Paris : un nouveau soutien - Le Quotidien" {
		t.Errorf("item 1 title = %q", got)
	}
	if f.Items[1].SourceName != "Le Quotidien" {
		t.Errorf("item 1 source = %q", f.Items[1].SourceName)
	}
}

func TestParseAtom(t *testing.T) {
	f, err := Parse(mustRead(t, "testdata/atom.xml"), "application/atom+xml", "https://www.example.de/feeds/atom.xml")
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != "atom" || f.Title != "Nachrichten & Analysen" || f.Link != "https://www.example.de/" {
		t.Errorf("feed = %+v", f)
	}
	it := f.Items[0]
	checks := []struct{ field, got, want string }{
		{"GUID", it.GUID, "tag:example.de,2026:1"},
		{"Link", it.Link, "https://www.example.de/artikel/pariser-appell.html"},
		{"Title", it.Title, "Pariser Appell: neue Unterstützer"},
		{"Summary", it.Summary, "Erster Absatz.\nZweiter Absatz."},
		{"Content", it.Content, "Voller Text."},
		{"Author", it.Author, "Erika Mustermann"},
		{"SourceName", it.SourceName, "Originalquelle"},
		{"SourceURL", it.SourceURL, "https://quelle.example/"},
		{"PublishedRaw", it.PublishedRaw, "2026-11-20T18:30:02+01:00"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if want := time.Date(2026, 11, 20, 17, 30, 2, 0, time.UTC); !it.Published.Equal(want) || it.Published.Location() != time.UTC {
		t.Errorf("Published = %v, want %v in UTC", it.Published, want)
	}
}

func TestParseJSONFeed(t *testing.T) {
	f, err := Parse(mustRead(t, "testdata/jsonfeed.json"), "application/feed+json", "https://notes.example.org/feed.json")
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != "json" || f.Title != "Cyber Policy Notes" || len(f.Items) != 2 {
		t.Fatalf("feed = %+v", f)
	}
	if it := f.Items[0]; it.Link != "https://notes.example.org/posts/paris-call" || it.Content != "Nine principles." || it.Author != "A. Analyst" || it.GUID != "1" {
		t.Errorf("item 0 = %+v", it)
	}
	if it := f.Items[1]; it.GUID != "https://notes.example.org/posts/2" {
		t.Errorf("item without id: GUID = %q, want its URL", it.GUID)
	}
}

func rssDoc(items string) string {
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://example.com/</link>` + items + `</channel></rss>`
}

func TestParseMissingGUIDs(t *testing.T) {
	doc := rssDoc(`<item><title>With link</title><link>/a</link></item>
<item><title>No link</title><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>
<item><title>No link</title><pubDate>Wed, 25 Nov 2026 08:00:00 GMT</pubDate></item>`)
	f, err := Parse([]byte(doc), "", "https://example.com/feed")
	if err != nil {
		t.Fatal(err)
	}
	if g := f.Items[0].GUID; g != "https://example.com/a" {
		t.Errorf("GUID from link = %q", g)
	}
	g1, g2 := f.Items[1].GUID, f.Items[2].GUID
	if !strings.HasPrefix(g1, "sha256:") || !strings.HasPrefix(g2, "sha256:") || g1 == g2 {
		t.Errorf("hash GUIDs = %q, %q: want distinct sha256: ids", g1, g2)
	}
	again, _ := Parse([]byte(doc), "", "https://example.com/feed")
	if again.Items[1].GUID != g1 {
		t.Errorf("hash GUID not stable: %q then %q", g1, again.Items[1].GUID)
	}
}

func TestParseNonEnglishDate(t *testing.T) {
	doc := rssDoc(`<item><title>x</title><link>https://example.fr/a</link><pubDate>lun., 12 nov. 2018 10:00:00 +0100</pubDate></item>`)
	f, err := Parse([]byte(doc), "", "https://example.fr/feed")
	if err != nil {
		t.Fatal(err)
	}
	it := f.Items[0]
	if !it.Published.IsZero() || it.PublishedRaw != "lun., 12 nov. 2018 10:00:00 +0100" {
		t.Errorf("Published = %v, PublishedRaw = %q; want zero and the raw string", it.Published, it.PublishedRaw)
	}
}

func TestParseNamedZones(t *testing.T) {
	doc := `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
<item><title>a</title><link>https://example.com/a</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>
<item><title>b</title><link>https://example.com/b</link><pubDate> Tue, 24 Nov 2026 08:00:00 EST </pubDate></item>
<item><title>c</title><link>https://example.com/c</link><dc:date>Tue, 24 Nov 2026 08:00:00 PDT</dc:date></item>
<item><title>d</title><link>https://example.com/d</link><pubDate>Tue, 24 Nov 2026 08:00:00 +0100</pubDate></item>
<item><title>e</title><link>https://example.com/e</link><pubDate>mar., 24 nov. 2026 08:00:00 GMT</pubDate></item>
</channel></rss>`
	f, err := Parse([]byte(doc), "", "https://example.com/feed")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		raw  string
		want time.Time
	}{
		{"Tue, 24 Nov 2026 08:00:00 GMT", time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)},
		{"Tue, 24 Nov 2026 08:00:00 EST", time.Date(2026, 11, 24, 13, 0, 0, 0, time.UTC)},
		{"Tue, 24 Nov 2026 08:00:00 PDT", time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)},
		{"Tue, 24 Nov 2026 08:00:00 +0100", time.Date(2026, 11, 24, 7, 0, 0, 0, time.UTC)},
		{"mar., 24 nov. 2026 08:00:00 GMT", time.Time{}},
	}
	for i, tt := range tests {
		it := f.Items[i]
		if it.PublishedRaw != tt.raw || !it.Published.Equal(tt.want) {
			t.Errorf("item %s: Published %v raw %q; want %v raw %q", it.Title, it.Published, it.PublishedRaw, tt.want, tt.raw)
		}
	}
}

func TestParseEmptyFeed(t *testing.T) {
	f, err := Parse([]byte(rssDoc("")), "text/xml", "https://example.com/feed")
	if err != nil {
		t.Fatalf("empty feed: %v", err)
	}
	if len(f.Items) != 0 || f.Title != "T" {
		t.Errorf("feed = %+v", f)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, body string
		want       error
	}{
		{"html page", "<!DOCTYPE html><html><head><title>News</title></head><body>x</body></html>", ErrHTML},
		{"html without doctype", "\n<html lang=fr><body><p>x</p></body></html>", ErrHTML},
		{"empty", "  \n", ErrNotFeed},
		{"plain text", "hello world", ErrNotFeed},
		{"other xml", `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>`, ErrNotFeed},
		{"invalid xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>T</ti`, ErrInvalid},
		{"truncated before any item", `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a`, ErrInvalid},
		{"invalid json", `{"version": "https://jsonfeed.org/version/1", "items": [`, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.body), "", "https://example.com/feed")
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse = %+v, %v; want %v", f, err, tt.want)
			}
			if k := callwatch.KindOf(err); k != callwatch.ErrKindParse {
				t.Errorf("kind = %s, want parse", k)
			}
			if !strings.Contains(err.Error(), "https://example.com/feed") {
				t.Errorf("error %q does not name the URL", err)
			}
		})
	}
	_, err := Parse([]byte("<!doctype html><html></html>"), "text/html", "https://example.com/")
	if !strings.Contains(err.Error(), "callwatch sources discover") {
		t.Errorf("HTML error %q does not point to sources discover", err)
	}
}

func TestParseRepairsTruncatedFeed(t *testing.T) {
	full := rssDoc(`<item><title>One</title><link>https://example.com/1</link></item><item><title>Two</title><link>https://example.com/2</link></item><item><title>Thr`)
	cut := full[:strings.Index(full, "</channel>")]
	for name, doc := range map[string]string{
		"cut inside the third item":  cut,
		"root end tag without its >": strings.Replace(rssDoc(`<item><title>One</title></item><item><title>Two</title></item>`), "</rss>", "</rss", 1),
	} {
		t.Run(name, func(t *testing.T) {
			f, err := Parse([]byte(doc), "", "https://example.com/feed")
			if err != nil {
				t.Fatal(err)
			}
			if !f.Repaired || len(f.Items) != 2 || f.Items[1].Title != "Two" {
				t.Errorf("Repaired = %v, %d items: %+v", f.Repaired, len(f.Items), f.Items)
			}
		})
	}
	f, err := Parse([]byte(rssDoc(`<item><title>One</title></item>`)), "", "")
	if err != nil || f.Repaired {
		t.Errorf("a whole feed is not repaired: %v, %v", f, err)
	}
}

func TestParseHTMLEntitiesAndBareAmpersands(t *testing.T) {
	doc := rssDoc(`<item><title>Caf&eacute; &amp; th&eacute;&nbsp;: l&rsquo;Appel &#X41; AT&T</title><link><![CDATA[https://example.com/a?x=1&y=&nbsp;]]></link><description>don&#146;t</description></item>`)
	f, err := Parse([]byte(doc), "", "https://example.com/feed")
	if err != nil {
		t.Fatal(err)
	}
	it := f.Items[0]
	if want := "Café & thé : l’Appel A AT&T"; it.Title != want {
		t.Errorf("Title = %q, want %q", it.Title, want)
	}
	if want := "https://example.com/a?x=1&y=&nbsp;"; it.Link != want {
		t.Errorf("Link = %q, want the CDATA untouched %q", it.Link, want)
	}
	if want := "don’t"; it.Summary != want {
		t.Errorf("Summary = %q, want %q (C1 control read as windows-1252)", it.Summary, want)
	}
}

func TestParsePermalinkGUIDIsLink(t *testing.T) {
	doc := rssDoc(`<item><title>a</title><guid>https://example.com/perma</guid></item><item><title>b</title><guid isPermaLink="false">https://example.com/not-a-link</guid></item>`)
	f, err := Parse([]byte(doc), "", "https://example.com/feed")
	if err != nil {
		t.Fatal(err)
	}
	if f.Items[0].Link != "https://example.com/perma" || f.Items[1].Link != "" {
		t.Errorf("links = %q, %q", f.Items[0].Link, f.Items[1].Link)
	}
}

func TestParseMaxItems(t *testing.T) {
	body := makeFeed(10000, false)
	f, err := Parse(body, "application/rss+xml", "https://example.com/feed")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 10000 || f.Truncated != 0 {
		t.Fatalf("got %d items (truncated %d), want 10000", len(f.Items), f.Truncated)
	}
	if it := f.Items[9999]; it.Title != "Item 9999 about the Paris Call" || it.Link != "https://example.com/news/9999" {
		t.Errorf("last item = %+v", it)
	}
	f, err = Options{MaxItems: 500}.Parse(body, "application/rss+xml", "https://example.com/feed")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 500 || f.Truncated != 9500 || f.Items[499].GUID != "https://example.com/news/499" {
		t.Errorf("MaxItems 500: %d items, truncated %d", len(f.Items), f.Truncated)
	}
}

// bigFeed returns an RSS feed of n items, each with a date, an HTML description and
// content:encoded, like a news feed.
func bigFeed(n int) []byte { return makeFeed(n, true) }

// makeFeed returns an RSS feed of n items; rich adds a date, description and content to
// each (the tests that only count items leave them out to stay fast under -race).
func makeFeed(n int, rich bool) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Big</title><link>https://example.com/</link>`)
	for i := range n {
		if !rich {
			fmt.Fprintf(&b, `<item><title>Item %d about the Paris Call</title><link>/news/%d</link></item>`, i, i)
			continue
		}
		fmt.Fprintf(&b, `<item><title>Item %d about the Paris Call</title><link>/news/%d</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate><description>&lt;p&gt;Summary %d: the Paris Call for Trust and Security in Cyberspace gains a supporter.&lt;/p&gt;</description><content:encoded><![CDATA[<p>Full text of item %d. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>]]></content:encoded></item>`, i, i, i, i)
	}
	b.WriteString(`</channel></rss>`)
	return b.Bytes()
}

func TestParseCharsets(t *testing.T) {
	const title = "Appel de Paris : « confiance » — été, Ünïcödé, ‘€’"
	utf8Doc := func(encLabel string) string {
		decl := `<?xml version="1.0"?>`
		if encLabel != "" {
			decl = `<?xml version="1.0" encoding="` + encLabel + `"?>`
		}
		return decl + `<rss version="2.0"><channel><title>` + title + `</title><item><title>` + title + `</title><link>https://example.com/a</link></item></channel></rss>`
	}
	latin1Title := "Appel de Paris : « confiance » été, Ünïcödé"
	latin1Doc := strings.NewReplacer(title, latin1Title).Replace(utf8Doc("ISO-8859-1"))
	latin1, err := charmap.ISO8859_1.NewEncoder().String(latin1Doc)
	if err != nil {
		t.Fatal(err)
	}
	cp1252, err := charmap.Windows1252.NewEncoder().String(utf8Doc("windows-1252"))
	if err != nil {
		t.Fatal(err)
	}
	cp1252Undeclared, _ := charmap.Windows1252.NewEncoder().String(utf8Doc(""))
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(utf8Doc("utf-16"))
	if err != nil {
		t.Fatal(err)
	}
	utf16BE, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().String(utf8Doc(""))
	tests := []struct {
		name, body, contentType, want, enc string
	}{
		{"ISO-8859-1 declared in prolog", latin1, "text/xml", latin1Title, "windows-1252"},
		{"ISO-8859-1 in HTTP header only", strings.Replace(latin1, `encoding="ISO-8859-1"`, "", 1), "application/rss+xml; charset=iso-8859-1", latin1Title, "windows-1252"},
		{"windows-1252 declared", cp1252, "", title, "windows-1252"},
		{"windows-1252 undeclared", cp1252Undeclared, "", title, "windows-1252"},
		{"HTTP charset overrides prolog", strings.Replace(cp1252, "windows-1252", "utf-8", 1), "text/xml; charset=windows-1252", title, "windows-1252"},
		{"UTF-16 with BOM", utf16, "", title, "utf-16le"},
		{"UTF-16BE without BOM or declaration", utf16BE, "", title, "utf-16be"},
		{"UTF-8 with BOM", "\xEF\xBB\xBF" + utf8Doc("utf-8"), "", title, "utf-8"},
		{"UTF-8 mislabelled latin1 by header is still read by header", utf8Doc(""), "text/xml; charset=utf-8", title, "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.body), tt.contentType, "https://example.com/feed")
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != tt.want || len(f.Items) != 1 || f.Items[0].Title != tt.want {
				t.Errorf("title = %q, want %q", f.Title, tt.want)
			}
			if f.Encoding != tt.enc {
				t.Errorf("encoding = %q, want %q", f.Encoding, tt.enc)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"  a \n\n  b  ", "a\nb"},
		{"<p>One</p><p>Two <b>bold</b></p>", "One\nTwo bold"},
		{"A &amp; B &lt;c&gt; &#8217; &eacute;", "A & B <c> \u2019 é"},
		{"x<script>var a = '<p>';</script>y", "xy"},
		{"<style>p{}</style>Text", "Text"},
		{"line<br>break<br/>again", "line\nbreak\nagain"},
		{"x < y and y > z", "x < y and y > z"},
		{"AT&T", "AT&T"},
		{"<a href='/x'>link</a> text", "link text"},
		{`<a title="a > b" href="/x">quoted ></a>`, "quoted >"},
		{"<!-- hidden --><p>shown</p>", "shown"},
		{"<SCRIPT type=x>bad()</SCRIPT>ok", "ok"},
		{"<script src=x />after", "after"},
		{"<script>never closed", ""},
		{"I <3 Paris", "I <3 Paris"},
		{"a <b", "a"},
		{"x</ y", "x</ y"},
		{"<![CDATA[x]]>y", "y"},
		{"<?php echo 1 ?>z", "z"},
		{"<p>a</p><!-- unterminated", "a"},
		{"<td>a</td><td>b</td>", "a b"},
		{"don\u0092t \u0093quote\u0094", "don\u2019t \u201cquote\u201d"},
		{"&nbsp;&#160;x&amp;amp;", "x&amp;"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := TextLine("<p>One</p>\n<p>Two</p>"); got != "One Two" {
		t.Errorf("TextLine = %q", got)
	}
}
