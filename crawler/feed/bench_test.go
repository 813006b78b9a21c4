package feed

import (
	"testing"
)

// BenchmarkParse measures Parse on a 20-item and a 10,000-item RSS feed (plain-text
// conversion included), and on the 10,000-item feed with the default crawl cap of 500.
//
//	go test -run XXX -bench BenchmarkParse -benchtime 2s ./crawler/feed/
func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct {
		name  string
		items int
		max   int
	}{{"rss-20", 20, 0}, {"rss-10000", 10000, 0}, {"rss-10000-max500", 10000, 500}} {
		body := bigFeed(bc.items)
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				f, err := Options{MaxItems: bc.max}.Parse(body, "application/rss+xml", "https://example.com/feed")
				if err != nil {
					b.Fatal(err)
				}
				if len(f.Items) == 0 {
					b.Fatal("no items")
				}
			}
			b.ReportMetric(float64(bc.items), "items/feed")
		})
	}
}
