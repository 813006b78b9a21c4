package crawler

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"golang.org/x/text/encoding/charmap"
)

func TestArticleCharsetDecodedOnce(t *testing.T) {
	s := newSite(t)
	page := articleHTML("Société Générale signe l'Appel", "La Société Générale a rejoint l'Appel de Paris, a indiqué la présidence.", "")
	latin1, err := charmap.ISO8859_1.NewEncoder().String(strings.Replace(page, `<meta charset="utf-8">`, "", 1))
	if err != nil {
		t.Fatal(err)
	}
	s.page("/header", "text/html; charset=iso-8859-1", latin1)
	s.page("/meta", "text/html", strings.Replace(latin1, "<head>", `<head><meta charset="windows-1252">`, 1))
	s.page("/f", "application/rss+xml", rss(rssItem{Title: "Header", Link: s.URL + "/header"}, rssItem{Title: "Meta", Link: s.URL + "/meta"}))
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	h.pass()
	for _, path := range []string{"/header", "/meta"} {
		a := h.store.byURLSuffix(path)
		if a == nil || a.Status != callwatch.StatusFull {
			t.Fatalf("%s: %+v", path, a)
		}
		if !strings.Contains(a.Text, "La Société Générale a rejoint l'Appel de Paris, a indiqué la présidence.") {
			t.Errorf("%s: text garbled: %.120q", path, a.Text)
		}
	}
}

func TestAMPArticleStoredUnderItsCanonical(t *testing.T) {
	s := newSite(t)
	s.page("/amp/story", "text/html", strings.Replace(articleHTML("Story", "Lead.", `<link rel="canonical" href="/story">`), "<html ", "<html amp ", 1))
	s.page("/story", "text/html", articleHTML("Story", "Lead.", ""))
	s.page("/f1", "application/rss+xml", rss(rssItem{Title: "Story", Link: s.URL + "/amp/story", GUID: "a"}))
	s.page("/f2", "application/rss+xml", rss(rssItem{Title: "Story", Link: s.URL + "/story", GUID: "b"}))
	h := newHarness(t, Source{Name: "f1", Kind: callwatch.KindFeed, URL: s.URL + "/f1"})
	h.pass()
	arts := h.store.all()
	if len(arts) != 1 || arts[0].URL != s.URL+"/story" {
		t.Fatalf("articles = %+v", arts)
	}
	h.opts.Sources = append(h.opts.Sources, Source{Name: "f2", Kind: callwatch.KindFeed, URL: s.URL + "/f2"})
	if sum := h.pass(); sum.ArticlesNew != 0 || sum.ArticlesDuplicate != 1 {
		t.Errorf("the canonical story from a second feed: %+v", sum)
	}
	if s.count("/story") != 0 {
		t.Errorf("the canonical page was fetched although its AMP version is stored")
	}
}

func TestSlowAndHugeArticlesKeepTheSummary(t *testing.T) {
	s := newSite(t)
	s.handle("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	s.page("/huge", "text/html", articleHTML("Huge", strings.Repeat("x", 50_000), ""))
	s.page("/f", "application/rss+xml", rss(
		rssItem{Title: "Slow", Link: s.URL + "/slow", Desc: "Slow summary."},
		rssItem{Title: "Huge", Link: s.URL + "/huge", Desc: "Huge summary."},
	))
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	h.opts.Timeout = 300 * time.Millisecond
	h.opts.MaxBodyBytes = 20_000
	sum := h.pass()
	if sum.ArticlesSummary != 2 || sum.SourcesFailed != 0 {
		t.Fatalf("summary %+v", sum)
	}
	for path, kind := range map[string]callwatch.ErrorKind{"/slow": callwatch.ErrKindTimeout, "/huge": callwatch.ErrKindTooLarge} {
		a := h.store.byURLSuffix(path)
		if a.Status != callwatch.StatusSummary || !strings.HasPrefix(a.StatusReason, string(kind)) || !strings.HasSuffix(a.Text, "summary.") {
			t.Errorf("%s: status %q reason %q text %q", path, a.Status, a.StatusReason, a.Text)
		}
	}
}

func TestItemWithoutLinkOrText(t *testing.T) {
	s := newSite(t)
	s.page("/f", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Only a title about the Paris Call</title></item><item><guid isPermaLink="false">x-1</guid></item></channel></rss>`)
	h := newHarness(t, Source{Name: "f", Kind: callwatch.KindFeed, URL: s.URL + "/f"})
	sum := h.pass()
	if sum.ArticlesNew != 2 || sum.ArticlesSummary != 1 || sum.ArticlesFailed != 1 {
		t.Fatalf("summary %+v", sum)
	}
	var statuses []string
	for _, a := range h.store.all() {
		statuses = append(statuses, fmt.Sprintf("%s %s %q", a.Status, a.URL[:14], a.StatusReason))
	}
	if got := strings.Join(statuses, "; "); !strings.Contains(got, `summary urn:callwatch: "the item has no link"`) || !strings.Contains(got, "failed urn:callwatch:") {
		t.Errorf("articles: %s", got)
	}
	h.opts.Force = true
	for _, src := range h.opts.Sources {
		st := h.state(src.Name)
		st.BodyHash = ""
		h.store.PutSource(t.Context(), st)
	}
	if sum := h.pass(); sum.ArticlesNew != 0 {
		t.Errorf("linkless items stored again: %+v", sum)
	}
}
