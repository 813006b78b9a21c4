package crawler

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/crawler/feed"
	"github.com/callwatch/callwatch/crawler/fetch"
	"github.com/callwatch/callwatch/crawler/urlcanon"
	"github.com/callwatch/callwatch/extract"
	xhtml "golang.org/x/net/html"
)

// item is one entry found in a source: a feed or search item, or a listing page's link.
type item struct {
	GUID, Link, Title string
	Summary, Content  string // may hold HTML
	Published         time.Time
	PublishedRaw      string
	Author            string
	SourceName        string // the outlet a news search names (<source>)
	SourceURL         string
	Language          string
}

// sink receives what process makes of an item: the saver in a pass, a collector in Probe.
type sink interface {
	add(ctx context.Context, j saveJob)
}

// maxFuture is how far ahead of the fetch time a date may be before it is clamped.
const maxFuture = 24 * time.Hour

// process turns one item into an article, or into a sighting of a stored one, and hands
// it to the saver. It never drops an item silently: an item it cannot finish marks its
// source incomplete, so that the next pass reads the source again.
func (p *pass) process(ctx context.Context, j job, sv sink) {
	defer p.prog.articlesDone(1)
	if ctx.Err() != nil {
		j.run.incomplete.Store(true)
		return
	}
	it, src := j.it, j.run.src
	link := strings.TrimSpace(it.Link)
	if link == "" && isHTTP(it.GUID) {
		link = it.GUID
	}
	guid := guidKey(j.run.state.ID, it.GUID)
	canon := canonical(link)
	keys := nonEmpty(canon, link, guid)

	var cl *claim
	if !p.c.opts.Refetch && len(keys) > 0 {
		var done bool
		if cl, done = p.claimOrSight(ctx, j, keys, link, guid, sv); done {
			return
		}
	}
	id := ""
	defer func() { p.claims.release(cl, id) }()

	a := &callwatch.Article{Fetched: p.c.opts.Now(), Sources: []string{j.run.state.ID}}
	if guid != "" {
		a.GUIDs = []string{guid}
	}
	var page *fetch.Response
	var unresolved string // why a news-search redirect could not be resolved
	pub := link
	if src.Kind == callwatch.KindSearch && link != "" && isRedirectLink(link, j.run.state.URL) {
		switch {
		case !p.c.opts.ResolveRedirects:
			unresolved = "search redirect not resolved (crawl.resolve_redirects is off)"
		default:
			res, err := p.c.resolveRedirect(ctx, link, src.IgnoreRobots)
			if err != nil {
				if ctx.Err() != nil {
					j.run.incomplete.Store(true)
					return
				}
				unresolved = "search redirect not resolved: " + errorLine(err)
			} else {
				pub, page = res.URL, res.Page
				if page != nil && !p.allowed(ctx, pub, src.IgnoreRobots) {
					page = nil // fetchArticle reports the robots.txt refusal
				}
			}
		}
	}
	if pub != link {
		canon = canonical(pub)
		if id = p.sightIfKnown(ctx, j, sv, canon, link, pub, guid); id != "" {
			return
		}
	}

	var ext *extract.Article
	var reason string
	switch {
	case link == "":
		reason = "the item has no link"
	case unresolved != "":
		reason = unresolved
	case !p.c.opts.FetchArticles:
		reason = "article fetching is off (crawl.fetch_articles)"
	default:
		var err error
		ext, err = p.fetchArticle(ctx, pub, page, src.IgnoreRobots)
		if err != nil {
			if ctx.Err() != nil {
				j.run.incomplete.Store(true)
				return
			}
			reason = errorLine(err)
			p.c.log.Info("article not fetched; keeping the feed's summary", "source", src.Name, "article_url", pub, "error", err)
		}
	}
	if ext != nil && ext.Canonical != "" {
		if c := canonical(urlcanon.AMPToCanonical(ext.Canonical)); c != "" && c != canon {
			if id = p.sightIfKnown(ctx, j, sv, c, link, pub, guid); id != "" {
				return
			}
			canon = c
		}
	}
	if canon == "" {
		canon = syntheticURL(j.run.state.ID, it)
	}
	a.ID, a.URL = callwatch.ArticleID(canon), canon
	a.URLs = nonEmpty(canon, link, pub)
	p.fill(a, it, src, ext, reason, unresolved != "")
	if a.Status != callwatch.StatusFailed {
		a.Findings = p.detect(a)
	}
	id = a.ID
	sv.add(ctx, saveJob{art: a, run: j.run, fresh: true})
}

// claimOrSight claims the item's keys for this pass. When another item of the pass holds
// them, it waits for that one and records this item as a sighting of its article; when
// the store knows a key, it records a sighting of the stored article. done reports
// whether the item is fully handled.
func (p *pass) claimOrSight(ctx context.Context, j job, keys []string, link, guid string, sv sink) (cl *claim, done bool) {
	for {
		mine, theirs := p.claims.acquire(keys)
		if mine != nil {
			cl = mine
			break
		}
		select {
		case <-theirs.done:
		case <-ctx.Done():
			j.run.incomplete.Store(true)
			return nil, true
		}
		if theirs.id != "" {
			sv.add(ctx, saveJob{sight: &sighting{id: theirs.id, urls: nonEmpty(link), source: j.run.state.ID, guid: guid}, run: j.run})
			return nil, true
		}
	}
	id, ok, err := p.c.opts.Store.Known(ctx, keys...)
	if err != nil {
		if ctx.Err() == nil {
			p.storeFailed(err)
		}
		j.run.incomplete.Store(true)
		p.claims.release(cl, "")
		return nil, true
	}
	if ok {
		sv.add(ctx, saveJob{sight: &sighting{id: id, urls: nonEmpty(link), source: j.run.state.ID, guid: guid}, run: j.run})
		p.claims.release(cl, id)
		return nil, true
	}
	return cl, false
}

// sightIfKnown records a sighting when canon (found after resolving a redirect or from the
// page's canonical link) names a stored article, and returns that article's id ("" when
// it does not).
func (p *pass) sightIfKnown(ctx context.Context, j job, sv sink, canon, link, pub, guid string) string {
	if p.c.opts.Refetch || canon == "" {
		return ""
	}
	id, ok, err := p.c.opts.Store.Known(ctx, canon)
	if err != nil || !ok {
		return ""
	}
	sv.add(ctx, saveJob{sight: &sighting{id: id, urls: nonEmpty(link, pub), source: j.run.state.ID, guid: guid}, run: j.run})
	return id
}

// allowed reports whether robots.txt lets us read u (true when robots are ignored or
// robots.txt cannot be read: the fetch itself then reports the error).
func (p *pass) allowed(ctx context.Context, u string, ignoreRobots bool) bool {
	f := p.c.opts.Fetcher
	if ignoreRobots || f.Options().IgnoreRobots {
		return true
	}
	ok, err := f.Allowed(ctx, u)
	return ok || err != nil
}

// fetchArticle fetches (unless resolving a redirect already did) and extracts a page.
func (p *pass) fetchArticle(ctx context.Context, u string, page *fetch.Response, ignoreRobots bool) (*extract.Article, error) {
	var body []byte
	var contentType, final string
	if page != nil {
		body, contentType, final = page.Body, page.ContentType(), page.URL
	} else {
		pg, err := p.pages.get(ctx, u, ignoreRobots)
		if err != nil {
			return nil, err
		}
		body, contentType, final = pg.Body, pg.ContentType, pg.URL
	}
	html, err := fetch.DecodeHTML(body, contentType)
	if err != nil {
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindParse, URL: final, Err: err}
	}
	ext, err := extract.Extract(html, final)
	if err != nil {
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindParse, URL: final, Err: fmt.Errorf("no article text found: %w", err)}
	}
	if strings.TrimSpace(ext.Text) == "" {
		return &ext, &callwatch.FetchError{Kind: callwatch.ErrKindParse, URL: final, Err: errors.New("no article text found")}
	}
	return &ext, nil
}

// fill sets an article's text, status, title, dates, outlet and language from the item,
// the source and what extraction found (ext may be nil). reason, when set, says why only
// the feed's own content is kept.
func (p *pass) fill(a *callwatch.Article, it item, src Source, ext *extract.Article, reason string, unresolved bool) {
	title := cleanText(it.Title)
	if it.SourceName != "" {
		title = strings.TrimSuffix(title, " - "+it.SourceName) // Google News appends the outlet
	}
	fromFeed := longest(cleanText(it.Content), cleanText(it.Summary))
	switch {
	case reason == "" && ext != nil:
		a.Status, a.Text = callwatch.StatusFull, ext.Text
		a.Title = firstNonEmpty(title, ext.Title)
		a.Byline = firstNonEmpty(ext.Byline, it.Author)
	case fromFeed != "" || title != "":
		a.Status, a.StatusReason, a.Text, a.Title = callwatch.StatusSummary, reason, fromFeed, title
		a.Byline = it.Author
	default:
		a.Status, a.StatusReason = callwatch.StatusFailed, reason+"; the item has no title or summary either"
	}
	a.ContentHash = callwatch.ContentHash(a.Text)

	var extPub time.Time
	var extRaw, extLang string
	if ext != nil {
		extPub, extRaw, extLang = ext.Published, ext.PublishedRaw, ext.Language
	}
	a.Published, a.PublishedRaw, a.DateFlag = pickDate(it.Published, it.PublishedRaw, extPub, extRaw, a.Fetched)
	a.Language = strings.ToLower(firstNonEmpty(extLang, it.Language, src.Language))
	if len(a.Language) > 2 && (a.Language[2] == '-' || a.Language[2] == '_') {
		a.Language = a.Language[:2] // "fr-FR" -> "fr"
	}
	a.Outlet = outletOf(a.URL)
	if unresolved || a.Outlet == "" {
		a.Outlet = firstNonEmpty(it.SourceName, outletOf(it.SourceURL), a.Outlet)
	}
}

// pickDate chooses an article's published time: the item's, else the page's
// ("fallback_article"), else the fetch time ("fallback_fetch"). A time more than a day
// after the fetch is clamped to it ("future"). The raw string is the one found.
func pickDate(itemPub time.Time, itemRaw string, extPub time.Time, extRaw string, fetched time.Time) (time.Time, string, string) {
	pub, raw, flag := itemPub, itemRaw, ""
	switch {
	case !itemPub.IsZero():
	case !extPub.IsZero():
		pub, flag = extPub, "fallback_article"
		raw = firstNonEmpty(itemRaw, extRaw)
	default:
		pub, flag = fetched, "fallback_fetch"
		raw = firstNonEmpty(itemRaw, extRaw)
	}
	if pub.After(fetched.Add(maxFuture)) {
		pub, flag = fetched, "future"
	}
	return pub.UTC(), raw, flag
}

// detect runs detection and drops findings below MinConfidence.
func (p *pass) detect(a *callwatch.Article) []callwatch.Finding {
	fs := p.c.opts.Detector.Detect(a.Document())
	out := fs[:0]
	for _, f := range fs {
		if f.Confidence >= p.c.opts.MinConfidence {
			out = append(out, f)
		}
	}
	return out
}

// canonical returns the canonical form of an article URL (AMP pages mapped to their
// canonical), or "" when it is not an http(s) URL.
func canonical(raw string) string {
	if !isHTTP(strings.ToLower(strings.TrimSpace(raw))) {
		return ""
	}
	c, err := urlcanon.Canonical(urlcanon.AMPToCanonical(raw))
	if err != nil {
		return ""
	}
	return c
}

// guidKey is the key a feed GUID is stored and looked up under. A GUID that is an
// absolute URI (a permalink, a tag: or urn: URI) is global; any other (a bare number, a
// hash) is only unique within its feed, so it is prefixed with the source's id.
func guidKey(sourceID, guid string) string {
	guid = strings.TrimSpace(guid)
	if guid == "" {
		return ""
	}
	if !strings.Contains(guid, ":") {
		// No scheme, so not a URI (url.Parse would say the same, at some cost per item).
		return "guid:" + sourceID + ":" + guid
	}
	if u, err := url.Parse(guid); err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "") {
		return guid
	}
	return "guid:" + sourceID + ":" + guid
}

// syntheticURL names an item without any usable link, so that it is still stored once.
func syntheticURL(sourceID string, it item) string {
	return "urn:callwatch:" + sourceID + ":" + callwatch.ContentHash(it.GUID + "\x00" + it.Title + "\x00" + it.Summary)[:16]
}

// outletOf returns the host of u without "www.".
func outletOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(pu.Hostname()), "www.")
}

// cleanText turns a feed's title or summary (which may hold HTML and entities) into
// plain text, paragraphs separated by blank lines.
func cleanText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return tidyParagraphs(s)
	}
	if !strings.Contains(s, "<") {
		return tidyParagraphs(html.UnescapeString(s))
	}
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return tidyParagraphs(b.String())
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				skip++
			case "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr":
				b.WriteString("\n\n")
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			if s := string(name); (s == "script" || s == "style") && skip > 0 {
				skip--
			}
		}
	}
}

// tidyParagraphs collapses spaces within lines and joins non-empty lines with blank lines.
func tidyParagraphs(s string) string {
	if feed.Collapsed(s) {
		// Text from crawler/feed: lines already collapsed, none blank.
		return strings.ReplaceAll(s, "\n", "\n\n")
	}
	var paras []string
	for _, line := range strings.Split(s, "\n") {
		if l := collapseSpace(line); l != "" {
			paras = append(paras, l)
		}
	}
	return strings.Join(paras, "\n\n")
}

func longest(a, b string) string {
	if len(b) > len(a) {
		return b
	}
	return a
}

// nonEmpty returns the distinct non-empty strings of s, in order.
func nonEmpty(s ...string) []string {
	out := make([]string, 0, len(s))
	for _, v := range s {
		if v == "" {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == v
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}

// errorLine is an error's message for a user: a FetchError says its kind and status.
func errorLine(err error) string {
	var fe *callwatch.FetchError
	if errors.As(err, &fe) {
		switch {
		case fe.Status != 0:
			return fmt.Sprintf("%s: HTTP %d", fe.Kind, fe.Status)
		case fe.Err != nil:
			return fmt.Sprintf("%s: %v", fe.Kind, fe.Err)
		}
		return string(fe.Kind)
	}
	return err.Error()
}
