package crawler

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/callwatch/callwatch"
)

// tally accumulates a pass's RunSummary from the goroutines that do the work.
type tally struct {
	mu sync.Mutex
	s  callwatch.RunSummary
}

func newTally() *tally { return &tally{} }

// merge adds what a store write reported.
func (t *tally) merge(ch callwatch.Changes) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.s.ArticlesNew += len(ch.NewArticles)
	t.s.ArticlesDuplicate += ch.Duplicates
	t.s.NewSignatories += len(ch.NewSignatories)
	t.s.AlertsQueued += len(ch.Alerts)
}

// saved adds a written batch: the store's report, and the status and findings of the
// articles built in this pass that it stored as new (or, with refetch, again).
func (t *tally) saved(ch callwatch.Changes, batch []*entry, refetch bool) {
	t.merge(ch)
	isNew := make(map[string]bool, len(ch.NewArticles))
	for _, r := range ch.NewArticles {
		isNew[r.ID] = true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, e := range batch {
		if !e.fresh || !(isNew[e.art.ID] || refetch) {
			continue
		}
		switch e.art.Status {
		case callwatch.StatusSummary:
			t.s.ArticlesSummary++
		case callwatch.StatusFailed:
			t.s.ArticlesFailed++
		}
		t.s.Findings += len(e.art.Findings)
	}
}

// sourceDone counts a source that succeeded or was unchanged.
func (t *tally) sourceDone(o outcome) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if o == outcomeUnchanged {
		t.s.SourcesUnchanged++
	} else {
		t.s.SourcesOK++
	}
}

// failed counts a failed source with its reason.
func (t *tally) failed(r *sourceRun) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.s.SourcesFailed++
	t.s.Failures = append(t.s.Failures, callwatch.SourceFailure{
		Source: r.src.Name, URL: r.state.URL, Kind: callwatch.KindOf(r.err), Error: errorLine(r.err),
	})
}

// SummaryLine is the one line a pass ends with.
func SummaryLine(s callwatch.RunSummary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "sources: %d ok, %d unchanged, %d failed, %d not due", s.SourcesOK, s.SourcesUnchanged, s.SourcesFailed, s.SourcesSkipped)
	fmt.Fprintf(&b, "; articles: %d new, %d duplicate, %d summary-only, %d failed", s.ArticlesNew, s.ArticlesDuplicate, s.ArticlesSummary, s.ArticlesFailed)
	fmt.Fprintf(&b, "; findings: %d; new signatories: %d", s.Findings, s.NewSignatories)
	fmt.Fprintf(&b, "; alerts: %d queued, %d sent, %d pending", s.AlertsQueued, s.AlertsSent, s.AlertsPending)
	round := time.Millisecond
	if s.Duration() >= 10*time.Second {
		round = time.Second
	}
	fmt.Fprintf(&b, "; took %s", s.Duration().Round(round))
	if s.Interrupted {
		b.WriteString(" (interrupted: unfinished sources are due next run)")
	}
	return b.String()
}

// WriteFailures writes one line per failed source, with what to do about it.
func WriteFailures(w io.Writer, s callwatch.RunSummary) {
	for _, f := range s.Failures {
		fmt.Fprintf(w, "source %q failed: %s\n  url: %s\n  what to do: %s\n", f.Source, f.Error, f.URL, Advice(f.Kind))
	}
}

// Advice says what a user can do about a failure of a kind.
func Advice(k callwatch.ErrorKind) string {
	switch k {
	case callwatch.ErrKindNetwork:
		return "check the host name and your network; callwatch retries the source later"
	case callwatch.ErrKindTimeout:
		return "the server is slow or unreachable; callwatch retries later (crawl.timeout sets the limit)"
	case callwatch.ErrKindHTTP:
		return "check the URL in a browser; 404/410 mean it moved (update the configuration), 403/429 mean the site refuses us (raise the source's interval)"
	case callwatch.ErrKindParse:
		return "the response is not what the source's kind expects; run `callwatch sources test URL` and check the kind and selector"
	case callwatch.ErrKindRobots:
		return "the site's robots.txt disallows us; remove the source, or set ignore_robots on it if you have permission"
	case callwatch.ErrKindTooLarge:
		return "the response is larger than crawl.max_body; raise it if the source is legitimate"
	case callwatch.ErrKindBlocked:
		return "the URL points to a private or local address; set crawl.allow_private_networks for intranet sources"
	case callwatch.ErrKindRedirect:
		return "the URL redirects in a loop or too often; open it in a browser and configure the final URL"
	}
	return "see the log (--log-level debug) for details"
}
