package testnet

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/callwatch/callwatch/internal/testnet/corpus"
)

// Options says what Start starts besides the news sites, the news search, the register
// and the webhook receiver, which are always there.
type Options struct {
	// Corpus is the corpus the sites publish; nil loads the embedded demo corpus.
	Corpus *corpus.Corpus
	// Faults lists the faulty hosts to start, one host each (AllFaults for every one).
	Faults []Fault
	// SMTP starts a real SMTP server (mailpit, from PATH or $(go env GOPATH)/bin). Start
	// fails with a message saying how to install it when it is missing.
	SMTP bool
	// WebhookSecret is the HMAC key the receiver checks; default "testnet-secret".
	WebhookSecret string
	// Now is the clock of the sites (Last-Modified); default time.Now.
	Now func() time.Time
}

// Net is a running loopback internet. Every server listens on a random port of 127.0.0.1,
// except the news sites: each has an address of its own in 127.0.0.0/8 (127.0.0.11, ...),
// so that each is a distinct outlet.
type Net struct {
	corpus *corpus.Corpus
	now    func() time.Time

	sites    map[string]*httptest.Server // by corpus site id
	search   *httptest.Server
	register *httptest.Server
	faults   map[Fault]*httptest.Server
	servers  []*httptest.Server

	// Webhook is the alert receiver: it checks signatures and records what it got.
	Webhook *Receiver
	// Mail is the SMTP server when Options.SMTP was set, else nil.
	Mail *Mailpit

	advanced atomic.Bool
	bomb     struct {
		once sync.Once
		data []byte
	}

	statsMu sync.Mutex
	stats   map[string]int // "kind status" -> responses
}

// Start starts the loopback internet. Close stops it.
func Start(o Options) (*Net, error) {
	c := o.Corpus
	if c == nil {
		var err error
		if c, err = corpus.Load(); err != nil {
			return nil, err
		}
	}
	n := &Net{corpus: c, now: o.Now, sites: map[string]*httptest.Server{}, faults: map[Fault]*httptest.Server{}, stats: map[string]int{}}
	if n.now == nil {
		n.now = time.Now
	}
	secret := o.WebhookSecret
	if secret == "" {
		secret = "testnet-secret"
	}
	for i, s := range c.Sites {
		// each site on an address of its own, so that each is an outlet of its own
		n.sites[s.ID] = n.serveAt(siteHost(i), n.siteHandler(s))
	}
	n.search = n.serve(http.HandlerFunc(n.serveSearch))
	n.register = n.serve(http.HandlerFunc(n.serveRegister))
	n.Webhook = newReceiver(secret)
	n.serve(n.Webhook)
	n.Webhook.url = n.servers[len(n.servers)-1].URL + "/hook"
	for _, f := range o.Faults {
		if _, dup := n.faults[f]; dup {
			continue
		}
		h, err := n.faultHandler(f)
		if err != nil {
			n.Close()
			return nil, err
		}
		n.faults[f] = n.serve(h)
	}
	if o.SMTP {
		m, err := StartMailpit()
		if err != nil {
			n.Close()
			return nil, err
		}
		n.Mail = m
	}
	return n, nil
}

// serve starts one loopback server on 127.0.0.1.
func (n *Net) serve(h http.Handler) *httptest.Server { return n.serveAt("", h) }

// serveAt starts one loopback server on host (an address in 127.0.0.0/8; "" for
// 127.0.0.1). Where host cannot be bound (systems that give the loopback interface
// 127.0.0.1 alone), it listens on 127.0.0.1: SitesOnDistinctHosts then says so.
func (n *Net) serveAt(host string, h http.Handler) *httptest.Server {
	s := httptest.NewUnstartedServer(h)
	if host != "" {
		if l, err := net.Listen("tcp", net.JoinHostPort(host, "0")); err == nil {
			s.Listener.Close()
			s.Listener = l
		}
	}
	s.Config.ReadHeaderTimeout = 10 * time.Second
	s.Start()
	n.servers = append(n.servers, s)
	return s
}

// siteHost is the loopback address of the i-th news site: 127.0.0.11, 127.0.0.12, ...
func siteHost(i int) string { return fmt.Sprintf("127.0.0.%d", 11+i%240) }

// SitesOnDistinctHosts reports whether every news site listens on an address of its own
// (callwatch counts outlets by host name). It is false where the loopback interface has
// 127.0.0.1 alone.
func (n *Net) SitesOnDistinctHosts() bool {
	seen := map[string]bool{}
	for _, s := range n.sites {
		h, _, _ := net.SplitHostPort(s.Listener.Addr().String())
		if seen[h] {
			return false
		}
		seen[h] = true
	}
	return true
}

// Close stops every server, cutting open connections (slow and hanging hosts included).
func (n *Net) Close() error {
	for _, s := range n.servers {
		s.CloseClientConnections()
		s.Close()
	}
	n.servers = nil
	if n.Mail != nil {
		return n.Mail.Close()
	}
	return nil
}

// Corpus returns the corpus the sites publish.
func (n *Net) Corpus() *corpus.Corpus { return n.corpus }

// Advance publishes the second state of the internet: the register gains the corpus's
// added entries and the sites publish their second-pass articles. It is idempotent.
func (n *Net) Advance() { n.advanced.Store(true) }

// Rewind undoes Advance: the register and the sites go back to their first state, so
// that one Net can serve a second, independent history (a reference run, then a run
// under test, with the same URLs).
func (n *Net) Rewind() { n.advanced.Store(false) }

// Advanced reports whether Advance was called.
func (n *Net) Advanced() bool { return n.advanced.Load() }

// SiteURL returns the base URL of a corpus site.
func (n *Net) SiteURL(id string) string {
	if s, ok := n.sites[id]; ok {
		return s.URL
	}
	return ""
}

// FeedURL returns the feed URL of a corpus site.
func (n *Net) FeedURL(id string) string { return n.SiteURL(id) + "/feed" }

// ArticleURL returns the URL of a corpus article on its site.
func (n *Net) ArticleURL(a corpus.Article) string {
	return n.SiteURL(a.Site) + "/news/" + a.ID + ".html"
}

// SearchURL returns the news-search feed's URL.
func (n *Net) SearchURL() string { return n.search.URL + "/rss/search?q=%22Paris+Call%22" }

// RegisterURL returns the register's CSV URL.
func (n *Net) RegisterURL() string { return n.register.URL + "/supporters.csv" }

// RegisterPageURL returns the register's HTML page URL.
func (n *Net) RegisterPageURL() string { return n.register.URL + "/en/supporters" }

// FaultURL returns the feed URL of a faulty host, or "" if it was not started.
func (n *Net) FaultURL(f Fault) string {
	if s, ok := n.faults[f]; ok {
		return s.URL + "/feed.xml"
	}
	return ""
}

// count records one response for Stats.
func (n *Net) count(kind string, status int) {
	n.statsMu.Lock()
	n.stats[fmt.Sprintf("%s %d", kind, status)]++
	n.statsMu.Unlock()
}

// Stats returns the responses served since the last ResetStats, as "kind status" ->
// count; kinds are feed, article, search, redirect, register, robots, fault.
func (n *Net) Stats() map[string]int {
	n.statsMu.Lock()
	defer n.statsMu.Unlock()
	out := make(map[string]int, len(n.stats))
	for k, v := range n.stats {
		out[k] = v
	}
	return out
}

// StatsLine returns Stats as one sorted line, for messages.
func (n *Net) StatsLine() string {
	s := n.Stats()
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %d", k, s[k])
	}
	return b.String()
}

// ResetStats forgets the responses counted so far.
func (n *Net) ResetStats() {
	n.statsMu.Lock()
	n.stats = map[string]int{}
	n.statsMu.Unlock()
}

// serveConditional answers body with an ETag and Last-Modified, or 304 when the
// request's validators match, and counts the response under kind.
func (n *Net) serveConditional(w http.ResponseWriter, r *http.Request, kind, contentType string, body []byte, modified time.Time) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	lastMod := modified.UTC().Format(http.TimeFormat)
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", lastMod)
	if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
		n.count(kind, http.StatusNotModified)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if inm := r.Header.Get("If-None-Match"); inm == "" && r.Header.Get("If-Modified-Since") == lastMod {
		n.count(kind, http.StatusNotModified)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	n.count(kind, http.StatusOK)
	w.Header().Set("Content-Type", contentType)
	w.Write(body)
}

// errUnknownFault is returned by Start for a Fault it does not know.
var errUnknownFault = errors.New("testnet: unknown fault")
