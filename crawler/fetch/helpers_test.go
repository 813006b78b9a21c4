package fetch

import (
	"net/netip"
	"runtime"
	"testing"
	"time"
)

func netipParse(s string) (netip.Addr, error) { return netip.ParseAddr(s) }

func runtime_NumGoroutine() int { return runtime.NumGoroutine() }

// waitGoroutines waits until no more goroutines run than before, failing after 5s with a
// dump of those left.
func waitGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= before {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("%d goroutines left behind (before: %d):\n%s", n-before, before, buf)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
