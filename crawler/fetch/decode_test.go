package fetch

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

func mustEncode(t testing.TB, s string, e func(string) (string, error)) string {
	t.Helper()
	out, err := e(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDecodeHTML(t *testing.T) {
	const text = "Appel de Paris : « été » – ‘€’"
	page := func(head string) string {
		return "<!DOCTYPE html><html><head>" + head + "<title>t</title></head><body><p>" + text + "</p></body></html>"
	}
	cp1252 := func(s string) string { return mustEncode(t, s, charmap.Windows1252.NewEncoder().String) }
	utf16le := func(s string) string {
		return mustEncode(t, s, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String)
	}
	sjis := mustEncode(t, `<html><head><meta charset="shift_jis"></head><body>パリ・コール</body></html>`, japanese.ShiftJIS.NewEncoder().String)
	tests := []struct {
		name, body, contentType, want string
	}{
		{"utf-8 default", page(""), "text/html", text},
		{"utf-8 BOM beats header", "\xEF\xBB\xBF" + page(""), "text/html; charset=windows-1252", text},
		{"utf-16 BOM", utf16le(page("")), "text/html", text},
		{"HTTP charset", cp1252(page("")), "text/html; charset=windows-1252", text},
		{"HTTP ISO-8859-1 read as windows-1252", cp1252(page("")), "text/html; charset=ISO-8859-1", text},
		{"HTTP charset beats meta", cp1252(page(`<meta charset="utf-8">`)), "text/html;charset=\"cp1252\"", text},
		{"meta charset", cp1252(page(`<meta charset="windows-1252">`)), "text/html", text},
		{"meta http-equiv", cp1252(page(`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">`)), "", text},
		{"undeclared invalid utf-8 is windows-1252", cp1252(page("")), "", text},
		{"meta utf-16 on an ASCII page is ignored", page(`<meta charset="utf-16">`), "", text},
		{"unknown HTTP label falls through to meta", cp1252(page(`<meta charset="windows-1252">`)), "text/html; charset=x-bogus", text},
		{"shift_jis by meta", sjis, "", "パリ・コール"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeHTML([]byte(tt.body), tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(got), tt.want) {
				t.Errorf("decoded page does not contain %q:\n%s", tt.want, got)
			}
			if strings.HasPrefix(string(got), "\uFEFF") {
				t.Error("BOM kept")
			}
		})
	}
	// Declared UTF-8 but not (a server default over a Latin-1 file): the label is
	// ignored and the bytes decide, so the text survives instead of becoming U+FFFD.
	got, _ := DecodeHTML([]byte("<p>caf\xe9 ok</p>"), "text/html; charset=utf-8")
	if string(got) != "<p>café ok</p>" {
		t.Errorf("invalid declared UTF-8: %q", got)
	}
	got, _ = DecodeHTML([]byte(cp1252(page(`<meta charset="iso-8859-1">`))), "text/html; charset=utf-8")
	if !strings.Contains(string(got), text) {
		t.Errorf("a false HTTP utf-8 label must give way to <meta>: %q", got)
	}
}

func TestDecodeXML(t *testing.T) {
	const title = "Appel de Paris « été » ‘€’"
	doc := func(decl string) string {
		return decl + "<rss version=\"2.0\"><channel><title>" + title + "</title></channel></rss>"
	}
	cp1252 := func(s string) string { return mustEncode(t, s, charmap.Windows1252.NewEncoder().String) }
	utf16 := func(e unicode.Endianness, b unicode.BOMPolicy, s string) string {
		return mustEncode(t, s, unicode.UTF16(e, b).NewEncoder().String)
	}
	utf32enc := func(e utf32.Endianness, b utf32.BOMPolicy, s string) string {
		return mustEncode(t, s, utf32.UTF32(e, b).NewEncoder().String)
	}
	tests := []struct {
		name, body, contentType, charset, wantDecl string
	}{
		{"utf-8 undeclared", doc(""), "", "utf-8", ""},
		{"utf-8 declared", doc(`<?xml version="1.0" encoding="UTF-8"?>`), "", "utf-8", `<?xml version="1.0" encoding="UTF-8"?>`},
		{"prolog windows-1252", cp1252(doc(`<?xml version="1.0" encoding="windows-1252"?>`)), "", "windows-1252", `<?xml version="1.0" encoding="utf-8"?>`},
		{"prolog ISO-8859-1, single quotes", cp1252(doc(`<?xml version='1.0' encoding='ISO-8859-1' standalone='yes'?>`)), "", "windows-1252", `<?xml version='1.0' encoding='utf-8' standalone='yes'?>`},
		{"false HTTP utf-8 gives way to the prolog", cp1252(doc(`<?xml version="1.0" encoding="ISO-8859-1"?>`)), "application/rss+xml; charset=utf-8", "windows-1252", `<?xml version="1.0" encoding="utf-8"?>`},
		{"false utf-8 prolog gives way to the bytes", cp1252(doc(`<?xml version="1.0" encoding="utf-8"?>`)), "", "windows-1252", `<?xml version="1.0" encoding="utf-8"?>`},
		{"HTTP beats prolog", cp1252(doc(`<?xml version="1.0" encoding="utf-8"?>`)), "application/xml; charset=windows-1252", "windows-1252", `<?xml version="1.0" encoding="utf-8"?>`},
		{"undeclared legacy", cp1252(doc("")), "", "windows-1252", ""},
		{"utf-16le BOM", utf16(unicode.LittleEndian, unicode.UseBOM, doc(`<?xml version="1.0" encoding="utf-16"?>`)), "", "utf-16le", `<?xml version="1.0" encoding="utf-8"?>`},
		{"utf-16be BOM", utf16(unicode.BigEndian, unicode.UseBOM, doc(`<?xml version="1.0" encoding="UTF-16"?>`)), "", "utf-16be", `<?xml version="1.0" encoding="utf-8"?>`},
		{"utf-16le no BOM", utf16(unicode.LittleEndian, unicode.IgnoreBOM, doc(`<?xml version="1.0" encoding="utf-16"?>`)), "", "utf-16le", `<?xml version="1.0" encoding="utf-8"?>`},
		{"utf-16be no BOM, wrong header", utf16(unicode.BigEndian, unicode.IgnoreBOM, doc(`<?xml version="1.0"?>`)), "text/xml; charset=utf-8", "utf-16be", `<?xml version="1.0"?>`},
		{"utf-32le BOM", utf32enc(utf32.LittleEndian, utf32.UseBOM, doc(`<?xml version="1.0" encoding="utf-32"?>`)), "", "utf-32le", `<?xml version="1.0" encoding="utf-8"?>`},
		{"utf-32be BOM", utf32enc(utf32.BigEndian, utf32.UseBOM, doc(`<?xml version="1.0" encoding="utf-32"?>`)), "", "utf-32be", `<?xml version="1.0" encoding="utf-8"?>`},
		{"utf-32le no BOM", utf32enc(utf32.LittleEndian, utf32.IgnoreBOM, doc(`<?xml version="1.0"?>`)), "", "utf-32le", `<?xml version="1.0"?>`},
		{"utf-32be no BOM", utf32enc(utf32.BigEndian, utf32.IgnoreBOM, doc(`<?xml version="1.0" encoding="ucs-4"?>`)), "", "utf-32be", `<?xml version="1.0" encoding="utf-8"?>`},
		{"utf-16 declared but ASCII bytes", doc(`<?xml version="1.0" encoding="utf-16"?>`), "", "utf-8", `<?xml version="1.0" encoding="utf-8"?>`},
		{"bogus prolog label", doc(`<?xml version="1.0" encoding="x-made-up"?>`), "", "utf-8", `<?xml version="1.0" encoding="utf-8"?>`},
		{"utf-8 BOM", "\xEF\xBB\xBF" + doc(`<?xml version="1.0" encoding="windows-1252"?>`), "", "utf-8", `<?xml version="1.0" encoding="utf-8"?>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs, err := DecodeXMLCharset([]byte(tt.body), tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if cs != tt.charset {
				t.Errorf("charset = %q, want %q", cs, tt.charset)
			}
			if !strings.Contains(string(got), "<title>"+title+"</title>") {
				t.Errorf("title not decoded:\n%q", got)
			}
			if !strings.HasPrefix(string(got), tt.wantDecl+"<rss") {
				t.Errorf("document starts %q, want %q", got[:min(len(got), 60)], tt.wantDecl+"<rss")
			}
		})
	}
}

func TestDecodeUndeclaredLegacy(t *testing.T) {
	const ru = "Парижский призыв к доверию и безопасности в киберпространстве поддержали новые государства и компании. Министерство иностранных дел сообщило об этом в понедельник."
	const ja = "サイバー空間における信頼と安全のためのパリ・コールに新たな支持者が加わりました。外務省が月曜日に発表しました。"
	const fr = "L’Appel de Paris pour la confiance et la sécurité dans le cyberespace reçoit de nouveaux soutiens : États, entreprises et société civile."
	doc := func(text string) string {
		return `<?xml version="1.0"?><rss version="2.0"><channel><title>` + text + `</title><item><description>` + text + `</description></item></channel></rss>`
	}
	tests := []struct {
		name, text string
		encode     func(string) (string, error)
	}{
		{"windows-1251", ru, charmap.Windows1251.NewEncoder().String},
		{"koi8-r", ru, charmap.KOI8R.NewEncoder().String},
		{"shift_jis", ja, japanese.ShiftJIS.NewEncoder().String},
		{"euc-jp", ja, japanese.EUCJP.NewEncoder().String},
		{"windows-1252", fr, charmap.Windows1252.NewEncoder().String},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := mustEncode(t, doc(tt.text), tt.encode)
			got, cs, err := DecodeXMLCharset([]byte(body), "")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(got), tt.text) {
				t.Errorf("read as %s, the text is garbled: %.120s", cs, got)
			}
			html, err := DecodeHTML([]byte(mustEncode(t, "<html><body><p>"+tt.text+"</p></body></html>", tt.encode)), "")
			if err != nil || !strings.Contains(string(html), tt.text) {
				t.Errorf("DecodeHTML: garbled: %.120s", html)
			}
		})
	}
}
