package e2e

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"testing"

	"github.com/callwatch/callwatch/internal/testnet"
)

// TestRegisterPageAndCSV reads the register twice, as the official CSV and as the HTML page
// of supporter cards: both see the same entries, so the second pass raises each register
// confirmation once, not once per source.
func TestRegisterPageAndCSV(t *testing.T) {
	n, cfg := setup(t, testnet.Options{}, testnet.ConfigOptions{RegisterPage: true})
	if r := callwatch(t, "--config", cfg, "run"); r.code != 0 {
		t.Fatalf("first pass: %s", r)
	}
	n.Advance()
	if r := callwatch(t, "--config", cfg, "run", "--force"); r.code != 0 {
		t.Fatalf("second pass: %s", r)
	}
	want := append(n.Corpus().ExpectedAlerts(false), n.Corpus().ExpectedAlerts(true)...)
	sort.Strings(want)
	if got := receivedAlerts(n); !slices.Equal(got, want) {
		t.Errorf("webhook alerts %q, want %q", got, want)
	}
	for k, d := range n.Webhook.Deliveries() {
		if len(d) != 1 {
			t.Errorf("alert %s delivered %d times", k, len(d))
		}
	}
	ls := callwatch(t, "--config", cfg, "sources", "list", "--format", "json")
	var states []sourceState
	if err := json.Unmarshal([]byte(ls.stdout), &states); err != nil {
		t.Fatalf("sources list: %v\n%s", err, ls)
	}
	rows := bytes.Count(n.Corpus().RegisterV2, []byte("\n")) - 1
	for _, st := range states {
		if (st.Name == "register" || st.Name == "register-page") && (st.Items != rows || st.Failures != 0) {
			t.Errorf("%s: %d entries read (%d failures, %s), want %d", st.Name, st.Items, st.Failures, st.LastError, rows)
		}
	}
	if s := n.Stats(); s["register 200"] != 4 {
		t.Errorf("want both register sources fetched in both passes: %s", n.StatsLine())
	}
}
