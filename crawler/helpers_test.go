package crawler

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/crawler/fetch"
)

// site is a loopback web server whose pages the tests set, counting requests per path.
type site struct {
	*httptest.Server
	mux  *http.ServeMux
	mu   sync.Mutex
	hits map[string]int
}

func newSite(t testing.TB) *site {
	s := &site{mux: http.NewServeMux(), hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// page serves a fixed body.
func (s *site) page(path, contentType, body string) {
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		fmt.Fprint(w, body)
	})
}

func (s *site) handle(path string, h http.HandlerFunc) { s.mux.HandleFunc(path, h) }

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// rssItem is one item of a generated RSS feed.
type rssItem struct {
	Title, Link, GUID, Desc, Date, Source string
}

func rss(items ...rssItem) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<rss version="2.0"><channel><title>Test feed</title><link>http://example.org/</link><description>t</description>`)
	for _, it := range items {
		b.WriteString("<item>")
		fmt.Fprintf(&b, "<title>%s</title>", html.EscapeString(it.Title))
		if it.Link != "" {
			fmt.Fprintf(&b, "<link>%s</link>", html.EscapeString(it.Link))
		}
		if it.GUID != "" {
			fmt.Fprintf(&b, `<guid isPermaLink="false">%s</guid>`, html.EscapeString(it.GUID))
		}
		if it.Desc != "" {
			fmt.Fprintf(&b, "<description>%s</description>", html.EscapeString(it.Desc))
		}
		if it.Date != "" {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>", it.Date)
		}
		if it.Source != "" {
			fmt.Fprintf(&b, `<source url="https://outlet.example/">%s</source>`, html.EscapeString(it.Source))
		}
		b.WriteString("</item>")
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// articleHTML is a news page long enough for extraction, with optional extra <head> markup.
func articleHTML(title, lead, head string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title>%s</head><body>`, html.EscapeString(title), head)
	b.WriteString(`<nav><a href="/">Home</a> <a href="/world">World</a></nav><main><article>`)
	fmt.Fprintf(&b, "<h1>%s</h1><p>%s</p>", html.EscapeString(title), html.EscapeString(lead))
	for i := range 6 {
		fmt.Fprintf(&b, "<p>Paragraph %d of the story. Diplomats and company representatives met again to discuss the norms of responsible behaviour in cyberspace, the protection of critical infrastructure and the security of the software supply chain, which remain contested among the states that took part in the talks this week.</p>", i+1)
	}
	b.WriteString(`</article></main><footer>Copyright</footer></body></html>`)
	return b.String()
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testFetcher is a fetch.Client for loopback servers, with one attempt per request.
func testFetcher() *fetch.Client {
	return fetch.New(fetch.Options{
		UserAgent:    "callwatch-test/1.0 (+https://example.org/callwatch)",
		AllowPrivate: true,
		Retries:      1,
		Backoff:      time.Millisecond,
		Timeout:      5 * time.Second,
		PerHost:      8,
		Concurrency:  16,
	})
}

// harness is a crawler over a memStore with a fake detector and a test clock.
type harness struct {
	t     *testing.T
	store *memStore
	clock *clock
	opts  Options
}

func newHarness(t *testing.T, sources ...Source) *harness {
	h := &harness{t: t, store: newMemStore(), clock: newClock()}
	h.opts = Options{
		Store:            h.store,
		Detector:         &fakeDetector{},
		Fetcher:          testFetcher(),
		Sources:          sources,
		FetchArticles:    true,
		ResolveRedirects: true,
		MinConfidence:    0.5,
		Now:              h.clock.Now,
		BatchInterval:    20 * time.Millisecond,
		Concurrency:      4,
	}
	return h
}

// pass runs one pass with the harness's options and fails the test on a store error.
func (h *harness) pass() callwatch.RunSummary {
	h.t.Helper()
	return h.passCtx(context.Background())
}

func (h *harness) passCtx(ctx context.Context) callwatch.RunSummary {
	h.t.Helper()
	c, err := New(h.opts)
	if err != nil {
		h.t.Fatalf("New: %v", err)
	}
	s, err := c.Pass(ctx)
	if err != nil {
		h.t.Fatalf("Pass: %v", err)
	}
	return s
}

// state returns the stored state of the source named name.
func (h *harness) state(name string) callwatch.SourceState {
	h.t.Helper()
	for _, s := range h.opts.Sources {
		if s.Name == name {
			st, ok, _ := h.store.Source(context.Background(), s.ID())
			if !ok {
				h.t.Fatalf("source %q has no stored state", name)
			}
			return st
		}
	}
	h.t.Fatalf("no source %q", name)
	return callwatch.SourceState{}
}
