package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/callwatch/callwatch"
)

// Defaults applied by New to zero Options fields.
const (
	DefaultTimeout       = 30 * time.Second
	DefaultMaxBodyBytes  = 10 << 20
	DefaultMaxRedirects  = 10
	DefaultRetries       = 3
	DefaultBackoff       = time.Second
	DefaultMaxRetryAfter = 30 * time.Second
	DefaultConcurrency   = 8
	DefaultPerHost       = 2
)

// Options configures a Client. Zero fields take the defaults above.
type Options struct {
	UserAgent     string        // required: product/version (+contact URL)
	Timeout       time.Duration // per attempt, from getting a host slot to the body's end; default 30s
	MaxBodyBytes  int64         // after decompression; default 10 MiB; exceeding it is ErrKindTooLarge
	MaxRedirects  int           // default 10
	Retries       int           // attempts per request (5xx, 429, timeouts, connection errors); default 3
	Backoff       time.Duration // base of exponential backoff with jitter; default 1s
	MaxRetryAfter time.Duration // longest Retry-After waited inside one Get; default 30s
	Concurrency   int           // global requests in flight; default 8
	PerHost       int           // requests in flight per host; default 2
	Delay         time.Duration // minimum delay between request starts to one host; default 0
	AllowPrivate  bool          // allow loopback/private/link-local/CGNAT/metadata targets
	AllowLoopback bool          // allow loopback targets (127.0.0.0/8, ::1) only: tests on one machine
	IgnoreRobots  bool          // obey robots.txt unless true
	Logger        *slog.Logger  // default: discard
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.Retries <= 0 {
		o.Retries = DefaultRetries
	}
	if o.Backoff <= 0 {
		o.Backoff = DefaultBackoff
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	if o.PerHost > o.Concurrency {
		o.PerHost = o.Concurrency
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.UserAgent == "" {
		o.UserAgent = "callwatch (+https://github.com/callwatch/callwatch)"
	}
	return o
}

// Client fetches URLs safely and politely. It is safe for concurrent use; create one per
// process (or per daemon) so that its limits and robots.txt cache are shared.
type Client struct {
	opts      Options
	base      *http.Transport
	transport *limitedTransport

	robotsMu sync.Mutex
	robots   map[string]*robotsEntry

	// control checks each address dialed (net.Dialer.Control) unless AllowPrivate.
	control func(network, address string, rc syscall.RawConn) error
	// hostOverride (tests) maps a host name to another address, as a lying DNS would.
	hostOverride map[string]string
}

// New returns a Client with o's zero fields set to their defaults.
func New(o Options) *Client {
	c := &Client{opts: o.withDefaults(), robots: make(map[string]*robotsEntry), control: checkAddress}
	if o.AllowLoopback {
		c.control = checkAddressButLoopback
	}
	c.base = &http.Transport{
		Proxy:                 nil, // a proxy would defeat the dial-time address check
		DialContext:           c.dialContext(),
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   c.opts.PerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: c.opts.Timeout,
		ExpectContinueTimeout: time.Second,
	}
	c.transport = &limitedTransport{
		next:    c.base,
		lim:     newLimiter(c.opts.Concurrency, c.opts.PerHost, c.opts.Delay),
		timeout: c.opts.Timeout,
		maxBody: c.opts.MaxBodyBytes,
	}
	return c
}

// Options returns the options in effect, defaults applied.
func (c *Client) Options() Options { return c.opts }

// Transport returns the safe, limited transport for other HTTP clients such as colly:
// collector.WithTransport(client.Transport()). Requests through it share Get's dial-time
// address checks, global and per-host concurrency and per-host delay (a slot is held
// until the body is closed). A request without a deadline of its own gets Timeout for the
// whole exchange, body included, and reading more than MaxBodyBytes (decompressed: do not
// set Accept-Encoding, so that net/http decompresses) fails with an ErrKindTooLarge
// *callwatch.FetchError instead of a silent truncation. Retries, Retry-After and
// robots.txt are not applied: use Allowed, and retry at the caller.
func (c *Client) Transport() http.RoundTripper { return c.transport }

// CloseIdleConnections closes the transport's idle keep-alive connections.
func (c *Client) CloseIdleConnections() { c.base.CloseIdleConnections() }

// Request is one GET.
type Request struct {
	URL          string
	ETag         string // conditional GET: sent as If-None-Match
	LastModified string // conditional GET: sent as If-Modified-Since
	Accept       string // default: */*
	IgnoreRobots bool   // per-source opt-out of robots.txt
}

// Response is a successful GET (2xx, or 304 with NotModified set).
type Response struct {
	URL          string // final URL after redirects
	Status       int
	NotModified  bool // 304: unchanged since ETag/LastModified; Body is empty
	Header       http.Header
	Body         []byte // decompressed, in its original charset
	ETag         string // validators to store for the next conditional GET
	LastModified string
	MovedTo      string // non-empty when the first hop was a permanent redirect (301/308)
}

// ContentType returns the response's Content-Type header.
func (r *Response) ContentType() string { return r.Header.Get("Content-Type") }

// Get fetches r.URL: robots.txt check, then up to Retries attempts with backoff. Every error
// is a *callwatch.FetchError whose Kind says what went wrong.
func (c *Client) Get(ctx context.Context, r Request) (*Response, error) {
	u, err := checkURL(r.URL)
	if err != nil {
		return nil, err
	}
	if !c.opts.IgnoreRobots && !r.IgnoreRobots {
		ok, err := c.Allowed(ctx, u.String())
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &callwatch.FetchError{Kind: callwatch.ErrKindRobots, URL: r.URL,
				Err: fmt.Errorf("robots.txt of %s disallows it for our user agent (set ignore_robots on the source to override)", u.Host)}
		}
	}
	return c.fetch(ctx, u.String(), r, c.opts.MaxBodyBytes, c.opts.Retries)
}

// checkURL parses raw and refuses what is not an absolute http(s) URL.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindBlocked, URL: raw, Err: fmt.Errorf("invalid URL: %v", err)}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindBlocked, URL: raw,
			Err: &BlockedError{Reason: fmt.Sprintf("only http and https URLs are fetched, not %q", u.Scheme)}}
	}
	if u.Host == "" {
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindBlocked, URL: raw, Err: errors.New("URL has no host")}
	}
	return u, nil
}

// fetch runs the attempts of one request.
func (c *Client) fetch(ctx context.Context, rawURL string, r Request, maxBody int64, attempts int) (*Response, error) {
	var last *callwatch.FetchError
	for attempt := 1; ; attempt++ {
		resp, ferr, retryAfter := c.attempt(ctx, rawURL, r, maxBody)
		if ferr == nil {
			return resp, nil
		}
		last = ferr
		if !retryable(ferr) || attempt >= attempts {
			return nil, last
		}
		wait := c.backoff(attempt)
		if retryAfter > 0 {
			if retryAfter > c.opts.MaxRetryAfter {
				last.RetryAfter = retryAfter
				return nil, last
			}
			wait = retryAfter
		}
		c.opts.Logger.Debug("fetch: retrying", "url", rawURL, "error", ferr.Error(), "attempt", attempt, "wait", wait)
		if err := sleep(ctx, wait); err != nil {
			return nil, &callwatch.FetchError{Kind: callwatch.ErrKindCanceled, URL: rawURL, Err: err}
		}
	}
}

// attempt performs one GET with its own deadline, covering the body.
func (c *Client) attempt(ctx context.Context, rawURL string, r Request, maxBody int64) (*Response, *callwatch.FetchError, time.Duration) {
	// The attempt's Timeout starts when its first request gets a limiter slot, not
	// before: time queued behind other requests to the same host is not the server's.
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	clock := &attemptClock{timeout: c.opts.Timeout, cancel: cancel}
	defer clock.stop()
	actx = context.WithValue(actx, ownRequest{}, clock)

	fail := func(kind callwatch.ErrorKind, err error) *callwatch.FetchError {
		return &callwatch.FetchError{Kind: kind, URL: rawURL, Err: err}
	}
	req, err := http.NewRequestWithContext(actx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fail(callwatch.ErrKindBlocked, err), 0
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	accept := r.Accept
	if accept == "" {
		accept = "*/*"
	}
	req.Header.Set("Accept", accept)
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}

	var movedTo string
	hc := &http.Client{
		Transport: c.transport,
		CheckRedirect: func(next *http.Request, via []*http.Request) error {
			if len(via) > c.opts.MaxRedirects {
				return &redirectError{fmt.Sprintf("more than %d redirects (raise crawl.max_redirects)", c.opts.MaxRedirects)}
			}
			if next.URL.Scheme != "http" && next.URL.Scheme != "https" {
				return &BlockedError{Reason: fmt.Sprintf("redirect to a non-HTTP URL %q refused", next.URL.String())}
			}
			for _, v := range via {
				if v.URL.String() == next.URL.String() {
					return &redirectError{fmt.Sprintf("redirect loop back to %s", next.URL)}
				}
			}
			if len(via) == 1 && next.Response != nil {
				switch next.Response.StatusCode {
				case http.StatusMovedPermanently, http.StatusPermanentRedirect:
					movedTo = next.URL.String()
				}
			}
			// Conditional headers and our own Accept-Encoding are copied by net/http.
			return nil
		},
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, c.classify(ctx, actx, rawURL, err), 0
	}
	defer resp.Body.Close()

	out := &Response{
		URL:          resp.Request.URL.String(),
		Status:       resp.StatusCode,
		Header:       resp.Header,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		MovedTo:      movedTo,
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = r.ETag
		}
		if out.LastModified == "" {
			out.LastModified = r.LastModified
		}
		return out, nil, 0
	case resp.StatusCode >= 400 || resp.StatusCode < 200 || (resp.StatusCode >= 300 && resp.StatusCode < 400):
		io.CopyN(io.Discard, resp.Body, 64<<10)
		fe := &callwatch.FetchError{Kind: callwatch.ErrKindHTTP, URL: rawURL, Status: resp.StatusCode}
		var ra time.Duration
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			ra = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
			fe.RetryAfter = ra
		}
		return nil, fe, ra
	}
	body, err := readBody(resp, maxBody)
	if err != nil {
		var fe *callwatch.FetchError
		if errors.As(err, &fe) {
			fe.URL = rawURL
			return nil, fe, 0
		}
		return nil, c.classify(ctx, actx, rawURL, err), 0
	}
	out.Body = body
	return out, nil, 0
}

// redirectError is the cause of an ErrKindRedirect FetchError.
type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

// readBody reads resp's body, decompressing gzip and deflate, and fails with
// ErrKindTooLarge when the decompressed body exceeds max bytes.
func readBody(resp *http.Response, max int64) ([]byte, error) {
	if resp.ContentLength > max && headerEncoding(resp) == "" {
		return nil, tooLarge(max)
	}
	var r io.Reader = resp.Body
	switch enc := headerEncoding(resp); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, &callwatch.FetchError{Kind: callwatch.ErrKindParse, Err: fmt.Errorf("invalid gzip body: %w", err)}
		}
		defer zr.Close()
		r = zr
	case "deflate":
		// "deflate" is zlib-wrapped by the standard, but some servers send raw DEFLATE.
		br := &peekReader{r: resp.Body}
		hdr, _ := br.peek(2)
		if len(hdr) == 2 && hdr[0]&0x0f == 8 && (uint16(hdr[0])<<8|uint16(hdr[1]))%31 == 0 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, &callwatch.FetchError{Kind: callwatch.ErrKindParse, Err: fmt.Errorf("invalid deflate body: %w", err)}
			}
			defer zr.Close()
			r = zr
		} else {
			fr := flate.NewReader(br)
			defer fr.Close()
			r = fr
		}
	default:
		return nil, &callwatch.FetchError{Kind: callwatch.ErrKindParse, Err: fmt.Errorf("unsupported Content-Encoding %q", enc)}
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 && resp.ContentLength <= max && headerEncoding(resp) == "" {
		buf.Grow(int(resp.ContentLength))
	}
	n, err := buf.ReadFrom(io.LimitReader(r, max+1))
	if n > max {
		return nil, tooLarge(max)
	}
	if err != nil {
		if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, zlib.ErrChecksum) || errors.Is(err, zlib.ErrHeader) {
			return nil, &callwatch.FetchError{Kind: callwatch.ErrKindParse, Err: fmt.Errorf("corrupt compressed body: %w", err)}
		}
		var ce flate.CorruptInputError
		if errors.As(err, &ce) {
			return nil, &callwatch.FetchError{Kind: callwatch.ErrKindParse, Err: fmt.Errorf("corrupt compressed body: %w", err)}
		}
		return nil, err
	}
	return buf.Bytes(), nil
}

func headerEncoding(resp *http.Response) string {
	return strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
}

func tooLarge(max int64) *callwatch.FetchError {
	return &callwatch.FetchError{Kind: callwatch.ErrKindTooLarge,
		Err: fmt.Errorf("body too large (limit %s; raise crawl.max_body)", formatBytes(max))}
}

// formatBytes writes n as "10 MiB", "512 KiB" or "123 bytes".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// peekReader lets the deflate sniffing look at two bytes without losing them.
type peekReader struct {
	r   io.Reader
	buf []byte
}

func (p *peekReader) peek(n int) ([]byte, error) {
	for len(p.buf) < n {
		b := make([]byte, n-len(p.buf))
		m, err := p.r.Read(b)
		p.buf = append(p.buf, b[:m]...)
		if err != nil {
			return p.buf, err
		}
	}
	return p.buf, nil
}

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return p.r.Read(b)
}

// ReadByte lets flate read without its own buffering past the stream's end.
func (p *peekReader) ReadByte() (byte, error) {
	var b [1]byte
	_, err := io.ReadFull(p, b[:])
	return b[0], err
}
