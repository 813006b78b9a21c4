package extract

import (
	"testing"
)

// BenchmarkExtract extracts every readability-test-pages page once per iteration and reports
// bytes/s (MB/s) and pages/s, on one goroutine.
func BenchmarkExtract(b *testing.B) {
	pages := loadReadabilityPages(b)
	srcs := make([][]byte, len(pages))
	var total int64
	for i, p := range pages {
		srcs[i] = []byte(p.source)
		total += int64(len(p.source))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range srcs {
			Extract(s, readabilityPageURL)
		}
	}
	b.ReportMetric(float64(b.N*len(srcs))/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkExtractTrafilaturaEval is the same over the 990 trafilatura-eval pages.
func BenchmarkExtractTrafilaturaEval(b *testing.B) {
	pages := loadTrafilaturaPages(b)
	srcs := make([][]byte, len(pages))
	var total int64
	for i, p := range pages {
		srcs[i] = []byte(p.html)
		total += int64(len(p.html))
	}
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		for i, s := range srcs {
			Extract(s, pages[i].url)
		}
	}
	b.ReportMetric(float64(b.N*len(srcs))/b.Elapsed().Seconds(), "pages/s")
}
