package detect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gateMisses reports whether the gate turns away a text whose full scan holds a name: a
// missed article. Detect relies on it never doing so.
func gateMisses(d *Detector, s string) bool {
	_, ms := d.scanField(s, &fieldBuf{})
	return d.anyName(ms) && !d.gate.match(s)
}

// gateVariants returns s with a name disguised the ways articles disguise it, and placed
// where the gate's two streams meet.
func gateVariants(name string) []string {
	runs := []string{
		name,
		strings.ToUpper(name),
		strings.ReplaceAll(name, " ", "\u00a0"),
		strings.ReplaceAll(name, " ", " \n  \t "),
		strings.ReplaceAll(name, " ", "&nbsp;"),
		strings.ReplaceAll(name, "a", "&#97;"),
		strings.ReplaceAll(name, "a", "&#x61;"),
		strings.ReplaceAll(name, "r", "r\u00ad"),
		strings.ReplaceAll(name, "i", "i\u200b"),
		strings.ReplaceAll(name, "P", "Ｐ"),
		strings.ReplaceAll(name, " ", strings.Repeat(" ", 3000)),
	}
	var out []string
	for _, r := range runs {
		pad := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 20+len(r)/25)
		out = append(out, r, pad+r+pad, pad[:len(pad)-len(r)/2]+r+pad)
		// the name across the middle of the text, every few bytes
		for shift := 0; shift < len(r); shift += max(3, len(r)/10) {
			out = append(out, pad[:len(pad)-shift]+r+pad[:len(pad)-len(r)+shift])
		}
	}
	return out
}

func TestGateNeverMissesAName(t *testing.T) {
	d := newTestDetector(t)
	names := []string{"Paris Call for Trust and Security in Cyberspace", "Paris Call", "Appel de Paris",
		"Pariser Appell", "Aufruf für Vertrauen und Sicherheit im Cyberraum", "pariscall.international",
		"Парижский призыв", "パリ・コール", "巴黎倡议", "نداء باريس", "Paris Agreement", "Llamamiento de París"}
	for _, name := range names {
		for _, s := range gateVariants(name) {
			if gateMisses(d, s) {
				t.Fatalf("the gate turns away %d bytes holding %q: %.200q", len(s), name, s)
			}
		}
		if pad := strings.Repeat("x ", 600); !d.gate.match(pad + name + pad) {
			t.Errorf("the gate turns away %q", name)
		}
	}
	for _, ld := range loadCorpus(t) {
		for _, s := range []string{ld.doc.Title, ld.doc.Text} {
			if gateMisses(d, s) {
				t.Errorf("%s: the gate turns away a field with a name", ld.name)
			}
		}
	}
	pages, _ := filepath.Glob(filepath.Join(realPages, "*", "expected.html"))
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if s := htmlText(string(data)); gateMisses(d, s) {
			t.Errorf("%s: the gate turns away a page with a name", p)
		}
	}
	// and it does turn away what has none
	for _, s := range []string{"", "Paris", "The call from Paris came late.", strings.Repeat("Parisian callers, ", 100), "網路安全"} {
		if d.gate.match(s) {
			t.Errorf("the gate lets through %.60q", s)
		}
	}
}

func FuzzGate(f *testing.F) {
	d, err := New()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range gateVariants("Paris Call")[:12] {
		f.Add(s)
	}
	f.Add("&amp;Paris&#32;Call&shy; \xff\xfe Pa\u00adris Ca&#108;l")
	f.Fuzz(func(t *testing.T, s string) {
		if gateMisses(d, s) {
			t.Fatalf("the gate turns away %q", s)
		}
	})
}
