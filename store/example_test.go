package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/store"
)

// Storing an article with a stance finding, then listing the findings of a date range.
func Example() {
	dir, err := os.MkdirTemp("", "callwatch-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(filepath.Join(dir, "callwatch.db"), store.Options{Timeout: time.Second})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()

	url := "https://example.com/2021/11/us-joins-paris-call"
	a := &callwatch.Article{
		URL: url, Title: "US joins the Paris Call", Outlet: "example.com", Sources: []string{"feed-1"},
		Published: time.Date(2021, 11, 10, 18, 0, 0, 0, time.UTC), Language: "en",
		Text: "Vice President Harris announced that the United States joins the Paris Call for Trust and Security in Cyberspace.",
		Findings: []callwatch.Finding{{
			Kind: callwatch.FindingSigned, Entity: &callwatch.Entity{ID: "state:USA", Name: "United States", Category: callwatch.CategoryState},
			Evidence: "the United States joins the Paris Call", Rule: "en/join", Confidence: 0.9,
		}},
	}
	ch, err := db.SaveArticles(ctx, []*callwatch.Article{a})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("new articles:", len(ch.NewArticles), "new signatories:", ch.NewSignatories[0].ID, ch.NewSignatories[0].Status)

	again, _ := db.SaveArticles(ctx, []*callwatch.Article{a})
	fmt.Println("saved again: unchanged", again.Unchanged)

	f := callwatch.FindingFilter{Since: time.Date(2021, 11, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2021, 12, 1, 0, 0, 0, 0, time.UTC)}
	err = db.ScanFindings(ctx, f, func(r callwatch.FindingRow) error {
		fmt.Printf("%s %s %s (%d outlet)\n", r.Article.Published.Format("2006-01-02"), r.Finding.Entity.Name, r.Finding.Kind, r.Outlets)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// new articles: 1 new signatories: state:USA signed
	// saved again: unchanged 1
	// 2021-11-10 United States signed (1 outlet)
}
