package extract

import (
	"testing"
)

// BenchmarkExtract extracts every readability-test-pages page once per iteration and reports
// bytes/s (MB/s) and pages/s, on one goroutine, and the CPU time per page (cpu-ms/page; on a
// busy shared machine it stays meaningful when wall-clock rates do not).
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
	cpu := processCPU()
	for b.Loop() {
		for _, s := range srcs {
			Extract(s, readabilityPageURL)
		}
	}
	n := float64(b.N * len(srcs))
	b.ReportMetric(n/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric((processCPU()-cpu)*1000/n, "cpu-ms/page")
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
	cpu := processCPU()
	for b.Loop() {
		for i, s := range srcs {
			Extract(s, pages[i].url)
		}
	}
	n := float64(b.N * len(srcs))
	b.ReportMetric(n/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric((processCPU()-cpu)*1000/n, "cpu-ms/page")
}
