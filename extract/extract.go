package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// ErrNoArticle is returned (with whatever metadata was found) when a page holds no article
// text at all: a login wall, an empty shell filled by JavaScript, an index page.
var ErrNoArticle = errors.New("extract: no article text found")

// MaxInputSize is the largest HTML document Extract reads (32 MiB). The fetcher caps bodies
// well below it; the limit keeps a direct caller from feeding unbounded input.
const MaxInputSize = 32 << 20

// Article is a web page as callwatch reads it: its metadata and its main text.
type Article struct {
	// Title is the article's headline (og:title, JSON-LD, <title> with the site name
	// trimmed, or the first heading).
	Title string `json:"title"`
	// Byline is the author line as the page gives it, if any.
	Byline string `json:"byline,omitempty"`
	// Published is the publication time in UTC, or the zero time when none parses.
	Published time.Time `json:"published"`
	// PublishedRaw is the publication date string exactly as found in the page.
	PublishedRaw string `json:"published_raw,omitempty"`
	// Language is the ISO 639-1 code from <html lang>, a content-language meta or og:locale,
	// or else guessed from the text; empty when nothing is reliable.
	Language string `json:"language"`
	// LanguageGuessed is true when Language was guessed from the text.
	LanguageGuessed bool `json:"language_guessed,omitempty"`
	// SiteName is the publisher's name (og:site_name, JSON-LD publisher).
	SiteName string `json:"site_name,omitempty"`
	// Canonical is the page's declared canonical URL (<link rel=canonical>, then og:url),
	// absolute and resolved against the page URL; empty when the page declares none. For an
	// AMP page it is the regular (non-AMP) article.
	Canonical string `json:"canonical,omitempty"`
	// AMP is true when the page is an AMP page (<html amp> or <html ⚡>, or an /amp/ URL).
	AMP bool `json:"amp,omitempty"`
	// Excerpt is the page's own summary (meta description, og:description).
	Excerpt string `json:"excerpt,omitempty"`
	// Text is the main text: paragraphs separated by "\n\n", lines within a paragraph by
	// "\n", white space collapsed, entities decoded, no markup. Navigation, sidebars,
	// related-article blocks, comments, share and newsletter prompts, footers and cookie
	// banners are removed.
	Text string `json:"text"`
	// Readerable is false when the page does not look like an article (too little
	// paragraph text); Text may still hold what little was found.
	Readerable bool `json:"readerable"`
}

// Extract reads a UTF-8 HTML page fetched from pageURL and returns its article. pageURL
// (may be empty) resolves relative canonical links. The input must already be UTF-8 (the
// fetcher transcodes): Extract never guesses a charset. When the page holds no article text
// the metadata found is returned together with ErrNoArticle. Extract is safe for concurrent
// use, touches no network, clock or file, and does not keep the input.
func Extract(page []byte, pageURL string) (Article, error) {
	if len(page) > MaxInputSize {
		return Article{}, fmt.Errorf("extract: page of %d bytes is over the %d-byte limit", len(page), MaxInputSize)
	}
	base, _ := url.Parse(pageURL)
	if base != nil && !base.IsAbs() {
		base = nil
	}
	doc, err := parseHTML(page)
	if err != nil {
		return Article{}, fmt.Errorf("extract: parsing HTML: %w", err)
	}
	return extractDocument(doc, base)
}

func extractDocument(doc *html.Node, base *url.URL) (Article, error) {
	var a Article
	meta := readMeta(doc, base)
	a.Canonical, a.AMP = meta.canonical, meta.amp
	a.PublishedRaw, a.Published = meta.publishedRaw, meta.published

	parser := readability.NewParser()
	a.Readerable = parser.CheckDocument(doc)

	pruneBoilerplate(doc)
	ra, err := parser.ParseAndMutate(doc, readabilityURL(base))
	if err != nil {
		return a, fmt.Errorf("extract: %w", err)
	}
	a.Title = cleanLine(ra.Title())
	if a.Title == "" {
		a.Title = meta.title
	}
	a.Byline = cleanByline(ra.Byline())
	a.SiteName = cleanLine(ra.SiteName())
	a.Excerpt = cleanLine(ra.Excerpt())
	if meta.description != "" {
		a.Excerpt = meta.description
	}
	if a.Published.IsZero() {
		if t, err := ra.PublishedTime(); err == nil && !t.IsZero() {
			a.Published = t.UTC()
		}
	}
	if ra.Node != nil {
		cleanContent(ra.Node)
		a.Text = nodeText(ra.Node)
	}
	a.Language = normLang(ra.Language())
	if a.Language == "" {
		a.Language = meta.language
	}
	if a.Language == "" {
		a.Language = guessLanguage(a.Title + "\n\n" + a.Text)
		a.LanguageGuessed = a.Language != ""
	}
	// The input should be UTF-8; if some bytes were not, they must not travel on.
	for _, f := range []*string{&a.Title, &a.Byline, &a.PublishedRaw, &a.SiteName, &a.Excerpt, &a.Text} {
		*f = strings.ToValidUTF8(*f, "\uFFFD")
	}
	if a.Text == "" {
		a.Readerable = false
		return a, ErrNoArticle
	}
	return a, nil
}

// readabilityURL gives readability a URL to resolve links against (it needs one).
func readabilityURL(base *url.URL) *url.URL {
	if base != nil {
		return base
	}
	return &url.URL{Scheme: "http", Host: "localhost", Path: "/"}
}

func parseHTML(b []byte) (*html.Node, error) {
	return html.Parse(bytes.NewReader(b))
}

func numCPU() int { return runtime.GOMAXPROCS(0) }

// cleanLine collapses white space in a single-line value.
func cleanLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanByline trims a leading "By"/"Par"/"Von" and collapses white space.
func cleanByline(s string) string {
	s = cleanLine(s)
	for _, p := range []string{"By ", "by ", "BY ", "Par ", "par ", "Von ", "von ", "Por ", "por "} {
		if strings.HasPrefix(s, p) && len(s) > len(p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}
