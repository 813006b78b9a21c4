package detect

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/callwatch/callwatch"
	"golang.org/x/net/html"
)

// realPages is a folder of real web pages (news in several languages) shared by the
// project's checks; see ../../shared/corpora/README.md.
const realPages = "../../shared/corpora/readability-test-pages/pages"

// benchDocs returns at least 1 MB of realistic article text: the article text of the
// real news pages in realPages (most not about the Call) followed by the labelled corpus
// (all about the Call), repeated. Without realPages it uses the labelled corpus alone
// and says so.
func benchDocs(b *testing.B) ([]callwatch.Document, int64) {
	b.Helper()
	var base []callwatch.Document
	pages, _ := filepath.Glob(filepath.Join(realPages, "*", "expected.html"))
	if len(pages) == 0 {
		b.Logf("%s is absent: benchmarking on the labelled corpus only", realPages)
	}
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		base = append(base, callwatch.Document{Title: filepath.Base(filepath.Dir(p)), Text: htmlText(string(data))})
	}
	for _, ld := range loadCorpus(b) {
		base = append(base, ld.doc)
	}
	var docs []callwatch.Document
	var n int64
	for n < 1<<20 {
		for _, d := range base {
			docs = append(docs, d)
			n += int64(len(d.Title) + len(d.Text))
		}
	}
	return docs, n
}

// callDocs returns at least 1 MB of the labelled corpus alone: every article about the
// Call, so the stance rules run on most sentences (the worst case).
func callDocs(b *testing.B) ([]callwatch.Document, int64) {
	var docs []callwatch.Document
	var n int64
	corpus := loadCorpus(b)
	for n < 1<<20 {
		for _, ld := range corpus {
			docs = append(docs, ld.doc)
			n += int64(len(ld.doc.Title) + len(ld.doc.Text))
		}
	}
	return docs, n
}

// htmlText returns the text of an HTML fragment, paragraphs separated by blank lines.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "div", "h1", "h2", "h3", "h4", "li", "br", "blockquote", "section", "article":
				b.WriteString("\n\n")
			}
		}
	}
}

// BenchmarkDetect measures the whole detector (normalisation, automaton over the full
// gazetteer, sentences, mentions, stance rules) over 1 MB of articles. Besides MB/s (wall
// time) it reports MB/cpu-s: bytes per second of the process's CPU time, the throughput
// per core on a machine shared with other work (run with -cpu 1 for it to mean that).
func BenchmarkDetect(b *testing.B) {
	d := newTestDetector(b)
	docs, n := benchDocs(b)
	benchDetect(b, d, docs, n)
}

func benchDetect(b *testing.B, d *Detector, docs []callwatch.Document, n int64) {
	perCPU(b, n, func() {
		for _, doc := range docs {
			d.Detect(doc)
		}
	})
}

// perCPU runs op b.N times over n bytes and reports, besides MB/s, MB/cpu-s: bytes per
// second of the process's CPU time.
func perCPU(b *testing.B, n int64, op func()) {
	b.SetBytes(n)
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		op()
	}
	if c := cpuTime() - c0; c > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/c.Seconds()/1e6, "MB/cpu-s")
	}
}

// BenchmarkDetectCallArticles is BenchmarkDetect over articles that are all about the
// Call (the labelled corpus): the stance rules' worst case.
func BenchmarkDetectCallArticles(b *testing.B) {
	d := newTestDetector(b)
	docs, n := callDocs(b)
	benchDetect(b, d, docs, n)
}

// BenchmarkNormalize measures normalisation with its offset map alone.
func BenchmarkNormalize(b *testing.B) {
	docs, n := benchDocs(b)
	perCPU(b, n, func() {
		for _, doc := range docs {
			normalize(doc.Title)
			normalize(doc.Text)
		}
	})
}

// BenchmarkAutomatonScan measures the pattern search alone (every name, cue and
// gazetteer alias, over whole texts: both finders) over the normalised articles.
func BenchmarkAutomatonScan(b *testing.B) {
	d := newTestDetector(b)
	docs, n := benchDocs(b)
	var texts []normText
	for _, doc := range docs {
		texts = append(texts, normalize(doc.Text))
	}
	matches := 0
	count := func(int, int, int32) { matches++ }
	perCPU(b, n, func() {
		for k := range texts {
			t := &texts[k]
			d.lex.find(t, 0, len(t.s), count)
			d.ents.find(t, 0, len(t.s), count)
		}
	})
	b.ReportMetric(float64(matches)/float64(b.N), "matches/op")
}

// BenchmarkRegexpBaseline is the baseline the automaton replaces: one stdlib regexp
// alternation of the Call's names and look-alikes only (not the 4,000 gazetteer aliases,
// which would take minutes per operation), case-insensitive, over the same articles.
// Compare its MB/s with BenchmarkDetect's.
func BenchmarkRegexpBaseline(b *testing.B) {
	var alts []string
	for _, e := range lexicon() {
		if e.kind == pkName || e.kind == pkLook || e.kind == pkAnchor {
			alts = append(alts, regexp.QuoteMeta(strings.Trim(e.text, "*")))
		}
	}
	for _, r := range tailRules() {
		for _, t := range r.tails {
			alts = append(alts, regexp.QuoteMeta(t))
		}
	}
	re := regexp.MustCompile(`(?i)\b(?:` + strings.Join(alts, "|") + `)`)
	docs, n := benchDocs(b)
	perCPU(b, n, func() {
		for _, doc := range docs {
			re.FindAllStringIndex(doc.Title, -1)
			re.FindAllStringIndex(doc.Text, -1)
		}
	})
	b.ReportMetric(float64(len(alts)), "names")
}

// BenchmarkCalibrationToLower runs strings.ToLower over the same articles: a yardstick
// for the machine (a shared, loaded machine makes every number smaller; compare ratios).
func BenchmarkCalibrationToLower(b *testing.B) {
	docs, n := benchDocs(b)
	perCPU(b, n, func() {
		for _, doc := range docs {
			_ = strings.ToLower(doc.Text)
		}
	})
}

// BenchmarkGate measures the gate alone (does a field hold a name at all?) over the
// original articles: what Detect costs on an article that does not name the Call.
func BenchmarkGate(b *testing.B) {
	d := newTestDetector(b)
	docs, n := benchDocs(b)
	perCPU(b, n, func() {
		for _, doc := range docs {
			d.gate.match(doc.Title)
			d.gate.match(doc.Text)
		}
	})
}
