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
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// noRobots answers 404 for /robots.txt and delegates the rest to h.
func noRobots(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	})
}

func TestGetLyingValidators(t *testing.T) {
	// The server sends validators but ignores them: a full 200 every time. The fetcher
	// returns the body each time (the crawl pass detects "unchanged" by its hash).
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"same"`)
		w.Write([]byte("<rss>same</rss>"))
	}))
	defer srv.Close()
	c := testClient(t, Options{})
	r, err := c.Get(context.Background(), Request{URL: srv.URL, ETag: `"same"`})
	if err != nil {
		t.Fatal(err)
	}
	if r.NotModified || string(r.Body) != "<rss>same</rss>" {
		t.Errorf("got NotModified=%v body %q; want the full body", r.NotModified, r.Body)
	}
}

func gzipped(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

func TestGetCompressed(t *testing.T) {
	payload := bytes.Repeat([]byte("Paris Call for Trust and Security in Cyberspace. "), 2000)
	var zl, raw bytes.Buffer
	zw := zlib.NewWriter(&zl)
	zw.Write(payload)
	zw.Close()
	fw, _ := flate.NewWriter(&raw, flate.BestCompression)
	fw.Write(payload)
	fw.Close()
	bodies := map[string][]byte{"gzip": gzipped(t, payload), "deflate-zlib": zl.Bytes(), "deflate-raw": raw.Bytes(), "x-gzip": gzipped(t, payload)}
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		if ae := r.Header.Get("Accept-Encoding"); !strings.Contains(ae, "gzip") || !strings.Contains(ae, "deflate") {
			t.Errorf("Accept-Encoding = %q", ae)
		}
		name := strings.TrimPrefix(r.URL.Path, "/")
		enc := map[string]string{"gzip": "gzip", "x-gzip": "x-gzip", "deflate-zlib": "deflate", "deflate-raw": "deflate"}[name]
		w.Header().Set("Content-Encoding", enc)
		w.Write(bodies[name])
	}))
	defer srv.Close()
	c := testClient(t, Options{})
	for name := range bodies {
		t.Run(name, func(t *testing.T) {
			r, err := c.Get(context.Background(), Request{URL: srv.URL + "/" + name})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(r.Body, payload) {
				t.Errorf("body of %d bytes differs from the %d-byte payload", len(r.Body), len(payload))
			}
		})
	}
}

func TestGetCorruptGzip(t *testing.T) {
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write([]byte("this is not gzip at all"))
	}))
	defer srv.Close()
	_, err := testClient(t, Options{}).Get(context.Background(), Request{URL: srv.URL})
	wantKind(t, err, callwatch.ErrKindParse)
}

func TestGetTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 200<<10)
	// A gzip bomb: 1 MiB of zeros compresses to about 1 KiB; 64 concatenated gzip members
	// (which gzip readers decode as one stream) make 64 MiB out of 64 KiB.
	member := gzipped(t, make([]byte, 1<<20))
	bomb := bytes.Repeat(member, 64)
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/length":
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			w.Write(big)
		case "/chunked":
			for i := 0; i < len(big); i += 4096 {
				w.Write(big[i : i+4096])
				w.(http.Flusher).Flush()
			}
		case "/bomb":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		case "/exact":
			w.Write(big[:100<<10])
		}
	}))
	defer srv.Close()
	c := testClient(t, Options{MaxBodyBytes: 100 << 10})
	for _, path := range []string{"/length", "/chunked", "/bomb"} {
		t.Run(path, func(t *testing.T) {
			_, err := c.Get(context.Background(), Request{URL: srv.URL + path})
			fe := wantKind(t, err, callwatch.ErrKindTooLarge)
			if msg := fe.Error(); !strings.Contains(msg, "limit 100 KiB") || !strings.Contains(msg, "raise crawl.max_body") {
				t.Errorf("message %q does not say the limit and how to raise it", msg)
			}
		})
	}
	r, err := c.Get(context.Background(), Request{URL: srv.URL + "/exact"})
	if err != nil || len(r.Body) != 100<<10 {
		t.Fatalf("a body of exactly the cap: %v, %d bytes", err, len(r.Body))
	}
}

func TestGetDefaultBodyLimitMessage(t *testing.T) {
	fe := tooLarge(DefaultMaxBodyBytes)
	if !strings.Contains(fe.Error(), "too large (limit 10 MiB; raise crawl.max_body)") {
		t.Errorf("message = %q", fe.Error())
	}
}

func TestGetRetryAfter(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		switch {
		case r.URL.Path == "/seconds" && n == 1:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		case r.URL.Path == "/date" && n == 1:
			w.Header().Set("Retry-After", time.Now().Add(-time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
		case r.URL.Path == "/long":
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			w.Write([]byte("ok"))
		}
	}))
	defer srv.Close()
	c := testClient(t, Options{MaxRetryAfter: time.Minute})
	for _, path := range []string{"/seconds", "/date"} {
		hits.Store(0)
		r, err := c.Get(context.Background(), Request{URL: srv.URL + path})
		if err != nil || string(r.Body) != "ok" || hits.Load() != 2 {
			t.Errorf("%s: %v, %d hits; want success on the second", path, err, hits.Load())
		}
	}
	hits.Store(0)
	_, err := c.Get(context.Background(), Request{URL: srv.URL + "/long"})
	fe := wantKind(t, err, callwatch.ErrKindHTTP)
	if fe.Status != 429 || fe.RetryAfter != time.Hour || hits.Load() != 1 {
		t.Errorf("Retry-After beyond MaxRetryAfter: status %d, RetryAfter %v, %d hits; want 429, 1h, 1", fe.Status, fe.RetryAfter, hits.Load())
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"120", 2 * time.Minute}, {"0", time.Millisecond}, {"-5", 0}, {"soon", 0},
		{"Fri, 27 Nov 2026 06:00:30 GMT", 30 * time.Second},
		{"Fri, 27 Nov 2026 05:00:00 GMT", time.Millisecond},
		{"99999999999", 365 * 24 * time.Hour},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestGetRetries(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		switch r.URL.Path {
		case "/flaky":
			if n < 3 {
				w.WriteHeader(http.StatusBadGateway)
				return
			}
			w.Write([]byte("third time lucky"))
		case "/down":
			w.WriteHeader(http.StatusInternalServerError)
		case "/missing":
			w.WriteHeader(http.StatusNotFound)
		case "/forbidden":
			w.WriteHeader(http.StatusForbidden)
		case "/reset":
			if n == 1 {
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.(*net.TCPConn).SetLinger(0)
				conn.Close()
				return
			}
			w.Write([]byte("after reset"))
		}
	}))
	defer srv.Close()
	c := testClient(t, Options{Retries: 3})
	tests := []struct {
		path     string
		hits     int32
		kind     callwatch.ErrorKind
		status   int
		wantBody string
	}{
		{"/flaky", 3, "", 0, "third time lucky"},
		{"/down", 3, callwatch.ErrKindHTTP, 500, ""},
		{"/missing", 1, callwatch.ErrKindHTTP, 404, ""},
		{"/forbidden", 1, callwatch.ErrKindHTTP, 403, ""},
		{"/reset", 2, "", 0, "after reset"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			hits.Store(0)
			r, err := c.Get(context.Background(), Request{URL: srv.URL + tt.path})
			if tt.kind == "" {
				if err != nil || string(r.Body) != tt.wantBody {
					t.Fatalf("got %v, want body %q", err, tt.wantBody)
				}
			} else if fe := wantKind(t, err, tt.kind); fe.Status != tt.status {
				t.Errorf("status = %d, want %d", fe.Status, tt.status)
			}
			if got := hits.Load(); got != tt.hits {
				t.Errorf("%d attempts, want %d", got, tt.hits)
			}
		})
	}
}

func TestGetTimeouts(t *testing.T) {
	release := make(chan struct{})
	var hits atomic.Int32
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/slow-headers":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		case "/drip":
			w.Header().Set("Content-Length", "1000000")
			for {
				if _, err := w.Write([]byte("x")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-time.After(10 * time.Millisecond):
				case <-release:
					return
				case <-r.Context().Done():
					return
				}
			}
		}
	}))
	defer srv.Close()
	defer close(release)
	c := testClient(t, Options{Timeout: 150 * time.Millisecond, Retries: 2})
	for _, path := range []string{"/slow-headers", "/drip"} {
		t.Run(path, func(t *testing.T) {
			hits.Store(0)
			_, err := c.Get(context.Background(), Request{URL: srv.URL + path})
			fe := wantKind(t, err, callwatch.ErrKindTimeout)
			if !strings.Contains(fe.Error(), "crawl.timeout") {
				t.Errorf("message %q does not name crawl.timeout", fe.Error())
			}
			if hits.Load() != 2 {
				t.Errorf("%d attempts, want 2 (timeouts are retried)", hits.Load())
			}
		})
	}
}

func TestGetRedirects(t *testing.T) {
	var srvURL string
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/loop-a":
			http.Redirect(w, r, "/loop-b", http.StatusFound)
		case "/loop-b":
			http.Redirect(w, r, "/loop-a", http.StatusFound)
		case "/moved":
			http.Redirect(w, r, "/step", http.StatusMovedPermanently)
		case "/perm308":
			http.Redirect(w, r, "/final", http.StatusPermanentRedirect)
		case "/temp":
			http.Redirect(w, r, "/final", http.StatusFound)
		case "/step":
			http.Redirect(w, r, "/final", http.StatusFound)
		case "/final":
			if r.Header.Get("If-None-Match") == `"v"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Write([]byte("final"))
		case "/ftp":
			http.Redirect(w, r, "ftp://example.com/x", http.StatusFound)
		default:
			var n int
			fmt.Sscanf(r.URL.Path, "/chain/%d", &n)
			if n > 0 {
				http.Redirect(w, r, fmt.Sprintf("%s/chain/%d", srvURL, n-1), http.StatusFound)
				return
			}
			w.Write([]byte("end of chain"))
		}
	}))
	defer srv.Close()
	srvURL = srv.URL
	c := testClient(t, Options{MaxRedirects: 5})
	ctx := context.Background()

	_, err := c.Get(ctx, Request{URL: srv.URL + "/loop-a"})
	if fe := wantKind(t, err, callwatch.ErrKindRedirect); !strings.Contains(fe.Error(), "loop") {
		t.Errorf("loop message = %q", fe.Error())
	}
	_, err = c.Get(ctx, Request{URL: srv.URL + "/chain/6"})
	if fe := wantKind(t, err, callwatch.ErrKindRedirect); !strings.Contains(fe.Error(), "more than 5 redirects") {
		t.Errorf("chain message = %q", fe.Error())
	}
	if r, err := c.Get(ctx, Request{URL: srv.URL + "/chain/5"}); err != nil || string(r.Body) != "end of chain" {
		t.Errorf("5 redirects with MaxRedirects 5: %v", err)
	}
	_, err = c.Get(ctx, Request{URL: srv.URL + "/ftp"})
	wantKind(t, err, callwatch.ErrKindBlocked)

	tests := []struct{ path, movedTo string }{
		{"/moved", srv.URL + "/step"},
		{"/perm308", srv.URL + "/final"},
		{"/temp", ""},
	}
	for _, tt := range tests {
		r, err := c.Get(ctx, Request{URL: srv.URL + tt.path})
		if err != nil {
			t.Fatal(err)
		}
		if r.MovedTo != tt.movedTo || r.URL != srv.URL+"/final" || string(r.Body) != "final" {
			t.Errorf("%s: MovedTo %q URL %q; want MovedTo %q URL %s/final", tt.path, r.MovedTo, r.URL, tt.movedTo, srv.URL)
		}
	}
	// Validators survive redirects.
	r, err := c.Get(ctx, Request{URL: srv.URL + "/temp", ETag: `"v"`})
	if err != nil || !r.NotModified {
		t.Errorf("conditional GET through a redirect: %+v, %v", r, err)
	}
}

func TestGetRefusesNonHTTP(t *testing.T) {
	c := testClient(t, Options{})
	for _, u := range []string{"file:///etc/passwd", "ftp://example.com/", "gopher://x/", "javascript:alert(1)", "/relative", "http://"} {
		_, err := c.Get(context.Background(), Request{URL: u})
		wantKind(t, err, callwatch.ErrKindBlocked)
	}
}

// TestGetPrivateNetworks runs with the default policy (private networks refused).
func TestGetPrivateNetworks(t *testing.T) {
	var privateHits atomic.Int32
	private := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		privateHits.Add(1)
		w.Write([]byte("secret"))
	}))
	defer private.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/to-private":
			http.Redirect(w, r, private.URL+"/latest/meta-data/", http.StatusFound)
		default:
			w.Write([]byte("public"))
		}
	}))
	defer public.Close()
	publicAddr := public.Listener.Addr().String()

	c := New(Options{UserAgent: "callwatch-test/1.0", Timeout: 5 * time.Second, Backoff: time.Millisecond})
	defer c.CloseIdleConnections()
	// The "public" test server stands for an Internet host: only its exact address passes.
	c.control = func(network, address string, rc syscall.RawConn) error {
		if address == publicAddr {
			return nil
		}
		return checkAddress(network, address, rc)
	}
	ctx := context.Background()

	if r, err := c.Get(ctx, Request{URL: public.URL + "/page"}); err != nil || string(r.Body) != "public" {
		t.Fatalf("public host: %v", err)
	}
	_, err := c.Get(ctx, Request{URL: public.URL + "/to-private"})
	fe := wantKind(t, err, callwatch.ErrKindBlocked)
	if !strings.Contains(fe.Error(), "crawl.allow_private_networks") || !strings.Contains(fe.Error(), "loopback") {
		t.Errorf("message %q does not explain the refusal and how to allow it", fe.Error())
	}

	_, err = c.Get(ctx, Request{URL: private.URL + "/direct"})
	wantKind(t, err, callwatch.ErrKindBlocked)

	// A public-looking name that resolves to 127.0.0.1 (a lying or rebinding DNS).
	_, port, _ := net.SplitHostPort(private.Listener.Addr().String())
	c.hostOverride = map[string]string{"news.example.com": "127.0.0.1", "v6.example.com": "::1"}
	_, err = c.Get(ctx, Request{URL: "http://news.example.com:" + port + "/", IgnoreRobots: true})
	wantKind(t, err, callwatch.ErrKindBlocked)
	_, err = c.Get(ctx, Request{URL: "http://v6.example.com:" + port + "/", IgnoreRobots: true})
	wantKind(t, err, callwatch.ErrKindBlocked)

	if n := privateHits.Load(); n != 0 {
		t.Errorf("the private server was reached %d times", n)
	}

	// AllowPrivate lifts it.
	open := testClient(t, Options{})
	if r, err := open.Get(ctx, Request{URL: public.URL + "/to-private"}); err != nil || string(r.Body) != "secret" {
		t.Errorf("AllowPrivate: %v", err)
	}
}

func TestBlockedReason(t *testing.T) {
	blocked := []string{
		"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
		"169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "224.0.0.1",
		"255.255.255.255", "240.0.0.1", "::", "::1", "fc00::1", "fd00:ec2::254", "fe80::1",
		"ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe",
		"2002:7f00:1::", "::127.0.0.1", "198.18.0.1",
	}
	for _, s := range blocked {
		a, err := netipParse(s)
		if err != nil {
			t.Fatal(err)
		}
		if blockedReason(a) == "" {
			t.Errorf("%s is not blocked", s)
		}
	}
	public := []string{"8.8.8.8", "1.1.1.1", "93.184.216.34", "100.128.0.1", "172.32.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808", "2a00:1450:4007:80f::200e"}
	for _, s := range public {
		a, _ := netipParse(s)
		if why := blockedReason(a); why != "" {
			t.Errorf("%s is blocked (%s)", s, why)
		}
	}
	if err := checkAddress("tcp", "[fe80::1%eth0]:80", nil); err == nil {
		t.Error("a zoned link-local address passes")
	}
	if err := checkAddress("tcp", "8.8.8.8:443", nil); err != nil {
		t.Errorf("a public address is refused: %v", err)
	}
}

func TestGetCancel(t *testing.T) {
	started := make(chan struct{}, 10)
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-r.Context().Done()
	}))
	defer srv.Close()
	down := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }))
	defer down.Close()
	c := testClient(t, Options{Timeout: time.Minute, Retries: 3})
	slow := testClient(t, Options{Backoff: time.Hour, Retries: 3})
	before := runtime_NumGoroutine()

	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.Get(ctx, Request{URL: srv.URL + "/hang"})
		errc <- err
	}()
	<-started
	cancel()
	select {
	case err := <-errc:
		wantKind(t, err, callwatch.ErrKindCanceled)
	case <-time.After(10 * time.Second):
		t.Fatal("Get did not return after cancel")
	}

	// Cancel during a backoff wait, and while waiting for a host slot.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	_, err := slow.Get(ctx2, Request{URL: down.URL})
	wantKind(t, err, callwatch.ErrKindCanceled)

	c.CloseIdleConnections()
	slow.CloseIdleConnections()
	srv.CloseClientConnections()
	waitGoroutines(t, before)
}

// TestLimits checks PerHost and Concurrency through Get and through Transport (as colly
// uses it), counting requests in flight on the servers.
func TestLimits(t *testing.T) {
	type counter struct{ cur, max atomic.Int32 }
	var global counter
	hold := make(chan struct{})
	handler := func(local *counter) http.Handler {
		return noRobots(func(w http.ResponseWriter, r *http.Request) {
			for _, c := range []*counter{local, &global} {
				n := c.cur.Add(1)
				for {
					m := c.max.Load()
					if n <= m || c.max.CompareAndSwap(m, n) {
						break
					}
				}
			}
			<-hold
			local.cur.Add(-1)
			global.cur.Add(-1)
			w.Write([]byte("ok"))
		})
	}
	var ca, cb counter
	a := httptest.NewServer(handler(&ca))
	defer a.Close()
	b := httptest.NewServer(handler(&cb))
	defer b.Close()

	c := testClient(t, Options{PerHost: 2, Concurrency: 3})
	hc := &http.Client{Transport: c.Transport()}
	var wg sync.WaitGroup
	for i := range 8 {
		for _, srv := range []*httptest.Server{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i%2 == 0 {
					if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/x"}); err != nil {
						t.Error(err)
					}
					return
				}
				resp, err := hc.Get(srv.URL + "/y")
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}()
		}
	}
	// Let the requests pile up against the limits, then release them all.
	deadline := time.Now().Add(5 * time.Second)
	for global.cur.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(hold)
	wg.Wait()
	if ca.max.Load() > 2 || cb.max.Load() > 2 {
		t.Errorf("per host in flight: %d and %d, want at most 2", ca.max.Load(), cb.max.Load())
	}
	if global.max.Load() != 3 {
		t.Errorf("global in flight peaked at %d, want exactly 3", global.max.Load())
	}
}

// TestDelay checks that a second request to a host waits for Delay, honouring ctx.
func TestDelay(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	other := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer other.Close()
	c := testClient(t, Options{Delay: time.Hour, IgnoreRobots: true})
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/1"}); err != nil {
		t.Fatal(err)
	}
	// Another host is not delayed.
	if _, err := c.Get(context.Background(), Request{URL: other.URL + "/1"}); err != nil {
		t.Fatalf("another host: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Get(ctx, Request{URL: srv.URL + "/2"})
	wantKind(t, err, callwatch.ErrKindCanceled)
	if hits.Load() != 1 {
		t.Errorf("the second request reached the server despite the delay")
	}
}

func TestErrorsAreFetchErrors(t *testing.T) {
	// A closed port: connection refused is a network error, retried, then reported.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	c := testClient(t, Options{Retries: 2, IgnoreRobots: true})
	_, err := c.Get(context.Background(), Request{URL: "http://" + addr + "/"})
	fe := wantKind(t, err, callwatch.ErrKindNetwork)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("cause %v is not ECONNREFUSED", fe.Err)
	}
	if msg := fe.Error(); !strings.HasPrefix(msg, "network: http://"+addr+"/: ") || strings.Contains(msg, "Get \"") {
		t.Errorf("message %q: want the kind, the URL once, then the cause", msg)
	}
}

// TestQueueTimeIsNotTimeout checks that time spent waiting for a host slot (here, the
// per-host Delay) does not count against an attempt's Timeout: four requests to one host
// with a 150ms delay queue for 450ms, three times their 200ms Timeout, and all succeed.
func TestQueueTimeIsNotTimeout(t *testing.T) {
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	c := testClient(t, Options{PerHost: 1, Delay: 150 * time.Millisecond, Timeout: 200 * time.Millisecond, Retries: 1, IgnoreRobots: true})
	hc := &http.Client{Transport: c.Transport()} // colly's way: Timeout also starts after the wait
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := c.Get(context.Background(), Request{URL: fmt.Sprintf("%s/get/%d", srv.URL, i)})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			resp, err := hc.Get(fmt.Sprintf("%s/transport/%d", srv.URL, i))
			if err == nil {
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("queued request failed: %v", err)
		}
	}
}

// TestGetBadCertificate: a TLS server whose certificate nobody trusts fails at once as a
// network error naming the certificate, without retries.
func TestGetBadCertificate(t *testing.T) {
	var hits, conns atomic.Int32
	srv := httptest.NewUnstartedServer(noRobots(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	c := testClient(t, Options{Retries: 3, IgnoreRobots: true})
	_, err := c.Get(context.Background(), Request{URL: srv.URL})
	fe := wantKind(t, err, callwatch.ErrKindNetwork)
	if !strings.Contains(fe.Error(), "certificate") {
		t.Errorf("message %q does not mention the certificate", fe.Error())
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("handler reached %d times", n)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections, want 1 (no retry)", n)
	}
}
