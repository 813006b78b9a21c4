package fetch

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// A byte-order mark, the encoding it announces, and its name.
type bom struct {
	mark []byte
	enc  encoding.Encoding
	name string
}

// boms, longest first: UTF-32LE's mark starts with UTF-16LE's.
var boms = []bom{
	{[]byte{0x00, 0x00, 0xFE, 0xFF}, utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be"},
	{[]byte{0xFF, 0xFE, 0x00, 0x00}, utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le"},
	{[]byte{0xEF, 0xBB, 0xBF}, encoding.Nop, "utf-8"},
	{[]byte{0xFE, 0xFF}, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"},
	{[]byte{0xFF, 0xFE}, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"},
}

// sniffBOM returns the encoding announced by body's byte-order mark and the body without it.
func sniffBOM(body []byte) (encoding.Encoding, string, []byte) {
	for _, b := range boms {
		if bytes.HasPrefix(body, b.mark) {
			// FF FE 00 00 is also UTF-16LE text starting with U+0000, which no feed does.
			return b.enc, b.name, body[len(b.mark):]
		}
	}
	return nil, "", body
}

// sniffWide recognises UTF-16 and UTF-32 without a BOM from the first characters, which in
// a feed or page are ASCII ("<?xml", "<rss", whitespace): XML 1.0 appendix F.
func sniffWide(body []byte) (encoding.Encoding, string) {
	if len(body) < 4 {
		return nil, ""
	}
	b0, b1, b2, b3 := body[0], body[1], body[2], body[3]
	switch {
	case b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0:
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be"
	case b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0:
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le"
	case b0 == 0 && b1 != 0 && b2 == 0 && b3 != 0:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"
	case b0 != 0 && b1 == 0 && b2 != 0 && b3 == 0:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"
	}
	return nil, ""
}

// lookup finds an encoding by its WHATWG or IANA label. UTF-16 and UTF-32 labels are
// returned as such (their byte order is sniffed by the caller).
func lookup(label string) (encoding.Encoding, string) {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	switch label {
	case "":
		return nil, ""
	case "utf-32", "ucs-4", "iso-10646-ucs-4", "utf32":
		return utf32.UTF32(utf32.BigEndian, utf32.UseBOM), "utf-32"
	case "utf-32be", "ucs-4be":
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be"
	case "utf-32le", "ucs-4le":
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le"
	case "utf-16", "ucs-2", "iso-10646-ucs-2", "utf16", "unicode":
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM), "utf-16"
	case "utf-16be", "unicodefffe":
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"
	case "utf-16le", "unicodefeff":
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"
	case "us-ascii", "ascii", "ansi_x3.4-1968":
		// Declared ASCII is in practice windows-1252 or UTF-8; decide from the bytes.
		return nil, ""
	}
	e, name := charset.Lookup(label)
	if e == nil {
		return nil, ""
	}
	if name == "replacement" {
		return nil, ""
	}
	return e, name
}

// declared looks up a charset that a header, prolog or <meta> declares for body. A UTF-8
// label on bytes that are not UTF-8 is a mistake (a server default over a Latin-1 file is
// the common case): it is ignored, so the next declaration or the bytes decide.
func declared(label string, body []byte) (encoding.Encoding, string) {
	e, name := lookup(label)
	if name == "utf-8" && !utf8.Valid(body) {
		return nil, ""
	}
	return e, name
}

func isWide(name string) bool {
	return strings.HasPrefix(name, "utf-16") || strings.HasPrefix(name, "utf-32")
}

// httpCharset returns the charset parameter of a Content-Type header.
func httpCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		// Be lenient with "text/xml; charset=ISO-8859-1;" and the like.
		if i := indexASCIIFold(contentType, "charset="); i >= 0 {
			v := contentType[i+len("charset="):]
			if j := strings.IndexAny(v, "; "); j >= 0 {
				v = v[:j]
			}
			return strings.Trim(v, `"'`)
		}
		return ""
	}
	return params["charset"]
}

// indexASCIIFold is strings.Index ignoring ASCII case (needle is lower-case ASCII). Unlike
// lower-casing the haystack first, it keeps offsets valid on invalid UTF-8.
func indexASCIIFold(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		j := 0
		for ; j < len(needle); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[j] {
				break
			}
		}
		if j == len(needle) {
			return i
		}
	}
	return -1
}

// transcode converts body from e to UTF-8.
func transcode(body []byte, e encoding.Encoding, name string) ([]byte, error) {
	if e == nil || e == encoding.Nop || name == "utf-8" {
		if !utf8.Valid(body) {
			// Declared UTF-8 but not: keep what is readable, mark the rest with U+FFFD.
			return bytes.ToValidUTF8(body, []byte("\uFFFD")), nil
		}
		return body, nil
	}
	out, err := e.NewDecoder().Bytes(body)
	if err != nil {
		return nil, fmt.Errorf("decoding %s: %w", name, err)
	}
	// A UseBOM decoder leaves nothing of the mark; an IgnoreBOM one may keep U+FEFF.
	return bytes.TrimPrefix(out, []byte("\uFEFF")), nil
}

// fallback picks the encoding of an undeclared document: UTF-8 when the bytes are valid
// UTF-8; otherwise what chardet recognises with some confidence among the non-Latin
// legacy charsets (Shift_JIS, EUC-JP, EUC-KR, Big5, GB18030, KOI8-R, windows-1251,
// ISO-8859-x...); otherwise windows-1252, the superset of ISO-8859-1 that browsers use and
// that decodes every byte.
func fallback(body []byte) (encoding.Encoding, string) {
	if utf8.Valid(body) {
		return encoding.Nop, "utf-8"
	}
	if e, name := guessLegacy(body); e != nil {
		return e, name
	}
	return charmap.Windows1252, "windows-1252"
}

// guessMinConfidence is the chardet confidence (0-100) below which a guess is ignored.
// Measured on this repository's corpora: Latin-1 pages come out as ISO-8859-1 or
// windows-1252 (kept as windows-1252), CJK pages at 100, KOI8-R at 49.
const guessMinConfidence = 40

// guessLegacy asks chardet about the first 64 KiB of an undeclared, non-UTF-8 document.
func guessLegacy(body []byte) (encoding.Encoding, string) {
	if len(body) > 64<<10 {
		body = body[:64<<10]
	}
	r, err := chardet.NewHtmlDetector().DetectBest(body)
	if err != nil || r.Confidence < guessMinConfidence {
		return nil, ""
	}
	label := strings.ToLower(r.Charset)
	switch label {
	case "iso-8859-1", "windows-1252", "utf-8":
		return nil, ""
	case "gb-18030":
		label = "gb18030"
	}
	e, name := lookup(label)
	if e == nil || isWide(name) {
		return nil, ""
	}
	return e, name
}

// DecodeHTML converts an HTML page to UTF-8. The charset comes from, in order: a byte-order
// mark, the HTTP Content-Type charset, a <meta charset> or <meta http-equiv> in the first
// 8 KiB; otherwise UTF-8 when the whole body is valid UTF-8, else a confident chardet guess
// among non-Latin legacy charsets (Shift_JIS, KOI8-R...), else windows-1252. ISO-8859-1 is
// read as windows-1252, as browsers do. The <meta> element is left as it is.
func DecodeHTML(body []byte, contentType string) ([]byte, error) {
	if e, name, rest := sniffBOM(body); e != nil {
		return transcode(rest, e, name)
	}
	e, name := declared(httpCharset(contentType), body)
	if e != nil && isWide(name) {
		// A UTF-16/32 label on a page whose bytes are ASCII-compatible is a mistake.
		if we, wname := sniffWide(body); we != nil {
			return transcode(body, we, wname)
		}
		e = nil
	}
	if e == nil {
		e, name = declared(metaCharset(body), body)
		if e != nil && isWide(name) {
			e = nil // a <meta> readable as ASCII cannot be right about UTF-16
		}
	}
	if e == nil {
		if we, wname := sniffWide(body); we != nil {
			return transcode(body, we, wname)
		}
		e, name = fallback(body)
	}
	return transcode(body, e, name)
}

// metaCharset finds the charset declared by a <meta> element in the head of an HTML page.
func metaCharset(body []byte) string {
	if len(body) > 8<<10 {
		body = body[:8<<10]
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
			default:
				continue
			}
			var cs, httpEquiv, content string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					httpEquiv = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
			}
			if cs != "" {
				return cs
			}
			if httpEquiv == "content-type" && content != "" {
				if c := httpCharset(content); c != "" {
					return c
				}
			}
		}
	}
}

// xmlDecl matches an XML declaration and captures its encoding pseudo-attribute.
var xmlDecl = regexp.MustCompile(`^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']`)

// xmlDeclEncoding returns the encoding named by body's XML declaration and the position of
// its value, reading the declaration as ASCII.
func xmlDeclEncoding(body []byte) (label string, start, end int) {
	head := body
	if len(head) > 512 {
		head = head[:512]
	}
	m := xmlDecl.FindSubmatchIndex(head)
	if m == nil {
		return "", -1, -1
	}
	return string(head[m[2]:m[3]]), m[2], m[3]
}

// DecodeXML converts a feed or other XML document to UTF-8 and makes its XML declaration
// say encoding="utf-8", so that no XML parser decodes it a second time. The encoding comes
// from, in order: a byte-order mark (UTF-8, UTF-16, UTF-32), UTF-16/32 recognised from the
// first bytes (XML 1.0 appendix F), the HTTP Content-Type charset, the declaration's
// encoding; otherwise UTF-8 when valid, else a confident chardet guess among non-Latin
// legacy charsets, else windows-1252.
func DecodeXML(body []byte, contentType string) ([]byte, error) {
	out, _, err := DecodeXMLCharset(body, contentType)
	return out, err
}

// DecodeXMLCharset is DecodeXML that also returns the name of the encoding the document
// was read in ("utf-8", "utf-16le", "windows-1252", "gbk"...), for diagnostics.
func DecodeXMLCharset(body []byte, contentType string) (utf8Doc []byte, charsetName string, err error) {
	e, name, rest := sniffBOM(body)
	if e == nil {
		e, name = sniffWide(body)
	}
	if e == nil {
		e, name = declared(httpCharset(contentType), rest)
		if e != nil && isWide(name) {
			e = nil // the bytes are not UTF-16/32, whatever the header says
		}
	}
	if e == nil {
		label, _, _ := xmlDeclEncoding(rest)
		e, name = declared(label, rest)
		if e != nil && isWide(name) {
			e = nil // a declaration readable as ASCII cannot be right about UTF-16
		}
	}
	if e == nil {
		e, name = fallback(rest)
	}
	out, err := transcode(rest, e, name)
	if err != nil {
		return nil, name, err
	}
	return setXMLEncoding(out), name, nil
}

// setXMLEncoding rewrites the encoding of a UTF-8 document's XML declaration to utf-8.
func setXMLEncoding(doc []byte) []byte {
	label, start, end := xmlDeclEncoding(doc)
	if start < 0 || strings.EqualFold(label, "utf-8") {
		return doc
	}
	out := make([]byte, 0, len(doc)+8)
	out = append(out, doc[:start]...)
	out = append(out, "utf-8"...)
	return append(out, doc[end:]...)
}
