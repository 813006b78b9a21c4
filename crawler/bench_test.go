package crawler

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/crawler/fetch"
	"github.com/callwatch/callwatch/detect"
	"github.com/callwatch/callwatch/store"
)

// The benchmarks run whole passes against a corpus generated on loopback servers, with the
// real fetcher, extractor, detector and bbolt store (NoSync off: every batch is fsynced).
// Run each alone, once, so that its peak RSS is its own:
//
//	go test -run XXX -bench BenchmarkPassFeeds -benchtime 1x ./crawler/
//	go test -run XXX -bench BenchmarkPassArticles -benchtime 1x ./crawler/
//	go test -run XXX -bench BenchmarkPassLatency -benchtime 1x ./crawler/

// corpus serves feeds at /feed/N (each with an ETag: a conditional GET gets a 304) whose
// items link to /article/N/M, pages of about pageKB kilobytes.
type corpus struct {
	*httptest.Server
	feeds, items int
	page         []string // the article template, split where the item's number goes
	latency      time.Duration
	requests     atomic.Int64
}

func newCorpus(b *testing.B, feeds, items, pageKB int, latency time.Duration) *corpus {
	c := &corpus{feeds: feeds, items: items, latency: latency}
	var sb strings.Builder
	sb.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story NUM</title>`)
	sb.WriteString(`<script>` + strings.Repeat("var tracking = {id: 12345, consent: true};\n", 60) + `</script>`)
	sb.WriteString(`<style>` + strings.Repeat(".c{margin:0;padding:0;font:14px sans-serif}\n", 60) + `</style></head><body>`)
	sb.WriteString(`<nav>` + strings.Repeat(`<a href="/section">Section</a> `, 80) + `</nav><article><h1>Story NUM</h1>`)
	para := "<p>Officials from several states and technology companies met in Paris to discuss how the norms of responsible behaviour in cyberspace apply to critical infrastructure, elections and the software supply chain; story NUM continues with the statements of each delegation and the questions that remain open.</p>\n"
	for sb.Len() < pageKB*1024*3/4 {
		sb.WriteString(para)
	}
	sb.WriteString("<p>Microsoft joined the Paris Call for Trust and Security in Cyberspace, the company said.</p>")
	sb.WriteString(`</article><aside>` + strings.Repeat(`<a href="/related">Related story</a><br>`, 60) + `</aside>`)
	for sb.Len() < pageKB*1024 {
		sb.WriteString(`<footer><p>Copyright. All rights reserved. Terms. Privacy. Cookies. Contact.</p></footer>`)
	}
	sb.WriteString(`</body></html>`)
	c.page = strings.Split(sb.String(), "NUM")
	c.Server = httptest.NewServer(http.HandlerFunc(c.serve))
	b.Cleanup(c.Close)
	return c
}

func (c *corpus) serve(w http.ResponseWriter, r *http.Request) {
	c.requests.Add(1)
	if c.latency > 0 {
		time.Sleep(c.latency)
	}
	switch {
	case r.URL.Path == "/robots.txt":
		http.NotFound(w, r)
	case strings.HasPrefix(r.URL.Path, "/feed/"):
		n := strings.TrimPrefix(r.URL.Path, "/feed/")
		etag := `"` + n + `"`
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		bw := bufio.NewWriter(w)
		fmt.Fprintf(bw, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed %s</title><link>%s</link><description>d</description>`, n, c.URL)
		for i := range c.items {
			fmt.Fprintf(bw, `<item><title>Story %s-%d about the Paris Call</title><link>%s/article/%s/%d</link><guid isPermaLink="false">%s-%d</guid><pubDate>Mon, 12 Nov 2018 10:00:00 GMT</pubDate><description>Summary of story %s-%d: diplomats discussed the Paris Call for Trust and Security in Cyberspace.</description></item>`,
				n, i, c.URL, n, i, n, i, n, i)
		}
		bw.WriteString(`</channel></rss>`)
		bw.Flush()
	case strings.HasPrefix(r.URL.Path, "/article/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		id := strings.ReplaceAll(strings.TrimPrefix(r.URL.Path, "/article/"), "/", "-")
		bw := bufio.NewWriter(w)
		for i, part := range c.page {
			if i > 0 {
				bw.WriteString(id)
			}
			bw.WriteString(part)
		}
		bw.Flush()
	default:
		http.NotFound(w, r)
	}
}

func (c *corpus) sources() []Source {
	out := make([]Source, c.feeds)
	for i := range out {
		out[i] = Source{Name: "feed-" + strconv.Itoa(i), Kind: callwatch.KindFeed, URL: c.URL + "/feed/" + strconv.Itoa(i)}
	}
	return out
}

// benchOptions returns options over a fresh real store, the real detector and a fetcher
// with the given limits.
func benchOptions(b *testing.B, concurrency, perHost int) Options {
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	det, err := detect.New()
	if err != nil {
		b.Fatal(err)
	}
	f := fetch.New(fetch.Options{UserAgent: "callwatch-bench/1", AllowPrivate: true, Concurrency: concurrency, PerHost: perHost, Retries: 1, Timeout: 30 * time.Second})
	return Options{Store: db, Detector: det, Fetcher: f, Concurrency: concurrency, MinConfidence: 0.5, ReadSupporters: detect.ReadSupporters}
}

func benchPass(b *testing.B, o Options) callwatch.RunSummary {
	c, err := New(o)
	if err != nil {
		b.Fatal(err)
	}
	s, err := c.Pass(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// cpuSeconds returns the process's user and system CPU time so far. On a shared machine
// wall time depends on the other processes; CPU time per article does not.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// peakRSSMB returns the process's peak resident set size (VmHWM) in MB.
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkPassFeeds: 500 feeds of 20 items, feed-only (no article pages): the first pass
// stores 10,000 summary-only articles; the re-run gets 500 304s. Target: < 1 s each.
func BenchmarkPassFeeds(b *testing.B) {
	c := newCorpus(b, 500, 20, 1, 0)
	for b.Loop() {
		b.StopTimer()
		o := benchOptions(b, 16, 16)
		o.Sources, o.FetchArticles = c.sources(), false
		b.StartTimer()
		start, cpu := time.Now(), cpuSeconds()
		first := benchPass(b, o)
		firstDur, firstCPU := time.Since(start), cpuSeconds()-cpu
		o.Force = true
		start, cpu = time.Now(), cpuSeconds()
		second := benchPass(b, o)
		secondDur, secondCPU := time.Since(start), cpuSeconds()-cpu
		if first.ArticlesNew != 10000 || second.SourcesUnchanged != 500 || second.ArticlesNew != 0 {
			b.Fatalf("first %+v\nsecond %+v", first, second)
		}
		b.ReportMetric(firstDur.Seconds(), "first-pass-s")
		b.ReportMetric(firstCPU, "first-pass-cpu-s")
		b.ReportMetric(secondDur.Seconds(), "rerun-304-s")
		b.ReportMetric(secondCPU, "rerun-304-cpu-s")
	}
}

// BenchmarkPassArticles: 100 feeds of 20 items linking to 2,000 pages of ~100 KB each:
// fetch, extract, detect and store every article. Targets: >= 150 articles/s, peak RSS
// < 200 MB.
func BenchmarkPassArticles(b *testing.B) {
	const feeds, items, kb = 100, 20, 100
	c := newCorpus(b, feeds, items, kb, 0)
	for b.Loop() {
		b.StopTimer()
		o := benchOptions(b, 8, 8)
		o.Sources, o.FetchArticles = c.sources(), true
		b.StartTimer()
		start, cpu := time.Now(), cpuSeconds()
		s := benchPass(b, o)
		d, used := time.Since(start), cpuSeconds()-cpu
		if s.ArticlesNew != feeds*items || s.ArticlesSummary != 0 {
			b.Fatalf("summary %+v", s)
		}
		// On an idle 2-core machine a pass can use at most 2 CPU-seconds per second.
		b.ReportMetric(float64(s.ArticlesNew)/(used/2), "articles/s-2cpu")
		b.SetBytes(int64(feeds * items * kb * 1024))
		b.ReportMetric(float64(s.ArticlesNew)/d.Seconds(), "articles/s")
		b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	}
}

// BenchmarkPassLatency: every request takes 100 ms more; 4 hosts, 2 requests per host,
// 8 in flight. The ideal schedule is requests × latency ÷ usable concurrency (8); the
// ratio of the wall time to it should stay under 1.2.
func BenchmarkPassLatency(b *testing.B) {
	const hosts, items, latency, perHost = 4, 50, 100 * time.Millisecond, 2
	var corpora []*corpus
	for range hosts {
		corpora = append(corpora, newCorpus(b, 1, items, 4, latency))
	}
	for b.Loop() {
		b.StopTimer()
		o := benchOptions(b, hosts*perHost, perHost)
		o.Sources, o.FetchArticles = nil, true
		for i, c := range corpora {
			c.requests.Store(0)
			src := c.sources()[0]
			src.Name = fmt.Sprintf("host-%d", i)
			o.Sources = append(o.Sources, src)
		}
		b.StartTimer()
		start, cpu := time.Now(), cpuSeconds()
		s := benchPass(b, o)
		d, used := time.Since(start), cpuSeconds()-cpu
		if s.ArticlesNew != hosts*items {
			b.Fatalf("summary %+v", s)
		}
		var reqs int64
		for _, c := range corpora {
			reqs += c.requests.Load()
		}
		ideal := time.Duration(reqs) * latency / time.Duration(hosts*perHost)
		b.ReportMetric(float64(reqs), "requests")
		b.ReportMetric(d.Seconds(), "wall-s")
		b.ReportMetric(ideal.Seconds(), "ideal-s")
		b.ReportMetric(d.Seconds()/ideal.Seconds(), "wall/ideal")
		// The CPU the pass used (servers included): on a loaded machine, waiting for it
		// adds to the wall time whatever the schedule.
		b.ReportMetric(used, "cpu-s")
	}
}
