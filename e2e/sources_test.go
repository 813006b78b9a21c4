package e2e

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch/internal/testnet"
	"github.com/callwatch/callwatch/internal/testnet/corpus"
)

// TestMinSourcesAcrossOutlets runs the binary with alerts.min_sources: 2 on a loopback
// internet where each news site has an address of its own, so each is an outlet. In the
// first pass every signatory is reported by one outlet: the findings are all made, and
// no "reported" alert goes out. In the second, a second site reports Rwanda, which the
// first pass saw on one site: Rwanda's alert goes out, naming both outlets; Nigeria,
// newly reported by one site, still waits. The register's confirmations do not depend
// on outlets and go out as in TestPasses.
func TestMinSourcesAcrossOutlets(t *testing.T) {
	c, err := corpus.Load()
	if err != nil {
		t.Fatal(err)
	}
	c.Articles = append(c.Articles, corpus.Article{
		ID: "en-rwanda-echo", Site: "ledger", SecondPass: true, Mention: true,
		Title:     "Rwanda backs global cyber norms pact",
		Published: time.Date(2026, 11, 12, 8, 30, 0, 0, time.UTC),
		Stances:   []corpus.Stance{{Entity: "state:RWA", Stance: "signed"}},
		Alerts:    []string{"reported"},
		Paragraphs: []string{
			"KIGALI — Rwanda has joined the Paris Call for Trust and Security in Cyberspace, the government said on Thursday.",
			"The ICT ministry said the country would work with other supporters on protecting elections and critical infrastructure from cyberattacks.",
		},
	})
	n, cfg := setup(t, testnet.Options{Corpus: c}, testnet.ConfigOptions{MinSources: 2})
	if !n.SitesOnDistinctHosts() {
		t.Fatal("the news sites share an address: this system's loopback interface has 127.0.0.1 alone, and callwatch counts outlets by host")
	}
	kindOf := func(alerts []string, kind string) []string {
		var out []string
		for _, a := range alerts {
			if strings.HasPrefix(a, kind+" ") {
				out = append(out, a)
			}
		}
		return out
	}

	if r := callwatch(t, "--config", cfg, "run"); r.code != 0 {
		t.Fatalf("first pass: %s", r)
	}
	rows, _ := export(t, cfg)
	checkFindings(t, n, rows, false)
	if got := kindOf(receivedAlerts(n), "reported"); len(got) != 0 {
		t.Errorf("first pass: %q went out, though every signatory had one outlet", got)
	}

	n.Advance()
	if r := callwatch(t, "--config", cfg, "run", "--force"); r.code != 0 {
		t.Fatalf("second pass: %s", r)
	}
	rows, _ = export(t, cfg)
	checkFindings(t, n, rows, true)
	got := receivedAlerts(n)
	if reported := kindOf(got, "reported"); !slices.Equal(reported, []string{"reported state:RWA"}) {
		t.Errorf("second pass: reported alerts %q, want only Rwanda's, the one signatory with two outlets", reported)
	}
	var want []string
	for _, r := range c.RegisterAdded {
		want = append(want, r.Alert+" "+r.Entity)
	}
	sort.Strings(want)
	var others []string
	for _, a := range got {
		if !strings.HasPrefix(a, "reported ") {
			others = append(others, a)
		}
	}
	if !slices.Equal(others, want) {
		t.Errorf("second pass: other alerts %q, want the register's %q", others, want)
	}
	for _, a := range n.Webhook.Alerts() {
		if a.Kind == "reported" && len(a.Outlets) != 2 {
			t.Errorf("Rwanda's alert names the outlets %q, want the two sites' hosts", a.Outlets)
		}
	}
	for k, d := range n.Webhook.Deliveries() {
		if len(d) != 1 {
			t.Errorf("alert %s delivered %d times", k, len(d))
		}
	}
}
