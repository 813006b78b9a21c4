package report_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/report"
)

// oneFinding is a Source holding a single stance finding.
type oneFinding struct{}

func (oneFinding) ScanFindings(ctx context.Context, f callwatch.FindingFilter, fn func(callwatch.FindingRow) error) error {
	return fn(callwatch.FindingRow{
		Article: callwatch.ArticleRef{ID: "3f9a1c0d2b7e4a51", Title: "US joins Paris Call", URL: "https://news.example/us-joins",
			Outlet: "news.example", Published: time.Date(2021, 11, 10, 16, 5, 0, 0, time.UTC), Language: "en"},
		Sources: []string{"src1"},
		Finding: callwatch.Finding{Kind: callwatch.FindingSigned, Confidence: 0.92, Rule: "en.sign.join",
			Entity:   &callwatch.Entity{ID: "state:USA", Name: "United States", Category: callwatch.CategoryState, Country: "USA"},
			Evidence: "The United States will join the Paris Call."},
		Outlets: 4,
	})
}

func (oneFinding) Signatories(context.Context, callwatch.SignatoryFilter) ([]callwatch.Signatory, error) {
	return nil, nil
}

func (oneFinding) Sources(context.Context) ([]callwatch.SourceState, error) {
	return []callwatch.SourceState{{ID: "src1", Name: "Google News EN"}}, nil
}

func ExampleWrite() {
	err := report.Write(context.Background(), os.Stdout, oneFinding{}, report.Query{Format: report.FormatJSONL})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"schema_version":1,"article_id":"3f9a1c0d2b7e4a51","url":"https://news.example/us-joins","title":"US joins Paris Call","source":"Google News EN","sources":["Google News EN"],"outlet":"news.example","published":"2021-11-10T16:05:00Z","language":"en","kind":"signed","entity":{"id":"state:USA","name":"United States","category":"state","country":"USA"},"stance":"signed","confidence":0.92,"evidence":"The United States will join the Paris Call.","rule":"en.sign.join","outlets":4}
}

func ExampleNeutralize() {
	for _, cell := range []string{"=HYPERLINK(\"http://evil.example\")", "@SUM(A1)", "Paris Call"} {
		fmt.Println(report.Neutralize(cell))
	}
	// Output:
	// '=HYPERLINK("http://evil.example")
	// '@SUM(A1)
	// Paris Call
}

func ExampleParseTime() {
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	for _, s := range []string{"7d", "2026-11-20"} {
		since, _ := report.ParseTime(s, now, false)
		until, _ := report.ParseTime(s, now, true)
		fmt.Println(s, since.Format(time.RFC3339), until.Format(time.RFC3339))
	}
	// Output:
	// 7d 2026-11-20T06:00:00Z 2026-11-20T06:00:00Z
	// 2026-11-20 2026-11-20T00:00:00Z 2026-11-21T00:00:00Z
}
