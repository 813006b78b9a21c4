package alert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/store"
)

// The crash test re-executes this test binary as a child process that opens the real
// store, does one step of a pass and, in some steps, SIGKILLs itself at a chosen point.
const (
	envChild    = "CALLWATCH_ALERT_TEST_CHILD" // the child's step
	envDB       = "CALLWATCH_ALERT_TEST_DB"
	envReceiver = "CALLWATCH_ALERT_TEST_RECEIVER"
	envEntity   = "CALLWATCH_ALERT_TEST_ENTITY"
	crashSecret = "crash-secret"
)

func TestMain(m *testing.M) {
	if step := os.Getenv(envChild); step != "" {
		if err := child(step); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child runs one step against the database named in the environment:
//
//	save-crash:    save an article about a new entity (raising an alert), then SIGKILL
//	               itself after the commit, before any delivery;
//	send-crash:    deliver, and SIGKILL itself after the receiver answered 2xx, before
//	               the delivery is recorded;
//	deliver:       deliver and print the stats as JSON.
func child(step string) error {
	o := crashOptions(os.Getenv(envReceiver))
	db, err := store.Open(os.Getenv(envDB), store.Options{Policy: NewPolicy(o), Timeout: 10 * time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	switch step {
	case "save-crash":
		ch, err := db.SaveArticles(ctx, []*callwatch.Article{newEntityArticle(os.Getenv(envEntity))})
		if err != nil {
			return err
		}
		if len(ch.Alerts) != 1 {
			return fmt.Errorf("saving raised %d alerts, want 1", len(ch.Alerts))
		}
		return syscall.Kill(os.Getpid(), syscall.SIGKILL)
	case "send-crash", "deliver":
		n, err := NewNotifier(db, o)
		if err != nil {
			return err
		}
		if step == "send-crash" {
			n.afterSend = func([]string, string) { _ = syscall.Kill(os.Getpid(), syscall.SIGKILL) }
		}
		stats, err := n.Deliver(ctx)
		if err != nil {
			return err
		}
		return json.NewEncoder(os.Stdout).Encode(stats)
	}
	return fmt.Errorf("unknown step %q", step)
}

func crashOptions(receiver string) Options {
	return Options{
		MinConfidence: 0.7,
		Channels:      []Channel{{Name: "hook", Type: TypeWebhook, URL: receiver, Secret: crashSecret}},
	}
}

// newEntityArticle is an article in which an entity unknown to any baseline signs.
func newEntityArticle(name string) *callwatch.Article {
	slug := strings.ToLower(name)
	url := "https://news.example/" + slug + "-joins-paris-call"
	text := name + " has signed the Paris Call for Trust and Security in Cyberspace, the company said on Tuesday."
	return &callwatch.Article{
		ID: callwatch.ArticleID(url), URL: url, Title: name + " joins the Paris Call", Outlet: "news.example",
		Published: time.Date(2026, 11, 10, 8, 0, 0, 0, time.UTC), Fetched: time.Now().UTC(), Language: "en",
		Text: text, Status: callwatch.StatusFull,
		Findings: []callwatch.Finding{{
			Kind: callwatch.FindingSigned, Subject: name, Evidence: text, Field: callwatch.FieldText, Start: 0, End: len(text),
			Rule: "en.signed.active", Confidence: 0.9,
			Entity: &callwatch.Entity{ID: "unverified:" + slug, Name: name, Category: callwatch.CategoryCompany},
		}},
	}
}

// runChild runs one step and returns its stdout; killed says whether it died of SIGKILL.
func runChild(t *testing.T, step, db, receiver, entity string) (out string, killed bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"="+step, envDB+"="+db, envReceiver+"="+receiver, envEntity+"="+entity)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return stdout.String(), true
		}
	}
	if err != nil {
		t.Fatalf("child %s: %v\n%s", step, err, stderr.String())
	}
	return stdout.String(), false
}

// dedupingReceiver is a webhook receiver that does what docs/alerts.md asks of receivers:
// verify the signature, and act on each idempotency key once.
type dedupingReceiver struct {
	mu       sync.Mutex
	requests map[string]int    // key -> requests answered 2xx
	bodies   map[string][]byte // key -> the first body
	acted    []string          // keys acted upon, in order
	errs     []string
}

func (r *dedupingReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if !Verify(crashSecret, body, req.Header.Get(HeaderSignature)) {
		r.errs = append(r.errs, "bad signature")
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	key := req.Header.Get(HeaderIdempotency)
	if prev, seen := r.bodies[key]; seen {
		if string(prev) != string(body) {
			r.errs = append(r.errs, "key "+key+" redelivered with another body")
		}
	} else {
		r.bodies[key] = body
		r.acted = append(r.acted, key)
	}
	r.requests[key]++
	w.WriteHeader(http.StatusOK)
}

func TestCrashBetweenCommitSendAndRecord(t *testing.T) {
	rcv := &dedupingReceiver{requests: map[string]int{}, bodies: map[string][]byte{}}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "callwatch.db")
	keyOf := func(entity string) string {
		return callwatch.IdempotencyKey(callwatch.AlertID(callwatch.AlertReported, "unverified:"+strings.ToLower(entity)), "hook")
	}

	// (a) Killed after the commit, before any delivery: the alert waits in the outbox.
	if _, killed := runChild(t, "save-crash", db, srv.URL, "Globex"); !killed {
		t.Fatal("the save-crash child was not killed")
	}
	rcv.mu.Lock()
	if len(rcv.bodies) != 0 {
		t.Fatalf("the receiver heard of the alert before any delivery")
	}
	rcv.mu.Unlock()
	out, _ := runChild(t, "deliver", db, srv.URL, "")
	var stats callwatch.DeliveryStats
	if err := json.Unmarshal([]byte(out), &stats); err != nil || stats.Sent != 1 || stats.Pending != 0 {
		t.Fatalf("the next run: %q (%v), want 1 sent and 0 pending", out, err)
	}

	// (b) Killed after the receiver answered 2xx, before the delivery was recorded.
	if _, killed := runChild(t, "save-crash", db, srv.URL, "Initech"); !killed {
		t.Fatal("the second save-crash child was not killed")
	}
	if _, killed := runChild(t, "send-crash", db, srv.URL, ""); !killed {
		t.Fatal("the send-crash child was not killed")
	}
	rcv.mu.Lock()
	if rcv.requests[keyOf("Initech")] != 1 {
		t.Fatalf("before the crash the receiver answered %d requests for Initech, want 1", rcv.requests[keyOf("Initech")])
	}
	rcv.mu.Unlock()
	out, _ = runChild(t, "deliver", db, srv.URL, "")
	if err := json.Unmarshal([]byte(out), &stats); err != nil || stats.Sent != 1 || stats.Pending != 0 {
		t.Fatalf("the run after the crash: %q (%v), want the unrecorded delivery resent", out, err)
	}
	// A last run has nothing left to do.
	out, _ = runChild(t, "deliver", db, srv.URL, "")
	if err := json.Unmarshal([]byte(out), &stats); err != nil || stats != (callwatch.DeliveryStats{}) {
		t.Fatalf("the final run: %q (%v), want nothing to do", out, err)
	}

	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	for _, e := range rcv.errs {
		t.Error(e)
	}
	want := []string{keyOf("Globex"), keyOf("Initech")}
	if len(rcv.acted) != 2 || rcv.acted[0] != want[0] || rcv.acted[1] != want[1] {
		t.Errorf("the receiver acted on %v, want each alert once: %v", rcv.acted, want)
	}
	if rcv.requests[want[0]] != 1 || rcv.requests[want[1]] != 2 {
		t.Errorf("requests per key = %v: want Globex once, Initech twice (resent after the crash, same key and body)", rcv.requests)
	}
}
