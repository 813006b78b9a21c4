package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
	"golang.org/x/net/html"
)

func periodQuery(f Format) Query {
	return Query{Format: f, Filter: callwatch.FindingFilter{Since: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}}
}

func TestGoldenFormats(t *testing.T) {
	for _, f := range []Format{FormatCSV, FormatJSONL, FormatJSON, FormatMarkdown, FormatHTML} {
		t.Run(string(f), func(t *testing.T) {
			golden(t, "report."+f.Extension()+".golden", export(t, fixture(), periodQuery(f)))
		})
	}
}

func TestGoldenEmpty(t *testing.T) {
	for _, f := range []Format{FormatCSV, FormatJSON, FormatMarkdown} {
		t.Run(string(f), func(t *testing.T) {
			golden(t, "empty."+f.Extension()+".golden", export(t, &fakeSource{}, Query{Format: f}))
		})
	}
}

func TestCSV(t *testing.T) {
	out := export(t, fixture(), periodQuery(FormatCSV))
	if !bytes.HasPrefix(out, []byte(strings.Join(csvHeader, ",")+"\r\n")) || !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Errorf("records must end with CRLF (RFC 4180): %q", out[:200])
	}
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("output is not RFC 4180 CSV: %v", err)
	}
	if !reflect.DeepEqual(recs[0], csvHeader) {
		t.Fatalf("header = %v", recs[0])
	}
	if len(recs) != 1+7 {
		t.Fatalf("got %d records, want header and 7 rows", len(recs))
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	// Every cell that could start a formula is neutralised.
	for i, rec := range recs[1:] {
		for j, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d column %s starts with %q: %q", i+1, recs[0][j], cell[0], cell)
			}
		}
	}
	byArticle := map[string][]string{}
	for _, rec := range recs[1:] {
		if rec[col["kind"]] != "mention" || byArticle[rec[col["article_id"]]] == nil {
			byArticle[rec[col["article_id"]]] = rec
		}
	}
	evil := byArticle["a4"]
	for name, want := range map[string]string{
		"title":       `'=HYPERLINK("http://evil.example","click")`,
		"entity_name": `'@SUM(1+1)*cmd|' /C calc'!A0`,
		"evidence":    `'-2+3 =cmd|' /C calc'!A0 signed the Paris Call`,
		"url":         "javascript:alert(document.domain)",
		"stance":      "signed",
	} {
		if got := evil[col[name]]; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	fr := byArticle["a3"]
	if got := fr[col["evidence"]]; got != "Tuya a rejoint l'Appel de Paris | une première\npour l'entreprise." {
		t.Errorf("evidence with a newline did not round-trip: %q", got)
	}
	us := byArticle["a6"]
	for name, want := range map[string]string{"confidence": "0.877", "published": "2026-11-25T12:30:00Z", "outlets": "3",
		"entity_id": "state:USA", "entity_country": "USA", "source": "The Record", "schema_version": "1"} {
		if got := us[col[name]]; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := byArticle["a2"][col["sources"]]; got != "The Record; Google News EN" {
		t.Errorf("sources = %q", got)
	}
}

func TestCSVBOM(t *testing.T) {
	q := periodQuery(FormatCSV)
	without := export(t, fixture(), q)
	q.BOM = true
	with := export(t, fixture(), q)
	if !bytes.HasPrefix(with, []byte("\xEF\xBB\xBFschema_version,")) {
		t.Fatalf("no BOM: %q", with[:20])
	}
	if !bytes.Equal(with[3:], without) {
		t.Fatal("the BOM changed more than the first three bytes")
	}
	q.Format = FormatJSONL
	if out := export(t, fixture(), q); bytes.HasPrefix(out, []byte("\xEF\xBB\xBF")) {
		t.Fatal("BOM written to JSONL")
	}
}

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{
		"":            "",
		"=1+2":        "'=1+2",
		"+33 1 23":    "'+33 1 23",
		"-5":          "'-5",
		"@SUM(A1)":    "'@SUM(A1)",
		"\tx":         "'\tx",
		"\rx":         "'\rx",
		"Paris Call":  "Paris Call",
		" =1+2":       " =1+2",
		"a=b":         "a=b",
		"'quoted":     "'quoted",
		"０＝fullwidth": "０＝fullwidth",
	} {
		if got := Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

var wantRowKeys = []string{"article_id", "confidence", "evidence", "kind", "language", "outlet", "outlets",
	"published", "rule", "schema_version", "source", "sources", "title", "url"}

func keysOf(m map[string]json.RawMessage) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// checkRowKeys asserts the exact field names of one exported row.
func checkRowKeys(t *testing.T, m map[string]json.RawMessage) {
	t.Helper()
	var kind string
	json.Unmarshal(m["kind"], &kind)
	want := append([]string(nil), wantRowKeys...)
	if kind == "mention" {
		want = append(want, "strength")
	} else {
		want = append(want, "entity", "stance")
	}
	sort.Strings(want)
	if got := keysOf(m); !reflect.DeepEqual(got, want) {
		t.Errorf("%s row keys = %v, want %v", kind, got, want)
	}
	if e, ok := m["entity"]; ok {
		var em map[string]json.RawMessage
		if err := json.Unmarshal(e, &em); err != nil {
			t.Fatal(err)
		}
		if got := keysOf(em); !reflect.DeepEqual(got, []string{"category", "country", "id", "name"}) {
			t.Errorf("entity keys = %v", got)
		}
	}
}

func TestJSONL(t *testing.T) {
	out := export(t, fixture(), periodQuery(FormatJSONL))
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 7 {
		t.Fatalf("got %d lines, want 7", len(lines))
	}
	var prev time.Time
	for _, l := range lines {
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line is not JSON: %v: %s", err, l)
		}
		checkRowKeys(t, m)
		var r Row
		json.Unmarshal([]byte(l), &r)
		if r.Published.Before(prev) {
			t.Errorf("rows not oldest first: %v after %v", r.Published, prev)
		}
		prev = r.Published
		var pub string
		json.Unmarshal(m["published"], &pub)
		if _, err := time.Parse(time.RFC3339, pub); err != nil || !strings.HasSuffix(pub, "Z") {
			t.Errorf("published %q is not RFC 3339 UTC", pub)
		}
	}
	if !strings.Contains(lines[2], `"title":"<script>window.__pwned=1;`) {
		t.Errorf("JSONL must carry the title verbatim (no HTML escaping): %s", lines[2])
	}
}

func TestJSONDocument(t *testing.T) {
	out := export(t, fixture(), periodQuery(FormatJSON))
	var doc struct {
		SchemaVersion int                          `json:"schema_version"`
		Generated     string                       `json:"generated"`
		Period        map[string]string            `json:"period"`
		Findings      []map[string]json.RawMessage `json:"findings"`
		Count         int                          `json:"count"`
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatalf("not one JSON document: %v", err)
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != SchemaVersion || doc.Count != 7 || len(doc.Findings) != 7 {
		t.Fatalf("schema %d, count %d, findings %d", doc.SchemaVersion, doc.Count, len(doc.Findings))
	}
	if doc.Generated != "2026-11-27T06:00:00Z" || doc.Period["since"] != "2026-11-01T00:00:00Z" {
		t.Errorf("generated %q, period %v", doc.Generated, doc.Period)
	}
	for _, m := range doc.Findings {
		checkRowKeys(t, m)
	}
	var empty map[string]json.RawMessage
	if err := json.Unmarshal(export(t, &fakeSource{}, Query{Format: FormatJSON}), &empty); err != nil {
		t.Fatalf("empty export is not JSON: %v", err)
	}
	if string(empty["findings"]) != "[]" || string(empty["count"]) != "0" {
		t.Errorf("empty export: findings %s, count %s", empty["findings"], empty["count"])
	}
}

// TestFilterPassedThrough checks that the query's filter reaches the store unchanged for
// the streamed formats, and latest first for the aggregated ones.
func TestFilterPassedThrough(t *testing.T) {
	f := callwatch.FindingFilter{Since: day(1, 0), Until: day(20, 0), Kinds: []callwatch.FindingKind{callwatch.FindingSigned},
		Source: srcGoogle, Language: "fr", Entity: "tuya", MinConfidence: 0.5, Limit: 3}
	for _, format := range Formats {
		t.Run(string(format), func(t *testing.T) {
			src := fixture()
			export(t, src, Query{Format: format, Filter: f})
			if len(src.filters) != 1 {
				t.Fatalf("%d scans, want one pass", len(src.filters))
			}
			want := f
			want.Newest = format == FormatHTML || format == FormatMarkdown
			if !reflect.DeepEqual(src.filters[0], want) {
				t.Errorf("filter = %+v, want %+v", src.filters[0], want)
			}
		})
	}
}

// TestFilters runs each filter through a real export and checks which rows come out.
func TestFilters(t *testing.T) {
	cases := []struct {
		name   string
		filter callwatch.FindingFilter
		want   []string // article_id/kind, in order
	}{
		{"all", callwatch.FindingFilter{}, []string{"a1/announced", "a1/mention", "a2/mention", "a3/signed", "a4/signed", "a5/mention", "a6/declined"}},
		{"since", callwatch.FindingFilter{Since: day(18, 0)}, []string{"a4/signed", "a5/mention", "a6/declined"}},
		{"until exclusive", callwatch.FindingFilter{Until: day(12, 10)}, []string{"a1/announced", "a1/mention"}},
		{"kinds", callwatch.FindingFilter{Kinds: []callwatch.FindingKind{callwatch.FindingSigned, callwatch.FindingDeclined}}, []string{"a3/signed", "a4/signed", "a6/declined"}},
		{"source", callwatch.FindingFilter{Source: srcRecord}, []string{"a2/mention", "a6/declined"}},
		{"language", callwatch.FindingFilter{Language: "ja"}, []string{"a5/mention"}},
		{"entity id", callwatch.FindingFilter{Entity: "state:USA"}, []string{"a6/declined"}},
		{"entity name part", callwatch.FindingFilter{Entity: "TUYA"}, []string{"a3/signed"}},
		{"min confidence", callwatch.FindingFilter{MinConfidence: 0.9}, []string{"a1/mention", "a3/signed", "a5/mention"}},
		{"limit", callwatch.FindingFilter{Limit: 2}, []string{"a1/announced", "a1/mention"}},
		{"newest limit", callwatch.FindingFilter{Limit: 2, Newest: true}, []string{"a6/declined", "a5/mention"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := export(t, fixture(), Query{Format: FormatJSONL, Filter: c.filter})
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				if l == "" {
					continue
				}
				var r Row
				if err := json.Unmarshal([]byte(l), &r); err != nil {
					t.Fatal(err)
				}
				got = append(got, r.ArticleID+"/"+r.Kind)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestSourceColumnFollowsFilter(t *testing.T) {
	out := export(t, fixture(), Query{Format: FormatJSONL, Filter: callwatch.FindingFilter{Source: srcGoogle}})
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r Row
		json.Unmarshal([]byte(l), &r)
		if r.Source != "Google News EN" {
			t.Errorf("%s: source = %q, want the filtered source", r.ArticleID, r.Source)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			src := fixture()
			src.scanErr = errBoom
			err := Write(context.Background(), &bytes.Buffer{}, src, Query{Format: f})
			if !errors.Is(err, errBoom) {
				t.Fatalf("err = %v, want the store's error", err)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Write(ctx, &bytes.Buffer{}, fixture(), Query{Format: FormatCSV}); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled: err = %v", err)
	}
	if err := Write(context.Background(), &bytes.Buffer{}, fixture(), Query{Format: "pdf"}); err == nil {
		t.Fatal("unknown format accepted")
	}
}

// failWriter fails every write after n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriterErrorsReported(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			err := Write(context.Background(), &failWriter{n: 10}, fixture(), Query{Format: f})
			if err == nil || !strings.Contains(err.Error(), "disk full") {
				t.Fatalf("err = %v, want the writer's error", err)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	out := string(export(t, fixture(), periodQuery(FormatMarkdown)))
	for _, want := range []string{
		"- Findings: 7 (mentions 3, signed 2, declined 1, announced 1) from 6 outlets",
		"| 2026-11-16 | 0 | 2 | 0 | 0 | 2 |",
		"**Tuya Inc\\.** (new)",
		`L'Appel de Paris \| bilan sept ans après`,
		`\<script\>window.\_\_pwned=1;document.title="pwned"\</script\> Paris Call turns eight`,
	} {
		if !strings.Contains(out, strings.ReplaceAll(want, `Inc\.`, "Inc.")) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(out, "](javascript:") || strings.Contains(strings.ReplaceAll(out, `\<`, ""), "<script") {
		t.Error("markdown holds a javascript: link or raw script tag")
	}
	// Every table row has the same number of unescaped pipes as its header.
	var cols int
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			cols = 0
			continue
		}
		n := strings.Count(line, "|") - strings.Count(line, `\|`)
		if cols == 0 {
			cols = n
		} else if n != cols {
			t.Errorf("row has %d cells, header %d: %s", n, cols, line)
		}
	}
}

func TestMarkdownEscape(t *testing.T) {
	for in, want := range map[string]string{
		"a | b":              `a \| b`,
		"line\nbreak\r\nend": "line break end",
		"[x](javascript:1)":  `\[x\](javascript:1)`,
		"*bold* _it_ `code`": "\\*bold\\* \\_it\\_ \\`code\\`",
		`back\slash`:         `back\\slash`,
		"<b>html</b>":        `\<b\>html\</b\>`,
		"![img](x)":          `\!\[img\](x)`,
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
	for u, want := range map[string]string{
		"https://example.org/a_(b)": "[t](https://example.org/a_%28b%29)",
		"javascript:alert(1)":       "t",
		"data:text/html,<x>":        "t",
		"//example.org/x":           "t",
		"http://":                   "t",
	} {
		if got := mdLink("t", u); got != want {
			t.Errorf("mdLink(%q) = %q, want %q", u, got, want)
		}
	}
}

func TestTruncatedTables(t *testing.T) {
	q := periodQuery(FormatMarkdown)
	q.MaxTableRows = 2
	out := string(export(t, fixture(), q))
	if !strings.Contains(out, "Showing the latest 2 of 7 findings") || !strings.Contains(out, "Showing 2 of 5 signatories") {
		t.Errorf("no truncation notes:\n%s", out)
	}
	if !strings.Contains(out, "- Findings: 7 ") {
		t.Error("counts must stay exact when the table is capped")
	}
	q.Format = FormatHTML
	h := string(export(t, fixture(), q))
	if !strings.Contains(h, "Showing the latest 2 of 7 findings") {
		t.Error("HTML lacks the truncation note")
	}
	// The two rows kept are the two latest.
	if !strings.Contains(h, "us-absent") || !strings.Contains(h, "paris-call-ja") || strings.Contains(h, "ghana-paris-call\"") {
		t.Error("HTML did not keep the latest findings")
	}
}

// TestHTMLSafety parses the HTML report and checks every element and attribute that could
// run code or load something.
func TestHTMLSafety(t *testing.T) {
	out := export(t, fixture(), periodQuery(FormatHTML))
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var csp string
	var anchors, svgs, bars int
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "iframe", "object", "embed", "img", "link", "base", "form":
				t.Errorf("report holds a <%s> element", n.Data)
			case "meta":
				if attr(n, "http-equiv") == "Content-Security-Policy" {
					csp = attr(n, "content")
				}
			case "a":
				anchors++
				href := attr(n, "href")
				if !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "http://") {
					t.Errorf("link to %q", href)
				}
				if attr(n, "rel") != "noopener noreferrer" {
					t.Errorf("link %q has rel %q", href, attr(n, "rel"))
				}
			case "svg":
				svgs++
			case "rect":
				if strings.Contains(attr(n, "class"), "bar") {
					bars++
				}
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("<%s> has an event handler %s=%q", n.Data, a.Key, a.Val)
				}
				if strings.Contains(strings.ToLower(a.Val), "javascript:") {
					t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if !strings.Contains(csp, "script-src 'none'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	if anchors != 6+3 { // 7 findings but for the javascript: one, and 4 signatory evidence links but for the javascript: one
		t.Errorf("%d links, want 9", anchors)
	}
	if svgs != 1 || bars != 5 { // 3 weeks with 2, 1 and 2 kinds
		t.Errorf("%d svg, %d bars; want 1 chart with 5 bars", svgs, bars)
	}
	s := string(out)
	for _, want := range []string{"&lt;script&gt;window.__pwned=1;", "&lt;img src=x onerror=", "Findings per week, by kind",
		`class="new"`, "official register", "reported: announced"} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, bad := range []string{"http://", "https://fonts", "cdn", "<script"} {
		if bad == "http://" {
			if strings.Contains(s, `src="http`) {
				t.Error("HTML loads a remote resource")
			}
			continue
		}
		if strings.Contains(s, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestWeeks(t *testing.T) {
	s := newSummary(callwatch.FindingFilter{}, 0)
	for _, r := range []Row{
		{Kind: "signed", Published: time.Date(2026, 11, 1, 23, 0, 0, 0, time.UTC)},   // Sunday: week of Oct 26
		{Kind: "mention", Published: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)},   // Monday
		{Kind: "declined", Published: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}, // Sunday, two weeks later
		{Kind: "mention"}, // no date: counted, not charted
	} {
		s.add(r)
	}
	dense := s.Weeks(true)
	if len(dense) != 4 {
		t.Fatalf("%d dense weeks, want 4: %v", len(dense), dense)
	}
	if got := dense[0].Start; !got.Equal(time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC)) || got.Weekday() != time.Monday {
		t.Errorf("first week starts %v", got)
	}
	if dense[0].Counts != (Counts{0, 1, 0, 0}) || dense[1].Counts != (Counts{1, 0, 0, 0}) || dense[3].Counts != (Counts{0, 0, 1, 0}) {
		t.Errorf("weeks %v", dense)
	}
	if sparse := s.Weeks(false); len(sparse) != 3 {
		t.Errorf("%d sparse weeks, want 3", len(sparse))
	}
	if s.Total != 4 || s.Counts != (Counts{2, 1, 1, 0}) {
		t.Errorf("total %d counts %v", s.Total, s.Counts)
	}
}

func TestNiceStep(t *testing.T) {
	for peak, want := range map[int]int{0: 1, 3: 1, 5: 1, 6: 2, 10: 2, 11: 5, 24: 5, 26: 10, 99: 20, 101: 50, 4000: 1000} {
		if got := niceStep(peak); got != want {
			t.Errorf("niceStep(%d) = %d, want %d", peak, got, want)
		}
	}
}

func TestChartGeometry(t *testing.T) {
	weeks := []Week{{Start: day(2, 0), Counts: Counts{3, 1, 0, 0}}, {Start: day(9, 0)}, {Start: day(16, 0), Counts: Counts{0, 0, 2, 2}}}
	c := newChart(weeks, Counts{3, 1, 2, 2})
	if len(c.Bars) != 4 {
		t.Fatalf("%d bars, want 4 (zero counts draw nothing)", len(c.Bars))
	}
	for _, b := range c.Bars {
		if b.X < c.Left || b.X+b.W > c.Right || b.Y < c.Top || b.Y+b.H > c.Base+0.1 || b.H <= 0 {
			t.Errorf("bar outside the plot: %+v", b)
		}
	}
	// Stacked: the signed bar of week 1 sits on top of its mention bar.
	if m, s := c.Bars[0], c.Bars[1]; s.Y+s.H != m.Y {
		t.Errorf("bars not stacked: %+v %+v", m, s)
	}
	if len(c.YTicks) < 2 || c.YTicks[len(c.YTicks)-1].Label != "4" {
		t.Errorf("y ticks %v", c.YTicks)
	}
	if len(c.XTicks) != 3 || c.XTicks[0].Label != "2 Nov 2026" {
		t.Errorf("x ticks %v", c.XTicks)
	}
	if e := newChart(nil, Counts{}); !e.Empty || len(e.Bars) != 0 {
		t.Error("empty chart")
	}
}

func TestCSVInvalidUTF8(t *testing.T) {
	src := fixture()
	src.rows = src.rows[:1]
	src.rows[0].Article.Title = "bad \xff\xfe byte"
	out := export(t, src, Query{Format: FormatCSV})
	if !utf8.Valid(out) || !bytes.Contains(out, []byte("bad \uFFFD byte")) {
		t.Errorf("CSV = %q", out)
	}
}

func TestChartSVG(t *testing.T) {
	svg, err := ChartSVG(context.Background(), fixture(), callwatch.FindingFilter{Since: day(1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	if !strings.HasPrefix(s, `<svg class="chart"`) || !strings.HasSuffix(s, "</svg>") || strings.Count(s, "<svg") != 1 {
		t.Fatalf("not one svg element: %.120s", s)
	}
	if n := strings.Count(s, `<rect class="bar `); n != 5 {
		t.Errorf("%d bars, want 5", n)
	}
	if !strings.Contains(s, `fill="#1a7f37"`) || !strings.Contains(s, `stroke="#5b6573"`) {
		t.Error("colours must be attributes, to read the same outside the report's stylesheet")
	}
	// The report embeds exactly the same element.
	page := string(export(t, fixture(), Query{Format: FormatHTML, Filter: callwatch.FindingFilter{Since: day(1, 0)}}))
	if !strings.Contains(page, s) {
		t.Error("the HTML report's chart differs from ChartSVG's")
	}
	src := fixture()
	src.scanErr = errBoom
	if _, err := ChartSVG(context.Background(), src, callwatch.FindingFilter{}); !errors.Is(err, errBoom) {
		t.Errorf("err = %v", err)
	}
}
