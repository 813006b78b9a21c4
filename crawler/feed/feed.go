package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/crawler/fetch"
	"github.com/callwatch/callwatch/crawler/urlcanon"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	gjson "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
)

// Sentinel causes of the ErrKindParse errors Parse returns; test them with errors.Is.
var (
	// ErrHTML: the body is an HTML page, not a feed.
	ErrHTML = errors.New("this is an HTML page, not a feed; try `callwatch sources discover`")
	// ErrNotFeed: the body is neither RSS, Atom nor JSON Feed (or is empty).
	ErrNotFeed = errors.New("not an RSS, Atom or JSON feed")
	// ErrInvalid: the body looks like a feed but does not parse (invalid XML or JSON).
	ErrInvalid = errors.New("invalid feed")
)

// Feed is a parsed feed, every text field plain UTF-8 text.
type Feed struct {
	Type      string // "rss", "atom" or "json"
	Title     string
	Link      string // the site's home page, absolute
	Language  string
	Encoding  string // the charset the feed was read in, e.g. "utf-8", "utf-16le", "windows-1252"
	Items     []Item // in document order, at most Options.MaxItems
	Truncated int    // items dropped by Options.MaxItems
	Repaired  bool   // the document was cut short or ill-formed; items after the damage are lost
}

// Item is one entry of a feed.
type Item struct {
	GUID         string    // the feed's id; else the link; else "sha256:" of title, date and summary
	Link         string    // absolute URL of the article (resolved against the feed URL)
	Title        string    // plain text: tags removed, entities decoded, white space collapsed
	Summary      string    // plain text of the description / summary
	Content      string    // plain text of content:encoded / Atom content, if any
	Published    time.Time // UTC; zero when absent or unparsable (non-English dates)
	PublishedRaw string    // the date as written in the feed (published, else updated)
	Author       string
	SourceName   string // RSS <source> (Google News: the publisher) or Atom <source> title
	SourceURL    string
	Language     string // the item's dc:language, else the feed's
}

// Options tunes Parse.
type Options struct {
	MaxItems int // keep at most this many items (the first ones); 0: all
}

// Parse parses the raw bytes of a fetched feed: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON
// Feed. contentType is the HTTP Content-Type (for its charset) and feedURL the URL the
// feed was fetched from (the base for relative links). An empty feed is not an error.
// Errors are *callwatch.FetchError of kind ErrKindParse wrapping ErrHTML, ErrNotFeed or
// ErrInvalid.
func Parse(body []byte, contentType, feedURL string) (*Feed, error) {
	return Options{}.Parse(body, contentType, feedURL)
}

// Parse is Parse with options.
func (o Options) Parse(body []byte, contentType, feedURL string) (*Feed, error) {
	fail := func(cause error, detail string) error {
		err := cause
		if detail != "" {
			err = fmt.Errorf("%w: %s", cause, detail)
		}
		return &callwatch.FetchError{Kind: callwatch.ErrKindParse, URL: feedURL, Err: err}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fail(ErrNotFeed, "empty body")
	}
	doc, enc, err := fetch.DecodeXMLCharset(body, contentType)
	if err != nil {
		return nil, fail(ErrInvalid, err.Error())
	}
	head := doc
	if len(head) > 4096 {
		head = head[:4096]
	}
	kind := gofeed.DetectFeedType(bytes.NewReader(head))
	if kind == gofeed.FeedTypeUnknown {
		if looksLikeHTML(head) {
			return nil, fail(ErrHTML, "")
		}
		return nil, fail(ErrNotFeed, "no <rss>, <rdf:RDF>, <feed> or JSON Feed object at the start")
	}
	var rawDates map[string]string
	if kind == gofeed.FeedTypeRSS {
		doc, rawDates = numericZones(doc)
	}
	if kind != gofeed.FeedTypeJSON {
		doc = fixEntities(doc)
		// gofeed builds every item before we can drop any: cut a huge feed at its
		// MaxItems-th item first, so time and memory follow MaxItems, not the feed.
		if cutDoc, dropped := cutItems(doc, o.MaxItems); cutDoc != nil {
			if gf, tr, err := parseGofeed(cutDoc, kind); err == nil && len(gf.Items) == o.MaxItems {
				f := convert(gf, enc, feedURL, o.MaxItems, tr, rawDates)
				f.Truncated += dropped
				return f, nil
			}
		}
	}
	gf, tr, err := parseGofeed(doc, kind)
	repaired := false
	if err != nil && kind != gofeed.FeedTypeJSON && !errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		if fixed := salvage(doc); fixed != nil {
			if gf2, tr2, err2 := parseGofeed(fixed, kind); err2 == nil {
				gf, tr, err, repaired = gf2, tr2, nil, true
			}
		}
	}
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, fail(ErrNotFeed, "")
		}
		return nil, fail(ErrInvalid, err.Error())
	}
	f := convert(gf, enc, feedURL, o.MaxItems, tr, rawDates)
	f.Repaired = repaired
	return f, nil
}

// parseGofeed runs gofeed's parser for kind on a UTF-8 document, and translates its result
// as gofeed.Parser does. Parse has detected kind on the same first 4 KB that
// gofeed.Parser.Parse would scan again (an XML decoder up to the root element).
func parseGofeed(doc []byte, kind gofeed.FeedType) (*gofeed.Feed, *translator, error) {
	tr := &translator{}
	r := bytes.NewReader(doc)
	var gf *gofeed.Feed
	var err error
	switch kind {
	case gofeed.FeedTypeRSS:
		var f *rss.Feed
		if f, err = (&rss.Parser{}).Parse(r); err == nil {
			gf, err = tr.Translate(f)
		}
	case gofeed.FeedTypeAtom:
		var f *atom.Feed
		if f, err = (&atom.Parser{}).Parse(r); err == nil {
			gf, err = tr.Translate(f)
		}
	case gofeed.FeedTypeJSON:
		var f *gjson.Feed
		if f, err = (&gjson.Parser{}).Parse(r); err == nil {
			gf, err = (&gofeed.DefaultJSONTranslator{}).Translate(f)
		}
	default:
		err = gofeed.ErrFeedTypeNotDetected
	}
	if err != nil {
		return nil, tr, err
	}
	return gf, tr, nil
}

// looksLikeHTML reports whether a document starts like an HTML page.
func looksLikeHTML(head []byte) bool {
	h := bytes.ToLower(head)
	for _, marker := range [][]byte{[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body")} {
		if bytes.Contains(h, marker) {
			return true
		}
	}
	return false
}

// source is what an RSS item's <source> says, and its permalink GUID.
type source struct{ name, url, permalink string }

// translator wraps gofeed's default translators to keep what they drop: each item's
// <source>, which Google News uses to name the publisher. It skips gofeed's per-item
// image scan, a full HTML parse of every item we have no use for.
type translator struct {
	sources []source // per item, in order; nil when no item has one
}

func (t *translator) Translate(f interface{}) (*gofeed.Feed, error) {
	switch f := f.(type) {
	case *rss.Feed:
		out, err := (&gofeed.DefaultRSSTranslator{DisableContentImageScan: true}).Translate(f)
		if err != nil {
			return nil, err
		}
		for i, it := range f.Items {
			var s source
			if it.Source != nil {
				s.name, s.url = it.Source.Title, it.Source.URL
			}
			// RSS 2.0: a <guid> is a permalink unless isPermaLink="false".
			if it.GUID != nil && it.Link == "" && !strings.EqualFold(strings.TrimSpace(it.GUID.IsPermalink), "false") {
				if g := strings.TrimSpace(it.GUID.Value); strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
					s.permalink = g
				}
			}
			if s != (source{}) {
				t.set(i, len(f.Items), s)
			}
		}
		return out, nil
	case *atom.Feed:
		out, err := (&gofeed.DefaultAtomTranslator{}).Translate(f)
		if err != nil {
			return nil, err
		}
		for i, e := range f.Entries {
			if e.Source == nil {
				continue
			}
			s := source{name: e.Source.Title}
			for _, l := range e.Source.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					s.url = l.Href
					break
				}
			}
			if s.name != "" || s.url != "" {
				t.set(i, len(f.Entries), s)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("feed: unexpected feed type %T", f)
}

func (t *translator) set(i, n int, s source) {
	if t.sources == nil {
		t.sources = make([]source, n)
	}
	t.sources[i] = s
}

// convert turns gofeed's feed into ours.
func convert(gf *gofeed.Feed, enc, feedURL string, maxItems int, tr *translator, rawDates map[string]string) *Feed {
	base := feedURL
	f := &Feed{
		Type:     gf.FeedType,
		Title:    TextLine(gf.Title),
		Language: normLang(gf.Language),
		Encoding: enc,
	}
	if gf.Link != "" {
		f.Link = urlcanon.Resolve(base, gf.Link)
		if base == "" {
			base = f.Link
		}
	} else if gf.FeedLink != "" && base == "" {
		base = urlcanon.Resolve("", gf.FeedLink)
	}
	items := gf.Items
	if maxItems > 0 && len(items) > maxItems {
		f.Truncated = len(items) - maxItems
		items = items[:maxItems]
	}
	f.Items = make([]Item, 0, len(items))
	for i, gi := range items {
		if gi == nil {
			continue
		}
		it := Item{
			Title:    TextLine(gi.Title),
			Summary:  Text(gi.Description),
			Content:  Text(gi.Content),
			Language: f.Language,
		}
		link := gi.Link
		if link == "" && len(gi.Links) > 0 {
			link = gi.Links[0]
		}
		if link == "" && i < len(tr.sources) {
			link = tr.sources[i].permalink
		}
		if link != "" {
			it.Link = urlcanon.Resolve(base, link)
		}
		switch {
		case gi.PublishedParsed != nil:
			it.Published = gi.PublishedParsed.UTC()
		case gi.UpdatedParsed != nil:
			it.Published = gi.UpdatedParsed.UTC()
		}
		it.PublishedRaw = strings.TrimSpace(gi.Published)
		if it.PublishedRaw == "" {
			it.PublishedRaw = strings.TrimSpace(gi.Updated)
		}
		if orig, ok := rawDates[it.PublishedRaw]; ok {
			it.PublishedRaw = orig
		}
		it.Author = author(gi)
		if gi.DublinCoreExt != nil && len(gi.DublinCoreExt.Language) > 0 && strings.TrimSpace(gi.DublinCoreExt.Language[0]) != "" {
			it.Language = normLang(gi.DublinCoreExt.Language[0])
		}
		if i < len(tr.sources) {
			it.SourceName = TextLine(tr.sources[i].name)
			if u := tr.sources[i].url; u != "" {
				it.SourceURL = urlcanon.Resolve(base, u)
			}
		}
		it.GUID = strings.TrimSpace(gi.GUID)
		if it.GUID == "" {
			it.GUID = it.Link
		}
		if it.GUID == "" {
			it.GUID = hashID(it.Title, it.PublishedRaw, it.Summary)
		}
		f.Items = append(f.Items, it)
	}
	return f
}

// author returns the first author's name, else e-mail.
func author(gi *gofeed.Item) string {
	people := gi.Authors
	if len(people) == 0 && gi.Author != nil {
		people = append(people, gi.Author)
	}
	for _, p := range people {
		if p == nil {
			continue
		}
		if n := TextLine(p.Name); n != "" {
			return n
		}
		if e := strings.TrimSpace(p.Email); e != "" {
			return e
		}
	}
	return ""
}

// hashID is the GUID of an item with neither id nor link.
func hashID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:32]
}

// normLang writes a language tag with hyphens: "en_US" becomes "en-US".
func normLang(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "_", "-") }
