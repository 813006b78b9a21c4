package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/callwatch/callwatch"
	"github.com/gocolly/colly/v2"
)

// fetchedPage is an article page as fetched: raw bytes in the page's own charset.
type fetchedPage struct {
	URL         string // after redirects
	ContentType string
	Body        []byte
}

// pageFetcher fetches article pages with colly through the fetcher's transport, so that
// colly's requests share the fetcher's dial-time address checks and global and per-host
// limits. One is made per pass: colly's visited and robots maps only grow.
type pageFetcher struct {
	c       *Crawler
	col     *colly.Collector
	maxBody int64
}

// Keys of the colly request context used to carry results out of the callbacks.
const (
	ctxContentType = "callwatch.content_type"
	ctxStatus      = "callwatch.status"
	ctxBody        = "callwatch.body"
	ctxURL         = "callwatch.url"
	ctxTooLarge    = "callwatch.too_large"
)

// newPageFetcher builds the pass's collector. Every colly option that a COLLY_*
// environment variable could have changed is set explicitly here.
func (c *Crawler) newPageFetcher(ctx context.Context) *pageFetcher {
	col := colly.NewCollector()
	col.Context = ctx // cancels in-flight requests when the pass ends
	col.UserAgent = c.opts.UserAgent
	col.Async = false
	col.AllowURLRevisit = true // we keep our own record of what is stored
	// robots.txt is checked with the fetcher's Allowed before each request: it honours the
	// context and shares one cache across passes, where colly's check refetches
	// robots.txt for every collector and ignores the context.
	col.IgnoreRobotsTxt = true
	col.AllowedDomains, col.DisallowedDomains = nil, nil // they would block cross-site redirects (AMP, short links)
	col.URLFilters, col.DisallowedURLFilters = nil, nil
	col.CacheDir = "" // colly caches error responses forever
	col.DetectCharset = false
	col.MaxDepth, col.MaxRequests = 0, 0
	col.MaxBodySize = int(c.opts.MaxBodyBytes) + 1 // one byte over the cap tells a truncated body
	col.ParseHTTPErrorResponse = true              // statuses are judged below, 204 and 304 included
	col.TraceHTTP = false
	col.Headers = nil
	col.DisableCookies()
	col.WithTransport(c.opts.Fetcher.Transport())
	// No client-wide timeout: the fetcher's transport starts its per-request deadline (which
	// covers the body) only once the request has its host slot, so time spent waiting behind
	// per_host and delay is not counted as a timeout; the pass's context bounds the rest.
	col.SetRequestTimeout(0)
	maxRedirects := c.opts.MaxRedirects
	col.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return &callwatch.FetchError{Kind: callwatch.ErrKindRedirect, URL: req.URL.String(), Err: fmt.Errorf("more than %d redirects", maxRedirects)}
		}
		return nil
	})
	maxBody := c.opts.MaxBodyBytes
	col.OnRequest(func(r *colly.Request) {
		// Accept-Encoding stays unset: the transport then asks for gzip and decompresses
		// itself, so MaxBodySize bounds the decompressed bytes.
		r.Headers.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	})
	col.OnResponseHeaders(func(r *colly.Response) {
		// colly would transcode the body by the HTTP charset, and fetch.DecodeHTML would
		// then decode it again by its <meta>: keep the header for DecodeHTML alone.
		r.Ctx.Put(ctxContentType, r.Headers.Get("Content-Type"))
		r.Headers.Del("Content-Type")
		if cl := r.Headers.Get("Content-Length"); cl != "" {
			var n int64
			if _, err := fmt.Sscan(cl, &n); err == nil && n > maxBody {
				r.Ctx.Put(ctxTooLarge, true)
				r.Request.Abort()
			}
		}
	})
	col.OnResponse(func(r *colly.Response) {
		r.Ctx.Put(ctxStatus, r.StatusCode)
		r.Ctx.Put(ctxBody, r.Body)
		r.Ctx.Put(ctxURL, r.Request.URL.String())
	})
	col.OnError(func(r *colly.Response, _ error) {
		if r != nil && r.StatusCode != 0 {
			r.Ctx.Put(ctxStatus, r.StatusCode)
		}
	})
	return &pageFetcher{c: c, col: col, maxBody: maxBody}
}

// get fetches one article page, obeying robots.txt unless ignoreRobots. Every error is a
// *callwatch.FetchError.
func (pf *pageFetcher) get(ctx context.Context, u string, ignoreRobots bool) (*fetchedPage, error) {
	f := pf.c.opts.Fetcher
	if !ignoreRobots && !f.Options().IgnoreRobots {
		ok, err := f.Allowed(ctx, u)
		if err != nil {
			return nil, classify(ctx, u, err)
		}
		if !ok {
			return nil, &callwatch.FetchError{Kind: callwatch.ErrKindRobots, URL: u, Err: errors.New("robots.txt disallows it")}
		}
	}
	cctx := colly.NewContext()
	err := pf.col.Request(http.MethodGet, u, nil, cctx, nil)
	if v, _ := cctx.GetAny(ctxTooLarge).(bool); v {
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindTooLarge, URL: u, Err: fmt.Errorf("the page is larger than %d bytes", pf.maxBody)}
	}
	if err != nil {
		return nil, classify(ctx, u, err)
	}
	status, _ := cctx.GetAny(ctxStatus).(int)
	if status < 200 || status > 299 || status == http.StatusNoContent {
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindHTTP, URL: u, Status: status}
	}
	body, _ := cctx.GetAny(ctxBody).([]byte)
	if int64(len(body)) > pf.maxBody {
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindTooLarge, URL: u, Err: fmt.Errorf("the page is larger than %d bytes", pf.maxBody)}
	}
	final, _ := cctx.GetAny(ctxURL).(string)
	return &fetchedPage{URL: firstNonEmpty(final, u), ContentType: cctx.Get(ctxContentType), Body: body}, nil
}

// classify turns an error from colly or the transport into a FetchError.
func classify(ctx context.Context, u string, err error) error {
	var fe *callwatch.FetchError
	if errors.As(err, &fe) {
		return fe
	}
	var ne net.Error
	switch {
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return &callwatch.FetchError{Kind: callwatch.ErrKindCanceled, URL: u, Err: err}
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return &callwatch.FetchError{Kind: callwatch.ErrKindTimeout, URL: u, Err: err}
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		return &callwatch.FetchError{Kind: callwatch.ErrKindRobots, URL: u, Err: err}
	case strings.Contains(err.Error(), "stopped after") || strings.Contains(err.Error(), "redirect"):
		return &callwatch.FetchError{Kind: callwatch.ErrKindRedirect, URL: u, Err: err}
	}
	return &callwatch.FetchError{Kind: callwatch.ErrKindNetwork, URL: u, Err: err}
}
