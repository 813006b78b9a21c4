package testnet

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch/alert"
	"github.com/callwatch/callwatch/config"
	"github.com/callwatch/callwatch/crawler/feed"
)

func start(t *testing.T, o Options) *Net {
	t.Helper()
	n, err := Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func get(t *testing.T, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func TestFeedsParseAndLinkToArticles(t *testing.T) {
	n := start(t, Options{})
	for _, s := range n.Corpus().Sites {
		t.Run(s.ID, func(t *testing.T) {
			resp, body := get(t, n.FeedURL(s.ID))
			f, err := feed.Parse(body, resp.Header.Get("Content-Type"), n.FeedURL(s.ID))
			if err != nil {
				t.Fatalf("%s feed: %v", s.Feed, err)
			}
			want := len(n.listed(s.ID, false))
			if len(f.Items) != want || want == 0 {
				t.Fatalf("%d items, want %d", len(f.Items), want)
			}
			for _, it := range f.Items {
				if it.Published.IsZero() || it.Title == "" {
					t.Errorf("item %+v", it)
				}
				r, page := get(t, it.Link)
				if r.StatusCode != 200 || !bytes.Contains(page, []byte("<article")) || !bytes.Contains(page, []byte(`class="sidebar"`)) {
					t.Errorf("%s: status %d, %d bytes", it.Link, r.StatusCode, len(page))
				}
			}
		})
	}
}

func TestConditionalGet(t *testing.T) {
	n := start(t, Options{})
	for _, u := range []string{n.FeedURL("ledger"), n.SearchURL(), n.RegisterURL(), n.SiteURL("ledger") + "/"} {
		resp, _ := get(t, u)
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != 200 || etag == "" || resp.Header.Get("Last-Modified") == "" {
			t.Fatalf("%s: %d, ETag %q", u, resp.StatusCode, etag)
		}
		if r, _ := get(t, u, "If-None-Match", etag); r.StatusCode != 304 {
			t.Errorf("%s with If-None-Match: %d", u, r.StatusCode)
		}
		if r, _ := get(t, u, "If-Modified-Since", resp.Header.Get("Last-Modified")); r.StatusCode != 304 {
			t.Errorf("%s with If-Modified-Since: %d", u, r.StatusCode)
		}
	}
	if s := n.Stats(); s["feed 304"] != 2 || s["feed 200"] != 1 {
		t.Errorf("stats %s", n.StatsLine())
	}
	resp, _ := get(t, n.FeedURL("ledger"))
	n.Advance()
	if r, _ := get(t, n.FeedURL("ledger"), "If-None-Match", resp.Header.Get("ETag")); r.StatusCode != 200 {
		t.Errorf("after Advance the ledger's feed is unchanged (%d)", r.StatusCode)
	}
	n.ResetStats()
	if len(n.Stats()) != 0 {
		t.Errorf("ResetStats left %s", n.StatsLine())
	}
}

func TestSearchRedirectsToPublishers(t *testing.T) {
	n := start(t, Options{})
	resp, body := get(t, n.SearchURL())
	f, err := feed.Parse(body, resp.Header.Get("Content-Type"), n.SearchURL())
	if err != nil {
		t.Fatal(err)
	}
	sawSearchOnly := false
	for _, it := range f.Items {
		r, _ := get(t, it.Link)
		loc := r.Header.Get("Location")
		if r.StatusCode != http.StatusFound || !strings.Contains(loc, "/news/") || strings.HasPrefix(it.Link, loc) {
			t.Errorf("%s: %d to %q", it.Link, r.StatusCode, loc)
		}
		if strings.Contains(loc, "en-kestrel") {
			sawSearchOnly = true
		}
		if it.SourceName == "" {
			t.Errorf("%s: no <source>", it.Link)
		}
	}
	if !sawSearchOnly {
		t.Error("the search does not list the search-only article")
	}
	for _, a := range n.Corpus().Articles {
		if !a.Mention && strings.Contains(string(body), a.ID) {
			t.Errorf("the search lists %s, which does not mention the Call", a.ID)
		}
	}
}

func TestRegisterAdvances(t *testing.T) {
	n := start(t, Options{})
	_, v1 := get(t, n.RegisterURL())
	_, page1 := get(t, n.RegisterPageURL())
	n.Advance()
	_, v2 := get(t, n.RegisterURL())
	_, page2 := get(t, n.RegisterPageURL())
	for _, r := range n.Corpus().RegisterAdded {
		if bytes.Contains(v1, []byte(r.Name)) || !bytes.Contains(v2, []byte(r.Name)) {
			t.Errorf("%s: not added by Advance", r.Name)
		}
		if bytes.Contains(page1, []byte(r.Name)) || !bytes.Contains(page2, []byte(`data-supporter-name="`+r.Name)) {
			t.Errorf("%s: not added to the page by Advance", r.Name)
		}
	}
	n.Rewind()
	if _, v := get(t, n.RegisterURL()); !bytes.Equal(v, v1) {
		t.Error("Rewind did not restore the first register")
	}
}

func TestReceiverChecksSignatures(t *testing.T) {
	n := start(t, Options{WebhookSecret: "k"})
	body := []byte(`{"schema":"callwatch.alert/v1","channel":"webhook","idempotency_key":"a.b","alerts":[{"idempotency_key":"a.b","id":"a","kind":"reported","entity":{"id":"state:KEN","name":"Kenya"}}]}`)
	post := func(sig string) int {
		req, _ := http.NewRequest(http.MethodPost, n.Webhook.URL(), bytes.NewReader(body))
		req.Header.Set("X-Callwatch-Signature", sig)
		req.Header.Set("Idempotency-Key", "a.b")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := post("sha256=00"); c != http.StatusUnauthorized {
		t.Errorf("bad signature: %d", c)
	}
	if c := post(alert.Sign("k", body)); c != http.StatusOK {
		t.Errorf("good signature: %d", c)
	}
	post(alert.Sign("k", body))
	if n.Webhook.BadSignatures() != 1 || len(n.Webhook.Alerts()) != 1 || len(n.Webhook.Deliveries()["a.b"]) != 2 {
		t.Errorf("bad %d, alerts %+v, deliveries %d", n.Webhook.BadSignatures(), n.Webhook.Alerts(), len(n.Webhook.Deliveries()["a.b"]))
	}
	if k := n.Webhook.Keys(); len(k) != 1 || k[0] != "a.b" {
		t.Errorf("keys %v", k)
	}
	n.Webhook.Reset()
	if len(n.Webhook.Keys()) != 0 {
		t.Error("Reset kept keys")
	}
}

func TestFaultHosts(t *testing.T) {
	n := start(t, Options{Faults: AllFaults})
	// One at a time: under -race, reading 50 MB takes a second or two, and parallel reads
	// would make the body's read time out.
	client := &http.Client{Timeout: 3 * time.Second, CheckRedirect: noRedirect.CheckRedirect, Transport: &http.Transport{DisableCompression: true}}
	do := func(u string) (*http.Response, []byte, error) {
		resp, err := client.Get(u)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 60<<20))
		return resp, body, err
	}
	t.Cleanup(func() {
		if _, err := Start(Options{Faults: []Fault{"no-such-fault"}}); !errors.Is(err, errUnknownFault) {
			t.Errorf("unknown fault: %v", err)
		}
	})
	for _, f := range AllFaults {
		t.Run(string(f), func(t *testing.T) {
			resp, body, err := do(n.FaultURL(f))
			switch f {
			case Fault500, Fault503RetryAfter, Fault429:
				if err != nil || resp.StatusCode < 429 || (f != Fault500 && resp.Header.Get("Retry-After") != "1") {
					t.Errorf("%v %v", resp, err)
				}
			case FaultReset, FaultTimeout, FaultSlowDrip, FaultTruncated:
				if err == nil {
					t.Errorf("no error reading it (%d bytes)", len(body))
				}
			case FaultHugeBody:
				if err != nil || len(body) != 50<<20 {
					t.Errorf("%d bytes, %v", len(body), err)
				}
			case FaultGzipBomb:
				if err != nil || len(body) > 200<<10 || resp.Header.Get("Content-Encoding") != "gzip" {
					t.Fatalf("%d bytes, %v", len(body), err)
				}
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if m, _ := io.Copy(io.Discard, zr); m < 64<<20 {
					t.Errorf("inflates to %d bytes", m)
				}
			case FaultRedirectLoop, FaultRedirectPrivate:
				if err != nil || resp.StatusCode != http.StatusFound {
					t.Fatalf("%v %v", resp, err)
				}
				if f == FaultRedirectPrivate && !strings.Contains(resp.Header.Get("Location"), "169.254.169.254") {
					t.Errorf("Location %q", resp.Header.Get("Location"))
				}
			case FaultRobots:
				_, robots, _ := do(strings.TrimSuffix(n.FaultURL(f), "feed.xml") + "robots.txt")
				if !strings.Contains(string(robots), "Disallow: /\n") {
					t.Errorf("robots.txt %q", robots)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				fd, perr := feed.Parse(body, resp.Header.Get("Content-Type"), n.FaultURL(f))
				switch f {
				case FaultInvalidXML, FaultHTMLNotFeed:
					if bytes.HasPrefix(body, []byte("<?xml")) == (f == FaultHTMLNotFeed) {
						t.Errorf("body starts %q", body[:20])
					}
				case FaultEmptyFeed:
					if perr != nil || len(fd.Items) != 0 {
						t.Errorf("%v, %d items", perr, len(fd.Items))
					}
				case FaultHugeFeed:
					if perr != nil || len(fd.Items) != HugeFeedItems {
						t.Errorf("%v, %d items", perr, len(fd.Items))
					}
				case FaultUTF16:
					if !bytes.HasPrefix(body, []byte{0xff, 0xfe}) || perr != nil || fd.Items[0].Title != FaultTitle(0) {
						t.Errorf("%v, %+v", perr, fd)
					}
				case FaultWrongCharset:
					if !strings.Contains(resp.Header.Get("Content-Type"), "utf-8") || !bytes.Contains(body, []byte("S\xe9curit\xe9")) {
						t.Errorf("not ISO-8859-1 bytes under a UTF-8 header")
					}
				case FaultDuplicateGUIDs:
					if perr != nil || len(fd.Items) != 3 || fd.Items[1].GUID != fd.Items[2].GUID {
						t.Errorf("%v, %+v", perr, fd)
					}
				case FaultMissingGUIDs:
					if bytes.Contains(body, []byte("<guid")) {
						t.Error("a GUID")
					}
				case FaultFutureDates:
					if perr != nil || !fd.Items[0].Published.After(time.Now().AddDate(0, 6, 0)) {
						t.Errorf("%v, %+v", perr, fd.Items)
					}
				}
			}
		})
	}
}

// TestConfigLoads checks that the configuration Net.Config writes is valid for callwatch.
func TestConfigLoads(t *testing.T) {
	n := start(t, Options{Faults: []Fault{Fault500}})
	yaml := n.Config(ConfigOptions{Database: "/tmp/x.db", Faults: true, RegisterPage: true})
	cfg, err := config.Load(config.Options{Name: "testnet.yaml", Data: []byte(yaml), Getenv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatalf("%v\n%s", err, yaml)
	}
	if !cfg.Crawl.AllowLoopback || cfg.Crawl.AllowPrivateNetworks || len(cfg.Sources) != len(n.Corpus().Sites)+5 || len(cfg.Alerts.Channels) != 1 {
		t.Errorf("sources %d, channels %d\n%s", len(cfg.Sources), len(cfg.Alerts.Channels), yaml)
	}
}

// TestMailpit starts a real SMTP server and sends it one message.
func TestMailpit(t *testing.T) {
	n := start(t, Options{SMTP: true})
	if err := smtpSend(n.Mail.SMTPHost, n.Mail.SMTPPort); err != nil {
		t.Fatal(err)
	}
	msgs, err := n.Mail.Messages(t.Context())
	if err != nil || len(msgs) != 1 || msgs[0].Subject != "testnet" {
		t.Fatalf("%v %+v", err, msgs)
	}
}

func TestMailpitMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GOBIN", "")
	if _, err := Start(Options{SMTP: true}); !errors.Is(err, ErrNoMailpit) || !strings.Contains(err.Error(), "go install github.com/axllent/mailpit") {
		t.Fatalf("without mailpit: %v", err)
	}
}
