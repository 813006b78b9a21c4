package fetch

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkGet measures Get against a loopback server serving a 20 KiB page (gzip off),
// with the default limits widened so the client, not the limiter, is measured.
//
//	go test -run XXX -bench BenchmarkGet -benchtime 3s ./crawler/fetch/
func BenchmarkGet(b *testing.B) {
	page := bytes.Repeat([]byte("<p>Paris Call for Trust and Security in Cyberspace</p>\n"), 20<<10/52)
	srv := httptest.NewServer(noRobots(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	for _, bc := range []struct {
		name     string
		parallel bool
	}{{"serial", false}, {"parallel-8", true}} {
		b.Run(bc.name, func(b *testing.B) {
			c := testClient(b, Options{Concurrency: 8, PerHost: 8})
			ctx := context.Background()
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			start := time.Now()
			if bc.parallel {
				b.SetParallelism(4) // 4 x GOMAXPROCS(2) = 8 goroutines
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := c.Get(ctx, Request{URL: srv.URL + "/page"}); err != nil {
							b.Error(err)
							return
						}
					}
				})
			} else {
				for b.Loop() {
					if _, err := c.Get(ctx, Request{URL: srv.URL + "/page"}); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
		})
	}
}
