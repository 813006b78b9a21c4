package crawler

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// gatedStore holds each SaveArticles call until the test lets it through, to observe
// what the saver does while a write is in flight.
type gatedStore struct {
	*memStore
	started chan int      // receives the size of each write as it starts
	gate    chan struct{} // one receive per write allowed to proceed
}

func (g *gatedStore) SaveArticles(ctx context.Context, arts []*callwatch.Article) (callwatch.Changes, error) {
	g.started <- len(arts)
	<-g.gate
	return g.memStore.SaveArticles(ctx, arts)
}

func newGatedSaver(t *testing.T, batchSize int) (*saver, *gatedStore, chan struct{}) {
	t.Helper()
	g := &gatedStore{memStore: newMemStore(), started: make(chan int, 100), gate: make(chan struct{})}
	c, err := New(Options{Store: g, Detector: &fakeDetector{}, Fetcher: testFetcher(), BatchSize: batchSize, BatchInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	sv := newSaver(&pass{c: c, sum: newTally()})
	done := make(chan struct{})
	go func() {
		defer close(done)
		sv.loop()
	}()
	return sv, g, done
}

func testArticle(n int) *callwatch.Article {
	u := fmt.Sprintf("https://example.com/a/%d", n)
	return &callwatch.Article{ID: callwatch.ArticleID(u), URL: u, URLs: []string{u}, Sources: []string{"src-1"}, Title: "T", Text: "text"}
}

// While a write is in flight the next batch keeps growing, up to maxBatchFactor·BatchSize;
// then the saver stops taking jobs until the write ends.
func TestSaverGroupCommit(t *testing.T) {
	sv, g, done := newGatedSaver(t, 1)
	run := &sourceRun{}
	// One article for the first write, maxBatchFactor for the grown batch, and as many as
	// the input holds: every add returns only once the saver has taken all but those.
	n := 1 + maxBatchFactor + cap(sv.in)
	for i := range n {
		sv.add(context.Background(), saveJob{art: testArticle(i), run: run, fresh: true})
		if i == 0 {
			if size := <-g.started; size != 1 {
				t.Fatalf("first write of %d articles, want 1 (BatchSize)", size)
			}
		}
	}
	sv.close()
	var sizes []int
	for {
		select {
		case g.gate <- struct{}{}:
		case <-done:
		}
		select {
		case size := <-g.started:
			sizes = append(sizes, size)
			continue
		case <-done:
		}
		break
	}
	if want := []int{maxBatchFactor, cap(sv.in)}; !slices.Equal(sizes, want) {
		t.Errorf("writes after the first: %v, want %v", sizes, want)
	}
	if got := len(g.all()); got != n {
		t.Errorf("%d articles stored, want %d", got, n)
	}
	if run.incomplete.Load() {
		t.Error("run marked incomplete")
	}
}

// A sighting of an article that is being written waits for the write, then records the
// new URL on the stored article.
func TestSaverSightingOfArticleInFlight(t *testing.T) {
	sv, g, done := newGatedSaver(t, 1)
	run := &sourceRun{}
	a := testArticle(1)
	sv.add(context.Background(), saveJob{art: a, run: run, fresh: true})
	<-g.started
	sv.add(context.Background(), saveJob{sight: &sighting{id: a.ID, urls: []string{"https://example.com/other"}, source: "src-2"}, run: run})
	sv.close()
	g.gate <- struct{}{} // the article
	<-g.started
	g.gate <- struct{}{} // the sighting
	<-done
	got, err := g.Article(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(got.URLs, "https://example.com/other") || !slices.Contains(got.Sources, "src-2") {
		t.Errorf("sighting not recorded: %+v", got)
	}
}
