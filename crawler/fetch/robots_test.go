package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/callwatch/callwatch"
)

func TestRobots(t *testing.T) {
	var robotsHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robotsHits.Add(1)
			w.Write([]byte("User-agent: *\nDisallow: /private/\n\nUser-agent: callwatch-test\nDisallow: /news/secret\nAllow: /\n\nUser-agent: otherbot\nDisallow: /\n"))
			return
		}
		w.Write([]byte("page"))
	}))
	defer srv.Close()
	c := testClient(t, Options{UserAgent: "callwatch-test/1.0 (+https://example.org/contact)"})
	ctx := context.Background()

	tests := []struct {
		path string
		ok   bool
	}{
		{"/news/article", true},
		{"/news/secret/plan", false},
		{"/private/x", true}, // our group, not "*", applies
	}
	for _, tt := range tests {
		ok, err := c.Allowed(ctx, srv.URL+tt.path)
		if err != nil || ok != tt.ok {
			t.Errorf("Allowed(%s) = %v, %v; want %v", tt.path, ok, err, tt.ok)
		}
	}
	_, err := c.Get(ctx, Request{URL: srv.URL + "/news/secret/plan"})
	fe := wantKind(t, err, callwatch.ErrKindRobots)
	if fe.URL != srv.URL+"/news/secret/plan" {
		t.Errorf("URL = %q", fe.URL)
	}
	if r, err := c.Get(ctx, Request{URL: srv.URL + "/news/secret/plan", IgnoreRobots: true}); err != nil || string(r.Body) != "page" {
		t.Errorf("per-request IgnoreRobots: %v", err)
	}
	// Fetched once per host for the Client's life, even under concurrency.
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Allowed(ctx, srv.URL+"/news/a")
		}()
	}
	wg.Wait()
	if n := robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", n)
	}

	// Another user agent falls under "*".
	other := testClient(t, Options{UserAgent: "somebot/2.0"})
	if ok, _ := other.Allowed(ctx, srv.URL+"/private/x"); ok {
		t.Error("the * group is not applied to other agents")
	}
	// IgnoreRobots on the Client: not even fetched.
	robotsHits.Store(0)
	ign := testClient(t, Options{IgnoreRobots: true, UserAgent: "otherbot/1"})
	if _, err := ign.Get(ctx, Request{URL: srv.URL + "/news/secret/plan"}); err != nil || robotsHits.Load() != 0 {
		t.Errorf("IgnoreRobots: %v, robots.txt fetched %d times", err, robotsHits.Load())
	}
}

func TestRobotsUnavailable(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			hits.Add(1)
			switch r.Host {
			default:
				w.WriteHeader(http.StatusInternalServerError)
			}
		default:
			w.Write([]byte("page"))
		}
	}))
	defer srv.Close()
	missing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("page"))
	}))
	defer missing.Close()
	c := testClient(t, Options{})
	ctx := context.Background()
	for _, u := range []string{srv.URL + "/a", missing.URL + "/a"} {
		if r, err := c.Get(ctx, Request{URL: u}); err != nil || string(r.Body) != "page" {
			t.Errorf("%s: %v; want allowed", u, err)
		}
	}
	// A 5xx robots.txt is not cached for the Client's life, but is not re-read at once.
	c.Get(ctx, Request{URL: srv.URL + "/b"})
	if n := hits.Load(); n != 1 {
		t.Errorf("robots.txt with 5xx read %d times, want 1 (cached for a while)", n)
	}
}

func TestRobotsCanceled(t *testing.T) {
	c := testClient(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Allowed(ctx, "http://127.0.0.1:1/x")
	wantKind(t, err, callwatch.ErrKindCanceled)
	// Nothing was cached for the canceled caller.
	c.robotsMu.Lock()
	n := len(c.robots)
	c.robotsMu.Unlock()
	if n != 0 {
		t.Errorf("%d robots entries cached after a canceled read", n)
	}
}

func TestProductToken(t *testing.T) {
	for in, want := range map[string]string{
		"callwatch/1.2 (+https://x)": "callwatch",
		"callwatch":                  "callwatch",
		"My Bot":                     "My",
	} {
		if got := productToken(in); got != want {
			t.Errorf("productToken(%q) = %q, want %q", in, got, want)
		}
	}
}
