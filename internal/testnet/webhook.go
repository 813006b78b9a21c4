package testnet

import (
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"sync"

	"github.com/callwatch/callwatch/alert"
)

// Receiver is a webhook endpoint as docs/alerts.md tells receivers to write one: it
// checks the HMAC signature over the raw body, and records every delivery by alert
// idempotency key, repeats included, so that tests can check that a key always carries
// the same content.
type Receiver struct {
	secret string
	url    string

	mu         sync.Mutex
	deliveries map[string][]alert.BodyAlert // by alert idempotency key, in arrival order
	order      []string                     // keys in order of first arrival
	badSig     int
	requests   int
	headerKeys map[string]bool // Idempotency-Key headers seen
}

func newReceiver(secret string) *Receiver {
	return &Receiver{secret: secret, deliveries: map[string][]alert.BodyAlert{}, headerKeys: map[string]bool{}}
}

// URL is where callwatch should POST alerts.
func (r *Receiver) URL() string { return r.url }

// Secret is the HMAC key the receiver checks.
func (r *Receiver) Secret() string { return r.secret }

// ServeHTTP accepts a signed alert body (200), or refuses it: 401 for a bad signature,
// 400 for a body that is not an alert.
func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests++
	if err != nil || req.Method != http.MethodPost {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if !alert.Verify(r.secret, body, req.Header.Get("X-Callwatch-Signature")) {
		r.badSig++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var b alert.Body
	if err := json.Unmarshal(body, &b); err != nil || b.Schema == "" {
		http.Error(w, "not an alert", http.StatusBadRequest)
		return
	}
	r.headerKeys[req.Header.Get("Idempotency-Key")] = true
	for _, a := range b.Alerts {
		if _, seen := r.deliveries[a.IdempotencyKey]; !seen {
			r.order = append(r.order, a.IdempotencyKey)
		}
		r.deliveries[a.IdempotencyKey] = append(r.deliveries[a.IdempotencyKey], a)
	}
	w.WriteHeader(http.StatusOK)
}

// Alerts returns the first delivery of each distinct key, in order of arrival: what a
// receiver that drops repeats acts on.
func (r *Receiver) Alerts() []alert.BodyAlert {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]alert.BodyAlert, 0, len(r.order))
	for _, k := range r.order {
		out = append(out, r.deliveries[k][0])
	}
	return out
}

// Deliveries returns every delivery of every key, repeats included.
func (r *Receiver) Deliveries() map[string][]alert.BodyAlert {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string][]alert.BodyAlert, len(r.deliveries))
	for k, v := range r.deliveries {
		out[k] = append([]alert.BodyAlert(nil), v...)
	}
	return out
}

// Keys returns the distinct alert keys received, sorted.
func (r *Receiver) Keys() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]string(nil), r.order...)
	sort.Strings(out)
	return out
}

// Reset forgets everything received.
func (r *Receiver) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.deliveries, r.order, r.badSig, r.requests, r.headerKeys = map[string][]alert.BodyAlert{}, nil, 0, 0, map[string]bool{}
}

// BadSignatures counts the requests refused for their signature.
func (r *Receiver) BadSignatures() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.badSig
}
