package store

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// codecFields lists the fields of callwatch.Article that encodeRecord carries, and the two
// it deliberately leaves to other buckets. A new field in callwatch.Article fails the test
// until the codec stores it (and the list names it).
var codecFields = []string{"ID", "URL", "URLs", "Sources", "GUIDs", "Title", "Byline", "Outlet", "Published",
	"PublishedRaw", "DateFlag", "Fetched", "Language", "ContentHash", "Status", "StatusReason",
	"Text", "Findings"} // stored apart: texts and findings buckets

func TestRecordCodec(t *testing.T) {
	typ := reflect.TypeFor[callwatch.Article]()
	for i := range typ.NumField() {
		if name := typ.Field(i).Name; !slices.Contains(codecFields, name) {
			t.Errorf("callwatch.Article.%s is not stored by encodeRecord: add it to the codec (as a new record version) and to codecFields", name)
		}
	}
	full := &articleRecord{
		Article: callwatch.Article{ID: "0123456789abcdef", URL: "https://example.com/ä", URLs: []string{"a", "b"},
			Sources: []string{"s"}, GUIDs: []string{"g1", "g2", "g3"}, Title: "Titre — été", Byline: "By X",
			Outlet: "example.com", Published: time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC), PublishedRaw: "lun., 12 nov. 2018",
			DateFlag: "future", Fetched: time.Date(1500, 1, 1, 0, 0, 0, 1, time.UTC), Language: "fr",
			ContentHash: "abc", Status: callwatch.StatusSummary, StatusReason: "robots"},
		TimeKey: -42, TextBytes: 1 << 20, Pruned: true, FindingN: 65535,
	}
	for name, r := range map[string]*articleRecord{"full": full, "empty": {}} {
		t.Run(name, func(t *testing.T) {
			got, err := decodeRecord(encodeRecord(r))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, r) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, r)
			}
		})
	}
	// Every truncation is an error, never a panic or a wrong record.
	b := encodeRecord(full)
	for n := range len(b) {
		if _, err := decodeRecord(b[:n]); err == nil {
			t.Errorf("truncated to %d bytes: no error", n)
		}
	}
	if _, err := decodeRecord(append(b, 0)); err == nil {
		t.Error("trailing byte: no error")
	}
	// JSON records (the earlier form) still decode.
	got, err := decodeRecord([]byte(`{"id":"0123456789abcdef","url":"https://x/","time_key":5,"finding_n":2}`))
	if err != nil || got.ID != "0123456789abcdef" || got.TimeKey != 5 || got.FindingN != 2 {
		t.Errorf("JSON record: %+v, %v", got, err)
	}
}

func FuzzDecodeRecord(f *testing.F) {
	f.Add(encodeRecord(&articleRecord{Article: callwatch.Article{ID: "0123456789abcdef", URLs: []string{"u"}}, FindingN: 3}))
	f.Add([]byte{recordV1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
	f.Add([]byte(`{"id":"x"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodeRecord(b)
		if err != nil || b[0] != recordV1 {
			return
		}
		// What decodes re-encodes to the same bytes.
		if again := encodeRecord(r); string(again) != string(b) {
			r2, err := decodeRecord(again)
			if err != nil || !reflect.DeepEqual(r, r2) {
				t.Errorf("re-encoding changed the record: %v", err)
			}
		}
	})
}
