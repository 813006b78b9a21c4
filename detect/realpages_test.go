package detect

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/callwatch/callwatch"
)

// TestRealPagesHaveNoFindings runs the detector over the article text of 130 real web
// pages (news in several languages, blogs, Wikipedia; none about the Paris Call) from the
// project's shared corpora: every finding there is a false positive.
func TestRealPagesHaveNoFindings(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join(realPages, "*", "expected.html"))
	if len(pages) == 0 {
		t.Logf("%s is absent: nothing to check", realPages)
		return
	}
	d := newTestDetector(t)
	n := 0
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc := callwatch.Document{Title: filepath.Base(filepath.Dir(p)), Text: htmlText(string(data))}
		for _, f := range d.Detect(doc) {
			n++
			t.Errorf("%s: %s %s %s: %q", filepath.Base(filepath.Dir(p)), f.Kind, f.Strength, f.Rule, f.Evidence)
		}
	}
	t.Logf("%d pages, %d findings", len(pages), n)
}
