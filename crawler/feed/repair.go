package feed

import (
	"bytes"
	"strconv"

	"golang.org/x/net/html"
)

// xmlEntities are the only named entities XML defines without a DTD.
var xmlEntities = map[string]bool{"amp": true, "lt": true, "gt": true, "quot": true, "apos": true}

// fixEntities makes the entity references of a feed acceptable to an XML parser: HTML named
// entities (&nbsp;, &eacute;, &rsquo;...), which real feeds use without declaring them,
// become numeric references; "&#X41;" becomes "&#x41;"; an ampersand that starts no
// reference becomes "&amp;". CDATA sections and comments are copied as they are. It returns
// doc itself when nothing needs fixing.
func fixEntities(doc []byte) []byte {
	if bytes.IndexByte(doc, '&') < 0 {
		return doc
	}
	var out []byte // allocated on the first change
	last := 0      // doc[last:i] not yet copied to out
	emit := func(i, j int, repl string) {
		if out == nil {
			out = make([]byte, 0, len(doc)+64)
		}
		out = append(out, doc[last:i]...)
		out = append(out, repl...)
		last = j
	}
	for i := 0; i < len(doc); i++ {
		switch doc[i] {
		case '<':
			if skip := skipSection(doc[i:]); skip > 0 {
				i += skip - 1
			}
		case '&':
			end := bytes.IndexByte(doc[i+1:min(len(doc), i+40)], ';')
			if end < 0 {
				emit(i, i+1, "&amp;")
				continue
			}
			name := doc[i+1 : i+1+end]
			switch {
			case len(name) > 1 && name[0] == '#' && (name[1] == 'X'):
				emit(i, i+1+end+1, "&#x"+string(name[2:])+";")
			case len(name) > 0 && name[0] == '#':
				// numeric: left to the parser
			case xmlEntities[string(name)]:
			case isName(name):
				ref := "&" + string(name) + ";"
				if s := html.UnescapeString(ref); s != ref {
					var b []byte
					for _, r := range s {
						b = append(b, "&#"...)
						b = strconv.AppendInt(b, int64(r), 10)
						b = append(b, ';')
					}
					emit(i, i+1+end+1, string(b))
				}
				// An unknown name may be declared in the DOCTYPE: left alone.
			default:
				emit(i, i+1, "&amp;")
			}
		}
	}
	if out == nil {
		return doc
	}
	return append(out, doc[last:]...)
}

// skipSection returns the length of a CDATA section or comment starting at s, or 0.
func skipSection(s []byte) int {
	for _, sec := range [][2]string{{"<![CDATA[", "]]>"}, {"<!--", "-->"}} {
		if bytes.HasPrefix(s, []byte(sec[0])) {
			if end := bytes.Index(s[len(sec[0]):], []byte(sec[1])); end >= 0 {
				return len(sec[0]) + end + len(sec[1])
			}
			return len(s)
		}
	}
	return 0
}

func isName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// salvage repairs a feed that failed to parse because it was cut short: an unterminated
// root end tag gets its ">", otherwise the document is cut after its last complete item
// and closed. It returns nil when there is nothing to try.
func salvage(doc []byte) []byte {
	t := bytes.TrimRight(doc, " \t\r\n\x00")
	for _, tag := range []string{"</rss", "</feed", "</rdf:RDF", "</RDF"} {
		if bytes.HasSuffix(t, []byte(tag)) {
			return append(t[:len(t):len(t)], '>')
		}
	}
	for _, end := range [][2]string{{"</item>", "</channel></rss>"}, {"</entry>", "</feed>"}} {
		if i := bytes.LastIndex(doc, []byte(end[0])); i >= 0 {
			cut := i + len(end[0])
			if len(bytes.TrimSpace(doc[cut:])) == 0 {
				continue
			}
			out := make([]byte, 0, cut+len(end[1]))
			out = append(out, doc[:cut]...)
			if end[0] == "</item>" && bytes.Contains(doc[:min(len(doc), 512)], []byte("<rdf:RDF")) {
				return append(out, "</rdf:RDF>"...)
			}
			return append(out, end[1]...)
		}
	}
	return nil
}

// cutItems cuts an RSS or Atom document after its max-th item and closes it, returning the
// cut document and the number of items cut off, or nil when the feed has at most max items
// (or max is 0).
func cutItems(doc []byte, max int) ([]byte, int) {
	if max <= 0 {
		return nil, 0
	}
	for _, end := range [][2]string{{"</item>", "</channel></rss>"}, {"</entry>", "</feed>"}} {
		tag := []byte(end[0])
		total := bytes.Count(doc, tag)
		if total <= max {
			continue
		}
		pos := 0
		for range max {
			pos += bytes.Index(doc[pos:], tag) + len(tag)
		}
		closing := end[1]
		if end[0] == "</item>" && bytes.Contains(doc[:min(len(doc), 512)], []byte("<rdf:RDF")) {
			closing = "</rdf:RDF>"
		}
		out := make([]byte, 0, pos+len(closing))
		out = append(out, doc[:pos]...)
		return append(out, closing...), total - max
	}
	return nil, 0
}
