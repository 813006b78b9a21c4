package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// testClient returns a Client for loopback test servers: private networks allowed, short
// timeouts and millisecond backoff.
func testClient(t testing.TB, o Options) *Client {
	t.Helper()
	o.AllowPrivate = true
	if o.UserAgent == "" {
		o.UserAgent = "callwatch-test/1.0 (+https://example.org/contact)"
	}
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Second
	}
	if o.Backoff == 0 {
		o.Backoff = time.Millisecond
	}
	c := New(o)
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func wantKind(t *testing.T, err error, kind callwatch.ErrorKind) *callwatch.FetchError {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want kind %s", kind)
	}
	fe, ok := err.(*callwatch.FetchError)
	if !ok {
		t.Fatalf("error %T %v is not a *callwatch.FetchError", err, err)
	}
	if fe.Kind != kind {
		t.Fatalf("kind = %s (%v), want %s", fe.Kind, err, kind)
	}
	return fe
}

func TestGetConditional(t *testing.T) {
	const etag = `"v1"`
	const lastMod = "Tue, 24 Nov 2026 10:00:00 GMT"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("User-Agent") == "" {
			t.Error("no User-Agent sent")
		}
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Write([]byte("<rss/>"))
	}))
	defer srv.Close()
	c := testClient(t, Options{})
	ctx := context.Background()

	r1, err := c.Get(ctx, Request{URL: srv.URL + "/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if r1.NotModified || string(r1.Body) != "<rss/>" || r1.ETag != etag || r1.LastModified != lastMod || r1.Status != 200 {
		t.Fatalf("first response = %+v", r1)
	}
	r2, err := c.Get(ctx, Request{URL: srv.URL + "/feed", ETag: r1.ETag, LastModified: r1.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	if !r2.NotModified || len(r2.Body) != 0 || r2.ETag != etag || r2.LastModified != lastMod {
		t.Fatalf("conditional response = %+v", r2)
	}
}

func TestGetSendsHeaders(t *testing.T) {
	got := make(chan http.Header, 2)
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	const ua = "callwatch/1.0 (+https://example.org/contact)"
	c := testClient(t, Options{UserAgent: ua})
	r, err := c.Get(context.Background(), Request{URL: srv.URL, Accept: "application/rss+xml", LastModified: "Tue, 24 Nov 2026 10:00:00 GMT"})
	if err != nil {
		t.Fatal(err)
	}
	h := <-got
	checks := map[string]string{
		"User-Agent":        ua,
		"Accept":            "application/rss+xml",
		"If-Modified-Since": "Tue, 24 Nov 2026 10:00:00 GMT",
		"If-None-Match":     "",
		"Accept-Encoding":   "gzip, deflate",
	}
	for k, want := range checks {
		if h.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, h.Get(k), want)
		}
	}
	if !r.NotModified || r.LastModified != "Tue, 24 Nov 2026 10:00:00 GMT" {
		t.Errorf("304 without validators in the answer keeps ours: %+v", r)
	}
	c.Get(context.Background(), Request{URL: srv.URL})
	if h := <-got; h.Get("Accept") != "*/*" {
		t.Errorf("default Accept = %q", h.Get("Accept"))
	}
}

func TestOptionsDefaults(t *testing.T) {
	o := New(Options{PerHost: 20, Concurrency: 4}).Options()
	if o.Timeout != DefaultTimeout || o.MaxBodyBytes != DefaultMaxBodyBytes || o.MaxRedirects != DefaultMaxRedirects ||
		o.Retries != DefaultRetries || o.Backoff != DefaultBackoff || o.MaxRetryAfter != DefaultMaxRetryAfter ||
		o.Concurrency != 4 || o.PerHost != 4 || o.UserAgent == "" || o.Logger == nil || o.AllowPrivate || o.IgnoreRobots {
		t.Errorf("defaults: %+v", o)
	}
}
