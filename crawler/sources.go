package crawler

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/crawler/feed"
	"github.com/callwatch/callwatch/crawler/fetch"
)

// acceptFor is the Accept header sent for a source kind.
func acceptFor(k callwatch.SourceKind) string {
	switch k {
	case callwatch.KindFeed, callwatch.KindSearch:
		return "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
	case callwatch.KindRegister:
		return "text/html, text/csv;q=0.9, */*;q=0.5"
	}
	return "text/html, application/xhtml+xml, */*;q=0.5"
}

// crawlSource fetches one source and emits its items (or, for a register, saves its
// snapshot). Its outcome and new validators are recorded in r for finishSource.
func (p *pass) crawlSource(ctx context.Context, r *sourceRun, q *jobQueue) {
	log := p.c.log.With("source", r.src.Name)
	req := fetch.Request{URL: r.state.URL, Accept: acceptFor(r.src.Kind), IgnoreRobots: r.src.IgnoreRobots}
	if !p.c.opts.Refetch {
		req.ETag, req.LastModified = r.state.ETag, r.state.LastModified
	}
	resp, err := p.c.opts.Fetcher.Get(ctx, req)
	if err != nil {
		p.sourceError(ctx, r, err)
		return
	}
	r.etag, r.lastModified, r.movedTo = resp.ETag, resp.LastModified, resp.MovedTo
	if r.movedTo != "" {
		log.Info("source moved permanently; the new URL is stored", "url", r.state.URL, "moved_to", r.movedTo)
	}
	if resp.NotModified {
		r.etag, r.lastModified = firstNonEmpty(r.etag, r.state.ETag), firstNonEmpty(r.lastModified, r.state.LastModified)
		r.bodyHash, r.outcome = r.state.BodyHash, outcomeUnchanged
		return
	}
	sum := sha256.Sum256(resp.Body)
	r.bodyHash = hex.EncodeToString(sum[:])
	if r.bodyHash == r.state.BodyHash && !p.c.opts.Refetch {
		r.outcome = outcomeUnchanged // the validators lied: same bytes as last time
		return
	}

	var items []item
	switch r.src.Kind {
	case callwatch.KindFeed, callwatch.KindSearch:
		items, err = p.c.parseFeed(resp)
	case callwatch.KindPage:
		items, err = p.c.readListing(ctx, resp, r.src)
	case callwatch.KindRegister:
		err = p.crawlRegister(ctx, r, resp)
	}
	if err != nil {
		p.sourceError(ctx, r, err)
		return
	}
	r.outcome = outcomeOK
	if r.src.Kind == callwatch.KindRegister {
		return
	}
	items = items[:min(len(items), p.c.opts.MaxItems)]
	r.items = len(items)
	p.prog.addArticles(len(items))
	for i, it := range items {
		if !q.Push(ctx, job{run: r, it: it}) {
			r.incomplete.Store(true)
			p.prog.articlesDone(len(items) - i)
			return
		}
	}
}

// sourceError records a failed fetch or parse; a cancellation is not a failure.
func (p *pass) sourceError(ctx context.Context, r *sourceRun, err error) {
	if ctx.Err() != nil || callwatch.KindOf(err) == callwatch.ErrKindCanceled {
		r.outcome = outcomeInterrupted
		return
	}
	r.outcome, r.err = outcomeFailed, err
	// Info, not Warn: the summary lists every failure for the user (on stderr for run).
	p.c.log.Info("source failed", "source", r.src.Name, "url", r.state.URL, "error", err)
}

// parseFeed parses a feed or news-search response into at most MaxItems items.
func (c *Crawler) parseFeed(resp *fetch.Response) ([]item, error) {
	items, _, err := c.parseFeedTotal(resp)
	return items, err
}

// parseFeedTotal is parseFeed that also returns how many items the feed holds.
func (c *Crawler) parseFeedTotal(resp *fetch.Response) ([]item, int, error) {
	f, err := feed.Options{MaxItems: c.opts.MaxItems}.Parse(resp.Body, resp.ContentType(), resp.URL)
	if err != nil {
		return nil, 0, err // a *callwatch.FetchError of kind parse
	}
	if f.Truncated > 0 {
		c.log.Warn("feed has more items than crawl.max_items; reading the first ones", "url", resp.URL, "items", len(f.Items)+f.Truncated, "max_items", c.opts.MaxItems)
	}
	items := make([]item, 0, len(f.Items))
	for _, fi := range f.Items {
		items = append(items, item{
			GUID: fi.GUID, Link: fi.Link, Title: fi.Title, Summary: fi.Summary, Content: fi.Content,
			Published: fi.Published, PublishedRaw: fi.PublishedRaw, Author: fi.Author,
			SourceName: fi.SourceName, SourceURL: fi.SourceURL, Language: fi.Language,
		})
	}
	return items, len(f.Items) + f.Truncated, nil
}

func looksLikeHTML(b []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(b[:min(len(b), 512)]))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) || bytes.Contains(head, []byte("<head"))
}

// readListing reads a listing page: the feed it announces, or its article links.
func (c *Crawler) readListing(ctx context.Context, resp *fetch.Response, src Source) ([]item, error) {
	html, err := fetch.DecodeHTML(resp.Body, resp.ContentType())
	if err != nil {
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindParse, URL: resp.URL, Err: err}
	}
	doc, err := parseHTML(html)
	if err != nil {
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindParse, URL: resp.URL, Err: err}
	}
	if src.Selector == "" {
		for _, af := range alternateFeeds(doc, resp.URL) {
			fr, err := c.opts.Fetcher.Get(ctx, fetch.Request{URL: af.URL, Accept: acceptFor(callwatch.KindFeed), IgnoreRobots: src.IgnoreRobots})
			if err != nil {
				if ctx.Err() != nil {
					return nil, err
				}
				c.log.Info("announced feed unreadable; trying the next", "source", src.Name, "url", af.URL, "error", err)
				continue
			}
			items, err := c.parseFeed(fr)
			if err == nil {
				return items, nil
			}
			c.log.Info("announced feed unreadable; trying the next", "source", src.Name, "url", af.URL, "error", err)
		}
	}
	var items []item
	for _, l := range articleLinks(doc, resp.URL, src.Selector, c.opts.MaxItems) {
		items = append(items, item{Link: l.URL, Title: l.Title})
	}
	if len(items) == 0 {
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindParse, URL: resp.URL,
			Err: errors.New("no feed announced and no article link found (set the source's selector)")}
	}
	return items, nil
}

// crawlRegister reads and records a register snapshot.
func (p *pass) crawlRegister(ctx context.Context, r *sourceRun, resp *fetch.Response) error {
	entries, err := p.c.readRegister(resp, r.src.Selector)
	if err != nil {
		var fe *callwatch.FetchError
		if !errors.As(err, &fe) {
			err = &callwatch.FetchError{Kind: callwatch.ErrKindParse, URL: resp.URL, Err: err}
		}
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	// Read and parsed: the snapshot is saved even if the pass is cancelled meanwhile.
	ch, err := p.c.saveRegister(context.WithoutCancel(ctx), r.state.ID, entries)
	if err != nil {
		var fe *callwatch.FetchError
		if errors.As(err, &fe) {
			fe.URL = resp.URL
			return fe
		}
		p.storeFailed(err)
		return err
	}
	r.items = len(entries)
	r.registerChanges = len(ch.RegisterAdded) + len(ch.RegisterRemoved)
	p.sum.merge(ch)
	p.c.log.Info("register read", "source", r.src.Name, "entries", len(entries), "added", len(ch.RegisterAdded), "removed", len(ch.RegisterRemoved))
	return nil
}

// finishSource returns a source's state after the pass: its health and schedule. New
// validators are kept only when every item of the source reached the store: otherwise
// the next pass must read the source again.
func (p *pass) finishSource(r *sourceRun) callwatch.SourceState {
	st := r.state
	now := p.now
	st.LastAttempt = now
	interval := r.src.Interval
	if interval <= 0 {
		interval = p.c.opts.DefaultInterval
	}
	switch {
	case r.outcome == outcomeFailed:
		st.Failures++
		st.LastError = errorLine(r.err) // the URL is in st.URL
		st.ErrorKind = callwatch.KindOf(r.err)
		st.NextDue = now.Add(backoff(interval, st.Failures, p.c.opts.MaxBackoff, retryAfter(r.err)))
		p.sum.failed(r)
	case r.outcome == outcomeInterrupted || r.incomplete.Load():
		// Due again next pass; validators unchanged so that its items are read again.
		p.sum.mu.Lock()
		p.sum.s.Interrupted = true
		p.sum.mu.Unlock()
	default:
		if r.outcome == outcomeOK {
			st.Items = r.items
		}
		if r.movedTo != "" {
			st.URL = r.movedTo
		}
		st.ETag, st.LastModified, st.BodyHash = r.etag, r.lastModified, r.bodyHash
		st.LastSuccess = now
		st.Failures, st.LastError, st.ErrorKind = 0, "", ""
		st.NextDue = now.Add(interval + jitter(interval))
		p.sum.sourceDone(r.outcome)
	}
	return st
}

// backoff returns the wait before retrying a source after failures consecutive failures:
// interval·2^(failures-1), at most max, at least a Retry-After the server asked for, plus
// jitter.
func backoff(interval time.Duration, failures int, max, retryAfter time.Duration) time.Duration {
	d := interval
	for i := 1; i < failures && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	d = max2(d, retryAfter)
	return d + jitter(d)
}

func max2(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}

// jitter returns a random duration in [0, d/20], at most 5 minutes, so that sources
// configured together drift apart instead of hitting their hosts at the same moment.
func jitter(d time.Duration) time.Duration {
	j := min(d/20, 5*time.Minute)
	if j <= 0 {
		return 0
	}
	return rand.N(j + 1)
}

func retryAfter(err error) time.Duration {
	var fe *callwatch.FetchError
	if errors.As(err, &fe) {
		return fe.RetryAfter
	}
	return 0
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
