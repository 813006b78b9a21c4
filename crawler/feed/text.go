package feed

import (
	"html"
	"strings"
	"unicode"
)

// Text converts a feed's HTML or plain-text field to plain text: tags removed (script,
// style, noscript and template with their content, comments too), entities decoded, one
// line per block element, white space collapsed within lines, blank lines dropped.
// C1 control characters, which in feeds are windows-1252 punctuation mistaken for Unicode,
// become that punctuation.
//
// It is a small scanner rather than an HTML tokenizer: it runs for every field of every
// item, and a tokenizer allocates a 4 KiB buffer per call.
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
	text := func(t string) {
		if strings.IndexByte(t, '&') >= 0 {
			t = html.UnescapeString(t)
		}
		b.WriteString(t)
	}
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			text(s)
			break
		}
		text(s[:i])
		s = s[i:]
		n, name, closing := scanTag(s)
		if n == 0 { // a lone "<"
			b.WriteByte('<')
			s = s[1:]
			continue
		}
		tag := s[:n]
		s = s[n:]
		if !closing && skipContent[name] && !strings.HasSuffix(tag, "/>") {
			// Drop everything up to the matching end tag (or the end).
			if j := indexFold(s, "</"+name); j >= 0 {
				s = s[j:]
				if k := strings.IndexByte(s, '>'); k >= 0 {
					s = s[k+1:]
				} else {
					s = ""
				}
			} else {
				s = ""
			}
			continue
		}
		if blockTags[name] {
			b.WriteByte('\n')
		} else if name == "img" || name == "td" || name == "th" {
			b.WriteByte(' ')
		}
	}
	return collapseLines(b.String())
}

// scanTag reads the markup at the start of s ("<..."): a tag, an end tag, a comment, a
// doctype or a processing instruction. It returns its length (0 when s does not start
// markup, as in "a < b"), the lower-case tag name and whether it is an end tag.
func scanTag(s string) (n int, name string, closing bool) {
	if len(s) < 2 {
		return 0, "", false
	}
	switch c := s[1]; {
	case strings.HasPrefix(s, "<!--"):
		if j := strings.Index(s[4:], "-->"); j >= 0 {
			return 4 + j + 3, "", false
		}
		return len(s), "", false
	case c == '!' || c == '?':
		if j := strings.IndexByte(s, '>'); j >= 0 {
			return j + 1, "", false
		}
		return len(s), "", false
	case c == '/':
		closing = true
		if len(s) < 3 || !isASCIILetter(s[2]) {
			return 0, "", false
		}
	case !isASCIILetter(c):
		return 0, "", false
	}
	start := 1
	if closing {
		start = 2
	}
	end := start
	for end < len(s) && (isASCIILetter(s[end]) || s[end] >= '0' && s[end] <= '9' || s[end] == '-' || s[end] == ':') {
		end++
	}
	name = strings.ToLower(s[start:end])
	// Find the closing ">" outside quoted attribute values.
	var quote byte
	for i := end; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1, name, closing
		}
	}
	return len(s), name, closing
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// indexFold is strings.Index ignoring ASCII case in s.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// TextLine is Text on one line: what a title needs.
func TextLine(s string) string {
	t := Text(s)
	if !strings.Contains(t, "\n") {
		return t // Text has collapsed its only line already
	}
	return strings.Join(strings.Fields(t), " ")
}

// skipContent are the elements whose content is not text.
var skipContent = map[string]bool{"script": true, "style": true, "noscript": true, "template": true}

var blockTags = map[string]bool{
	"p": true, "br": true, "div": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "tr": true, "table": true, "blockquote": true,
	"pre": true, "hr": true, "section": true, "article": true, "header": true, "footer": true,
	"figure": true, "figcaption": true, "dd": true, "dt": true, "dl": true, "aside": true,
}

// collapseLines collapses white space within each line and drops blank lines.
func collapseLines(s string) string {
	if Collapsed(s) {
		return s // most titles and summaries: no copy
	}
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

// Collapsed reports whether collapseLines would return s unchanged: its only white space
// is single spaces and single newlines between other characters, as the text of every
// Item is.
func Collapsed(s string) bool {
	space := true // white space at the start is dropped
	for _, r := range s {
		if unicode.IsSpace(r) {
			if space || (r != ' ' && r != '\n') {
				return false
			}
			space = true
			continue
		}
		space = false
	}
	return !space || s == ""
}

// cp1252C1 maps the C1 control characters U+0080..U+009F, which in feeds are windows-1252
// bytes or numeric references mistaken for Unicode ("don&#146;t"), to what they meant.
var cp1252C1 = [32]rune{
	'\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
	'\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
	'\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
	'\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
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
