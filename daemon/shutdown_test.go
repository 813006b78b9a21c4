package daemon

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// slowServer answers nothing until the client gives up (or 30 s pass); got receives each
// request's arrival.
func slowServer(t *testing.T) (*httptest.Server, chan struct{}) {
	got := make(chan struct{}, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

func TestShutdownWithPassInFlight(t *testing.T) {
	slow, got := slowServer(t)
	var mu sync.Mutex
	var events []string
	event := func(s string) {
		mu.Lock()
		events = append(events, s)
		mu.Unlock()
	}
	logger, logs := newTestLogger()
	d, err := New(Options{
		Settings: Settings{Schedule: "@every 30m", Pass: func(ctx context.Context) (callwatch.RunSummary, error) {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, slow.URL, nil)
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			// As the crawler does: what is done is saved after the context ends.
			time.Sleep(100 * time.Millisecond)
			event("pass saved")
			return callwatch.RunSummary{Interrupted: ctx.Err() != nil}, nil
		}},
		Store: fixtureStore(), Listen: "127.0.0.1:0", RunAtStart: true, Logger: logger,
		Flush: func(ctx context.Context) (callwatch.DeliveryStats, error) {
			if _, ok := ctx.Deadline(); !ok {
				t.Error("Flush has no deadline")
			}
			event("alerts flushed")
			return callwatch.DeliveryStats{Sent: 1}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	addr, err := d.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the pass never reached the slow server")
	}
	if !d.running.Load() {
		t.Fatal("no pass in progress")
	}
	cancel() // what SIGTERM does
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10 s of the signal")
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(events, ", ") != "pass saved, alerts flushed" {
		t.Errorf("shutdown order: %v, want the pass saved, then alerts flushed", events)
	}
	if n := metricValue(t, d.metrics, "callwatch_passes_total", "outcome", "interrupted"); n != 1 {
		t.Errorf("interrupted passes = %v", n)
	}
	if d.Ready() {
		t.Error("still ready after shutdown")
	}
	if _, err := net.DialTimeout("tcp", addr.String(), time.Second); err == nil {
		t.Error("the HTTP server still accepts connections")
	}
	if out := logs.String(); !strings.Contains(out, "pending alerts delivered at shutdown") || !strings.Contains(out, "daemon stopped") {
		t.Errorf("logs:\n%s", out)
	}
}

func TestShutdownGivesUpOnAStuckPass(t *testing.T) {
	entered := make(chan struct{})
	stuck := make(chan struct{})
	t.Cleanup(func() { close(stuck) })
	flushed := false
	d, err := New(Options{
		Settings: Settings{Schedule: "@every 30m", Pass: func(ctx context.Context) (callwatch.RunSummary, error) {
			close(entered)
			<-stuck // ignores its context
			return callwatch.RunSummary{}, nil
		}},
		Store: fixtureStore(), Listen: "127.0.0.1:0", RunAtStart: true, Logger: discard, ShutdownTimeout: 300 * time.Millisecond,
		Flush: func(context.Context) (callwatch.DeliveryStats, error) {
			flushed = true
			return callwatch.DeliveryStats{}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	<-entered
	cancel()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "did not stop in time") {
			t.Fatalf("Run = %v, want an error saying the pass did not stop", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run waited for a stuck pass")
	}
	if flushed {
		t.Error("alerts were delivered while the pass still ran")
	}
}

func TestRunFailsOnABusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	d, err := New(Options{Settings: Settings{Schedule: "@every 1h", Pass: func(context.Context) (callwatch.RunSummary, error) {
		return callwatch.RunSummary{}, nil
	}}, Store: fixtureStore(), Listen: ln.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "listening on") {
		t.Fatalf("Run on a busy port: %v", err)
	}
}

func TestFlushPanicIsAnError(t *testing.T) {
	d, err := New(Options{Settings: Settings{Schedule: "@every 1h", Pass: func(context.Context) (callwatch.RunSummary, error) {
		return callwatch.RunSummary{}, nil
	}}, Store: fixtureStore(), Flush: func(context.Context) (callwatch.DeliveryStats, error) { panic("smtp exploded") }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.flush(context.Background()); err == nil || !strings.Contains(err.Error(), "smtp exploded") {
		t.Fatalf("flush = %v", err)
	}
}
