package report

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
	"github.com/rivo/uniseg"
	"golang.org/x/net/html"
)

func FuzzNeutralize(f *testing.F) {
	for _, s := range []string{"", "=1+2", "+", "-", "@", "\t=", "\r", "Paris Call", "'=x", "=HYPERLINK(\"http://x\")"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Neutralize(s)
		if got != s && got != "'"+s {
			t.Fatalf("Neutralize(%q) = %q changes more than a leading quote", s, got)
		}
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Fatalf("Neutralize(%q) = %q still starts a formula", s, got)
		}
	})
}

func FuzzMarkdownCell(f *testing.F) {
	for _, s := range []string{"a | b", "x\ny", "[l](javascript:1)", `\|`, "<script>", "`code`", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := mdText(s)
		if strings.ContainsAny(got, "\n\r") {
			t.Fatalf("mdText(%q) = %q keeps a line break", s, got)
		}
		// Every | and < is preceded by an odd number of backslashes (escaped).
		for i := 0; i < len(got); i++ {
			if got[i] != '|' && got[i] != '<' && got[i] != '[' {
				continue
			}
			n := 0
			for j := i - 1; j >= 0 && got[j] == '\\'; j-- {
				n++
			}
			if n%2 == 0 {
				t.Fatalf("mdText(%q) = %q has an unescaped %q at %d", s, got, got[i], i)
			}
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"7d", "24h", "2w", "90m", "2026-11-20", "2026-11-20T08:00:00Z", "1h30m", "", "x"} {
		f.Add(s, false)
	}
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string, end bool) {
		got, err := ParseTime(s, now, end)
		if err != nil {
			return
		}
		again, err2 := ParseTime(s, now, end)
		if err2 != nil || !got.Equal(again) {
			t.Fatalf("ParseTime(%q) not deterministic", s)
		}
		if _, rel := parseRelative(strings.TrimSpace(s)); rel && got.After(now) {
			t.Fatalf("relative %q gave %v, after now", s, got)
		}
	})
}

func FuzzSanitizeTerminal(f *testing.F) {
	for _, s := range []string{"\x1b[2J", "a\nb", "\u202e", "パリ", "\xff", "\x1b["} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := sanitizeTerminal(s)
		if !utf8.ValidString(got) {
			t.Fatalf("sanitizeTerminal(%q) = %q is not UTF-8", s, got)
		}
		for _, r := range got {
			if unsafeRune(r) || r == '\n' {
				t.Fatalf("sanitizeTerminal(%q) = %q keeps %U", s, got, r)
			}
		}
		if w := 10; len(got) > 0 {
			if c := truncateWidth(got, w); len(c) > 0 && uniseg.StringWidth(c) > w {
				t.Fatalf("truncateWidth(%q, %d) = %q is too wide", got, w, c)
			}
		}
	})
}

// FuzzHTMLReport renders a finding with fuzzed title, evidence, URL and entity name and
// checks the page still has no script, no event handler and only http(s) links.
func FuzzHTMLReport(f *testing.F) {
	f.Add(`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, "javascript:alert(1)", "</td><script>")
	f.Add(`"><svg onload=alert(1)>`, "]]><!--", " JAVASCRIPT:alert(1)", `'" onmouseover="x`)
	f.Add("t", "e", "https://example.org/a?b=<c>&d=\"e\"", "n")
	f.Fuzz(func(t *testing.T, title, evidence, u, name string) {
		e := &callwatch.Entity{ID: "unverified:x", Name: name, Category: callwatch.CategoryUnknown}
		src := &fakeSource{
			rows: []callwatch.FindingRow{{Article: callwatch.ArticleRef{ID: "a", Title: title, URL: u, Outlet: name, Published: fixedNow.Add(-time.Hour)},
				Finding: callwatch.Finding{Kind: callwatch.FindingSigned, Entity: e, Evidence: evidence, Rule: name, Confidence: 0.5}}},
			sigs: []callwatch.Signatory{{Entity: *e, Status: callwatch.StatusSigned, FirstSeen: fixedNow,
				Reports: []callwatch.StanceReport{{Stance: callwatch.FindingSigned, FirstArticle: callwatch.ArticleRef{URL: u}, FirstEvidence: evidence}}}},
		}
		var buf bytes.Buffer
		if err := Write(context.Background(), &buf, src, Query{Format: FormatHTML, Now: fixedNow}); err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(&buf)
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if n.Data == "script" || n.Data == "iframe" || n.Data == "img" || n.Data == "object" {
					t.Fatalf("<%s> element from title %q evidence %q", n.Data, title, evidence)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") {
						t.Fatalf("event handler %s on <%s>", a.Key, n.Data)
					}
					if n.Data == "a" && a.Key == "href" && !strings.HasPrefix(a.Val, "http://") && !strings.HasPrefix(a.Val, "https://") {
						t.Fatalf("link to %q from URL %q", a.Val, u)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	})
}
