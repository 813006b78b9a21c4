package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// benchText returns about n bytes of word salad over a 2,000-word vocabulary: it
// compresses about as well as news text does, unlike repeated sentences.
func benchText(rng *rand.Rand, n int) string {
	vocab := benchVocab()
	var sb strings.Builder
	sb.Grow(n + 16)
	for sb.Len() < n {
		sb.WriteString(vocab[rng.IntN(len(vocab))])
		if rng.IntN(15) == 0 {
			sb.WriteString(". ")
		} else {
			sb.WriteByte(' ')
		}
	}
	return sb.String()
}

var benchVocab = sync.OnceValue(func() []string {
	rng := rand.New(rand.NewPCG(1, 2))
	words := make([]string, 2000)
	for i := range words {
		b := make([]byte, 2+rng.IntN(9))
		for j := range b {
			b[j] = byte('a' + rng.IntN(26))
		}
		words[i] = string(b)
	}
	return words
})

// benchArticle returns article n of a synthetic stream: published five minutes apart,
// about 4 KB of text, a mention, and for one article in four a signed finding about one
// of 500 entities.
func benchArticle(rng *rand.Rand, n int) *callwatch.Article {
	outlet := fmt.Sprintf("outlet%d.example", n%300)
	url := fmt.Sprintf("https://%s/2025/%d/paris-call-story", outlet, n)
	text := benchText(rng, 4000)
	a := &callwatch.Article{
		ID: callwatch.ArticleID(url), URL: url, URLs: []string{url + "?utm_source=rss"}, GUIDs: []string{fmt.Sprintf("guid-%d", n)},
		Sources: []string{fmt.Sprintf("src-%d", n%40)}, Title: fmt.Sprintf("Story %d about the Paris Call", n), Outlet: outlet,
		Published: day0.Add(time.Duration(n) * 5 * time.Minute), Fetched: day0.Add(time.Duration(n)*5*time.Minute + time.Hour),
		Language: "en", Text: text, Status: callwatch.StatusFull, Findings: []callwatch.Finding{mention()},
	}
	if n%4 == 0 {
		e := fmt.Sprintf("org:e%03d", rng.IntN(500))
		a.Findings = append(a.Findings, stance(callwatch.FindingSigned, e, "Entity "+e, 0.5+rng.Float64()/2))
	}
	return a
}

// benchDir holds databases shared by benchmarks; TestMain removes it.
var benchDir = sync.OnceValue(func() string {
	d, err := os.MkdirTemp("", "callwatch-store-bench-")
	if err != nil {
		panic(err)
	}
	return d
})

func removeBenchDir() {
	if benchDirUsed {
		os.RemoveAll(benchDir())
	}
}

var benchDirUsed bool

// envBenchDB names a file where the 100,000-article database is kept between benchmark
// runs (for profiling); without it the database is built in a temporary directory.
const envBenchDB = "CALLWATCH_STORE_BENCH_DB"

// bench100k returns the path of a closed database of 100,000 articles, built once per
// test binary run (or reused from $CALLWATCH_STORE_BENCH_DB).
var bench100k = sync.OnceValues(func() (string, error) {
	path := os.Getenv(envBenchDB)
	if path != "" {
		if _, err := os.Stat(path); err == nil {
			return path, nil
		}
	} else {
		benchDirUsed = true
		path = filepath.Join(benchDir(), "100k.db")
	}
	db, err := Open(path, Options{NoSync: true, Policy: &testPolicy{decide: reportOnce, channels: []string{"log"}}})
	if err != nil {
		return "", err
	}
	rng := rand.New(rand.NewPCG(7, 7))
	const total, chunk = 100_000, 5_000
	for start := 0; start < total; start += chunk {
		arts := make([]*callwatch.Article, 0, chunk)
		for n := start; n < start+chunk; n++ {
			arts = append(arts, benchArticle(rng, n))
		}
		if _, err := db.SaveArticles(context.Background(), arts); err != nil {
			db.Close()
			return "", err
		}
	}
	return path, db.Close()
})

// BenchmarkSaveArticles measures ingestion: articles of about 4 KB with their findings,
// with fsync on every commit, into a growing database, 500 or 50 articles per
// SaveArticles call (each call is at least one transaction, so one fsync).
func BenchmarkSaveArticles(b *testing.B) {
	for _, chunk := range []int{500, 50} {
		b.Run(fmt.Sprintf("per_call=%d", chunk), func(b *testing.B) { benchSave(b, chunk) })
	}
}

func benchSave(b *testing.B, chunk int) {
	db := openTest(b, Options{Policy: &testPolicy{decide: reportOnce, channels: []string{"webhook", "email"}}})
	rng := rand.New(rand.NewPCG(3, 4))
	var textBytes int64
	n := 0
	var cpu time.Duration
	b.ResetTimer()
	for n < b.N {
		b.StopTimer()
		arts := make([]*callwatch.Article, 0, chunk)
		for i := 0; i < chunk && n < b.N; i++ {
			a := benchArticle(rng, n)
			textBytes += int64(len(a.Text))
			arts = append(arts, a)
			n++
		}
		b.StartTimer()
		c0 := cpuTime()
		if _, err := db.SaveArticles(context.Background(), arts); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	// CPU time per article (user + system, every thread) is what a busy shared machine
	// cannot distort: 1e6 / cpu-µs/article is the rate one idle core sustains.
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/article")
	b.SetBytes(textBytes / int64(max(b.N, 1)))
	st, err := db.Stats(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(st.FileSize)/float64(b.N), "file-bytes/article")
}

// BenchmarkScanFindingsRange measures a date-range query returning 10,000 findings out
// of a 100,000-article database (about 125,000 findings).
func BenchmarkScanFindingsRange(b *testing.B) {
	path, err := bench100k()
	if err != nil {
		b.Fatal(err)
	}
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	// Articles are 5 minutes apart with 1.25 findings each: 8,000 articles hold 10,000.
	since := day0.Add(40_000 * 5 * time.Minute)
	f := callwatch.FindingFilter{Since: since, Until: since.Add(8_000 * 5 * time.Minute)}
	rows := 0
	var cpu time.Duration
	for b.Loop() {
		rows = 0
		c0 := cpuTime()
		if err := db.ScanFindings(context.Background(), f, func(callwatch.FindingRow) error { rows++; return nil }); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
	}
	if rows < 9_000 || rows > 11_000 {
		b.Fatalf("%d rows, want about 10,000", rows)
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/query")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/query")
}

// BenchmarkScanFindingsEntity measures the findings of one entity over the whole
// 100,000-article database (through findings_by_entity).
func BenchmarkScanFindingsEntity(b *testing.B) {
	path, err := bench100k()
	if err != nil {
		b.Fatal(err)
	}
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rows := 0
	for b.Loop() {
		rows = 0
		if err := db.ScanFindings(context.Background(), callwatch.FindingFilter{Entity: "org:e042"}, func(callwatch.FindingRow) error { rows++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows), "rows")
}

// BenchmarkDiskPerArticle reports the size of the 100,000-article database per article,
// before and after compaction.
func BenchmarkDiskPerArticle(b *testing.B) {
	path, err := bench100k()
	if err != nil {
		b.Fatal(err)
	}
	var before, after int64
	for b.Loop() {
		cp := filepath.Join(b.TempDir(), "copy.db")
		db, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Backup(context.Background(), cp); err != nil {
			b.Fatal(err)
		}
		db.Close()
		res, err := Compact(context.Background(), cp, Options{})
		if err != nil {
			b.Fatal(err)
		}
		before, after = res.Before, res.After
	}
	b.ReportMetric(float64(before)/100_000, "bytes/article")
	b.ReportMetric(float64(after)/100_000, "compacted-bytes/article")
}

// cpuTime returns the CPU time (user + system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSignatoryGrowth measures what one entity named in many articles costs: 20,000
// articles from 1,000 outlets, each with a signed finding about the same state, saved one
// per SaveArticles call (one transaction each, as a daemon saves what one pass found).
// It reports the size of the entity's stored record and the time per save over the first
// 500 and the last 500 saves: a record that grows with its evidence makes both grow, and
// the whole run quadratic. NoSync keeps the constant fsync of each commit from hiding that
// growth. One iteration is the whole run: use -benchtime 1x.
func BenchmarkSignatoryGrowth(b *testing.B) {
	const total, window, outlets = 20_000, 500, 1_000
	const entity = "state:FRA"
	ctx := context.Background()
	var startRec, endRec int
	var startTime, endTime time.Duration
	for b.Loop() {
		b.StopTimer()
		db := openTest(b, Options{NoSync: true, Policy: quietPolicy{}})
		arts := make([]*callwatch.Article, total)
		for n := range arts {
			f := stance(callwatch.FindingSigned, entity, "France", 0.9)
			f.Entity.Category = callwatch.CategoryState
			arts[n] = article(n, fmt.Sprintf("outlet%d.example", n%outlets), mention(), f)
		}
		recordBytes := func() int {
			var n int
			if err := db.bolt.View(func(tx *bolt.Tx) error {
				n = len(tx.Bucket(bucketSignatories).Get([]byte(entity)))
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			return n
		}
		b.StartTimer()
		for n, a := range arts {
			t0 := time.Now()
			if _, err := db.SaveArticles(ctx, []*callwatch.Article{a}); err != nil {
				b.Fatal(err)
			}
			d := time.Since(t0)
			switch {
			case n < window:
				startTime += d
			case n >= total-window:
				endTime += d
			}
			if n == window-1 {
				b.StopTimer()
				startRec = recordBytes()
				b.StartTimer()
			}
		}
		b.StopTimer()
		endRec = recordBytes()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(startRec), "record-bytes-at-500")
	b.ReportMetric(float64(endRec), "record-bytes-at-20000")
	b.ReportMetric(float64(startTime.Microseconds())/float64(window*b.N), "µs/save-first-500")
	b.ReportMetric(float64(endTime.Microseconds())/float64(window*b.N), "µs/save-last-500")
}

// quietPolicy raises what reportOnce raises and, unlike testPolicy, records nothing: a
// benchmark of many saves must not keep every change (two copies of a record each) alive.
type quietPolicy struct{}

func (quietPolicy) Decide(c callwatch.SignatoryChange) []callwatch.Alert { return reportOnce(c) }

func (quietPolicy) Channels(callwatch.Alert) []string { return []string{"log"} }

func (quietPolicy) InBaseline(string) bool { return false }
