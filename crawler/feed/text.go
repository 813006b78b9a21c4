package feed

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// Text converts a feed's HTML or plain-text field to plain text: tags removed (script and
// style with their content), entities decoded, one line per block element, white space
// collapsed within lines, blank lines dropped.
func Text(s string) string {
	if s == "" {
		return ""
	}
	s = demoronize(s)
	if !strings.ContainsAny(s, "<&") {
		return collapseLines(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // inside script/style
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return collapseLines(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch tag {
			case "script", "style", "noscript", "template":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			}
			if blockTags[tag] {
				b.WriteByte('\n')
			} else if tag == "img" || tag == "td" || tag == "th" {
				b.WriteByte(' ')
			}
		}
	}
}

// TextLine is Text on one line: what a title needs.
func TextLine(s string) string {
	return strings.Join(strings.Fields(Text(s)), " ")
}

var blockTags = map[string]bool{
	"p": true, "br": true, "div": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "tr": true, "table": true, "blockquote": true,
	"pre": true, "hr": true, "section": true, "article": true, "header": true, "footer": true,
	"figure": true, "figcaption": true, "dd": true, "dt": true, "dl": true, "aside": true,
}

// collapseLines collapses white space within each line and drops blank lines.
func collapseLines(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for line := range strings.SplitSeq(s, "\n") {
		fields := strings.FieldsFunc(line, unicode.IsSpace)
		if len(fields) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		for i, f := range fields {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(f)
		}
	}
	return b.String()
}

// cp1252C1 maps the C1 control characters U+0080..U+009F, which in feeds are windows-1252
// bytes or numeric references mistaken for Unicode ("don&#146;t"), to what they meant.
var cp1252C1 = [32]rune{
	'€', '', '‚', 'ƒ', '„', '…', '†', '‡',
	'ˆ', '‰', 'Š', '‹', 'Œ', '', 'Ž', '',
	'', '‘', '’', '“', '”', '•', '–', '—',
	'˜', '™', 'š', '›', 'œ', '', 'ž', 'Ÿ',
}

// demoronize replaces C1 control characters by their windows-1252 meaning.
func demoronize(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 && r <= 0x9F }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= 0x80 && r <= 0x9F {
			return cp1252C1[r-0x80]
		}
		return r
	}, s)
}
