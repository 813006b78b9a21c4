package testnet

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Fault is one way a host misbehaves. Each faulty host serves its feed at /feed.xml.
type Fault string

// The faults of the loopback internet. The first group fails the source; the second
// (from FaultWrongCharset on) is data a robust crawler must read correctly.
const (
	Fault500             Fault = "status-500"             // 500 on every request
	Fault503RetryAfter   Fault = "status-503-retry-after" // 503 with Retry-After: 1
	Fault429             Fault = "status-429"             // 429 Too Many Requests with Retry-After: 1
	FaultReset           Fault = "connection-reset"       // the connection is reset (RST) before any answer
	FaultTimeout         Fault = "timeout"                // no answer until the client gives up
	FaultSlowDrip        Fault = "slow-drip"              // headers, then one byte every 300 ms, forever
	FaultTruncated       Fault = "truncated-body"         // Content-Length promises more than is sent
	FaultHugeBody        Fault = "huge-body"              // a 50 MB body
	FaultGzipBomb        Fault = "gzip-bomb"              // 70 KB of gzip that inflates to 64 MB
	FaultInvalidXML      Fault = "invalid-xml"            // an RSS feed cut in the middle of a tag
	FaultHTMLNotFeed     Fault = "html-not-feed"          // an HTML page where the feed should be
	FaultRedirectLoop    Fault = "redirect-loop"          // /feed.xml -> /a -> /b -> /feed.xml ...
	FaultRedirectPrivate Fault = "redirect-private"       // a redirect to the cloud metadata address
	FaultRobots          Fault = "robots-disallow"        // robots.txt disallows everything
	FaultWrongCharset    Fault = "wrong-charset"          // HTTP says UTF-8, the bytes and prolog are ISO-8859-1
	FaultUTF16           Fault = "utf16-feed"             // a UTF-16LE feed with a BOM
	FaultDuplicateGUIDs  Fault = "duplicate-guids"        // three items, two sharing a GUID and link
	FaultMissingGUIDs    Fault = "missing-guids"          // items without GUID
	FaultFutureDates     Fault = "future-dates"           // items dated next year
	FaultEmptyFeed       Fault = "empty-feed"             // a valid feed with no item
	FaultHugeFeed        Fault = "10000-items"            // a feed of 10,000 items
)

// AllFaults lists every fault, failing ones first.
var AllFaults = []Fault{
	Fault500, Fault503RetryAfter, Fault429, FaultReset, FaultTimeout, FaultSlowDrip, FaultTruncated,
	FaultHugeBody, FaultGzipBomb, FaultInvalidXML, FaultHTMLNotFeed, FaultRedirectLoop, FaultRedirectPrivate,
	FaultRobots, FaultWrongCharset, FaultUTF16, FaultDuplicateGUIDs, FaultMissingGUIDs, FaultFutureDates,
	FaultEmptyFeed, FaultHugeFeed,
}

// Fails reports whether a correct crawler fails the source on this fault (the others are
// data it must read).
func (f Fault) Fails() bool {
	switch f {
	case FaultWrongCharset, FaultUTF16, FaultDuplicateGUIDs, FaultMissingGUIDs, FaultFutureDates, FaultEmptyFeed, FaultHugeFeed:
		return false
	}
	return true
}

// HugeFeedItems is the number of items of FaultHugeFeed.
const HugeFeedItems = 10000

// faultTitles are the item titles of the data faults: non-ASCII, so that a wrong decoding
// shows.
var faultTitles = []string{"Sécurité numérique à Genève", "Größere Cyberabwehr für Städte", "Señales de alerta en la red"}

// faultHandler returns the handler of one faulty host.
func (n *Net) faultHandler(f Fault) (http.Handler, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if f == FaultRobots {
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n")
			return
		}
		fmt.Fprint(w, "User-agent: *\nDisallow:\n")
	})
	mux.HandleFunc("/article/{n}", func(w http.ResponseWriter, r *http.Request) {
		i, _ := strconv.Atoi(r.PathValue("n"))
		n.count("fault-article "+string(f), http.StatusOK)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(faultArticle(f, i))
	})
	h, ok := n.faultFeed(f)
	if !ok {
		return nil, fmt.Errorf("%w %q", errUnknownFault, f)
	}
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		n.count("fault", 0)
		h(w, r)
	})
	if f == FaultRedirectLoop {
		mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
		mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/feed.xml", http.StatusFound) })
	}
	return mux, nil
}

// faultFeed returns the /feed.xml handler of a fault.
func (n *Net) faultFeed(f Fault) (http.HandlerFunc, bool) {
	switch f {
	case Fault500:
		return func(w http.ResponseWriter, r *http.Request) { http.Error(w, "internal error", 500) }, true
	case Fault503RetryAfter, Fault429:
		code := 503
		if f == Fault429 {
			code = 429
		}
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "1")
			http.Error(w, http.StatusText(code), code)
		}, true
	case FaultReset:
		return func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			if tc, ok := conn.(*net.TCPConn); ok {
				tc.SetLinger(0) // close with RST
			}
			conn.Close()
		}, true
	case FaultTimeout:
		return func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Minute):
			}
		}, true
	case FaultSlowDrip:
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.WriteHeader(200)
			rc := http.NewResponseController(w)
			feed := dataFeed(r, f, 3)
			for i := 0; ; i++ {
				if _, err := w.Write(feed[i%len(feed) : i%len(feed)+1]); err != nil {
					return
				}
				rc.Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(300 * time.Millisecond):
				}
			}
		}, true
	case FaultTruncated:
		return func(w http.ResponseWriter, r *http.Request) {
			feed := dataFeed(r, f, 3)
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Header().Set("Content-Length", strconv.Itoa(len(feed)))
			w.WriteHeader(200)
			w.Write(feed[:len(feed)/3])
			http.NewResponseController(w).Flush()
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
		}, true
	case FaultHugeBody:
		return func(w http.ResponseWriter, r *http.Request) {
			const size = 50 << 20
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Header().Set("Content-Length", strconv.Itoa(size))
			chunk := bytes.Repeat([]byte("<!-- padding padding padding -->\n"), 1024)
			for sent := 0; sent < size; {
				k := min(len(chunk), size-sent)
				if _, err := w.Write(chunk[:k]); err != nil {
					return
				}
				sent += k
			}
		}, true
	case FaultGzipBomb:
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(n.gzipBomb())
		}, true
	case FaultInvalidXML:
		return func(w http.ResponseWriter, r *http.Request) {
			feed := dataFeed(r, f, 3)
			w.Header().Set("Content-Type", "application/rss+xml")
			cut := bytes.LastIndex(feed, []byte("<item>"))
			w.Write(append(feed[:cut+3:cut+3], []byte(" <<<& </channel>")...))
		}, true
	case FaultHTMLNotFeed:
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>Our new website</h1><p>The feed has moved. Please visit our home page.</p></body></html>`)
		}, true
	case FaultRedirectLoop:
		return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusFound) }, true
	case FaultRedirectPrivate:
		return func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		}, true
	case FaultRobots, FaultDuplicateGUIDs, FaultMissingGUIDs, FaultFutureDates:
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			w.Write(dataFeed(r, f, 3))
		}, true
	case FaultEmptyFeed:
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			w.Write(dataFeed(r, f, 0))
		}, true
	case FaultHugeFeed:
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			w.Write(dataFeed(r, f, HugeFeedItems))
		}, true
	case FaultWrongCharset:
		return func(w http.ResponseWriter, r *http.Request) {
			feed := bytes.Replace(dataFeed(r, f, 3), []byte(`encoding="UTF-8"`), []byte(`encoding="ISO-8859-1"`), 1)
			latin1, err := charmap.ISO8859_1.NewEncoder().Bytes(feed)
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			w.Write(latin1)
		}, true
	case FaultUTF16:
		return func(w http.ResponseWriter, r *http.Request) {
			feed := bytes.Replace(dataFeed(r, f, 3), []byte(`encoding="UTF-8"`), []byte(`encoding="UTF-16"`), 1)
			u16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(feed)
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(u16)
		}, true
	}
	return nil, false
}

// FaultArticleURL returns the URL of item i's article on a faulty host.
func (n *Net) FaultArticleURL(f Fault, i int) string {
	if s, ok := n.faults[f]; ok {
		return fmt.Sprintf("%s/article/%d", s.URL, i)
	}
	return ""
}

// FaultArticleHits counts the article pages a faulty host served since the last
// ResetStats.
func (n *Net) FaultArticleHits(f Fault) int { return n.Stats()["fault-article "+string(f)+" 200"] }

// FaultTitle returns the title of item i of a data fault's feed.
func FaultTitle(i int) string { return fmt.Sprintf("%s (%d)", faultTitles[i%len(faultTitles)], i) }

// dataFeed renders an RSS feed of items items for a fault host; GUIDs, dates and links
// vary by fault.
func dataFeed(r *http.Request, f Fault, items int) []byte {
	base := "http://" + r.Host
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, "<rss version=\"2.0\"><channel><title>Faulty host: %s</title><link>%s/</link><description>%s</description>\n", f, base, f)
	date := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	if f == FaultFutureDates {
		date = time.Now().UTC().AddDate(1, 0, 0).Truncate(time.Hour)
	}
	for i := range items {
		guid := fmt.Sprintf("<guid isPermaLink=\"false\">%s-%d</guid>", f, i)
		link := fmt.Sprintf("%s/article/%d", base, i)
		switch {
		case f == FaultMissingGUIDs:
			guid = ""
		case f == FaultDuplicateGUIDs && i == 2:
			guid, link = fmt.Sprintf("<guid isPermaLink=\"false\">%s-%d</guid>", f, 1), fmt.Sprintf("%s/article/%d", base, 1)
		}
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link>%s<pubDate>%s</pubDate><description>%s</description></item>\n",
			xmlText(FaultTitle(i)), link, guid, date.Add(-time.Duration(i)*time.Minute).Format(time.RFC1123Z), xmlText(FaultTitle(i)))
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

// faultArticle is item i's article on a faulty host: it mentions the Call once, so that
// every stored article yields one mention finding.
func faultArticle(f Fault, i int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title></head><body><article><h1>%s</h1>", xmlText(FaultTitle(i)), xmlText(FaultTitle(i)))
	fmt.Fprintf(&b, "<p>Delegates discussed the Paris Call for Trust and Security in Cyberspace at a meeting on network resilience, report %d from the %s desk.</p>", i, f)
	b.WriteString("<p>Engineers described how operators share indicators of compromise and patch the equipment that carries traffic between data centres, and why coordinated disclosure matters for everyone who runs a network.</p>")
	b.WriteString("<p>The meeting ended with a call for more exercises between public agencies and private operators, and a promise to publish the results next spring.</p>")
	b.WriteString("</article></body></html>")
	return []byte(b.String())
}

// gzipBomb returns 64 MB of spaces, gzipped: 64 copies of one gzip member of 1 MB
// (about 1 KB each; a gzip reader reads concatenated members as one stream), built once.
func (n *Net) gzipBomb() []byte {
	n.bomb.once.Do(func() {
		var member bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
		zw.Write(bytes.Repeat([]byte(" "), 1<<20))
		zw.Close()
		var buf bytes.Buffer
		head, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		head.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>bomb</title>`))
		head.Close()
		for range 64 {
			buf.Write(member.Bytes())
		}
		n.bomb.data = buf.Bytes()
	})
	return n.bomb.data
}
