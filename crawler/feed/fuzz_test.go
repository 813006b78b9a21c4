package feed

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzFeedParse feeds Parse arbitrary bytes. Seeds: this package's testdata and, when
// present, every feed of the shared feedparser corpus (read at fuzz time, never copied).
func FuzzFeedParse(f *testing.F) {
	seed := func(p string) {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b, "")
		}
	}
	filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			seed(p)
		}
		return nil
	})
	filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".py") {
			seed(p)
		}
		return nil
	})
	f.Add([]byte(rssDoc(`<item><title>a &nbsp; b</title></item><item><title>Thr`)), "text/xml; charset=iso-8859-1")
	f.Add([]byte("\xFF\xFE<\x00r\x00s\x00s\x00>\x00"), "")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		feed, err := Options{MaxItems: 50}.Parse(body, contentType, "https://example.com/feed.xml")
		if err != nil {
			if feed != nil {
				t.Fatal("a feed and an error")
			}
			return
		}
		if len(feed.Items) > 50 {
			t.Fatalf("%d items despite MaxItems 50", len(feed.Items))
		}
		for _, s := range []string{feed.Title, feed.Link, feed.Language} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in feed field %q", s)
			}
		}
		for _, it := range feed.Items {
			if it.GUID == "" {
				t.Fatal("an item without GUID")
			}
			for _, s := range []string{it.Title, it.Summary, it.Content, it.Link, it.Author, it.SourceName} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in item field %q", s)
				}
			}
			if strings.ContainsAny(it.Title, "\n\t") {
				t.Fatalf("title %q is not one line", it.Title)
			}
		}
	})
}

// FuzzCollapseLines checks collapseLines' and TextLine's shortcuts against the long way.
func FuzzCollapseLines(f *testing.F) {
	for _, s := range []string{"", "a", "a b", "a  b", " a", "a ", "a\nb", "a\n\nb", "a \nb", "a\u00a0b", "a\tb", "\n", "é à\nü", "a\rb", "\xff \xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		for line := range strings.SplitSeq(s, "\n") {
			fields := strings.FieldsFunc(line, unicode.IsSpace)
			if len(fields) == 0 {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(strings.Join(fields, " "))
		}
		if got, want := collapseLines(s), b.String(); got != want {
			t.Fatalf("collapseLines(%q) = %q, want %q", s, got, want)
		}
		if got, want := TextLine(s), strings.Join(strings.Fields(Text(s)), " "); got != want {
			t.Fatalf("TextLine(%q) = %q, want %q", s, got, want)
		}
	})
}
