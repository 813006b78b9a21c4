package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
)

// Floors that the chosen extraction must reach (issue 4).
const (
	floorShingleF1 = 0.95 // readability-test-pages, 4-token shingles
	floorSegmentF1 = 0.90 // trafilatura-eval, with/without segments
)

var (
	evalCandidates = flag.Bool("eval.candidates", false, "also score every candidate extractor (slow)")
	evalOut        = flag.String("eval.out", "", "write per-page scores to this file")
)

// corporaDir finds ../shared/corpora relative to the repository root (the folder holding go.mod).
func corporaDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above the test's directory: cannot locate ../shared/corpora")
		}
		dir = parent
	}
	c := filepath.Join(filepath.Dir(dir), "shared", "corpora")
	for _, sub := range []string{"readability-test-pages/pages", "trafilatura-eval/evaldata.json"} {
		if _, err := os.Stat(filepath.Join(c, sub)); err != nil {
			t.Fatalf("evaluation corpus missing: expected %s (the shared corpora live in ../shared/corpora next to the repository root %s): %v",
				filepath.Join(c, sub), dir, err)
		}
	}
	return c
}

var metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)`)

// decodeCorpusHTML turns a corpus page into UTF-8: a BOM wins, then valid UTF-8 is kept as
// is, then a <meta> charset anywhere in the first 64 KiB, then windows-1252.
func decodeCorpusHTML(b []byte) ([]byte, error) {
	if e, name, certain := charset.DetermineEncoding(b, ""); certain {
		if name == "utf-8" {
			return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), nil
		}
		return e.NewDecoder().Bytes(b)
	}
	if utf8.Valid(b) {
		return b, nil
	}
	head := b
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	var enc encoding.Encoding
	if m := metaCharsetRE.FindSubmatch(head); m != nil {
		enc, _ = htmlindex.Get(string(m[1]))
	}
	if enc == nil {
		enc, _ = htmlindex.Get("windows-1252")
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return nil, err
	}
	return bytes.ToValidUTF8(out, []byte("\uFFFD")), nil
}

// extractor is one extraction strategy under evaluation: decoded HTML in, plain text out.
type extractor struct {
	name string
	fn   func(html []byte, pageURL string) (string, error)
}

// ---- shingle metric (readability-test-pages) ----

func tokens(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') })
	for i := range f {
		f[i] = strings.ToLower(f[i])
	}
	return f
}

func shingles(s string) map[string]int {
	tok := tokens(s)
	m := map[string]int{}
	if len(tok) == 0 {
		return m
	}
	if len(tok) < 4 {
		m[strings.Join(tok, " ")]++
		return m
	}
	for i := 0; i+4 <= len(tok); i++ {
		m[strings.Join(tok[i:i+4], " ")]++
	}
	return m
}

// shingleScore returns the per-document precision and recall of got against want.
func shingleScore(got, want string) (p, r float64) {
	g, w := shingles(got), shingles(want)
	var tp, fp, fn int
	for k, n := range g {
		m := w[k]
		tp += min(n, m)
		if n > m {
			fp += n - m
		}
	}
	for k, m := range w {
		if n := g[k]; m > n {
			fn += m - n
		}
	}
	if tp+fp == 0 && tp+fn == 0 {
		return 1, 1
	}
	total := float64(tp + fp + fn)
	// As in the public benchmarks: each count divided by tp+fp+fn, then P = tp/(tp+fp), R = tp/(tp+fn).
	tpn, fpn, fnn := float64(tp)/total, float64(fp)/total, float64(fn)/total
	if tpn+fpn > 0 {
		p = tpn / (tpn + fpn)
	}
	if tpn+fnn > 0 {
		r = tpn / (tpn + fnn)
	}
	return p, r
}

type rtPage struct {
	name, source, expected string
}

var (
	rtOnce  sync.Once
	rtPages []rtPage
	rtErr   error
)

func loadReadabilityPages(t testing.TB) []rtPage {
	dir := filepath.Join(corporaDir(t), "readability-test-pages", "pages")
	rtOnce.Do(func() {
		entries, err := os.ReadDir(dir)
		if err != nil {
			rtErr = err
			return
		}
		for _, e := range evalSubset(entries, rtSubsetStride) {
			if !e.IsDir() {
				continue
			}
			src, err := os.ReadFile(filepath.Join(dir, e.Name(), "source.html"))
			if err != nil {
				rtErr = err
				return
			}
			src, err = decodeCorpusHTML(src)
			if err != nil {
				rtErr = fmt.Errorf("%s: %w", e.Name(), err)
				return
			}
			exp, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected.html"))
			if err != nil {
				rtErr = err
				return
			}
			doc, err := parseHTML(exp)
			if err != nil {
				rtErr = err
				return
			}
			rtPages = append(rtPages, rtPage{name: e.Name(), source: string(src), expected: nodeText(doc)})
		}
	})
	if rtErr != nil {
		t.Fatalf("reading %s: %v", dir, rtErr)
	}
	return rtPages
}

// readabilityPageURL is the URL Readability.js's own tests give these pages.
const readabilityPageURL = "http://fakehost/test/page.html"

type scoreRow struct {
	page string
	p, r float64
}

func scoreShingles(t testing.TB, pages []rtPage, ex extractor) (p, r, f1 float64, rows []scoreRow) {
	rows = make([]scoreRow, len(pages))
	parallel(len(pages), func(i int) {
		pg := pages[i]
		got, err := ex.fn([]byte(pg.source), readabilityPageURL)
		if err != nil && !errors.Is(err, ErrNoArticle) {
			t.Errorf("%s: %s: %v", ex.name, pg.name, err)
		}
		pp, rr := shingleScore(got, pg.expected)
		rows[i] = scoreRow{pg.name, pp, rr}
	})
	for _, row := range rows {
		p += row.p
		r += row.r
	}
	p /= float64(len(rows))
	r /= float64(len(rows))
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1, rows
}

// ---- with/without metric (trafilatura-eval) ----

type tePage struct {
	url, file   string
	html        string
	with, witho []string
}

var (
	teOnce  sync.Once
	tePages []tePage
	teErr   error
)

func loadTrafilaturaPages(t testing.TB) []tePage {
	dir := filepath.Join(corporaDir(t), "trafilatura-eval")
	teOnce.Do(func() {
		raw, err := os.ReadFile(filepath.Join(dir, "evaldata.json"))
		if err != nil {
			teErr = err
			return
		}
		var data map[string]struct {
			File    string   `json:"file"`
			With    []string `json:"with"`
			Without []string `json:"without"`
		}
		if err := json.Unmarshal(raw, &data); err != nil {
			teErr = err
			return
		}
		urls := make([]string, 0, len(data))
		for u := range data {
			urls = append(urls, u)
		}
		sort.Strings(urls)
		urls = evalSubset(urls, teSubsetStride)
		for _, u := range urls {
			d := data[u]
			var b []byte
			for _, sub := range []string{"eval", "cache"} {
				if b, err = os.ReadFile(filepath.Join(dir, sub, d.File)); err == nil {
					break
				}
			}
			if err != nil {
				teErr = fmt.Errorf("page %s: file %s not in eval/ or cache/: %w", u, d.File, err)
				return
			}
			b, err = decodeCorpusHTML(b)
			if err != nil {
				teErr = fmt.Errorf("%s: %w", d.File, err)
				return
			}
			tePages = append(tePages, tePage{url: u, file: d.File, html: string(b), with: d.With, witho: d.Without})
		}
	})
	if teErr != nil {
		t.Fatalf("reading %s: %v", dir, teErr)
	}
	return tePages
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

type segRow struct {
	file        string
	tp, fp, fn  int
	missed, bad []string
}

func scoreSegments(t testing.TB, pages []tePage, ex extractor) (p, r, f1 float64, rows []segRow) {
	rows = make([]segRow, len(pages))
	parallel(len(pages), func(i int) {
		pg := pages[i]
		got, err := ex.fn([]byte(pg.html), pg.url)
		if err != nil && !errors.Is(err, ErrNoArticle) {
			t.Errorf("%s: %s: %v", ex.name, pg.file, err)
		}
		text := normSpace(got)
		row := segRow{file: pg.file}
		for _, s := range pg.with {
			if strings.Contains(text, normSpace(s)) {
				row.tp++
			} else {
				row.fn++
				row.missed = append(row.missed, s)
			}
		}
		for _, s := range pg.witho {
			if strings.Contains(text, normSpace(s)) {
				row.fp++
				row.bad = append(row.bad, s)
			}
		}
		rows[i] = row
	})
	var tp, fp, fn int
	for _, row := range rows {
		tp, fp, fn = tp+row.tp, fp+row.fp, fn+row.fn
	}
	p = float64(tp) / float64(tp+fp)
	r = float64(tp) / float64(tp+fn)
	f1 = 2 * float64(tp) / float64(2*tp+fp+fn)
	return p, r, f1, rows
}

// parallel runs fn(0..n-1) on as many goroutines as there are CPUs.
func parallel(n int, fn func(i int)) {
	workers := max(1, min(n, numCPU()))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// TestEval scores Extract on both shared corpora and fails below the floors of issue 4.
// Under the race detector (or -short) it scores fixed subsets of both corpora; see
// rtSubsetStride and evalSubset.
func TestEval(t *testing.T) {
	rt := loadReadabilityPages(t)
	te := loadTrafilaturaPages(t)
	var report strings.Builder
	exs := []extractor{{"callwatch", chosen}}
	if *evalCandidates {
		exs = append(exs, candidates()...)
	}
	for _, ex := range exs {
		sp, sr, sf, srows := scoreShingles(t, rt, ex)
		line := fmt.Sprintf("%-22s readability-test-pages (%d pages): shingle P=%.3f R=%.3f F1=%.3f", ex.name, len(rt), sp, sr, sf)
		t.Log(line)
		report.WriteString(line + "\n")
		gp, gr, gf, grows := scoreSegments(t, te, ex)
		line = fmt.Sprintf("%-22s trafilatura-eval (%d pages): segment P=%.3f R=%.3f F1=%.3f", ex.name, len(te), gp, gr, gf)
		t.Log(line)
		report.WriteString(line + "\n")
		if *evalOut != "" {
			for _, r := range srows {
				fmt.Fprintf(&report, "%s\tshingle\t%s\tP=%.3f\tR=%.3f\n", ex.name, r.page, r.p, r.r)
			}
			for _, r := range grows {
				if r.fp+r.fn > 0 {
					fmt.Fprintf(&report, "%s\tsegment\t%s\tmissed=%q\tleaked=%q\n", ex.name, r.file, r.missed, r.bad)
				}
			}
		}
		if ex.name != "callwatch" {
			continue
		}
		if sf < floorShingleF1 {
			t.Errorf("shingle F1 %.3f on readability-test-pages is below the floor %.2f", sf, floorShingleF1)
		}
		if gf < floorSegmentF1 {
			t.Errorf("segment F1 %.3f on trafilatura-eval is below the floor %.2f", gf, floorSegmentF1)
		}
	}
	if *evalOut != "" {
		if err := os.WriteFile(*evalOut, []byte(report.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// Strides of the fixed subsets scored under the race detector or -short: every 3rd
// readability-test-pages page in name order (44 pages) and every 8th trafilatura-eval page in
// URL order (124 pages). Without -race and -short every page is scored.
const (
	rtSubsetStride = 3
	teSubsetStride = 8
)

// evalSubset returns every item, or under the race detector or -short every stride-th item
// in order (a fixed, deterministic subset).
func evalSubset[T any](items []T, stride int) []T {
	if !raceEnabled && !testing.Short() {
		return items
	}
	var sub []T
	for i := 0; i < len(items); i += stride {
		sub = append(sub, items[i])
	}
	return sub
}

// TestEvalMetadata compares the metadata Extract finds on readability-test-pages with the
// pages' expected-metadata.json (Readability.js's answers) and fails below modest floors.
func TestEvalMetadata(t *testing.T) {
	dir := filepath.Join(corporaDir(t), "readability-test-pages", "pages")
	pages := loadReadabilityPages(t)
	type expected struct {
		Title      string `json:"title"`
		Byline     string `json:"byline"`
		Lang       string `json:"lang"`
		Published  string `json:"publishedTime"`
		Readerable bool   `json:"readerable"`
	}
	var n, title, nLang, lang, nDate, date, readerable int
	var misses []string
	for _, pg := range pages {
		raw, err := os.ReadFile(filepath.Join(dir, pg.name, "expected-metadata.json"))
		if err != nil {
			t.Fatal(err)
		}
		var want expected
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatalf("%s: %v", pg.name, err)
		}
		a, _ := Extract([]byte(pg.source), readabilityPageURL)
		n++
		if normSpace(a.Title) == normSpace(want.Title) {
			title++
		} else {
			misses = append(misses, fmt.Sprintf("%s: title %q, want %q", pg.name, a.Title, want.Title))
		}
		if l := normLang(want.Lang); l != "" {
			nLang++
			if a.Language == l {
				lang++
			} else {
				misses = append(misses, fmt.Sprintf("%s: language %q, want %q", pg.name, a.Language, l))
			}
		}
		if wt, ok := parseDate(want.Published); ok {
			nDate++
			if a.Published.Equal(wt) {
				date++
			} else {
				misses = append(misses, fmt.Sprintf("%s: published %v (%q), want %v", pg.name, a.Published, a.PublishedRaw, wt))
			}
		}
		if a.Readerable == want.Readerable {
			readerable++
		} else {
			misses = append(misses, fmt.Sprintf("%s: readerable %v, want %v", pg.name, a.Readerable, want.Readerable))
		}
	}
	share := func(k, of int) float64 { return float64(k) / float64(max(of, 1)) }
	t.Logf("metadata on %d pages: title %.3f, language %.3f (of %d declared), published %.3f (of %d), readerable %.3f",
		n, share(title, n), share(lang, nLang), nLang, share(date, nDate), nDate, share(readerable, n))
	if *evalOut != "" {
		os.WriteFile(*evalOut+".meta", []byte(strings.Join(misses, "\n")+"\n"), 0o644)
	}
	for _, c := range []struct {
		what  string
		got   float64
		floor float64
	}{
		{"title", share(title, n), 0.95}, {"language", share(lang, nLang), 0.95},
		{"published", share(date, nDate), 0.95}, {"readerable", share(readerable, n), 0.95},
	} {
		if c.got < c.floor {
			t.Errorf("%s agreement %.3f is below %.2f", c.what, c.got, c.floor)
		}
	}
}
