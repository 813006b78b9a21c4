package feed

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch/crawler/fetch"
)

// corpusDir is feedparser's test suite, shared by the project at ../shared/corpora (from
// the repository root). It is others' data and is read in place, never copied here.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpora", "feedparser", "tests")

// corpusFile is one file of the corpus with what its header comment says.
type corpusFile struct {
	path        string // relative to corpusDir
	raw         []byte
	contentType string // from a "Header: Content-type:" line
	expect      string // the Expect: expression
}

// loadCorpus reads every file of the corpus, failing the test when it is absent.
func loadCorpus(t testing.TB) []corpusFile {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Fatalf("the feedparser corpus is missing: %v\n(it belongs at ../shared/corpora/feedparser/tests relative to the repository root; see ../shared/corpora/README.md)", err)
	}
	var files []corpusFile
	err := filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, p)
		cf := corpusFile{path: filepath.ToSlash(rel), raw: raw}
		// The header comment is read from the decoded text, so UTF-16/32 files have one too.
		if text, err := fetch.DecodeXML(raw, ""); err == nil {
			cf.contentType, cf.expect = corpusHeader(text)
		}
		files = append(files, cf)
		return nil
	})
	if err != nil {
		t.Fatalf("reading the feedparser corpus: %v", err)
	}
	return files
}

var (
	headerLine = regexp.MustCompile(`(?mi)^Header:\s*Content-type:\s*(.+?)\s*$`)
	expectLine = regexp.MustCompile(`(?m)^Expect:\s*(.+?)\s*$`)
)

func corpusHeader(text []byte) (contentType, expect string) {
	if m := headerLine.FindSubmatch(text); m != nil {
		contentType = string(m[1])
	}
	if m := expectLine.FindSubmatch(text); m != nil {
		expect = string(m[1])
	}
	return contentType, expect
}

// isWide reports whether a file is UTF-16 or UTF-32 (with or without a BOM).
func isWide(raw []byte) bool {
	if len(raw) < 4 {
		return false
	}
	return bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) || bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) ||
		bytes.HasPrefix(raw, []byte{0, 0, 0xFE, 0xFF}) || raw[0] == 0 || raw[1] == 0
}

// parseWithDeadline parses one file in a goroutine so that a hang fails the test instead
// of blocking it, and turns a panic into a test failure naming the file.
func parseWithDeadline(t *testing.T, cf corpusFile) (*Feed, error) {
	type result struct {
		f     *Feed
		err   error
		panic any
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: p}
			}
		}()
		f, err := Parse(cf.raw, cf.contentType, "http://127.0.0.1:8097/tests/"+cf.path)
		done <- result{f: f, err: err}
	}()
	select {
	case r := <-done:
		if r.panic != nil {
			t.Errorf("%s: panic: %v", cf.path, r.panic)
		}
		return r.f, r.err
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: Parse did not return within 20s", cf.path)
	}
	return nil, nil
}

func TestCorpusFeedparser(t *testing.T) {
	files := loadCorpus(t)
	if len(files) < 2000 {
		t.Fatalf("the feedparser corpus has %d files, want the 2,106 feeds and their Python harness", len(files))
	}
	var parsed, failed, wide, feedFiles int
	var simple, pass int
	var failures []string
	for _, cf := range files {
		if strings.HasSuffix(cf.path, ".py") {
			continue
		}
		feedFiles++
		f, err := parseWithDeadline(t, cf)
		if err != nil {
			failed++
		} else {
			parsed++
		}
		if isWide(cf.raw) {
			wide++
			checkWide(t, cf, f, err)
		}
		ok, counted, why := evalExpect(cf.expect, f)
		if !counted {
			continue
		}
		simple++
		if ok {
			pass++
		} else {
			failures = append(failures, fmt.Sprintf("%s: %s (%s)", cf.path, cf.expect, why))
		}
	}
	t.Logf("feedparser corpus: %d feed files, %d parsed, %d rejected as not a feed or invalid", feedFiles, parsed, failed)
	t.Logf("UTF-16/32 files: %d, every one decoded to the right text", wide)
	t.Logf("simple Expect lines: %d of %d pass (%.1f%%)", pass, simple, 100*float64(pass)/float64(max(simple, 1)))
	if testing.Verbose() {
		sort.Strings(failures)
		for _, f := range failures {
			t.Log("expect failed: " + f)
		}
	}
	if wide < 16 {
		t.Errorf("found %d UTF-16/32 files, want the corpus's 16", wide)
	}
	if feedFiles < 2100 {
		t.Errorf("read %d feed files, want 2,106", feedFiles)
	}
	// Floors measured when this test was written; a drop is a regression.
	if simple < 900 || pass < simpleFloor {
		t.Errorf("simple Expect lines: %d of %d pass; want at least %d of at least 900", pass, simple, simpleFloor)
	}
}

// simpleFloor is the number of simple Expect lines that passed when the floor was set.
const simpleFloor = 1040

// checkWide verifies that a UTF-16/32 file came out as the right text: its decoded header
// comment is readable and the encoding matches what feedparser expects.
func checkWide(t *testing.T, cf corpusFile, f *Feed, err error) {
	t.Helper()
	text, derr := fetch.DecodeXML(cf.raw, cf.contentType)
	if derr != nil {
		t.Errorf("%s: DecodeXML: %v", cf.path, derr)
		return
	}
	if !bytes.Contains(text, []byte("Description:")) || !bytes.Contains(text, []byte("Expect:")) {
		t.Errorf("%s: decoded text does not hold the file's comment: %.80q", cf.path, text)
	}
	if err != nil {
		t.Errorf("%s: UTF-16/32 feed rejected: %v", cf.path, err)
		return
	}
	m := regexp.MustCompile(`encoding == '([^']+)'`).FindStringSubmatch(cf.expect)
	if m != nil && !sameEncoding(m[1], f.Encoding) {
		t.Errorf("%s: encoding = %q, want %q", cf.path, f.Encoding, m[1])
	}
}

// sameEncoding compares feedparser's encoding names with ours (WHATWG names, in which
// ISO-8859-1 is windows-1252 and GB2312 is GBK).
func sameEncoding(want, got string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.ReplaceAll(s, "_", "-"))
		switch s {
		case "iso-8859-1", "latin-1", "latin1", "cp1252", "windows-1252":
			return "windows-1252"
		case "gb2312", "gbk", "gb18030":
			return "gbk"
		case "euc-kr", "cp949", "ks-c-5601-1987":
			return "euc-kr"
		}
		return s
	}
	return norm(want) == norm(got)
}

// evalExpect evaluates the simple forms of a feedparser Expect line against our feed:
// terms joined by "and", each "bozo", "not bozo" (ignored: we have no bozo flag) or
// "FIELD == 'literal'" with FIELD one of those fieldValue maps. counted is false when the
// line holds anything else, or only bozo terms. "encoding == 'us-ascii'" is not counted:
// it is feedparser's RFC 3023 rule for text/xml without charset, which callwatch
// deliberately does not follow (it reads such feeds as UTF-8).
func evalExpect(expect string, f *Feed) (ok, counted bool, why string) {
	if expect == "" {
		return false, false, ""
	}
	terms := splitAnd(expect)
	ok = true
	for _, term := range terms {
		term = strings.TrimSpace(term)
		if term == "bozo" || term == "not bozo" {
			continue
		}
		lhs, rhs, found := strings.Cut(term, " == ")
		if !found {
			return false, false, ""
		}
		lhs = strings.TrimSpace(lhs)
		want, err := pyString(strings.TrimSpace(rhs))
		if err != nil {
			return false, false, ""
		}
		if lhs == "encoding" && want == "us-ascii" {
			return false, false, ""
		}
		kind, known := fieldKinds[lhs]
		if !known {
			return false, false, ""
		}
		counted = true
		if f == nil {
			ok, why = false, "not parsed"
			continue
		}
		got := fieldValue(lhs, f)
		match := false
		switch kind {
		case "text":
			match = strings.Join(strings.Fields(got), " ") == TextLine(want)
		case "encoding":
			match = sameEncoding(want, got)
		default:
			match = got == want
		}
		if !match {
			ok = false
			why = fmt.Sprintf("%s = %q", lhs, got)
		}
	}
	return ok, counted, why
}

var fieldKinds = map[string]string{
	"feed['title']": "text", "feed.title": "text", "feed['link']": "exact", "feed['language']": "exact",
	"encoding":            "encoding",
	"entries[0]['title']": "text", "entries[0].title": "text",
	"entries[0]['summary']": "text", "entries[0].summary": "text", "entries[0]['description']": "text",
	"entries[0]['content'][0]['value']": "text", "entries[0]['link']": "exact", "entries[0]['id']": "exact",
	"entries[0]['author']": "text", "entries[0]['source']['title']": "text",
	"entries[0]['source']['href']": "exact", "entries[0]['source']['url']": "exact",
}

func fieldValue(lhs string, f *Feed) string {
	switch lhs {
	case "feed['title']", "feed.title":
		return f.Title
	case "feed['link']":
		return f.Link
	case "feed['language']":
		return f.Language
	case "encoding":
		return f.Encoding
	}
	if len(f.Items) == 0 {
		return ""
	}
	it := f.Items[0]
	switch lhs {
	case "entries[0]['title']", "entries[0].title":
		return it.Title
	case "entries[0]['summary']", "entries[0].summary", "entries[0]['description']":
		return it.Summary
	case "entries[0]['content'][0]['value']":
		return it.Content
	case "entries[0]['link']":
		return it.Link
	case "entries[0]['id']":
		return it.GUID
	case "entries[0]['author']":
		return it.Author
	case "entries[0]['source']['title']":
		return it.SourceName
	case "entries[0]['source']['href']", "entries[0]['source']['url']":
		return it.SourceURL
	}
	return ""
}

// splitAnd splits a Python expression on " and " outside string literals.
func splitAnd(s string) []string {
	var out []string
	var quote byte
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case strings.HasPrefix(s[i:], " and "):
			out = append(out, s[start:i])
			i += len(" and ") - 1
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// pyString decodes a Python string literal ('...', "...", u'...', r'...').
func pyString(s string) (string, error) {
	raw := false
	for len(s) > 0 && (s[0] == 'u' || s[0] == 'b' || s[0] == 'r' || s[0] == 'U' || s[0] == 'R') {
		raw = raw || s[0] == 'r' || s[0] == 'R'
		s = s[1:]
	}
	if len(s) < 2 || (s[0] != '\'' && s[0] != '"') || s[len(s)-1] != s[0] {
		return "", fmt.Errorf("not a string literal")
	}
	body := s[1 : len(s)-1]
	if strings.ContainsRune(body, rune(s[0])) && !strings.Contains(body, `\`+string(s[0])) {
		return "", fmt.Errorf("not one literal")
	}
	if raw {
		return body, nil
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\', '\'', '"':
			b.WriteByte(body[i])
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[body[i]]
			if i+n >= len(body)+0 && i+n > len(body)-1 {
				if i+n > len(body)-1 {
					return "", fmt.Errorf("short escape")
				}
			}
			v, err := strconv.ParseUint(body[i+1:i+1+n], 16, 32)
			if err != nil {
				return "", err
			}
			b.WriteRune(rune(v))
			i += n
		default:
			b.WriteByte('\\')
			b.WriteByte(body[i])
		}
	}
	return b.String(), nil
}
