package fetch

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestLimiterForgetsIdleHosts(t *testing.T) {
	l := newLimiter(4, 2, 0)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := l.acquire(context.Background(), "host"+string(rune('a'+i%10))+".example")
			if err != nil {
				t.Error(err)
				return
			}
			release()
			release() // a second release is harmless
		}()
	}
	wg.Wait()
	l.mu.Lock()
	n := len(l.hosts)
	l.mu.Unlock()
	if n != 0 {
		t.Errorf("%d idle hosts still in the limiter", n)
	}
	if len(l.global) != 0 {
		t.Errorf("%d global slots still held", len(l.global))
	}
}

func TestLimiterCancelWhileWaiting(t *testing.T) {
	l := newLimiter(1, 1, 0)
	release, err := l.acquire(context.Background(), "a.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"a.example", "b.example"} { // host slot, then global slot
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		_, err := l.acquire(ctx, host)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v, want the context's error", host, err)
		}
	}
	release()
	l.mu.Lock()
	n := len(l.hosts)
	l.mu.Unlock()
	if n != 0 || len(l.global) != 0 {
		t.Errorf("after cancellations: %d hosts, %d global slots held", n, len(l.global))
	}
}
