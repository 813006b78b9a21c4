package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockAtoms are the elements that start a new paragraph in the plain text.
var blockAtoms = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Caption: true, atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true,
	atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true,
	atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Ul: true, atom.Body: true, atom.Html: true,
	atom.Center: true, atom.Menu: true, atom.Legend: true, atom.Option: true,
}

// invisibleAtoms are the elements whose content never reaches the text.
var invisibleAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Math: true, atom.Canvas: true,
	atom.Select: true, atom.Button: true, atom.Input: true, atom.Textarea: true, atom.Audio: true,
	atom.Video: true, atom.Source: true, atom.Track: true, atom.Img: true, atom.Picture: true,
	atom.Map: true, atom.Area: true,
}

// textBuilder renders a DOM subtree as plain text: runs of white space collapse to one
// space, block elements start a new paragraph (separated by a blank line), <br> starts a
// new line and <pre> keeps its line breaks.
type textBuilder struct {
	paras   []string
	cur     strings.Builder
	pending bool // a space is due before the next word
	pre     int  // depth inside <pre>
}

// nodeText returns the plain text of n and its descendants.
func nodeText(n *html.Node) string {
	if n == nil {
		return ""
	}
	var tb textBuilder
	tb.walk(n, 0)
	tb.flush()
	return strings.Join(tb.paras, "\n\n")
}

const maxDepth = 512

func (tb *textBuilder) walk(n *html.Node, depth int) {
	if depth > maxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		tb.text(n.Data)
		return
	case html.CommentNode, html.DoctypeNode:
		return
	case html.ElementNode:
		a := elemAtom(n)
		if invisibleAtoms[a] || hasAttr(n, "hidden") {
			return
		}
		switch a {
		case atom.Br:
			tb.newline()
			return
		case atom.Td, atom.Th:
			tb.space()
		}
		block := blockAtoms[a]
		if block {
			tb.flush()
		}
		if a == atom.Pre {
			tb.pre++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			tb.walk(c, depth+1)
		}
		if a == atom.Pre {
			tb.pre--
		}
		if block {
			tb.flush()
		}
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		tb.walk(c, depth+1)
	}
}

func (tb *textBuilder) text(s string) {
	if tb.pre > 0 {
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				tb.newline()
			}
			tb.words(line)
		}
		return
	}
	tb.words(s)
}

// words appends s with its white space collapsed.
func (tb *textBuilder) words(s string) {
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if isSpace(r) {
			if tb.cur.Len() > 0 {
				tb.pending = true
			}
			s = s[size:]
			continue
		}
		end := size
		for end < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[end:])
			if isSpace(r2) {
				break
			}
			end += sz
		}
		if tb.pending && tb.cur.Len() > 0 {
			tb.cur.WriteByte(' ')
		}
		tb.pending = false
		tb.cur.WriteString(s[:end])
		s = s[end:]
	}
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

func (tb *textBuilder) space() {
	if tb.cur.Len() > 0 {
		tb.pending = true
	}
}

func (tb *textBuilder) newline() {
	if tb.pre == 0 && strings.HasSuffix(tb.cur.String(), "\n") {
		// Two line breaks in a row end the paragraph.
		tb.flush()
		return
	}
	if tb.cur.Len() > 0 {
		s := strings.TrimRight(tb.cur.String(), " ")
		tb.cur.Reset()
		tb.cur.WriteString(s)
		tb.cur.WriteByte('\n')
	}
	tb.pending = false
}

func (tb *textBuilder) flush() {
	s := strings.TrimSpace(tb.cur.String())
	tb.cur.Reset()
	tb.pending = false
	if s != "" {
		tb.paras = append(tb.paras, s)
	}
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// elemAtom returns n's element atom. Readability renames elements by changing Data only
// (div to p, font to span) and creates elements without an atom, so Data is the truth.
func elemAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 && n.DataAtom.String() == n.Data {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}
