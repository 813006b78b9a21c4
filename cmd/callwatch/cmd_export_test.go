package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/report"
	"github.com/callwatch/callwatch/store"
	"github.com/xuri/excelize/v2"
)

// Report commands run against a real database seeded through the store.

var (
	repNow       = time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	repSrcRecord = callwatch.SourceID("https://therecord.example/feed")
	repSrcGoogle = callwatch.SourceID("https://news.google.com/rss/search?q=paris+call")
	repUSA       = callwatch.Entity{ID: "state:USA", Name: "United States", Category: callwatch.CategoryState, Country: "USA", Verified: true}
	repTuya      = callwatch.Entity{ID: "org:tuya", Name: "Tuya Inc.", Category: callwatch.CategoryCompany, Country: "CHN", Verified: true}
	repGhana     = callwatch.Entity{ID: "state:GHA", Name: "Ghana", Category: callwatch.CategoryState, Country: "GHA", Verified: true}
)

func repArticle(u, title, lang string, pub time.Time, src string, findings ...callwatch.Finding) *callwatch.Article {
	return &callwatch.Article{ID: callwatch.ArticleID(u), URL: u, Title: title, Language: lang, Published: pub,
		Outlet: strings.Split(strings.TrimPrefix(u, "https://"), "/")[0], Sources: []string{src}, Fetched: repNow,
		Status: callwatch.StatusFull, Text: title, Findings: findings}
}

func repMention(conf float64) callwatch.Finding {
	return callwatch.Finding{Kind: callwatch.FindingMention, Strength: callwatch.StrengthFull, Evidence: "the Paris Call for Trust and Security in Cyberspace",
		Field: callwatch.FieldText, Rule: "mention.full", Confidence: conf}
}

func repStance(k callwatch.FindingKind, e callwatch.Entity, evidence string, conf float64) callwatch.Finding {
	return callwatch.Finding{Kind: k, Entity: &e, Subject: e.Name, Evidence: evidence, Field: callwatch.FieldText, Rule: "test." + string(k), Confidence: conf}
}

// reportSeedDB writes a database with two sources and five articles, and returns its path.
func reportSeedDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "callwatch.db")
	db, err := store.Open(path, store.Options{NoSync: true, Now: func() time.Time { return repNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for _, s := range []callwatch.SourceState{
		{ID: repSrcRecord, Name: "The Record", Kind: callwatch.KindFeed, ConfigURL: "https://therecord.example/feed"},
		{ID: repSrcGoogle, Name: "Google News EN", Kind: callwatch.KindSearch, ConfigURL: "https://news.google.com/rss/search?q=paris+call"},
	} {
		if err := db.PutSource(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	_, err = db.SaveArticles(ctx, []*callwatch.Article{
		repArticle("https://news.example.org/ghana", "Ghana to join the Paris Call", "en", day(9, 8), repSrcGoogle,
			repStance(callwatch.FindingAnnounced, repGhana, "Ghana announced it would join the Paris Call.", 0.81), repMention(0.99)),
		repArticle("https://lemonde.example/appel", "L'Appel de Paris | sept ans", "fr", day(17, 7), repSrcGoogle,
			repStance(callwatch.FindingSigned, repTuya, "Tuya a rejoint l'Appel de Paris.", 0.9)),
		repArticle("https://evil.example/x", "=HYPERLINK(\"http://evil.example\")", "en", day(18, 9), repSrcRecord,
			repStance(callwatch.FindingSigned, repTuya, "@SUM(1+1) Tuya signed the Paris Call", 0.55)),
		repArticle("https://nikkei.example/ja", "サイバー空間における信頼と安全のためのパリ・コールに新たな署名が加わった", "ja", day(24, 3), repSrcGoogle, repMention(0.95)),
		repArticle("https://cyberscoop.example/us", "\x1b[2J\x1b[31mUnited States\x1b[0m still absent from the Paris Call", "en", day(25, 12), repSrcRecord,
			repStance(callwatch.FindingDeclined, repUSA, "The United States has not signed the Paris Call.", 0.88)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// exportRows runs export with args and returns its CSV records (header included).
func exportRows(t *testing.T, db string, args ...string) [][]string {
	t.Helper()
	r := runMain(t, nil, "", append([]string{"--db", db, "export"}, args...)...)
	if r.code != ExitOK {
		t.Fatalf("export %v: exit %d: %s", args, r.code, r.stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("export %v: not CSV: %v\n%s", args, err, r.stdout)
	}
	return recs
}

func TestExportFilters(t *testing.T) {
	db := reportSeedDB(t)
	col := func(name string) int {
		for i, h := range []string{"schema_version", "article_id", "url"} {
			if h == name {
				return i
			}
		}
		t.Fatalf("unknown column %s", name)
		return 0
	}
	cases := []struct {
		args []string
		want []string // url/kind of each row, in order
	}{
		{nil, []string{"news.example.org/ghana/announced", "news.example.org/ghana/mention", "lemonde.example/appel/signed",
			"evil.example/x/signed", "nikkei.example/ja/mention", "cyberscoop.example/us/declined"}},
		{[]string{"--since", "2026-11-18"}, []string{"evil.example/x/signed", "nikkei.example/ja/mention", "cyberscoop.example/us/declined"}},
		{[]string{"--since", "2026-11-17T07:00:00Z", "--until", "2026-11-18"}, []string{"lemonde.example/appel/signed", "evil.example/x/signed"}},
		{[]string{"--until", "2026-11-16"}, []string{"news.example.org/ghana/announced", "news.example.org/ghana/mention"}},
		{[]string{"--kind", "signed", "--kind", "declined"}, []string{"lemonde.example/appel/signed", "evil.example/x/signed", "cyberscoop.example/us/declined"}},
		{[]string{"--kind", "mention,announced"}, []string{"news.example.org/ghana/announced", "news.example.org/ghana/mention", "nikkei.example/ja/mention"}},
		{[]string{"--kind", "all"}, []string{"news.example.org/ghana/announced", "news.example.org/ghana/mention", "lemonde.example/appel/signed",
			"evil.example/x/signed", "nikkei.example/ja/mention", "cyberscoop.example/us/declined"}},
		{[]string{"--source", "the record"}, []string{"evil.example/x/signed", "cyberscoop.example/us/declined"}},
		{[]string{"--source", repSrcRecord}, []string{"evil.example/x/signed", "cyberscoop.example/us/declined"}},
		{[]string{"--lang", "FR"}, []string{"lemonde.example/appel/signed"}},
		{[]string{"--entity", "tuya"}, []string{"lemonde.example/appel/signed", "evil.example/x/signed"}},
		{[]string{"--entity", "state:USA"}, []string{"cyberscoop.example/us/declined"}},
		{[]string{"--min-confidence", "0.9"}, []string{"news.example.org/ghana/mention", "lemonde.example/appel/signed", "nikkei.example/ja/mention"}},
		{[]string{"--limit", "2"}, []string{"news.example.org/ghana/announced", "news.example.org/ghana/mention"}},
		{[]string{"--limit", "2", "--newest"}, []string{"cyberscoop.example/us/declined", "nikkei.example/ja/mention"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			recs := exportRows(t, db, c.args...)
			var got []string
			for _, rec := range recs[1:] {
				got = append(got, strings.TrimPrefix(rec[col("url")], "https://")+"/"+rec[9])
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %v\nwant %v", got, c.want)
			}
		})
	}
}

func TestExportCSVNeutralisedAndBOM(t *testing.T) {
	db := reportSeedDB(t)
	r := runMain(t, nil, "", "--db", db, "export", "--bom", "--kind", "signed")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "\uFEFFschema_version,") {
		t.Fatalf("no BOM: %q", r.stdout[:20])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.stdout, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[2][3]; got != `'=HYPERLINK("http://evil.example")` {
		t.Errorf("title = %q, want it neutralised", got)
	}
	if got := recs[2][17]; got != "'@SUM(1+1) Tuya signed the Paris Call" {
		t.Errorf("evidence = %q, want it neutralised", got)
	}
}

func TestExportOutFile(t *testing.T) {
	db := reportSeedDB(t)
	dir := t.TempDir()
	html := filepath.Join(dir, "report.html")
	r := runMain(t, nil, "", "--db", db, "export", "--since", "2026-11-01", "--out", html)
	if r.code != ExitOK || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q: %s", r.code, r.stdout, r.stderr)
	}
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) || !bytes.Contains(b, []byte("Content-Security-Policy")) {
		t.Errorf("--out .html did not write HTML: %.80s", b)
	}
	if st, _ := os.Stat(html); st.Mode().Perm() != 0o644 {
		t.Errorf("new report mode %v, want 0644", st.Mode().Perm())
	}

	// An existing file keeps its mode; --format wins over the extension.
	if err := os.Chmod(html, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runMain(t, nil, "", "--db", db, "export", "--format", "jsonl", "--out", html); r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, _ = os.ReadFile(html)
	var row report.Row
	if err := json.Unmarshal(bytes.SplitN(b, []byte("\n"), 2)[0], &row); err != nil || row.SchemaVersion != 1 {
		t.Errorf("--format jsonl wrote %.80s (%v)", b, err)
	}
	if st, _ := os.Stat(html); st.Mode().Perm() != 0o600 {
		t.Errorf("existing file mode became %v, want 0600 kept", st.Mode().Perm())
	}

	xlsx := filepath.Join(dir, "report.xlsx")
	if r := runMain(t, nil, "", "--db", db, "export", "--out", xlsx); r.code != ExitOK {
		t.Fatalf("xlsx: exit %d: %s", r.code, r.stderr)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(report.SheetFindings)
	f.Close()
	if len(rows) != 7 {
		t.Errorf("xlsx has %d finding rows, want header and 6", len(rows))
	}

	// No temporary file is left behind, and a failed export leaves the old file intact.
	before, _ := os.ReadFile(html)
	r = runMain(t, nil, "", "--db", filepath.Join(dir, "missing.db"), "export", "--out", html)
	if r.code != ExitUsage {
		t.Errorf("missing database: exit %d, want %d", r.code, ExitUsage)
	}
	after, _ := os.ReadFile(html)
	if !bytes.Equal(before, after) {
		t.Error("a failed export changed the existing file")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !reflect.DeepEqual(names, []string{"report.html", "report.xlsx"}) {
		t.Errorf("files left in the output directory: %v", names)
	}
	if r := runMain(t, nil, "", "--db", db, "export", "--out", filepath.Join(dir, "no", "such", "dir.csv")); r.code != ExitPartial || !strings.Contains(r.stderr, "no such file") {
		t.Errorf("unwritable --out: exit %d: %s", r.code, r.stderr)
	}
}

func TestWriteFileAtomicRemovesTempOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	boom := errors.New("store went away")
	_, err := writeFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "half a report")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %v behind", entries)
	}
	n, err := writeFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "a,b\n"); return err })
	if err != nil || n != 4 {
		t.Fatalf("n %d, err %v", n, err)
	}
	if b, _ := os.ReadFile(path); string(b) != "a,b\n" {
		t.Errorf("wrote %q", b)
	}
}

func TestExportUsageErrors(t *testing.T) {
	db := reportSeedDB(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--since", "yesterday"}, "invalid --since"},
		{[]string{"--until", "2026-13-01"}, "invalid --until"},
		{[]string{"--since", "2026-11-20", "--until", "2026-11-10"}, "not before --until"},
		{[]string{"--kind", "signd"}, `invalid --kind: unknown kind "signd"`},
		{[]string{"--kind", "signed,"}, "invalid --kind"},
		{[]string{"--lang", "french"}, "invalid --lang"},
		{[]string{"--min-confidence", "1.5"}, "invalid --min-confidence"},
		{[]string{"--min-confidence", "NaN"}, "invalid --min-confidence"},
		{[]string{"--min-confidence", "high"}, "min-confidence"},
		{[]string{"--limit", "-1"}, "invalid --limit"},
		{[]string{"--format", "pdf"}, "invalid --format"},
		{[]string{"--format", "json", "--bom"}, "--bom applies to --format csv only"},
		{[]string{"--max-rows", "0"}, "invalid --max-rows"},
		{[]string{"--source", "Reuters"}, `invalid --source: unknown source "Reuters": want one of "Google News EN", "The Record"`},
		{[]string{"extra"}, "unknown command"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			r := runMain(t, nil, "", append([]string{"--db", db, "export"}, c.args...)...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", r.code, r.stderr, c.want)
			}
			if r.stdout != "" {
				t.Errorf("wrote to stdout: %q", r.stdout)
			}
		})
	}
}

func TestExportQueryFormat(t *testing.T) {
	for _, c := range []struct {
		format, out string
		want        report.Format
	}{
		{"", "", report.FormatCSV},
		{"", "week.md", report.FormatMarkdown},
		{"", "week.XLSX", report.FormatXLSX},
		{"", "week.ndjson", report.FormatJSONL},
		{"", "week.txt", report.FormatCSV},
		{"html", "week.csv", report.FormatHTML},
	} {
		q, err := exportQuery(&findingFlags{}, c.format, c.out, false, 10, repNow)
		if err != nil || q.Format != c.want {
			t.Errorf("format %q out %q: %s, %v; want %s", c.format, c.out, q.Format, err, c.want)
		}
	}
	q, err := exportQuery(&findingFlags{since: "7d", until: "2026-11-26"}, "", "", false, 10, repNow)
	if err != nil {
		t.Fatal(err)
	}
	if !q.Filter.Since.Equal(repNow.Add(-7*24*time.Hour)) || !q.Filter.Until.Equal(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("since %v until %v", q.Filter.Since, q.Filter.Until)
	}
}

// TestReportCommandsWaitForWriter checks that export, signatories and mentions exit 75
// (safe to retry) while another process holds the database for writing.
func TestReportCommandsWaitForWriter(t *testing.T) {
	path := reportSeedDB(t)
	writer, err := store.Open(path, store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	env := map[string]string{envLockTimeout: "200ms"}
	for _, cmd := range [][]string{{"export"}, {"signatories"}, {"mentions"}} {
		r := runMain(t, env, "", append([]string{"--db", path}, cmd...)...)
		if r.code != ExitTempFail || r.stdout != "" {
			t.Errorf("%s while a writer holds the database: exit %d, stdout %q, stderr %s", cmd[0], r.code, r.stdout, r.stderr)
		}
	}
	writer.Close()
	if r := runMain(t, env, "", "--db", path, "mentions"); r.code != ExitOK {
		t.Errorf("mentions after the writer closed: exit %d: %s", r.code, r.stderr)
	}
}
