package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// TestAllowLoopback: with AllowLoopback a client reaches 127.0.0.1 but still refuses a
// redirect to the cloud metadata address and to a private network; without it, loopback
// is refused too.
func TestAllowLoopback(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/to-private":
			http.Redirect(w, r, "http://10.1.2.3/", http.StatusFound)
		default:
			w.Write([]byte("local"))
		}
	}))
	defer srv.Close()
	ctx := context.Background()

	c := New(Options{UserAgent: "callwatch-test/1.0", Timeout: 5 * time.Second, Backoff: time.Millisecond, AllowLoopback: true})
	defer c.CloseIdleConnections()
	if r, err := c.Get(ctx, Request{URL: srv.URL + "/page"}); err != nil || string(r.Body) != "local" {
		t.Fatalf("loopback with AllowLoopback: %v", err)
	}
	for _, path := range []string{"/to-metadata", "/to-private"} {
		_, err := c.Get(ctx, Request{URL: srv.URL + path})
		wantKind(t, err, callwatch.ErrKindBlocked)
	}

	strict := New(Options{UserAgent: "callwatch-test/1.0", Timeout: 5 * time.Second, Backoff: time.Millisecond})
	defer strict.CloseIdleConnections()
	_, err := strict.Get(ctx, Request{URL: srv.URL + "/page"})
	wantKind(t, err, callwatch.ErrKindBlocked)

	for addr, ok := range map[string]bool{"127.0.0.1:80": true, "[::1]:80": true, "[::ffff:127.0.0.1]:80": true, "169.254.169.254:80": false, "10.0.0.1:80": false, "192.168.1.1:443": false} {
		if err := checkAddressButLoopback("tcp", addr, nil); (err == nil) != ok {
			t.Errorf("checkAddressButLoopback(%s) = %v, want allowed %v", addr, err, ok)
		}
	}
}
