package daemon

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// bigStore returns a fake store with n findings spread over a year.
func bigStore(n int) *fakeStore {
	st := fixtureStore()
	base := st.rows[1]
	st.rows = make([]callwatch.FindingRow, n)
	for i := range st.rows {
		r := base
		r.Article.ID = fmt.Sprintf("a%d", i)
		r.Article.URL = fmt.Sprintf("https://news.example/%d", i)
		r.Article.Published = fixNow.Add(-time.Duration(i%365) * 24 * time.Hour)
		st.rows[i] = r
	}
	return st
}

// BenchmarkFindingsAPI measures /api/v1/findings streaming 10,000 findings over loopback
// (the store is a fake in memory: this is the daemon's encoding and HTTP cost).
func BenchmarkFindingsAPI(b *testing.B) {
	const n = 10000
	d, err := New(Options{Settings: Settings{Schedule: "@every 1h", Pass: func(context.Context) (callwatch.RunSummary, error) {
		return callwatch.RunSummary{}, nil
	}}, Store: bigStore(n), Logger: discard})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(d.Handler())
	defer srv.Close()
	var size int64
	b.ResetTimer()
	for b.Loop() {
		resp, err := http.Get(srv.URL + "/api/v1/findings")
		if err != nil {
			b.Fatal(err)
		}
		size, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	b.SetBytes(size)
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "findings/s")
}

// BenchmarkDashboard measures rendering the dashboard over a store of 10,000 findings,
// with the chart cached (the usual case between passes) and redrawn (after a pass).
func BenchmarkDashboard(b *testing.B) {
	for _, cached := range []bool{true, false} {
		b.Run(fmt.Sprintf("chart_cached=%v", cached), func(b *testing.B) {
			d, err := New(Options{Settings: Settings{Schedule: "@every 1h", Pass: func(context.Context) (callwatch.RunSummary, error) {
				return callwatch.RunSummary{}, nil
			}}, Store: bigStore(10000), Logger: discard})
			if err != nil {
				b.Fatal(err)
			}
			h := d.Handler()
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			b.ResetTimer()
			for b.Loop() {
				if !cached {
					d.chart.invalidate()
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatal(w.Code)
				}
				b.SetBytes(int64(w.Body.Len()))
			}
		})
	}
}

// BenchmarkTraceContext measures what the latency trace adds to a loopback request.
func BenchmarkTraceContext(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	m := NewMetrics()
	for _, traced := range []bool{false, true} {
		b.Run(fmt.Sprintf("traced=%v", traced), func(b *testing.B) {
			ctx := context.Background()
			if traced {
				ctx = m.TraceContext(ctx)
			}
			client := &http.Client{Transport: &http.Transport{}}
			for b.Loop() {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}
