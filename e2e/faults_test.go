package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch/internal/testnet"
)

// faultKinds are the error kinds a failing fault may be reported with: the first is the
// precise one; others are accepted where the same fault can honestly show either way.
var faultKinds = map[testnet.Fault][]string{
	testnet.Fault500:           {"http_status"},
	testnet.Fault503RetryAfter: {"http_status"},
	testnet.Fault429:           {"http_status"},
	testnet.FaultReset:         {"network"},
	testnet.FaultTimeout:       {"timeout"},
	testnet.FaultSlowDrip:      {"timeout"},
	testnet.FaultTruncated:     {"network", "parse"},
	testnet.FaultHugeBody:      {"too_large"},
	testnet.FaultGzipBomb:      {"too_large"},
	testnet.FaultInvalidXML:    {"parse"},
	testnet.FaultHTMLNotFeed:   {"parse"},
	testnet.FaultRedirectLoop:  {"redirect"},
	// crawl.allow_loopback lets the loopback hosts through and nothing else: the redirect
	// to 169.254.169.254 is refused before any connection is made.
	testnet.FaultRedirectPrivate: {"blocked"},
	testnet.FaultRobots:          {"robots"},
}

// sourceState is one row of `callwatch sources list --format json`.
type sourceState struct {
	Name      string `json:"name"`
	LastError string `json:"last_error"`
	ErrorKind string `json:"error_kind"`
	Failures  int    `json:"consecutive_failures"`
	Items     int    `json:"items"`
}

// TestFaultMatrix runs one pass over the demo corpus and one host per fault: the pass
// completes with exit status 1, the summary and `sources list` name each failing source
// with its kind, the data faults are read correctly, and nothing from the healthy sites
// is lost.
func TestFaultMatrix(t *testing.T) {
	n, cfg := setup(t, testnet.Options{Faults: testnet.AllFaults}, testnet.ConfigOptions{Faults: true, Timeout: 2 * time.Second})
	r := callwatch(t, "--config", cfg, "--log-level", "warn", "run")
	if r.code != 1 {
		t.Fatalf("pass over the faulty hosts: want exit status 1, got %s", r)
	}
	failing := 0
	for _, f := range testnet.AllFaults {
		if f.Fails() && !salvaged(n, f) {
			failing++
			if !strings.Contains(r.stderr, `source "fault-`+string(f)+`" failed`) {
				t.Errorf("stderr does not report %s", f)
			}
		}
	}
	if m := summaryRE.FindStringSubmatch(r.stdout); m == nil || m[3] != itoa(failing) {
		t.Errorf("summary %q: want %d failed sources", r.stdout, failing)
	}

	ls := callwatch(t, "--config", cfg, "sources", "list", "--format", "json")
	if ls.code != 0 {
		t.Fatalf("sources list: %s", ls)
	}
	var states []sourceState
	if err := json.Unmarshal([]byte(ls.stdout), &states); err != nil {
		t.Fatalf("sources list: %v\n%s", err, ls.stdout)
	}
	byName := map[string]sourceState{}
	for _, s := range states {
		byName[s.Name] = s
	}
	for _, f := range testnet.AllFaults {
		s, ok := byName["fault-"+string(f)]
		if !ok {
			t.Errorf("sources list has no fault-%s", f)
			continue
		}
		switch {
		case f == testnet.FaultInvalidXML && s.Failures == 0:
			// Salvaging the complete items of a broken feed is fine; checked below.
		case f.Fails() && (s.Failures == 0 || !slices.Contains(faultKinds[f], s.ErrorKind)):
			t.Errorf("%s: failures %d, kind %q (%s); want a failure of kind %v", f, s.Failures, s.ErrorKind, s.LastError, faultKinds[f])
		case !f.Fails() && s.Failures != 0:
			t.Errorf("%s: failed (%s: %s); it is data to read", f, s.ErrorKind, s.LastError)
		}
	}
	for _, s := range n.Corpus().Sites {
		if st := byName[s.ID]; st.Failures != 0 {
			t.Errorf("healthy site %s failed: %s", s.ID, st.LastError)
		}
	}

	rows, _ := export(t, cfg)
	var corpusRows []row
	titles := map[string]string{}
	perFault := map[testnet.Fault]int{}
	for _, x := range rows {
		if strings.Contains(x.URL, "/news/") {
			corpusRows = append(corpusRows, x)
			continue
		}
		titles[x.URL] = x.Title
		for _, f := range testnet.AllFaults {
			if strings.HasPrefix(x.URL, strings.TrimSuffix(n.FaultURL(f), "/feed.xml")+"/") {
				perFault[f]++
			}
		}
	}
	checkFindings(t, n, corpusRows, false)
	for _, f := range []testnet.Fault{testnet.FaultWrongCharset, testnet.FaultUTF16} {
		for i := range 3 {
			u := n.FaultArticleURL(f, i)
			if got := titles[u]; got != testnet.FaultTitle(i) {
				t.Errorf("%s item %d: title %q, want %q (crawler/fetch.DecodeXMLCharset trusts an HTTP charset=utf-8 over bytes that are not UTF-8 and a prolog that says ISO-8859-1)", f, i, got, testnet.FaultTitle(i))
			}
		}
	}
	wantArticles := map[testnet.Fault]int{
		testnet.FaultWrongCharset: 3, testnet.FaultUTF16: 3, testnet.FaultDuplicateGUIDs: 2,
		testnet.FaultMissingGUIDs: 3, testnet.FaultFutureDates: 3, testnet.FaultEmptyFeed: 0,
	}
	for f, w := range wantArticles {
		if perFault[f] != w {
			t.Errorf("%s: %d articles with findings, want %d", f, perFault[f], w)
		}
	}
	if got := perFault[testnet.FaultHugeFeed]; got < 100 || got > testnet.HugeFeedItems {
		t.Errorf("%s: %d articles with findings, want crawl.max_items of them", testnet.FaultHugeFeed, got)
	}
	now := time.Now().UTC()
	for _, x := range rows {
		if strings.HasPrefix(x.URL, strings.TrimSuffix(n.FaultURL(testnet.FaultFutureDates), "/feed.xml")) {
			p, err := time.Parse(time.RFC3339, x.Published)
			if err != nil || p.After(now.Add(25*time.Hour)) {
				t.Errorf("%s: published %q, a year ahead is not believable", testnet.FaultFutureDates, x.Published)
			}
		}
	}
	if got := perFault[testnet.FaultInvalidXML]; got != 0 && got != 2 {
		t.Errorf("%s: %d articles read; want none (a parse failure) or the 2 complete items", testnet.FaultInvalidXML, got)
	}
	for _, f := range testnet.AllFaults {
		if f.Fails() && f != testnet.FaultInvalidXML && perFault[f] != 0 {
			t.Errorf("%s: %d findings from a failing host", f, perFault[f])
		}
	}
}

// salvaged reports whether the crawler read the complete items of a broken feed instead
// of failing the source (only the invalid XML fault allows that).
func salvaged(n *testnet.Net, f testnet.Fault) bool {
	return f == testnet.FaultInvalidXML && n.FaultArticleHits(f) > 0
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
