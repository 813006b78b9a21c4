package fetch

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzDecode checks that DecodeHTML and DecodeXML turn any bytes and any Content-Type into
// valid UTF-8 without a BOM, and that DecodeXML's output declares no other encoding.
func FuzzDecode(f *testing.F) {
	for _, s := range []struct{ body, ct string }{
		{`<?xml version="1.0" encoding="iso-8859-1"?><rss>caf\xe9</rss>`, ""},
		{"\xFF\xFE<\x00r\x00s\x00s\x00>\x00", ""},
		{"\x00\x00\xFE\xFF\x00\x00\x00<", "text/xml; charset=utf-32"},
		{"<\x00\x00\x00?\x00\x00\x00", ""},
		{`<meta charset="shift_jis"><p>\x83p\x83\x8a</p>`, "text/html"},
		{`<html><meta http-equiv="content-type" content="text/html; charset=koi8-r">\xf0\xd2`, ""},
		{"\xEF\xBB\xBF<p>x</p>", "text/html; charset=utf-16"},
		{"caf\xe9", "text/plain; charset=\"utf-8\";;"},
	} {
		f.Add([]byte(s.body), s.ct)
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		for name, decode := range map[string]func([]byte, string) ([]byte, error){"html": DecodeHTML, "xml": DecodeXML} {
			out, err := decode(body, contentType)
			if err != nil {
				continue
			}
			if !utf8.Valid(out) {
				t.Fatalf("%s: invalid UTF-8 out of %q", name, body)
			}
			if bytes.HasPrefix(out, []byte("\uFEFF")) {
				t.Fatalf("%s: BOM kept", name)
			}
			if name == "xml" {
				if label, _, _ := xmlDeclEncoding(out); label != "" && label != "utf-8" && !bytes.EqualFold([]byte(label), []byte("utf-8")) {
					t.Fatalf("xml: declaration still says %q", label)
				}
			}
		}
	})
}
