package detect

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/callwatch/callwatch"
)

// labelledDoc is one document of testdata/corpus with its expected labels. The format is
// a header of "key: value" lines ("lang", "publisher", "mention: yes|no", repeated
// "stance: <signed|declined|announced> <entity id>", "title"), a line "---", then the text.
type labelledDoc struct {
	name     string
	doc      callwatch.Document
	mention  bool
	stances  map[string]bool // "signed state:USA"
	language string
}

func loadCorpus(t testing.TB) []labelledDoc {
	t.Helper()
	files, err := filepath.Glob("testdata/corpus/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	sort.Strings(files)
	var docs []labelledDoc
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		head, body, ok := strings.Cut(string(data), "\n---\n")
		if !ok {
			t.Fatalf("%s: no --- separator", f)
		}
		ld := labelledDoc{name: filepath.Base(f), stances: map[string]bool{}}
		ld.doc.Text = strings.TrimRight(body, "\n")
		sc := bufio.NewScanner(strings.NewReader(head))
		for sc.Scan() {
			line := sc.Text()
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, v, ok := strings.Cut(line, ": ")
			if !ok {
				t.Fatalf("%s: bad header line %q", f, line)
			}
			switch k {
			case "lang":
				ld.language = v
			case "publisher":
				ld.doc.Publisher = v
			case "mention":
				ld.mention = v == "yes"
			case "stance":
				ld.stances[v] = true
			case "title":
				ld.doc.Title = v
			default:
				t.Fatalf("%s: unknown key %q", f, k)
			}
		}
		docs = append(docs, ld)
	}
	return docs
}

// prf holds counts for precision, recall and F1.
type prf struct{ tp, fp, fn int }

func (c prf) p() float64 {
	if c.tp+c.fp == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}
func (c prf) r() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}
func (c prf) f1() float64 {
	p, r := c.p(), c.r()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
func (c prf) String() string {
	return fmt.Sprintf("P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)", c.p(), c.r(), c.f1(), c.tp, c.fp, c.fn)
}

// TestQuality runs the detector over the labelled corpus and fails below the targets:
// per-document mention detection P >= 0.97 and R >= 0.95, entity+stance F1 >= 0.90, both
// over every finding and over those callwatch stores by default.
func TestQuality(t *testing.T) {
	d := newTestDetector(t)
	docs := loadCorpus(t)
	langs := map[string]bool{}
	var mention, stance, stored prf
	perLang := map[string]*prf{}
	for _, ld := range docs {
		langs[ld.language] = true
		fs := d.Detect(ld.doc)
		got := false
		gotStances, keptStances := map[string]bool{}, map[string]bool{}
		for _, f := range fs {
			switch {
			case f.Kind == callwatch.FindingMention && f.Strength != callwatch.StrengthWeak:
				got = true
			case f.Kind.IsStance():
				gotStances[string(f.Kind)+" "+f.Entity.ID] = true
				if f.Confidence >= storedConfidence {
					keptStances[string(f.Kind)+" "+f.Entity.ID] = true
				}
			}
		}
		for s := range keptStances {
			if ld.stances[s] {
				stored.tp++
			} else {
				stored.fp++
			}
		}
		for s := range ld.stances {
			if !keptStances[s] {
				stored.fn++
			}
		}
		switch {
		case got && ld.mention:
			mention.tp++
		case got && !ld.mention:
			mention.fp++
			t.Logf("%s: mention false positive: %s", ld.name, firstMention(fs))
		case !got && ld.mention:
			mention.fn++
			t.Logf("%s: mention missed", ld.name)
		}
		lp := perLang[ld.language]
		if lp == nil {
			lp = &prf{}
			perLang[ld.language] = lp
		}
		for s := range gotStances {
			if ld.stances[s] {
				stance.tp++
				lp.tp++
			} else {
				stance.fp++
				lp.fp++
				t.Logf("%s: stance false positive: %s (%s)", ld.name, s, evidenceOf(fs, s))
			}
		}
		for s := range ld.stances {
			if !gotStances[s] {
				stance.fn++
				lp.fn++
				t.Logf("%s: stance missed: %s", ld.name, s)
			}
		}
	}
	t.Logf("corpus: %d documents in %d languages", len(docs), len(langs))
	t.Logf("mention (per document): %v", mention)
	t.Logf("entity+stance:          %v", stance)
	t.Logf("entity+stance, stored:  %v (confidence >= %.2f, what callwatch keeps by default)", stored, storedConfidence)
	var ls []string
	for l := range perLang {
		ls = append(ls, l)
	}
	sort.Strings(ls)
	for _, l := range ls {
		t.Logf("  entity+stance %s: %v", l, *perLang[l])
	}
	if len(docs) < 80 || len(langs) < 5 {
		t.Errorf("corpus too small: %d documents, %d languages", len(docs), len(langs))
	}
	if mention.p() < 0.97 || mention.r() < 0.95 {
		t.Errorf("mention detection below target: %v", mention)
	}
	if stance.f1() < 0.90 {
		t.Errorf("entity+stance F1 below target: %v", stance)
	}
	if stored.f1() < 0.90 {
		t.Errorf("entity+stance F1 of the stored findings below target: %v", stored)
	}
}

// storedConfidence is detect.min_confidence in config/default.yaml: callwatch does not
// store a finding below it.
const storedConfidence = 0.45

func firstMention(fs []callwatch.Finding) string {
	for _, f := range fs {
		if f.Kind == callwatch.FindingMention {
			return f.Rule + ": " + f.Evidence
		}
	}
	return ""
}

func evidenceOf(fs []callwatch.Finding, key string) string {
	for _, f := range fs {
		if f.Kind.IsStance() && string(f.Kind)+" "+f.Entity.ID == key {
			return f.Rule + ": " + f.Evidence
		}
	}
	return ""
}

var sharedTestDetector *Detector

func newTestDetector(t testing.TB) *Detector {
	t.Helper()
	if sharedTestDetector == nil {
		d, err := New()
		if err != nil {
			t.Fatal(err)
		}
		sharedTestDetector = d
	}
	return sharedTestDetector
}
