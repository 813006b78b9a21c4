package store

import (
	"reflect"
	"slices"
	"testing"

	"github.com/callwatch/callwatch"
)

func TestFindingCodec(t *testing.T) {
	carried := map[reflect.Type][]string{
		reflect.TypeFor[callwatch.Finding](): {"Kind", "Strength", "Entity", "Subject", "Evidence", "Field", "Start", "End", "Spans", "Rule", "Confidence"},
		reflect.TypeFor[callwatch.Entity]():  {"ID", "Name", "Category", "Country", "Verified"},
		reflect.TypeFor[callwatch.Span]():    {"Start", "End", "Role"},
	}
	for typ, fields := range carried {
		for i := range typ.NumField() {
			if name := typ.Field(i).Name; !slices.Contains(fields, name) {
				t.Errorf("%s.%s is not stored by encodeFinding: add it to the codec (as a new version) and to this test", typ, name)
			}
		}
	}
	cases := map[string]callwatch.Finding{
		"empty":   {},
		"mention": mention(),
		"stance": {Kind: callwatch.FindingDeclined, Entity: &callwatch.Entity{ID: "state:USA", Name: "United States", Category: callwatch.CategoryState, Country: "USA", Verified: true},
			Subject: "Washington", Evidence: "Washington declined to sign the Paris Call.", Field: callwatch.FieldTitle, Start: 12, End: 55,
			Spans: []callwatch.Span{{Start: 12, End: 22, Role: "entity"}, {Start: 23, End: 31, Role: "verb"}, {Start: -1, End: 0}}, Rule: "en/declined/1", Confidence: 0.8125},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			b := encodeFinding(&f)
			got, err := decodeFinding(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, f) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, f)
			}
			for n := range len(b) {
				if _, err := decodeFinding(b[:n]); err == nil {
					t.Errorf("truncated to %d bytes: no error", n)
				}
			}
		})
	}
	got, err := decodeFinding([]byte(`{"kind":"signed","entity":{"id":"org:a"},"confidence":0.5}`))
	if err != nil || got.Kind != callwatch.FindingSigned || got.Entity.ID != "org:a" || got.Confidence != 0.5 {
		t.Errorf("JSON finding: %+v, %v", got, err)
	}
}

func FuzzDecodeFinding(f *testing.F) {
	st := stance(callwatch.FindingSigned, "org:a", "A", 0.9)
	st.Spans = []callwatch.Span{{Start: 1, End: 2, Role: "verb"}}
	f.Add(encodeFinding(&st))
	f.Add([]byte{findingV1, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		fd, err := decodeFinding(b)
		if err != nil || b[0] != findingV1 {
			return
		}
		again, err := decodeFinding(encodeFinding(&fd))
		if err != nil || !reflect.DeepEqual(again, fd) {
			t.Errorf("re-encoding changed the finding: %v", err)
		}
	})
}
