package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzCorpusPages are readability-test-pages used as seeds, read from ../shared at fuzz time.
var fuzzCorpusPages = []string{"lemonde-1", "heise", "wikipedia", "hidden-nodes", "rtl-1", "bug-1255978"}

// FuzzExtract feeds Extract arbitrary bytes: it must not panic or hang, and what it returns
// must keep its promises (clean paragraphs, ISO 639-1 language, http(s) canonical).
func FuzzExtract(f *testing.F) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".html") {
			f.Add(readTestdata(f, e.Name()), "https://news.example/a/b.html")
		}
	}
	dir := filepath.Join(corporaDir(f), "readability-test-pages", "pages")
	for _, name := range fuzzCorpusPages {
		b, err := os.ReadFile(filepath.Join(dir, name, "source.html"))
		if err != nil {
			f.Fatalf("fuzz seed %s: %v", name, err)
		}
		f.Add(b, readabilityPageURL)
	}
	f.Add([]byte("<p>a<br><br>b</p><pre>x\n\ny</pre>"), "")
	f.Add([]byte(`<html ⚡><link rel=canonical href="javascript:alert(1)"><p>x`), "/amp/relative")
	f.Add([]byte("<div>"+strings.Repeat("<div><p>deep", 600)), "http://[::1]:namedport")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "%zz")
	f.Fuzz(func(t *testing.T, page []byte, pageURL string) {
		a, err := Extract(page, pageURL)
		if err == nil && a.Text == "" {
			t.Fatal("no error but empty text")
		}
		if a.Text != "" && !a.Readerable && err != nil {
			t.Fatalf("text with error %v", err)
		}
		if strings.Contains(a.Text, "\n\n\n") {
			t.Fatalf("three line breaks in a row: %q", a.Text)
		}
		for _, p := range strings.Split(a.Text, "\n\n") {
			if p != strings.TrimSpace(p) {
				t.Fatalf("paragraph not trimmed: %q", p)
			}
		}
		for _, s := range []string{a.Title, a.Byline, a.PublishedRaw, a.SiteName, a.Excerpt, a.Text, a.Canonical} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 out: %q", s)
			}
		}
		if a.Language != "" && normLang(a.Language) != a.Language {
			t.Fatalf("language %q is not ISO 639-1", a.Language)
		}
		if a.Canonical != "" && !strings.HasPrefix(a.Canonical, "http://") && !strings.HasPrefix(a.Canonical, "https://") {
			t.Fatalf("canonical %q is not http(s)", a.Canonical)
		}
		if !a.Published.IsZero() && a.Published.Location().String() != "UTC" {
			t.Fatalf("published %v is not UTC", a.Published)
		}
	})
}
