package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// receiver is a loopback webhook receiver as a careful user would write one: it checks
// the signature, dedupes by Idempotency-Key, and fails the first failFirst requests.
type receiver struct {
	t         *testing.T
	secret    string
	mu        sync.Mutex
	failFirst int
	requests  int
	bodies    map[string][]byte // idempotency key -> first accepted body
	accepted  map[string]int    // idempotency key -> accepted deliveries (2xx answers)
	badSig    int
}

func newReceiver(t *testing.T, secret string, failFirst int) (*receiver, *httptest.Server) {
	r := &receiver{t: t, secret: secret, failFirst: failFirst, bodies: map[string][]byte{}, accepted: map[string]int{}}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests++
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		r.t.Errorf("got %s with Content-Type %q", req.Method, req.Header.Get("Content-Type"))
	}
	if !Verify(r.secret, body, req.Header.Get(HeaderSignature)) {
		r.badSig++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	key := req.Header.Get(HeaderIdempotency)
	var b Body
	if err := json.Unmarshal(body, &b); err != nil {
		r.t.Errorf("body is not JSON: %v", err)
	}
	if key == "" || b.IdempotencyKey != key {
		r.t.Errorf("Idempotency-Key header %q, body key %q", key, b.IdempotencyKey)
	}
	if r.requests <= r.failFirst {
		http.Error(w, "temporarily broken", http.StatusInternalServerError)
		return
	}
	if prev, ok := r.bodies[key]; ok && string(prev) != string(body) {
		r.t.Errorf("key %s arrived with two different bodies:\n%s\n%s", key, prev, body)
	}
	if _, ok := r.bodies[key]; !ok {
		r.bodies[key] = body
	}
	r.accepted[key]++
	w.WriteHeader(http.StatusNoContent)
}

// instant is a Notifier sleep that does not wait (in-run backoff is not what these tests
// are about), but still honours cancellation.
func instant(ctx context.Context, d time.Duration) error { return ctx.Err() }

func TestWebhookRetriesUntilDeliveredOnce(t *testing.T) {
	rcv, srv := newReceiver(t, "s3cret", 4)
	st := &memOutbox{}
	a := testAlert("Acme")
	st.add(a, "hook")
	clk := &clock{now: t0}
	n, err := NewNotifier(st, Options{
		Channels: []Channel{{Name: "hook", Type: TypeWebhook, URL: srv.URL, Secret: "s3cret"}},
		Backoff:  time.Minute, MaxBackoff: 10 * time.Minute, AttemptsPerRun: 3, Now: clk.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	n.sleep = instant

	// Run 1: three attempts, all 500.
	stats, err := n.Deliver(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Sent != 0 || stats.Failed != 3 || stats.Pending != 1 {
		t.Fatalf("run 1 stats = %+v, want 3 failed attempts and 1 pending", stats)
	}
	d := st.delivery(a.ID, "hook")
	if d.State != callwatch.DeliveryPending || d.Attempts != 3 || !strings.Contains(d.LastError, "HTTP 500") {
		t.Fatalf("after run 1: %+v", d)
	}
	// Third failure: Backoff * 2^2 = 4m, with jitter in [2m, 4m].
	if wait := d.NextAttempt.Sub(t0); wait < 2*time.Minute || wait > 4*time.Minute {
		t.Errorf("next attempt in %v, want between 2m and 4m", wait)
	}

	// Run 2, too early: nothing is due, nothing is sent.
	clk.Add(time.Minute)
	if stats, err = n.Deliver(context.Background()); err != nil || stats.Sent+stats.Failed != 0 {
		t.Fatalf("early run: %+v, %v; want nothing attempted", stats, err)
	}

	// Run 3, due: one more 500, then 200.
	clk.Add(5 * time.Minute)
	if stats, err = n.Deliver(context.Background()); err != nil {
		t.Fatal(err)
	}
	if stats.Sent != 1 || stats.Failed != 1 || stats.Pending != 0 {
		t.Fatalf("run 3 stats = %+v, want 1 failed, 1 sent, 0 pending", stats)
	}
	d = st.delivery(a.ID, "hook")
	if d.State != callwatch.DeliveryDelivered || d.Attempts != 5 || !d.DeliveredAt.Equal(clk.Now()) {
		t.Errorf("after run 3: %+v", d)
	}

	// Run 4: delivered alerts are not sent again.
	if stats, err = n.Deliver(context.Background()); err != nil || stats.Sent != 0 {
		t.Fatalf("run 4: %+v, %v", stats, err)
	}

	key := callwatch.IdempotencyKey(a.ID, "hook")
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if rcv.badSig != 0 {
		t.Errorf("%d requests had a bad signature", rcv.badSig)
	}
	if len(rcv.accepted) != 1 || rcv.accepted[key] != 1 {
		t.Fatalf("accepted = %v, want exactly one delivery of key %s", rcv.accepted, key)
	}
	var b Body
	if err := json.Unmarshal(rcv.bodies[key], &b); err != nil {
		t.Fatal(err)
	}
	if b.Schema != Schema || b.Channel != "hook" || b.Digest || b.Test || len(b.Alerts) != 1 {
		t.Fatalf("body = %+v", b)
	}
	got := b.Alerts[0]
	if got.ID != a.ID || got.Kind != "reported" || got.Entity.Name != "Acme" || got.Article.URL != a.Article.URL ||
		got.Evidence != a.Evidence || got.IdempotencyKey != key || got.Confidence != 0.9 || len(got.Outlets) != 1 {
		t.Errorf("alert in body = %+v", got)
	}
}

func TestWebhookBodyIsStableAndSigned(t *testing.T) {
	a := testAlert("Acme")
	m1 := newMessage("hook", false, a)
	m2 := newMessage("hook", false, a)
	b1, _ := m1.encode()
	b2, _ := m2.encode()
	if string(b1) != string(b2) {
		t.Fatalf("two encodings of one delivery differ")
	}
	if m1.key != callwatch.IdempotencyKey(a.ID, "hook") {
		t.Errorf("key = %s", m1.key)
	}
	if other := newMessage("other", false, a); other.key == m1.key {
		t.Errorf("two channels share an idempotency key")
	}
	sig := Sign("k", b1)
	if !strings.HasPrefix(sig, "sha256=") || len(sig) != len("sha256=")+64 {
		t.Errorf("signature %q", sig)
	}
	if !Verify("k", b1, sig) || Verify("other", b1, sig) || Verify("k", append(b1, ' '), sig) {
		t.Errorf("Verify accepts what it should not, or rejects a good signature")
	}
	// A known answer (computed with Python's hmac module, as in docs/alerts.md), so
	// receivers in other languages can check their code against it.
	if got, want := Sign("secret", []byte(`{"a":1}`)), "sha256=aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494"; got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}

func TestDeadLetterAfterMaxAttempts(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance", http.StatusBadGateway)
	}))
	defer srv.Close()
	st := &memOutbox{}
	a := testAlert("Acme")
	st.add(a, "hook")
	clk := &clock{now: t0}
	n, err := NewNotifier(st, Options{
		Channels:    []Channel{{Name: "hook", Type: TypeWebhook, URL: srv.URL}},
		MaxAttempts: 5, AttemptsPerRun: 2, Backoff: time.Minute, MaxBackoff: 3 * time.Minute, Now: clk.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	n.sleep = instant
	var dead int
	for run := 1; run <= 10; run++ {
		stats, err := n.Deliver(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		dead += stats.Dead
		d := st.delivery(a.ID, "hook")
		if d.State == callwatch.DeliveryPending {
			// Capped backoff: never more than MaxBackoff ahead.
			if wait := d.NextAttempt.Sub(clk.Now()); wait > 3*time.Minute || wait < 30*time.Second {
				t.Errorf("run %d: next attempt in %v, want within [30s, 3m]", run, wait)
			}
		}
		clk.Add(time.Hour)
	}
	d := st.delivery(a.ID, "hook")
	if d.State != callwatch.DeliveryDead || d.Attempts != 5 || dead != 1 {
		t.Fatalf("delivery = %+v (dead counted %d), want dead after exactly 5 attempts", d, dead)
	}
	if !strings.Contains(d.LastError, "HTTP 502") || !strings.Contains(d.LastError, "down for maintenance") {
		t.Errorf("LastError = %q, want the status and the receiver's message", d.LastError)
	}
	if len(st.records) != 5 {
		t.Errorf("%d outcomes recorded, want 5", len(st.records))
	}

	// alerts retry: the store revives it; the next Deliver tries again.
	if n, _ := st.RetryAlert(context.Background(), a.ID); n != 1 {
		t.Fatalf("RetryAlert revived %d", n)
	}
	if stats, _ := n.Deliver(context.Background()); stats.Failed != 2 {
		t.Errorf("after retry: %+v, want 2 fresh attempts", stats)
	}
}

func TestBackoffIsCappedExponentialWithJitter(t *testing.T) {
	n := &Notifier{o: Options{Backoff: time.Second, MaxBackoff: 16 * time.Second}.withDefaults()}
	for attempts := 1; attempts <= 12; attempts++ {
		full := min(time.Second<<(attempts-1), 16*time.Second)
		seen := map[time.Duration]bool{}
		for range 50 {
			d := n.backoff(attempts, nil)
			if d < full/2 || d > full {
				t.Fatalf("attempt %d: backoff %v outside [%v, %v]", attempts, d, full/2, full)
			}
			seen[d] = true
		}
		if len(seen) < 2 {
			t.Errorf("attempt %d: no jitter in 50 draws", attempts)
		}
	}
	ra := &retryAfterError{err: io.EOF, after: 10 * time.Second}
	if d := n.backoff(1, ra); d != 10*time.Second {
		t.Errorf("Retry-After 10s: backoff %v", d)
	}
	ra.after = time.Hour
	if d := n.backoff(1, ra); d != 16*time.Second {
		t.Errorf("Retry-After 1h: backoff %v, want the cap", d)
	}
}

func TestPermanentErrorSkipsInRunRetries(t *testing.T) {
	var calls int
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		mu.Unlock()
		http.Error(w, "no such hook", http.StatusNotFound)
	}))
	defer srv.Close()
	st := &memOutbox{}
	st.add(testAlert("Acme"), "hook")
	n, _ := NewNotifier(st, Options{Channels: []Channel{{Name: "hook", Type: TypeWebhook, URL: srv.URL}}, AttemptsPerRun: 5})
	n.sleep = instant
	stats, err := n.Deliver(context.Background())
	mu.Lock()
	defer mu.Unlock()
	if err != nil || stats.Failed != 1 || calls != 1 {
		t.Errorf("stats %+v, err %v, calls %d: a 404 should be tried once per run", stats, err, calls)
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the redirect was followed (%s)", r.Method)
	}))
	defer target.Close()
	srv := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusFound))
	defer srv.Close()
	err := post(context.Background(), "webhook", srv.URL, []byte("{}"), nil)
	if err == nil || !strings.Contains(err.Error(), "redirect") {
		t.Errorf("post = %v, want a redirect error", err)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{"0", 0, true},
		{"", 0, false},
		{"-3", 0, false},
		{"soon", 0, false},
		{"Thu, 01 Jan 2026 00:00:30 GMT", 30 * time.Second, true},
	} {
		got, ok := retryAfter(tt.v, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTimeoutIsAFailure(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	st := &memOutbox{}
	a := testAlert("Acme")
	st.add(a, "hook")
	n, _ := NewNotifier(st, Options{Channels: []Channel{{Name: "hook", Type: TypeWebhook, URL: srv.URL, Timeout: 50 * time.Millisecond}}, AttemptsPerRun: 1})
	stats, err := n.Deliver(context.Background())
	if err != nil || stats.Failed != 1 {
		t.Fatalf("stats %+v, err %v", stats, err)
	}
	if d := st.delivery(a.ID, "hook"); !strings.Contains(d.LastError, "timeout") {
		t.Errorf("LastError = %q, want a timeout", d.LastError)
	}
}

func TestCancelledRunLeavesDeliveriesPending(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	st := &memOutbox{}
	a := testAlert("Acme")
	st.add(a, "hook")
	n, _ := NewNotifier(st, Options{Channels: []Channel{{Name: "hook", Type: TypeWebhook, URL: srv.URL}}, AttemptsPerRun: 10})
	ctx, cancel := context.WithCancel(context.Background())
	n.sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	stats, err := n.Deliver(ctx)
	if err == nil {
		t.Errorf("Deliver after cancel returned no error")
	}
	d := st.delivery(a.ID, "hook")
	if d.State != callwatch.DeliveryPending || d.Attempts != 1 || stats.Pending != 1 {
		t.Errorf("delivery %+v, stats %+v: want pending after the one attempt made", d, stats)
	}
}

func TestUnknownChannelStaysPending(t *testing.T) {
	st := &memOutbox{}
	a := testAlert("Acme")
	st.add(a, "removed-from-config", "log")
	n, _ := NewNotifier(st, Options{})
	stats, err := n.Deliver(context.Background())
	if err != nil || stats.Sent != 1 || stats.Pending != 1 {
		t.Errorf("stats %+v, err %v: want the log delivery sent and the other left pending", stats, err)
	}
	if d := st.delivery(a.ID, "removed-from-config"); d.State != callwatch.DeliveryPending || d.Attempts != 0 {
		t.Errorf("delivery on an unknown channel = %+v", d)
	}
}

func TestRecordFailureIsReported(t *testing.T) {
	st := &memOutbox{recordErr: io.ErrUnexpectedEOF}
	st.add(testAlert("Acme"), "log")
	n, _ := NewNotifier(st, Options{})
	if _, err := n.Deliver(context.Background()); err == nil || !strings.Contains(err.Error(), "recording delivery") {
		t.Errorf("Deliver = %v, want the store's error", err)
	}
}

func TestDigestSendsOneMessage(t *testing.T) {
	rcv, srv := newReceiver(t, "k", 1)
	st := &memOutbox{}
	alerts := []callwatch.Alert{testAlert("Acme"), testAlert("Globex"), testAlert("Initech")}
	for _, a := range alerts {
		st.add(a, "digest", "log")
	}
	n, _ := NewNotifier(st, Options{Channels: []Channel{
		{Name: "digest", Type: TypeWebhook, URL: srv.URL, Secret: "k", Digest: true},
		{Name: "log", Type: TypeLog},
	}})
	n.sleep = instant
	stats, err := n.Deliver(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Sent != 6 || stats.Failed != 3 || stats.Pending != 0 {
		t.Errorf("stats = %+v, want 6 sent (3 digest + 3 log) after one failed digest attempt (3 deliveries)", stats)
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if rcv.requests != 2 || len(rcv.bodies) != 1 {
		t.Fatalf("receiver saw %d requests and %d keys, want 2 requests (500, 200) of one digest", rcv.requests, len(rcv.bodies))
	}
	for _, body := range rcv.bodies {
		var b Body
		if err := json.Unmarshal(body, &b); err != nil {
			t.Fatal(err)
		}
		if !b.Digest || len(b.Alerts) != 3 {
			t.Fatalf("digest body: digest=%v with %d alerts", b.Digest, len(b.Alerts))
		}
		for i, a := range b.Alerts {
			if a.ID != alerts[i].ID || a.IdempotencyKey != callwatch.IdempotencyKey(alerts[i].ID, "digest") {
				t.Errorf("digest alert %d = %s (%s)", i, a.ID, a.IdempotencyKey)
			}
		}
	}
	for _, a := range alerts {
		if d := st.delivery(a.ID, "digest"); d.State != callwatch.DeliveryDelivered {
			t.Errorf("%s on digest: %+v", a.Entity.Name, d)
		}
	}
}

func TestSendTest(t *testing.T) {
	rcv := &receiver{t: t, secret: "k", bodies: map[string][]byte{}, accepted: map[string]int{}}
	var testHeader string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rcv.mu.Lock()
		testHeader = r.Header.Get(HeaderTest)
		rcv.mu.Unlock()
		rcv.ServeHTTP(w, r)
	}))
	defer srv.Close()
	st := &memOutbox{}
	n, _ := NewNotifier(st, Options{Channels: []Channel{{Name: "hook", Type: TypeWebhook, URL: srv.URL, Secret: "k"}}})
	if err := n.SendTest(context.Background(), "hook"); err != nil {
		t.Fatal(err)
	}
	if err := n.SendTest(context.Background(), "nope"); err == nil || !strings.Contains(err.Error(), "no channel named") {
		t.Errorf("SendTest on an unknown channel = %v", err)
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if testHeader != "true" {
		t.Errorf("%s = %q", HeaderTest, testHeader)
	}
	for _, body := range rcv.bodies {
		var b Body
		_ = json.Unmarshal(body, &b)
		if !b.Test || len(b.Alerts) != 1 || !b.Alerts[0].Test || b.Alerts[0].Kind != "test" || !strings.HasPrefix(b.Alerts[0].Summary, "[TEST]") {
			t.Errorf("test body = %s", body)
		}
	}
	if len(st.records) != 0 || len(rcv.bodies) != 1 {
		t.Errorf("SendTest stored %d records; receiver got %d keys", len(st.records), len(rcv.bodies))
	}
}

func TestChannelDownStopsEarly(t *testing.T) {
	var mu sync.Mutex
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests++
		mu.Unlock()
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer srv.Close()
	st := &memOutbox{}
	var alerts []callwatch.Alert
	for i := range 10 {
		a := testAlert(fmt.Sprintf("Company%d", i))
		alerts = append(alerts, a)
		st.add(a, "hook", "log")
	}
	n, _ := NewNotifier(st, Options{Channels: []Channel{{Name: "hook", Type: TypeWebhook, URL: srv.URL}, {Name: "log", Type: TypeLog}}, AttemptsPerRun: 3})
	n.sleep = instant
	stats, err := n.Deliver(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	// First message: 3 attempts; the next two: 1 each; then the channel is left alone.
	if requests != 5 || stats.Failed != 5 || stats.Sent != 10 || stats.Pending != 10 {
		t.Errorf("%d requests, stats %+v; want 5 requests, 5 failed attempts, the 10 log deliveries sent, 10 pending", requests, stats)
	}
	for i, a := range alerts {
		d := st.delivery(a.ID, "hook")
		want := map[int]int{0: 3, 1: 1, 2: 1}[i]
		if d.State != callwatch.DeliveryPending || d.Attempts != want {
			t.Errorf("alert %d: %+v, want pending after %d attempts", i, d, want)
		}
	}
}

func TestConcurrentDeliverSendsOnce(t *testing.T) {
	rcv, srv := newReceiver(t, "k", 0)
	st := &memOutbox{}
	for i := range 5 {
		st.add(testAlert(fmt.Sprintf("Company%d", i)), "hook")
	}
	n, _ := NewNotifier(st, Options{Channels: []Channel{{Name: "hook", Type: TypeWebhook, URL: srv.URL, Secret: "k"}}})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := n.Deliver(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if rcv.requests != 5 || len(rcv.accepted) != 5 {
		t.Errorf("%d requests for %d keys, want each of the 5 alerts sent once", rcv.requests, len(rcv.accepted))
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	for _, tt := range []struct {
		name         string
		retryAfter   string
		wantRequests int
		wantWait     time.Duration // minimum wait before the next run's attempt
	}{
		{"short: retried in the run", "1", 3, 0},
		{"longer than a run waits: left for a later run", "3600", 1, time.Hour},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			requests := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				requests++
				mu.Unlock()
				w.Header().Set("Retry-After", tt.retryAfter)
				http.Error(w, "slow down", http.StatusTooManyRequests)
			}))
			defer srv.Close()
			st := &memOutbox{}
			a := testAlert("Acme")
			st.add(a, "hook")
			clk := &clock{now: t0}
			n, _ := NewNotifier(st, Options{Channels: []Channel{{Name: "hook", Type: TypeWebhook, URL: srv.URL}},
				AttemptsPerRun: 3, RunBackoff: 10 * time.Millisecond, Backoff: time.Minute, MaxBackoff: 2 * time.Hour, Now: clk.Now})
			var slept []time.Duration
			n.sleep = func(ctx context.Context, d time.Duration) error { slept = append(slept, d); return nil }
			if _, err := n.Deliver(context.Background()); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if requests != tt.wantRequests {
				t.Errorf("%d requests, want %d", requests, tt.wantRequests)
			}
			for _, d := range slept {
				if d < time.Second {
					t.Errorf("slept %v before retrying, want at least the Retry-After of 1s", d)
				}
			}
			if d := st.delivery(a.ID, "hook"); d.NextAttempt.Sub(t0) < tt.wantWait {
				t.Errorf("next attempt at +%v, want at least +%v", d.NextAttempt.Sub(t0), tt.wantWait)
			}
		})
	}
}

func TestPolicyIsSafeForConcurrentUse(t *testing.T) {
	p := NewPolicy(Options{Baseline: []string{"org:known"}, Channels: []Channel{{Name: "a", Type: TypeLog}, {Name: "b", Type: TypeLog, MinConfidence: 0.95}}})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 200 {
				s := signatory(fmt.Sprintf("org:e%d-%d", i, j), callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.9, "news.example")
				for _, a := range p.Decide(articleChange(s, callwatch.FindingSigned, 0.9)) {
					if got := p.Channels(a); len(got) != 1 || got[0] != "a" {
						t.Errorf("Channels = %v", got)
						return
					}
				}
				_ = p.InBaseline("org:known")
			}
		})
	}
	wg.Wait()
}

func TestSleepCtx(t *testing.T) {
	if err := sleepCtx(context.Background(), time.Millisecond); err != nil {
		t.Errorf("sleepCtx = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepCtx(ctx, time.Hour); err != context.Canceled {
		t.Errorf("sleepCtx on a cancelled context = %v", err)
	}
}
