package e2e

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch/internal/testnet"
)

// receivedAlerts lists the webhook's distinct alerts as "kind entity", sorted.
func receivedAlerts(n *testnet.Net) []string {
	var out []string
	for _, a := range n.Webhook.Alerts() {
		out = append(out, a.Kind+" "+a.Entity.ID)
	}
	sort.Strings(out)
	return out
}

// checkFindings compares the export with the corpus's expectations for the articles
// published in the given pass.
func checkFindings(t *testing.T, n *testnet.Net, rows []row, second bool) {
	t.Helper()
	got := byURL(rows)
	for _, a := range n.Corpus().Articles {
		if a.SecondPass && !second {
			if _, ok := got[n.ArticleURL(a)]; ok {
				t.Errorf("%s: findings before it was published", a.ID)
			}
			continue
		}
		var want []string
		if a.Mention {
			want = append(want, "mention")
		}
		for _, s := range a.Stances {
			want = append(want, s.Stance+" "+s.Entity)
		}
		sort.Strings(want)
		have := slices.Compact(slices.Clone(got[n.ArticleURL(a)]))
		if !slices.Equal(have, want) {
			t.Errorf("%s (%s): findings %q, want %q", a.ID, a.Site, have, want)
		}
	}
	for u := range got {
		if !strings.Contains(u, "/news/") {
			t.Errorf("a finding for %s, which is no corpus article", u)
		}
	}
}

var summaryRE = regexp.MustCompile(`sources: (\d+) ok, (\d+) unchanged, (\d+) failed`)

// TestPasses is the life of a database over three passes of the demo corpus: the first
// makes exactly the expected findings and alerts (webhook and email through a real SMTP
// server); the second, with nothing changed on the web, is answered by 304s and raises
// nothing; after the register gains two entries and a site publishes a new article, the
// third raises the confirmation of a reported signatory as a follow-up, the confirmation
// of an organisation only the register names, and the new report.
func TestPasses(t *testing.T) {
	n, cfg := setup(t, testnet.Options{SMTP: true}, testnet.ConfigOptions{Email: true})
	c := n.Corpus()

	r := callwatch(t, "--config", cfg, "run")
	if r.code != 0 {
		t.Fatalf("first pass: %s", r)
	}
	rows, _ := export(t, cfg)
	checkFindings(t, n, rows, false)
	want := c.ExpectedAlerts(false)
	sort.Strings(want)
	if got := receivedAlerts(n); !slices.Equal(got, want) {
		t.Errorf("first pass: webhook alerts %q, want %q", got, want)
	}
	for k, d := range n.Webhook.Deliveries() {
		if len(d) != 1 {
			t.Errorf("alert %s delivered %d times", k, len(d))
		}
	}
	if b := n.Webhook.BadSignatures(); b != 0 {
		t.Errorf("%d deliveries with a bad signature", b)
	}
	waitMail(t, n, len(want))

	n.ResetStats()
	r = callwatch(t, "--config", cfg, "run", "--force")
	if r.code != 0 {
		t.Fatalf("second pass: %s", r)
	}
	stats := n.Stats()
	for k, v := range stats {
		if strings.HasSuffix(k, " 200") && k != "robots 200" {
			t.Errorf("second pass over an unchanged web: %d × %q (all: %s)", v, k, n.StatsLine())
		}
	}
	if stats["feed 304"] != len(c.Sites) || stats["register 304"] != 1 || stats["search 304"] != 1 {
		t.Errorf("second pass: want a 304 for each feed, the search and the register; got %s", n.StatsLine())
	}
	if m := summaryRE.FindStringSubmatch(r.stdout); m == nil || m[1] != "0" || m[3] != "0" {
		t.Errorf("second pass summary: %s", r.stdout)
	}
	if got := receivedAlerts(n); !slices.Equal(got, want) {
		t.Errorf("second pass: webhook alerts %q, want still %q", got, want)
	}

	n.Advance()
	r = callwatch(t, "--config", cfg, "run", "--force")
	if r.code != 0 {
		t.Fatalf("third pass: %s", r)
	}
	rows, _ = export(t, cfg)
	checkFindings(t, n, rows, true)
	want = append(want, c.ExpectedAlerts(true)...)
	sort.Strings(want)
	if got := receivedAlerts(n); !slices.Equal(got, want) {
		t.Errorf("third pass: webhook alerts %q, want %q", got, want)
	}
	for _, a := range n.Webhook.Alerts() {
		for _, reg := range c.RegisterAdded {
			if a.Kind == reg.Alert && a.Entity.ID == reg.Entity && a.FollowUp != reg.FollowUp {
				t.Errorf("%s %s: follow_up %v, want %v", a.Kind, a.Entity.ID, a.FollowUp, reg.FollowUp)
			}
		}
	}
	for k, d := range n.Webhook.Deliveries() {
		if len(d) != 1 {
			t.Errorf("alert %s delivered %d times", k, len(d))
		}
	}
	waitMail(t, n, len(want))
}

// waitMail waits until mailpit holds want messages (delivery is synchronous, so this is
// at most a moment) and fails if it holds another number.
func waitMail(t *testing.T, n *testnet.Net, want int) {
	t.Helper()
	var got int
	for range 50 {
		msgs, err := n.Mail.Messages(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got = len(msgs); got >= want {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got != want {
		t.Errorf("mailpit received %d messages, want %d (one per alert)", got, want)
	}
}
