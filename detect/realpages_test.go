package detect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callwatch/callwatch"
	"golang.org/x/net/html"
)

// trafilaturaPages is a folder of about 1,000 more real web pages (mostly German news and
// blogs; also Polish, Spanish, French, English), whole pages with their menus and footers.
const trafilaturaPages = "../../shared/corpora/trafilatura-eval"

// TestRealPagesHaveNoFindings runs the detector over the article text of 130 real web
// pages (news in several languages, blogs, Wikipedia; none about the Paris Call) from the
// project's shared corpora: every finding there is a false positive.
func TestRealPagesHaveNoFindings(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join(realPages, "*", "expected.html"))
	noFindings(t, realPages, pages, func(p string, data []byte) callwatch.Document {
		return callwatch.Document{Title: filepath.Base(filepath.Dir(p)), Text: htmlText(string(data))}
	})
}

// TestTrafilaturaPagesHaveNoFindings runs the detector over the text of about 1,000 more
// real pages (none about the Paris Call), menus, footers and comments included: every
// finding there is a false positive.
func TestTrafilaturaPagesHaveNoFindings(t *testing.T) {
	var pages []string
	for _, dir := range []string{"eval", "cache"} {
		m, _ := filepath.Glob(filepath.Join(trafilaturaPages, dir, "*.html"))
		pages = append(pages, m...)
	}
	noFindings(t, trafilaturaPages, pages, func(_ string, data []byte) callwatch.Document {
		title, text := pageText(string(data))
		return callwatch.Document{Title: title, Text: text}
	})
}

// noFindings fails for every finding the detector makes in the documents that doc makes
// of the pages (files found in folder, which may be absent).
func noFindings(t *testing.T, folder string, pages []string, doc func(path string, data []byte) callwatch.Document) {
	t.Helper()
	if len(pages) == 0 {
		t.Logf("%s is absent: nothing to check", folder)
		return
	}
	d := newTestDetector(t)
	n := 0
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range d.Detect(doc(p, data)) {
			n++
			t.Errorf("%s: %s %s %s: %q", p, f.Kind, f.Strength, f.Rule, f.Evidence)
		}
	}
	t.Logf("%d pages, %d findings", len(pages), n)
}

// pageText returns the title and the visible text of a whole HTML page, blocks separated
// by blank lines (scripts and styles left out).
func pageText(s string) (title, text string) {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip, inTitle := false, false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.TrimSpace(title), strings.TrimSpace(b.String())
		case html.TextToken:
			switch {
			case inTitle:
				title += string(z.Text())
			case !skip:
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			start := tt == html.StartTagToken
			switch string(name) {
			case "script", "style", "noscript":
				skip = start
			case "title":
				inTitle = start
			case "p", "div", "h1", "h2", "h3", "h4", "li", "br", "blockquote", "section", "article", "td", "tr":
				b.WriteString("\n\n")
			}
		}
	}
}
