package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// scanCorpus builds n articles with varied times (some equal), outlets, sources,
// languages, entities and confidences.
func scanCorpus(n int) []*callwatch.Article {
	outlets := []string{"lemonde.fr", "heise.de", "example.com", "elpais.com", "nytimes.com"}
	langs := []string{"en", "fr", "de"}
	entities := []string{"org:acme", "org:globex", "state:FRA", "state:USA", "org:initech", "org:umbrella", "org:hooli"}
	var arts []*callwatch.Article
	for i := range n {
		a := article(i, outlets[i%len(outlets)], mention())
		a.Published = day0.Add(time.Duration(i-i%4) * 37 * time.Minute) // groups of 4 share a time
		a.Language = langs[i%len(langs)]
		a.Sources = []string{fmt.Sprintf("src-%d", i%3)}
		if i%7 == 0 {
			a.Sources = append(a.Sources, "src-extra")
		}
		if i%3 == 0 {
			e := entities[i%len(entities)]
			a.Findings = append(a.Findings, stance(callwatch.FindingSigned, e, strings.ToUpper(e[strings.IndexByte(e, ':')+1:])+" Ltd", float64(i%10)/10))
		}
		if i%5 == 0 {
			e := entities[(i/5)%len(entities)]
			a.Findings = append(a.Findings, stance(callwatch.FindingDeclined, e, e, 0.55))
		}
		arts = append(arts, a)
	}
	return arts
}

// refScan is the reference: every finding of arts that passes f, in scan order.
func refScan(t *testing.T, db *DB, arts []*callwatch.Article, f callwatch.FindingFilter) []string {
	t.Helper()
	type row struct {
		t   int64
		id  string
		i   int
		key string
	}
	var entityIDs []string
	if f.Entity != "" {
		sigs, err := db.Signatories(context.Background(), callwatch.SignatoryFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sigs {
			if s.ID == f.Entity {
				entityIDs = []string{s.ID}
				break
			}
			q := strings.ToLower(f.Entity)
			if strings.Contains(strings.ToLower(s.ID), q) || strings.Contains(strings.ToLower(s.Name), q) ||
				slices.ContainsFunc(s.Names, func(n string) bool { return strings.Contains(strings.ToLower(n), q) }) {
				entityIDs = append(entityIDs, s.ID)
			}
		}
	}
	var rows []row
	for _, a := range arts {
		if !f.Since.IsZero() && a.Published.Before(f.Since) || !f.Until.IsZero() && !a.Published.Before(f.Until) {
			continue
		}
		if f.Source != "" && !slices.Contains(a.Sources, f.Source) || f.Language != "" && a.Language != f.Language {
			continue
		}
		for i, fd := range a.Findings {
			if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, fd.Kind) || fd.Confidence < f.MinConfidence {
				continue
			}
			if f.Entity != "" && (fd.Entity == nil || !slices.Contains(entityIDs, fd.Entity.ID)) {
				continue
			}
			rows = append(rows, row{a.Published.UnixNano(), a.ID, i, fmt.Sprintf("%s/%d", a.ID, i)})
		}
	}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(cmp.Compare(a.t, b.t), strings.Compare(a.id, b.id), cmp.Compare(a.i, b.i))
	})
	if f.Newest {
		slices.Reverse(rows)
	}
	var keys []string
	for _, r := range rows {
		keys = append(keys, r.key)
	}
	if f.Limit > 0 && len(keys) > f.Limit {
		keys = keys[:f.Limit]
	}
	return keys
}

func TestScanFindings(t *testing.T) {
	db := openTest(t, Options{NoSync: true})
	db.page = 37             // many pages on every path
	arts := scanCorpus(1100) // about 1,700 findings: several pages
	byID := map[string]*callwatch.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	mustSave(t, db, arts...)
	ctx := context.Background()
	mid := arts[400].Published
	late := arts[900].Published
	filters := map[string]callwatch.FindingFilter{
		"everything":              {},
		"everything newest":       {Newest: true},
		"range":                   {Since: mid, Until: late},
		"range newest":            {Since: mid, Until: late, Newest: true},
		"since":                   {Since: late},
		"until newest":            {Until: mid, Newest: true},
		"empty range":             {Since: late, Until: mid},
		"kinds":                   {Kinds: []callwatch.FindingKind{callwatch.FindingSigned, callwatch.FindingDeclined}},
		"source":                  {Source: "src-extra"},
		"source range newest":     {Source: "src-1", Since: mid, Until: late, Newest: true},
		"unknown source":          {Source: "src-none"},
		"language":                {Language: "fr", Kinds: []callwatch.FindingKind{callwatch.FindingMention}},
		"entity id":               {Entity: "org:acme"},
		"entity id range newest":  {Entity: "state:USA", Since: mid, Until: late, Newest: true},
		"entity name part":        {Entity: "glob"},
		"entity part, many":       {Entity: "org:"},
		"entity unknown":          {Entity: "nobody"},
		"min confidence":          {MinConfidence: 0.75},
		"limit":                   {Limit: 777},
		"limit newest with kinds": {Limit: 10, Newest: true, Kinds: []callwatch.FindingKind{callwatch.FindingDeclined}},
		"all filters": {Since: mid, Until: late, Kinds: []callwatch.FindingKind{callwatch.FindingSigned}, Source: "src-0",
			Language: "en", Entity: "acme", MinConfidence: 0.2},
	}
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			var got []string
			err := db.ScanFindings(ctx, f, func(r callwatch.FindingRow) error {
				a := byID[r.Article.ID]
				for i := range a.Findings {
					if reflect.DeepEqual(a.Findings[i], r.Finding) && !slices.Contains(got, fmt.Sprintf("%s/%d", a.ID, i)) {
						got = append(got, fmt.Sprintf("%s/%d", a.ID, i))
						return nil
					}
				}
				return fmt.Errorf("row %+v matches no stored finding", r)
			})
			if err != nil {
				t.Fatal(err)
			}
			want := refScan(t, db, arts, f)
			if !slices.Equal(got, want) {
				t.Errorf("got %d rows, want %d", len(got), len(want))
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Errorf("first difference at %d: %s, want %s", i, got[i], want[i])
						break
					}
				}
			}
		})
	}
}

func TestScanFindingsRowContent(t *testing.T) {
	db := openTest(t, Options{})
	ctx := context.Background()
	a1 := article(1, "lemonde.fr", mention(), stance(callwatch.FindingSigned, "org:acme", "Acme", 0.9))
	a2 := article(2, "heise.de", stance(callwatch.FindingSigned, "org:acme", "Acme", 0.8))
	a3 := article(3, "heise.de", stance(callwatch.FindingSigned, "org:acme", "Acme", 0.8), stance(callwatch.FindingDeclined, "org:acme", "Acme", 0.8))
	a2.Sources = []string{"src-a", "src-b"}
	mustSave(t, db, a1, a2, a3)
	var rows []callwatch.FindingRow
	if err := db.ScanFindings(ctx, callwatch.FindingFilter{}, func(r callwatch.FindingRow) error { rows = append(rows, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows", len(rows))
	}
	wantOutlets := []int{0, 2, 2, 2, 1} // mention, signed ×3 (two outlets), declined (one)
	for i, r := range rows {
		if r.Outlets != wantOutlets[i] {
			t.Errorf("row %d (%s): outlets %d, want %d", i, r.Finding.Kind, r.Outlets, wantOutlets[i])
		}
	}
	if rows[2].Article != a2.Ref() || !slices.Equal(rows[2].Sources, a2.Sources) || rows[2].Finding.Confidence != 0.8 {
		t.Errorf("row 2 = %+v", rows[2])
	}
	stop := errors.New("stop")
	n := 0
	if err := db.ScanFindings(ctx, callwatch.FindingFilter{}, func(callwatch.FindingRow) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("scan did not stop: %d, %v", n, err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := db.ScanFindings(cctx, callwatch.FindingFilter{}, func(callwatch.FindingRow) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled scan: %v", err)
	}
}

func TestScanFindingsExtremeTimes(t *testing.T) {
	db := openTest(t, Options{})
	ctx := context.Background()
	times := []time.Time{{}, time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), day0, time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)}
	for i, tm := range times {
		a := article(i, "example.com", mention())
		a.Published = tm
		mustSave(t, db, a)
	}
	var got []time.Time
	_ = db.ScanFindings(ctx, callwatch.FindingFilter{}, func(r callwatch.FindingRow) error { got = append(got, r.Article.Published); return nil })
	want := []time.Time{times[0], times[1], times[3], times[2], times[4], times[5]}
	if !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("order = %v", got)
	}
	got = nil
	_ = db.ScanFindings(ctx, callwatch.FindingFilter{Newest: true, Since: times[3]}, func(r callwatch.FindingRow) error { got = append(got, r.Article.Published); return nil })
	if want := []time.Time{times[5], times[4], times[2], times[3]}; !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("newest since 1969 = %v", got)
	}
	mustCheck(t, db)
}

func FuzzTimeKeyOrder(f *testing.F) {
	f.Add(int64(0), int64(1))
	f.Add(int64(-1), int64(1))
	f.Add(int64(-1<<62), int64(1<<62))
	f.Fuzz(func(t *testing.T, a, b int64) {
		ta, tb := time.Unix(0, a), time.Unix(0, b)
		ka, kb := timeKey(ta), timeKey(tb)
		if c := strings.Compare(string(ka), string(kb)); c != ta.Compare(tb) {
			t.Errorf("key order %d, time order %d for %v, %v", c, ta.Compare(tb), ta, tb)
		}
		if getTime(ka) != a {
			t.Errorf("round trip %d → %d", a, getTime(ka))
		}
	})
}
