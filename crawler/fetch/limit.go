package fetch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// limiter bounds requests in flight: Concurrency in total, PerHost per host, and at least
// Delay between the starts of two requests to one host. Every wait honours the context.
// A slot is held from the start of a round trip until its response body is closed (or the
// round trip fails), so a slow body counts as in flight.
type limiter struct {
	global  chan struct{}
	perHost int
	delay   time.Duration

	mu    sync.Mutex
	hosts map[string]*hostSlot
}

// hostSlot is one host's limit. users counts goroutines holding or waiting for it; the slot
// is dropped from the map when nobody uses it and its delay has passed, so the map stays as
// small as the set of hosts being fetched.
type hostSlot struct {
	sem   chan struct{}
	next  time.Time // earliest start of the next request
	users int
}

func newLimiter(concurrency, perHost int, delay time.Duration) *limiter {
	return &limiter{
		global:  make(chan struct{}, concurrency),
		perHost: perHost,
		delay:   delay,
		hosts:   make(map[string]*hostSlot),
	}
}

// acquire waits for a slot for host and returns the function that gives it back.
func (l *limiter) acquire(ctx context.Context, host string) (release func(), err error) {
	host = strings.ToLower(host)
	l.mu.Lock()
	h := l.hosts[host]
	if h == nil {
		h = &hostSlot{sem: make(chan struct{}, l.perHost)}
		l.hosts[host] = h
	}
	h.users++
	l.mu.Unlock()

	drop := func() {
		l.mu.Lock()
		h.users--
		if h.users == 0 && !time.Now().Before(h.next) {
			delete(l.hosts, host)
		}
		l.mu.Unlock()
	}

	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		drop()
		return nil, ctx.Err()
	}
	if l.delay > 0 {
		l.mu.Lock()
		now := time.Now()
		start := h.next
		if start.Before(now) {
			start = now
		}
		h.next = start.Add(l.delay)
		l.mu.Unlock()
		if wait := time.Until(start); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				<-h.sem
				drop()
				return nil, ctx.Err()
			}
		}
	}
	select {
	case l.global <- struct{}{}:
	case <-ctx.Done():
		<-h.sem
		drop()
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-l.global
			<-h.sem
			drop()
		})
	}, nil
}

// limitedTransport applies a limiter to every round trip of next. For requests that do not
// come from Client.Get (colly's), it also bounds the whole exchange, body included, by
// timeout when the request has no deadline of its own, and fails the body read with an
// ErrKindTooLarge error past maxBody bytes instead of letting the caller truncate it.
type limitedTransport struct {
	next    http.RoundTripper
	lim     *limiter
	timeout time.Duration
	maxBody int64
}

// ownRequest is the context key under which Client.Get passes its *attemptClock: Get
// applies its own deadline and body cap.
type ownRequest struct{}

// errAttemptTimeout is the cancellation cause of an attempt that ran out of time.
var errAttemptTimeout = errors.New("fetch: attempt timed out")

// attemptClock is one attempt's Timeout, started by the transport when the attempt's first
// request gets its limiter slot.
type attemptClock struct {
	timeout time.Duration
	cancel  context.CancelCauseFunc
	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
}

func (a *attemptClock) start() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.timer == nil && !a.stopped {
		a.timer = time.AfterFunc(a.timeout, func() { a.cancel(errAttemptTimeout) })
	}
}

func (a *attemptClock) stop() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.stopped = true
	if a.timer != nil {
		a.timer.Stop()
	}
}

// RoundTrip waits for a slot for the request's host, then sends it. The wait is bounded
// only by the request's context; Timeout starts once the slot is granted.
func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	clock, own := req.Context().Value(ownRequest{}).(*attemptClock)
	release, err := t.lim.acquire(req.Context(), req.URL.Host)
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	cancel := context.CancelFunc(func() {})
	if own {
		clock.start()
	} else if _, has := req.Context().Deadline(); !has && t.timeout > 0 {
		var ctx context.Context
		ctx, cancel = context.WithTimeout(req.Context(), t.timeout)
		req = req.WithContext(ctx)
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		release()
		cancel()
		return nil, err
	}
	body := &releaseBody{ReadCloser: resp.Body, release: func() { release(); cancel() }}
	if !own && t.maxBody > 0 {
		body.limit, body.url = t.maxBody, req.URL.String()
	}
	resp.Body = body
	return resp, nil
}

// releaseBody gives the slot back when the body is closed, and enforces limit if set.
type releaseBody struct {
	io.ReadCloser
	release func()
	limit   int64 // 0: none
	read    int64
	url     string
}

func (b *releaseBody) Read(p []byte) (int, error) {
	if b.limit > 0 && int64(len(p)) > b.limit-b.read+1 {
		p = p[:b.limit-b.read+1]
	}
	n, err := b.ReadCloser.Read(p)
	b.read += int64(n)
	if b.limit > 0 && b.read > b.limit {
		fe := tooLarge(b.limit)
		fe.URL = b.url
		return n - int(b.read-b.limit), fe
	}
	return n, err
}

func (b *releaseBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
