package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	goruntime "runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/report"
	"github.com/callwatch/callwatch/store"
	"github.com/xuri/excelize/v2"
)

// Real-store tests: the report package against store.DB, the Source the CLI passes.

var (
	storeNow  = time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	srcFeed   = callwatch.SourceID("https://therecord.example/feed")
	srcSearch = callwatch.SourceID("https://news.google.com/rss/search?q=%22Paris+Call%22")
)

var entities = []callwatch.Entity{
	{ID: "state:USA", Name: "United States", Category: callwatch.CategoryState, Country: "USA", Verified: true},
	{ID: "state:GHA", Name: "Ghana", Category: callwatch.CategoryState, Country: "GHA", Verified: true},
	{ID: "org:tuya", Name: "Tuya Inc.", Category: callwatch.CategoryCompany, Country: "CHN", Verified: true},
	{ID: "org:microsoft", Name: "Microsoft", Category: callwatch.CategoryCompany, Country: "USA", Verified: true},
}

var stances = []callwatch.FindingKind{callwatch.FindingSigned, callwatch.FindingDeclined, callwatch.FindingAnnounced}
var langs = []string{"en", "fr", "de", "ja"}

// genArticle returns article i of a generated corpus: two findings (a mention and a
// stance) per article, one every three hours back from start.
func genArticle(i int, start time.Time) *callwatch.Article {
	u := fmt.Sprintf("https://outlet%d.example/news/%d", i%37, i)
	src := srcSearch
	if i%3 == 0 {
		src = srcFeed
	}
	e := entities[i%len(entities)]
	lang := langs[i%len(langs)]
	return &callwatch.Article{
		ID: callwatch.ArticleID(u), URL: u, Sources: []string{src},
		Title:     fmt.Sprintf("Paris Call story %d: %s", i, e.Name),
		Outlet:    fmt.Sprintf("outlet%d.example", i%37),
		Published: start.Add(-time.Duration(i) * 3 * time.Hour),
		Fetched:   start, Language: lang, Status: callwatch.StatusFull,
		Text: fmt.Sprintf("Story %d about the Paris Call for Trust and Security in Cyberspace.", i),
		Findings: []callwatch.Finding{
			{Kind: callwatch.FindingMention, Strength: callwatch.StrengthFull, Evidence: "the Paris Call for Trust and Security in Cyberspace",
				Field: callwatch.FieldText, Rule: "mention.full", Confidence: 0.99},
			{Kind: stances[i%len(stances)], Entity: &e, Subject: e.Name, Evidence: fmt.Sprintf("%s and the Paris Call, story %d.", e.Name, i),
				Field: callwatch.FieldText, Rule: "en.stance", Confidence: 0.5 + float64(i%50)/100},
		},
	}
}

// seed builds a database of n articles (2n findings) at path.
func seed(tb testing.TB, path string, n int) {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(path, store.Options{NoSync: true, Now: func() time.Time { return storeNow }})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	for _, s := range []callwatch.SourceState{
		{ID: srcFeed, Name: "The Record", Kind: callwatch.KindFeed, ConfigURL: "https://therecord.example/feed"},
		{ID: srcSearch, Name: "Google News EN", Kind: callwatch.KindSearch, ConfigURL: "https://news.google.com/rss/search?q=%22Paris+Call%22"},
	} {
		if err := db.PutSource(ctx, s); err != nil {
			tb.Fatal(err)
		}
	}
	const batch = 2000
	arts := make([]*callwatch.Article, 0, batch)
	for i := 0; i < n; i++ {
		arts = append(arts, genArticle(i, storeNow))
		if len(arts) == batch || i == n-1 {
			if _, err := db.SaveArticles(ctx, arts); err != nil {
				tb.Fatal(err)
			}
			arts = arts[:0]
		}
	}
}

func openRO(tb testing.TB, path string) *store.DB {
	tb.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestRealStoreFilters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cw.db")
	const n = 60 // articles: 120 findings over 7.5 days
	seed(t, path, n)
	db := openRO(t, path)
	ctx := context.Background()

	// The expected rows are computed from the generated corpus itself.
	type want func(i int, f callwatch.Finding, a *callwatch.Article) bool
	all := func(int, callwatch.Finding, *callwatch.Article) bool { return true }
	since, until := storeNow.Add(-72*time.Hour), storeNow.Add(-24*time.Hour)
	cases := []struct {
		name   string
		filter callwatch.FindingFilter
		keep   want
	}{
		{"all", callwatch.FindingFilter{}, all},
		{"since until", callwatch.FindingFilter{Since: since, Until: until}, func(_ int, _ callwatch.Finding, a *callwatch.Article) bool {
			return !a.Published.Before(since) && a.Published.Before(until)
		}},
		{"kinds", callwatch.FindingFilter{Kinds: []callwatch.FindingKind{callwatch.FindingSigned, callwatch.FindingDeclined}}, func(_ int, f callwatch.Finding, _ *callwatch.Article) bool {
			return f.Kind == callwatch.FindingSigned || f.Kind == callwatch.FindingDeclined
		}},
		{"source", callwatch.FindingFilter{Source: srcFeed}, func(i int, _ callwatch.Finding, _ *callwatch.Article) bool { return i%3 == 0 }},
		{"language", callwatch.FindingFilter{Language: "fr"}, func(_ int, _ callwatch.Finding, a *callwatch.Article) bool { return a.Language == "fr" }},
		{"entity", callwatch.FindingFilter{Entity: "org:tuya"}, func(_ int, f callwatch.Finding, _ *callwatch.Article) bool {
			return f.Entity != nil && f.Entity.ID == "org:tuya"
		}},
		{"min confidence", callwatch.FindingFilter{MinConfidence: 0.9}, func(_ int, f callwatch.Finding, _ *callwatch.Article) bool { return f.Confidence >= 0.9 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := map[string]bool{}
			for i := 0; i < n; i++ {
				a := genArticle(i, storeNow)
				for _, f := range a.Findings {
					if c.keep(i, f, a) {
						want[a.ID+"/"+string(f.Kind)] = true
					}
				}
			}
			var buf bytes.Buffer
			if err := report.Write(ctx, &buf, db, report.Query{Format: report.FormatJSONL, Filter: c.filter, Now: storeNow}); err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			var prev time.Time
			for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
				var r report.Row
				if err := json.Unmarshal([]byte(l), &r); err != nil {
					t.Fatalf("%v: %q", err, l)
				}
				got[r.ArticleID+"/"+r.Kind] = true
				if r.Published.Before(prev) {
					t.Errorf("not oldest first")
				}
				prev = r.Published
				if c.filter.Source == srcFeed && r.Source != "The Record" {
					t.Errorf("source = %q, want the source's name", r.Source)
				}
			}
			if len(want) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("got %d rows, want %d", len(got), len(want))
			}
		})
	}

	t.Run("limit newest", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.Write(ctx, &buf, db, report.Query{Format: report.FormatCSV, Filter: callwatch.FindingFilter{Limit: 3, Newest: true}}); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(recs) != 4 {
			t.Fatalf("%d records, %v", len(recs), err)
		}
		if recs[1][7] != storeNow.Format(time.RFC3339) {
			t.Errorf("first row published %s, want the newest article", recs[1][7])
		}
	})

	t.Run("source by name", func(t *testing.T) {
		id, err := report.ResolveSource(ctx, db, "the record")
		if err != nil || id != srcFeed {
			t.Errorf("ResolveSource = %q, %v", id, err)
		}
		if _, err := report.ResolveSource(ctx, db, "Reuters"); err == nil || !strings.Contains(err.Error(), `"The Record"`) {
			t.Errorf("unknown source: %v", err)
		}
	})

	t.Run("aggregated formats", func(t *testing.T) {
		for _, f := range []report.Format{report.FormatHTML, report.FormatMarkdown, report.FormatXLSX} {
			var buf bytes.Buffer
			if err := report.Write(ctx, &buf, db, report.Query{Format: f, Now: storeNow}); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			switch f {
			case report.FormatMarkdown:
				if !strings.Contains(buf.String(), fmt.Sprintf("- Findings: %d ", 2*n)) || !strings.Contains(buf.String(), "| Tuya Inc. |") {
					t.Errorf("markdown lacks the counts or the signatories:\n%s", buf.String())
				}
			case report.FormatXLSX:
				x, err := excelize.OpenReader(&buf)
				if err != nil {
					t.Fatal(err)
				}
				rows, _ := x.GetRows(report.SheetFindings)
				sigs, _ := x.GetRows(report.SheetSignatories)
				if len(rows) != 1+2*n || len(sigs) != 1+len(entities) {
					t.Errorf("xlsx: %d finding rows, %d signatory rows", len(rows), len(sigs))
				}
				x.Close()
			}
		}
	})

	t.Run("signatories", func(t *testing.T) {
		rows := signatoryRows(t, db)
		if len(rows) != len(entities) {
			t.Fatalf("%d signatories, want %d", len(rows), len(entities))
		}
		for _, r := range rows {
			if r.Status == "" || r.EvidenceURL == "" || r.Outlets == 0 {
				t.Errorf("incomplete row %+v", r)
			}
		}
	})
}

// The benchmark's database is built once per process (it takes a while) and removed by
// TestMain.
var (
	benchOnce sync.Once
	benchDir  string
	benchPath string
)

// benchArticles is the size of the benchmark database: 50,000 articles, 100,000
// findings. CALLWATCH_REPORT_BENCH_ARTICLES overrides it for a quick run.
var benchArticles = func() int {
	if n, err := strconv.Atoi(os.Getenv("CALLWATCH_REPORT_BENCH_ARTICLES")); err == nil && n > 0 {
		return n
	}
	return 50000
}()

func benchDB(b *testing.B) string {
	benchOnce.Do(func() {
		var err error
		if benchDir, err = os.MkdirTemp("", "callwatch-report-bench-"); err != nil {
			b.Fatal(err)
		}
		benchPath = filepath.Join(benchDir, "bench.db")
		start := time.Now()
		seed(b, benchPath, benchArticles)
		b.Logf("built %d findings in %v", 2*benchArticles, time.Since(start).Round(time.Millisecond))
	})
	return benchPath
}

const childEnv = "CALLWATCH_REPORT_BENCH_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		os.Exit(exportChild(path))
	}
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// exportChild is the child process of BenchmarkExportCSV: it opens the database and
// exports every finding to CSV, discarding the output, so its memory is the export's
// alone. It prints one JSON object: rows written, its peak RSS (VmHWM) and, at exit, its
// anonymous and file-backed RSS (bbolt maps the database file, so pages read count as
// file-backed RSS) and the memory the Go runtime took from the OS.
func exportChild(path string) int {
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	cw := &countWriter{}
	if err := report.Write(context.Background(), cw, db, report.Query{Format: report.FormatCSV}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var ms goruntime.MemStats
	goruntime.ReadMemStats(&ms)
	st := procStatus()
	json.NewEncoder(os.Stdout).Encode(childReport{Lines: cw.lines, VmHWMKiB: st["VmHWM"], RssAnonKiB: st["RssAnon"],
		RssFileKiB: st["RssFile"], GoSysBytes: ms.Sys})
	return 0
}

type childReport struct {
	Lines      int64  `json:"lines"`
	VmHWMKiB   int64  `json:"vmhwm_kib"`
	RssAnonKiB int64  `json:"rss_anon_kib"`
	RssFileKiB int64  `json:"rss_file_kib"`
	GoSysBytes uint64 `json:"go_sys_bytes"`
}

// procStatus reads the kB fields of /proc/self/status.
func procStatus() map[string]int64 {
	out := map[string]int64{}
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		var n int64
		if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &n); err == nil {
			out[k] = n
		}
	}
	return out
}

type countWriter struct{ n, lines int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	c.lines += int64(bytes.Count(p, []byte{'\n'}))
	return len(p), nil
}

// BenchmarkExportCSV exports 100,000 findings from a real store to CSV. It reports
// findings/s, and the peak RSS (max RSS from rusage) of a child process that runs the
// same export alone.
//
//	go test ./report -run '^$' -bench ExportCSV -benchtime 5x
func BenchmarkExportCSV(b *testing.B) {
	path := benchDB(b)
	db := openRO(b, path)
	ctx := context.Background()
	var cw countWriter
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cw = countWriter{}
		if err := report.Write(ctx, &cw, db, report.Query{Format: report.FormatCSV}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	if rows := cw.lines - 1; rows != int64(2*benchArticles) {
		b.Fatalf("exported %d rows, want %d", rows, 2*benchArticles)
	}
	b.SetBytes(cw.n)
	b.ReportMetric(float64(2*benchArticles)*float64(b.N)/b.Elapsed().Seconds(), "findings/s")
	db.Close()

	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		b.Fatalf("child: %v: %s", err, stderr.String())
	}
	var rep childReport
	if err := json.Unmarshal(out, &rep); err != nil || rep.Lines != int64(2*benchArticles+1) {
		b.Fatalf("child printed %q (%v)", out, err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatal("no rusage")
	}
	b.ReportMetric(float64(ru.Maxrss)/1024, "child-peak-RSS-MB") // Linux: Maxrss is in KiB
	b.ReportMetric(float64(rep.RssAnonKiB)/1024, "child-anon-RSS-MB")
	b.ReportMetric(float64(rep.RssFileKiB)/1024, "child-file-RSS-MB")
	b.ReportMetric(float64(rep.GoSysBytes)/(1<<20), "child-go-sys-MB")
	if st, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(st.Size())/(1<<20), "db-MB")
	}
	b.ReportMetric(wall.Seconds(), "child-wall-s")
	b.ReportMetric(time.Duration(ru.Utime.Nano()+ru.Stime.Nano()).Seconds(), "child-cpu-s")
}

// cpuTime returns the user and system CPU time this process has used. On a shared
// machine it is steadier than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var _ io.Writer = (*countWriter)(nil)

// TestSignatoriesBeyondTheSamples: an entity reported by more outlets than its stored
// record lists is listed with the exact count, and an organisation the news reported as
// unverified before the register listed it is one row: the register's, with the news'
// evidence.
// signatoryRows returns the signatories report of db, in JSON, decoded.
func signatoryRows(t *testing.T, db *store.DB) []report.SignatoryRow {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteSignatories(context.Background(), &buf, db, report.SignatoryQuery{Format: report.SignatoriesJSON}); err != nil {
		t.Fatal(err)
	}
	var rows []report.SignatoryRow
	if err := json.Unmarshal(buf.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestSignatoriesBeyondTheSamples(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "callwatch.db"), store.Options{NoSync: true, Now: func() time.Time { return storeNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const outlets = callwatch.MaxReportOutlets + 30
	usa := entities[0]
	lumen := callwatch.Entity{ID: "unverified:lumen-grid", Name: "Lumen Grid", Category: callwatch.CategoryUnknown}
	var arts []*callwatch.Article
	for i := range outlets + 1 {
		e, outlet := usa, fmt.Sprintf("outlet%d.example", i)
		if i == outlets {
			e, outlet = lumen, "lumen.example"
		}
		u := fmt.Sprintf("https://%s/paris-call", outlet)
		arts = append(arts, &callwatch.Article{
			ID: callwatch.ArticleID(u), URL: u, Outlet: outlet, Title: "Paris Call", Language: "en",
			Published: storeNow.Add(-time.Duration(i) * time.Hour), Fetched: storeNow, Status: callwatch.StatusFull,
			Text: "Paris Call story.", Findings: []callwatch.Finding{{Kind: callwatch.FindingSigned, Entity: &e, Subject: e.Name,
				Evidence: e.Name + " signed the Paris Call.", Field: callwatch.FieldText, Rule: "en.stance", Confidence: 0.9}},
		})
	}
	if _, err := db.SaveArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	reg := []callwatch.RegisterEntry{{EntityID: "org:lumen-grid", Name: "Lumen Grid", Category: callwatch.CategoryCompany}}
	if _, err := db.SaveRegister(ctx, "register", reg, storeNow); err != nil {
		t.Fatal(err)
	}
	rows := signatoryRows(t, db)
	got := map[string]report.SignatoryRow{}
	for _, r := range rows {
		got[r.EntityID] = r
	}
	if len(rows) != 2 || got[usa.ID].Outlets != outlets {
		t.Errorf("rows = %+v, want 2 with %s reported by %d outlets", rows, usa.ID, outlets)
	}
	if r := got["org:lumen-grid"]; r.Status != string(callwatch.StatusOfficial) || r.Outlets != 1 || r.EvidenceURL != arts[outlets].URL {
		t.Errorf("org:lumen-grid row = %+v, want the register's entity with the news' evidence", r)
	}
}
