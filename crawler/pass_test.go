package crawler

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

func TestFeedKinds(t *testing.T) {
	s := newSite(t)
	s.page("/a1", "text/html; charset=utf-8", articleHTML("Macron launches the Paris Call", "The Paris Call for Trust and Security in Cyberspace was launched.", ""))
	s.page("/a2", "text/html; charset=utf-8", articleHTML("Atom story", "Nothing about the call here.", ""))
	s.page("/a3", "text/html; charset=utf-8", articleHTML("JSON story", "Supporters of the Paris Call met.", ""))
	s.page("/rss.xml", "application/rss+xml", rss(rssItem{Title: "Macron launches the Paris Call", Link: s.URL + "/a1", GUID: "rss-1", Date: "Mon, 12 Nov 2018 10:00:00 GMT"}))
	s.page("/atom.xml", "application/atom+xml", `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:x</id><updated>2018-11-12T10:00:00Z</updated>
<entry><title>Atom story</title><id>urn:uuid:1</id><link href="`+s.URL+`/a2"/><updated>2018-11-12T11:00:00Z</updated><summary>Atom summary</summary></entry></feed>`)
	s.page("/feed.json", "application/feed+json", `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[
{"id":"j1","url":"`+s.URL+`/a3","title":"JSON story","content_text":"x","date_published":"2018-11-13T09:00:00Z"}]}`)

	h := newHarness(t,
		Source{Name: "rss", Kind: callwatch.KindFeed, URL: s.URL + "/rss.xml"},
		Source{Name: "atom", Kind: callwatch.KindFeed, URL: s.URL + "/atom.xml"},
		Source{Name: "json", Kind: callwatch.KindFeed, URL: s.URL + "/feed.json"},
	)
	sum := h.pass()
	if sum.SourcesOK != 3 || sum.SourcesFailed != 0 || sum.ArticlesNew != 3 {
		t.Fatalf("summary = %+v, want 3 sources ok and 3 new articles", sum)
	}
	for _, c := range []struct {
		path, title string
		published   time.Time
		findings    int
	}{
		{"/a1", "Macron launches the Paris Call", time.Date(2018, 11, 12, 10, 0, 0, 0, time.UTC), 2},
		{"/a2", "Atom story", time.Date(2018, 11, 12, 11, 0, 0, 0, time.UTC), 0},
		{"/a3", "JSON story", time.Date(2018, 11, 13, 9, 0, 0, 0, time.UTC), 1},
	} {
		a := h.store.byURLSuffix(c.path)
		if a == nil {
			t.Fatalf("%s not stored", c.path)
		}
		if a.Status != callwatch.StatusFull || !strings.Contains(a.Text, "Paragraph 3 of the story") {
			t.Errorf("%s: status %q (%s), text %.80q", c.path, a.Status, a.StatusReason, a.Text)
		}
		if a.Title != c.title || !a.Published.Equal(c.published) || a.DateFlag != "" {
			t.Errorf("%s: title %q published %v flag %q", c.path, a.Title, a.Published, a.DateFlag)
		}
		if len(a.Findings) != c.findings {
			t.Errorf("%s: %d findings, want %d: %+v", c.path, len(a.Findings), c.findings, a.Findings)
		}
		if a.Outlet != "127.0.0.1" || a.Language != "en" {
			t.Errorf("%s: outlet %q language %q", c.path, a.Outlet, a.Language)
		}
	}
	if sum.Findings != 3 {
		t.Errorf("summary findings = %d, want 3", sum.Findings)
	}
	if st := h.state("rss"); st.Failures != 0 || st.LastSuccess.IsZero() || st.Items != 1 || st.BodyHash == "" {
		t.Errorf("rss state = %+v", st)
	}
	if len(h.store.runs) != 1 {
		t.Errorf("run summaries saved = %d, want 1", len(h.store.runs))
	}
}

func TestMinConfidenceDropsWeakFindings(t *testing.T) {
	s := newSite(t)
	s.page("/a", "text/html", articleHTML("A story", "A lower-case paris call and a Paris Call.", ""))
	s.page("/f", "application/rss+xml", rss(rssItem{Title: "A story", Link: s.URL + "/a"}))
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	h.pass()
	a := h.store.byURLSuffix("/a")
	if a == nil || len(a.Findings) != 1 || a.Findings[0].Rule != "fake.full" {
		t.Fatalf("findings = %+v, want only the full mention", a)
	}
}

func TestConditionalGetAndLyingValidators(t *testing.T) {
	s := newSite(t)
	s.page("/a", "text/html", articleHTML("Story", "Lead.", ""))
	body := rss(rssItem{Title: "Story", Link: s.URL + "/a", GUID: "g1"})
	s.handle("/honest", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, body)
	})
	lies := 0
	s.handle("/liar", func(w http.ResponseWriter, r *http.Request) {
		lies++
		w.Header().Set("ETag", fmt.Sprintf(`"%d"`, lies)) // a new ETag every time
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, body)
	})
	h := newHarness(t,
		Source{Name: "honest", Kind: callwatch.KindFeed, URL: s.URL + "/honest"},
		Source{Name: "liar", Kind: callwatch.KindFeed, URL: s.URL + "/liar"},
	)
	first := h.pass()
	if first.SourcesOK != 2 || first.ArticlesNew != 1 {
		t.Fatalf("first pass = %+v", first)
	}
	h.opts.Force = true
	second := h.pass()
	if second.SourcesUnchanged != 2 || second.SourcesOK != 0 || second.ArticlesNew != 0 || second.ArticlesDuplicate != 0 {
		t.Fatalf("second pass = %+v, want both sources unchanged", second)
	}
	if n := s.count("/a"); n != 1 {
		t.Errorf("article fetched %d times, want 1", n)
	}
	if st := h.state("honest"); st.ETag != `"v1"` {
		t.Errorf("honest ETag = %q", st.ETag)
	}
	if st := h.state("liar"); st.ETag != `"2"` || st.Failures != 0 {
		t.Errorf("liar state = %+v, want the latest ETag stored", st)
	}
}

func TestSameStoryInTwoFeedsStoredOnce(t *testing.T) {
	s := newSite(t)
	s.page("/story", "text/html", articleHTML("Shared story", "The Paris Call gains supporters.", ""))
	s.page("/f1", "application/rss+xml", rss(rssItem{Title: "Shared story", Link: s.URL + "/story?utm_source=rss", GUID: "f1-1"}))
	s.page("/f2", "application/rss+xml", rss(rssItem{Title: "Shared story", Link: s.URL + "/story#comments", GUID: "f2-1"}))
	h := newHarness(t,
		Source{Name: "f1", Kind: callwatch.KindFeed, URL: s.URL + "/f1"},
		Source{Name: "f2", Kind: callwatch.KindFeed, URL: s.URL + "/f2"},
	)
	sum := h.pass()
	arts := h.store.all()
	if len(arts) != 1 {
		t.Fatalf("%d articles stored, want 1", len(arts))
	}
	a := arts[0]
	if len(a.Sources) != 2 || len(a.GUIDs) != 2 {
		t.Errorf("sources %v guids %v, want both feeds", a.Sources, a.GUIDs)
	}
	if a.URL != s.URL+"/story" {
		t.Errorf("canonical URL = %q", a.URL)
	}
	if n := s.count("/story"); n != 1 {
		t.Errorf("story fetched %d times, want 1", n)
	}
	if sum.ArticlesNew != 1 {
		t.Errorf("summary = %+v", sum)
	}

	// A third feed carrying it in a later pass: a duplicate, not a new article.
	s.page("/f3", "application/rss+xml", rss(rssItem{Title: "Shared story", Link: s.URL + "/story", GUID: "f3-1"}))
	h.opts.Sources = append(h.opts.Sources, Source{Name: "f3", Kind: callwatch.KindFeed, URL: s.URL + "/f3"})
	sum = h.pass()
	if sum.ArticlesNew != 0 || sum.ArticlesDuplicate != 1 {
		t.Errorf("third feed: %+v, want 1 duplicate", sum)
	}
	if a := h.store.all()[0]; len(a.Sources) != 3 {
		t.Errorf("sources after third feed = %v", a.Sources)
	}
	if n := s.count("/story"); n != 1 {
		t.Errorf("story fetched %d times, want 1", n)
	}
}

func TestItemsWithoutGUIDs(t *testing.T) {
	s := newSite(t)
	for i := range 3 {
		s.page(fmt.Sprintf("/n%d", i), "text/html", articleHTML(fmt.Sprintf("Story %d", i), "Lead.", ""))
	}
	feed := rss(
		rssItem{Title: "Story 0", Link: s.URL + "/n0"},
		rssItem{Title: "Story 1", Link: s.URL + "/n1"},
		rssItem{Title: "Story 2", Link: s.URL + "/n2"},
	)
	var version atomic.Int32
	version.Store(1)
	s.handle("/f", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, strings.Replace(feed, "Test feed", fmt.Sprintf("Test feed v%d", version.Load()), 1))
	})
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	if sum := h.pass(); sum.ArticlesNew != 3 {
		t.Fatalf("first pass = %+v", sum)
	}
	version.Store(2) // the feed changed (a new build date), its items did not
	h.opts.Force = true
	sum := h.pass()
	if sum.SourcesOK != 1 || sum.ArticlesNew != 0 || sum.ArticlesDuplicate != 0 {
		t.Errorf("second pass = %+v, want no new or duplicate article", sum)
	}
	for i := range 3 {
		if n := s.count(fmt.Sprintf("/n%d", i)); n != 1 {
			t.Errorf("/n%d fetched %d times", i, n)
		}
	}
}

func TestDates(t *testing.T) {
	s := newSite(t)
	dated := `<meta property="article:published_time" content="2018-11-12T08:30:00Z">`
	s.page("/future", "text/html", articleHTML("Future", "Lead.", ""))
	s.page("/french", "text/html", articleHTML("Français", "Lead.", dated))
	s.page("/undated", "text/html", articleHTML("Undated", "Lead.", ""))
	s.page("/f", "application/rss+xml", rss(
		rssItem{Title: "Future", Link: s.URL + "/future", Date: "Wed, 01 Jan 2031 10:00:00 GMT"},
		rssItem{Title: "Français", Link: s.URL + "/french", Date: "lun., 12 nov. 2018 10:00:00"},
		rssItem{Title: "Undated", Link: s.URL + "/undated", Date: "demain"},
	))
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	h.pass()
	now := h.clock.Now()
	for _, c := range []struct {
		path, flag, raw string
		want            time.Time
	}{
		{"/future", "future", "Wed, 01 Jan 2031 10:00:00 GMT", now},
		{"/french", "fallback_article", "lun., 12 nov. 2018 10:00:00", time.Date(2018, 11, 12, 8, 30, 0, 0, time.UTC)},
		{"/undated", "fallback_fetch", "demain", now},
	} {
		a := h.store.byURLSuffix(c.path)
		if a == nil {
			t.Fatalf("%s not stored", c.path)
		}
		if a.DateFlag != c.flag || a.PublishedRaw != c.raw || !a.Published.Equal(c.want) {
			t.Errorf("%s: published %v raw %q flag %q; want %v %q %q", c.path, a.Published, a.PublishedRaw, a.DateFlag, c.want, c.raw, c.flag)
		}
	}
}

func TestUnfetchableArticlesKeepTheFeedSummary(t *testing.T) {
	s := newSite(t)
	s.handle("/paywalled", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "subscribe", http.StatusForbidden) })
	s.page("/private/story", "text/html", articleHTML("Private", "Lead.", ""))
	s.page("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n")
	s.page("/f", "application/rss+xml", rss(
		rssItem{Title: "Paywalled", Link: s.URL + "/paywalled", Desc: "<p>The <b>Paris Call</b> &amp; its supporters.</p>"},
		rssItem{Title: "Private", Link: s.URL + "/private/story", Desc: "Robots say no."},
	))
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	sum := h.pass()
	if sum.ArticlesNew != 2 || sum.ArticlesSummary != 2 || sum.SourcesFailed != 0 {
		t.Fatalf("summary = %+v, want 2 new summary-only articles", sum)
	}
	a := h.store.byURLSuffix("/paywalled")
	if a.Status != callwatch.StatusSummary || !strings.Contains(a.StatusReason, "403") {
		t.Errorf("paywalled: status %q reason %q", a.Status, a.StatusReason)
	}
	if a.Text != "The Paris Call & its supporters." || len(a.Findings) != 1 {
		t.Errorf("paywalled: text %q findings %d", a.Text, len(a.Findings))
	}
	p := h.store.byURLSuffix("/private/story")
	if p.Status != callwatch.StatusSummary || !strings.Contains(p.StatusReason, "robots") {
		t.Errorf("robots: status %q reason %q", p.Status, p.StatusReason)
	}
	if n := s.count("/private/story"); n != 0 {
		t.Errorf("disallowed page fetched %d times", n)
	}

	// A source that opts out of robots.txt reads the page.
	h2 := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f", IgnoreRobots: true})
	h2.pass()
	if p := h2.store.byURLSuffix("/private/story"); p.Status != callwatch.StatusFull {
		t.Errorf("ignore_robots: status %q reason %q", p.Status, p.StatusReason)
	}
}

func TestFailingSourceBacksOff(t *testing.T) {
	s := newSite(t)
	var down atomic.Bool
	down.Store(true)
	s.handle("/down", func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "oops", http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss())
	})
	s.page("/a", "text/html", articleHTML("Fine", "Lead.", ""))
	s.page("/up", "application/rss+xml", rss(rssItem{Title: "Fine", Link: s.URL + "/a"}))
	h := newHarness(t,
		Source{Name: "down", Kind: callwatch.KindFeed, URL: s.URL + "/down", Interval: time.Hour},
		Source{Name: "up", Kind: callwatch.KindFeed, URL: s.URL + "/up", Interval: time.Hour},
	)
	h.opts.MaxBackoff = 3 * time.Hour
	sum := h.pass()
	if sum.SourcesOK != 1 || sum.SourcesFailed != 1 || sum.ArticlesNew != 1 {
		t.Fatalf("summary = %+v", sum)
	}
	if len(sum.Failures) != 1 || sum.Failures[0].Source != "down" || sum.Failures[0].Kind != callwatch.ErrKindHTTP || !strings.Contains(sum.Failures[0].Error, "502") {
		t.Errorf("failures = %+v", sum.Failures)
	}
	// Backoff: 1h, 2h, then capped at 3h; each with at most 5% jitter.
	for i, want := range []time.Duration{time.Hour, 2 * time.Hour, 3 * time.Hour, 3 * time.Hour} {
		if i > 0 {
			h.opts.Force = true
			h.clock.Add(10 * time.Minute)
			h.pass()
		}
		st := h.state("down")
		wait := st.NextDue.Sub(h.clock.Now())
		if st.Failures != i+1 || wait < want || wait > want+want/20 || st.ErrorKind != callwatch.ErrKindHTTP || st.LastError == "" {
			t.Errorf("after failure %d: failures %d, next due in %v (want %v), kind %q", i+1, st.Failures, wait, want, st.ErrorKind)
		}
		if up := h.state("up"); up.Failures != 0 {
			t.Errorf("the healthy source was affected: %+v", up)
		}
	}
	// Not due yet without Force: skipped, still listed.
	h.opts.Force = false
	if sum := h.pass(); sum.SourcesSkipped != 2 {
		t.Errorf("not-due pass = %+v", sum)
	}
	// Recovery resets the count.
	down.Store(false)
	h.clock.Add(4 * time.Hour)
	h.pass()
	if st := h.state("down"); st.Failures != 0 || st.LastError != "" || st.NextDue.Sub(h.clock.Now()) < time.Hour {
		t.Errorf("after recovery: %+v", st)
	}
}

func TestHugeFeedIsBounded(t *testing.T) {
	s := newSite(t)
	items := make([]rssItem, 10000)
	for i := range items {
		items[i] = rssItem{Title: fmt.Sprintf("Item %d about the Paris Call", i), Link: fmt.Sprintf("%s/item/%d", s.URL, i), GUID: fmt.Sprint(i), Desc: "Summary."}
	}
	s.page("/big", "application/rss+xml", rss(items...))
	h := newHarness(t, Source{Name: "big", Kind: callwatch.KindFeed, URL: s.URL + "/big"})
	h.opts.FetchArticles = false
	h.opts.MaxItems = 300
	h.opts.BatchSize = 10
	var maxTotal int
	h.opts.Progress = func(p Progress) { maxTotal = max(maxTotal, p.ArticlesTotal) }
	sum := h.pass()
	if sum.ArticlesNew != 300 || sum.ArticlesSummary != 300 {
		t.Fatalf("summary = %+v, want the first 300 items", sum)
	}
	if maxTotal != 300 {
		t.Errorf("progress total = %d", maxTotal)
	}
	if a := h.store.byURLSuffix("/item/0"); a == nil || a.StatusReason != "article fetching is off (crawl.fetch_articles)" {
		t.Errorf("first item = %+v", a)
	}
	if a := h.store.byURLSuffix("/item/300"); a != nil {
		t.Errorf("item beyond max_items stored")
	}
	if h.store.saves < 3 || h.store.maxBatch > maxBatchFactor*10 {
		t.Errorf("%d store writes for 300 articles, the largest of %d: want bounded batches", h.store.saves, h.store.maxBatch)
	}
}

func TestHTMLWhereAFeedWasExpected(t *testing.T) {
	s := newSite(t)
	s.page("/news", "text/html", `<!DOCTYPE html><html><head><title>News</title></head><body><p>Hello</p></body></html>`)
	h := newHarness(t, Source{Name: "wrong", Kind: callwatch.KindFeed, URL: s.URL + "/news"})
	sum := h.pass()
	if sum.SourcesFailed != 1 || len(sum.Failures) != 1 {
		t.Fatalf("summary = %+v", sum)
	}
	f := sum.Failures[0]
	if f.Kind != callwatch.ErrKindParse || !strings.Contains(f.Error, "HTML page, not a feed") || !strings.Contains(f.Error, "sources discover") {
		t.Errorf("failure = %+v", f)
	}
	if st := h.state("wrong"); st.ErrorKind != callwatch.ErrKindParse || st.BodyHash != "" {
		t.Errorf("state = %+v", st)
	}
}

func TestIdempotentSecondPass(t *testing.T) {
	s := newSite(t)
	s.page("/a", "text/html", articleHTML("A", "The Paris Call.", ""))
	s.page("/b", "text/html", articleHTML("B", "Lead.", ""))
	s.page("/f1", "application/rss+xml", rss(rssItem{Title: "A", Link: s.URL + "/a", GUID: "1"}, rssItem{Title: "B", Link: s.URL + "/b", GUID: "2"}))
	s.page("/f2", "application/rss+xml", rss(rssItem{Title: "A", Link: s.URL + "/a?utm_medium=x", GUID: "x"}))
	h := newHarness(t,
		Source{Name: "f1", Kind: callwatch.KindFeed, URL: s.URL + "/f1"},
		Source{Name: "f2", Kind: callwatch.KindFeed, URL: s.URL + "/f2"},
	)
	h.pass()
	before := h.store.all()
	saves := h.store.saves
	h.opts.Force, h.opts.Refetch = true, false
	// Forget the body hashes so that the sources are parsed again: the items alone must
	// then change nothing.
	for _, src := range h.opts.Sources {
		st := h.state(src.Name)
		st.BodyHash = ""
		h.store.PutSource(t.Context(), st)
	}
	sum := h.pass()
	if sum.ArticlesNew != 0 || sum.ArticlesDuplicate != 0 || sum.Findings != 0 || sum.AlertsQueued != 0 {
		t.Errorf("second pass = %+v, want nothing new", sum)
	}
	if h.store.saves != saves {
		t.Errorf("the second pass wrote articles (%d writes)", h.store.saves-saves)
	}
	after := h.store.all()
	if len(before) != 2 || !reflect.DeepEqual(before, after) {
		t.Errorf("articles changed:\nbefore %+v\nafter  %+v", before, after)
	}
}

func TestRefetchFetchesAgain(t *testing.T) {
	s := newSite(t)
	var text atomic.Value
	text.Store("First version.")
	s.handle("/a", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, articleHTML("A", text.Load().(string), ""))
	})
	s.page("/f", "application/rss+xml", rss(rssItem{Title: "A", Link: s.URL + "/a"}))
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	h.pass()
	text.Store("Second version mentions the Paris Call.")
	h.opts.Force, h.opts.Refetch = true, true
	sum := h.pass()
	if n := s.count("/a"); n != 2 {
		t.Errorf("article fetched %d times, want 2", n)
	}
	a := h.store.byURLSuffix("/a")
	if !strings.Contains(a.Text, "Second version") || len(a.Findings) != 1 || sum.Findings != 1 {
		t.Errorf("after refetch: %q, %d findings, summary %+v", a.Text[:40], len(a.Findings), sum)
	}
}

func TestMovedSourceUpdatesURL(t *testing.T) {
	s := newSite(t)
	s.handle("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new", http.StatusMovedPermanently)
	})
	s.page("/new", "application/rss+xml", rss())
	h := newHarness(t, Source{Name: "moved", Kind: callwatch.KindFeed, URL: s.URL + "/old"})
	h.pass()
	st := h.state("moved")
	if st.URL != s.URL+"/new" || st.ConfigURL != s.URL+"/old" || st.ID != callwatch.SourceID(s.URL+"/old") {
		t.Fatalf("state = %+v", st)
	}
	h.opts.Force = true
	h.pass()
	if n := s.count("/old"); n != 1 {
		t.Errorf("old URL fetched %d times, want 1 (the stored new URL is used)", n)
	}
}

func TestOnlyNamedSources(t *testing.T) {
	s := newSite(t)
	s.page("/f1", "application/rss+xml", rss())
	s.page("/f2", "application/rss+xml", rss())
	h := newHarness(t,
		Source{Name: "one", Kind: callwatch.KindFeed, URL: s.URL + "/f1"},
		Source{Name: "two", Kind: callwatch.KindFeed, URL: s.URL + "/f2"},
	)
	h.opts.Only = []string{"two"}
	if sum := h.pass(); sum.SourcesOK != 1 || s.count("/f1") != 0 || s.count("/f2") != 1 {
		t.Errorf("summary %+v, hits %d %d", sum, s.count("/f1"), s.count("/f2"))
	}
	h.opts.Only = []string{"three"}
	if _, err := New(h.opts); err == nil || !strings.Contains(err.Error(), `"three"`) {
		t.Errorf("unknown source: err = %v", err)
	}
}

func TestNotifierIsCalledAfterSaving(t *testing.T) {
	s := newSite(t)
	s.page("/f", "application/rss+xml", rss())
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	n := &fakeNotifier{stats: callwatch.DeliveryStats{Sent: 2, Pending: 1}}
	h.opts.Notifier = n
	sum := h.pass()
	if n.calls != 1 || n.liveCtx != 1 || n.bounded != 0 || sum.AlertsSent != 2 || sum.AlertsPending != 1 {
		t.Errorf("notifier calls %d, summary %+v", n.calls, sum)
	}
	if h.store.runs[0].AlertsSent != 2 {
		t.Errorf("saved summary = %+v", h.store.runs[0])
	}
}

// batchStore is a memStore with the optional PutSources.
type batchStore struct {
	*memStore
	batches int
}

func (b *batchStore) PutSources(ctx context.Context, states []callwatch.SourceState) error {
	b.batches++
	for _, st := range states {
		b.memStore.PutSource(ctx, st)
	}
	return nil
}

func TestSourceStatesInOneWrite(t *testing.T) {
	s := newSite(t)
	var sources []Source
	for i := range 5 {
		s.page(fmt.Sprintf("/f%d", i), "application/rss+xml", rss())
		sources = append(sources, Source{Name: fmt.Sprint(i), Kind: callwatch.KindFeed, URL: fmt.Sprintf("%s/f%d", s.URL, i)})
	}
	h := newHarness(t, sources...)
	bs := &batchStore{memStore: h.store}
	h.opts.Store = bs
	if sum := h.pass(); sum.SourcesOK != 5 || bs.batches != 1 || len(h.store.sources) != 5 {
		t.Errorf("summary %+v, %d PutSources calls, %d states", sum, bs.batches, len(h.store.sources))
	}
}
