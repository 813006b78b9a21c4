package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// crawlerGoroutines returns the stacks of live goroutines running code of package crawler
// other than the tests themselves.
func crawlerGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "callwatch/crawler.") && !strings.Contains(g, "crawler.Test") && !strings.Contains(g, "crawler.crawlerGoroutines") {
			out = append(out, g)
		}
	}
	return out
}

// waitNoCrawlerGoroutines fails the test if crawler goroutines outlive a pass.
func waitNoCrawlerGoroutines(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		left := crawlerGoroutines()
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d crawler goroutines left behind:\n%s", len(left), strings.Join(left, "\n\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCancelMidPass(t *testing.T) {
	s := newSite(t)
	const n = 40
	var slow atomic.Bool
	var served atomic.Int32
	slowStarted := make(chan struct{}, n)
	s.handle("/a/", func(w http.ResponseWriter, r *http.Request) {
		if slow.Load() && served.Load() >= 6 {
			slowStarted <- struct{}{}
			select { // hang like a dead server until the client gives up
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
			return
		}
		served.Add(1)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, articleHTML("Story "+r.URL.Path, "The Paris Call.", ""))
	})
	items := make([]rssItem, n)
	for i := range items {
		items[i] = rssItem{Title: fmt.Sprintf("Story %d", i), Link: fmt.Sprintf("%s/a/%d", s.URL, i), GUID: fmt.Sprint(i)}
	}
	s.handle("/f", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"feed-v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss(items...))
	})
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	h.opts.Concurrency = 3
	slow.Store(true)

	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-slowStarted
		// Let the done articles reach the saver, then interrupt.
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	start := time.Now()
	sum := h.passCtx(ctx)
	elapsed := time.Since(start)
	waitNoCrawlerGoroutines(t)

	if !sum.Interrupted {
		t.Errorf("summary not marked interrupted: %+v", sum)
	}
	if elapsed > 5*time.Second {
		t.Errorf("the pass took %v to stop", elapsed)
	}
	stored := len(h.store.all())
	if stored == 0 || stored >= n || sum.ArticlesNew != stored {
		t.Errorf("stored %d articles (summary %d new), want the finished ones, fewer than %d", stored, sum.ArticlesNew, n)
	}
	for _, a := range h.store.all() {
		if a.Status != callwatch.StatusFull {
			t.Errorf("an interrupted article was stored as %s (%s)", a.Status, a.StatusReason)
		}
	}
	st := h.state("f")
	if st.ETag != "" || st.BodyHash != "" || !st.NextDue.IsZero() || st.Failures != 0 {
		t.Errorf("an unfinished source must stay due with its old validators: %+v", st)
	}
	if len(h.store.runs) != 1 || !h.store.runs[0].Interrupted {
		t.Errorf("run summary not saved as interrupted: %+v", h.store.runs)
	}

	// The next pass finishes the job.
	slow.Store(false)
	sum = h.pass()
	if got := len(h.store.all()); got != n || sum.ArticlesNew != n-stored || sum.Interrupted {
		t.Errorf("after the next pass: %d stored, summary %+v", got, sum)
	}
	if st := h.state("f"); st.ETag != `"feed-v1"` {
		t.Errorf("validators not stored after a complete pass: %+v", st)
	}
	waitNoCrawlerGoroutines(t)
}

func TestCancelBeforeStart(t *testing.T) {
	s := newSite(t)
	s.page("/f", "application/rss+xml", rss())
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sum := h.passCtx(ctx)
	if !sum.Interrupted || sum.SourcesOK+sum.SourcesFailed != 0 {
		t.Errorf("summary %+v", sum)
	}
	n := &fakeNotifier{}
	h.opts.Notifier = n
	h.passCtx(ctx)
	if n.calls != 1 || n.liveCtx != 1 || n.bounded != 1 {
		t.Errorf("Deliver after cancellation: %d calls, %d with a live (grace) context", n.calls, n.liveCtx)
	}
	waitNoCrawlerGoroutines(t)
}

func TestStoreFailureStopsThePass(t *testing.T) {
	s := newSite(t)
	s.page("/a", "text/html", articleHTML("A", "Lead.", ""))
	s.page("/f", "application/rss+xml", rss(rssItem{Title: "A", Link: s.URL + "/a"}))
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	h.store.saveErr = func([]*callwatch.Article) error { return errors.New("disk full") }
	c, err := New(h.opts)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Pass(context.Background())
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Pass error = %v, want the store's", err)
	}
	if st := h.state("f"); st.BodyHash != "" || !st.NextDue.IsZero() {
		t.Errorf("a source whose articles were not saved must stay due: %+v", st)
	}
	waitNoCrawlerGoroutines(t)
}
