package feed

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/crawler/fetch"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// TestFetchAndParse serves feeds the way real servers do and reads them the way the crawl
// pass does: fetch.Client.Get, then Parse on the raw body with the response's
// Content-Type.
func TestFetchAndParse(t *testing.T) {
	const title = "L’Appel de Paris : « été » €"
	const latin1Title = "L'Appel de Paris : « été »"
	rss := func(decl, title string) string {
		return decl + `<rss version="2.0"><channel><title>` + title + `</title><link>https://example.org/</link><item><title>` + title + `</title><link>/a</link></item></channel></rss>`
	}
	enc := func(s string, f func(string) (string, error)) []byte {
		out, err := f(s)
		if err != nil {
			t.Fatal(err)
		}
		return []byte(out)
	}
	type served struct {
		contentType string
		encoding    string
		body        []byte
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(rss(`<?xml version="1.0" encoding="utf-8"?>`, title)))
	zw.Close()
	feeds := map[string]served{
		"/iso-8859-1":   {"application/rss+xml; charset=ISO-8859-1", "", enc(rss(`<?xml version="1.0" encoding="ISO-8859-1"?>`, latin1Title), charmap.ISO8859_1.NewEncoder().String)},
		"/windows-1252": {"text/xml", "", enc(rss(`<?xml version="1.0" encoding="windows-1252"?>`, title), charmap.Windows1252.NewEncoder().String)},
		"/utf-16-bom":   {"application/xml", "", enc(rss(`<?xml version="1.0" encoding="UTF-16"?>`, title), unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String)},
		"/gzip":         {"application/rss+xml", "gzip", gz.Bytes()},
		"/html":         {"text/html; charset=utf-8", "", []byte("<!DOCTYPE html><html><head><title>News</title></head><body><h1>News</h1></body></html>")},
		"/big":          {"application/rss+xml", "", bigFeed(10000)},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := feeds[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", f.contentType)
		if f.encoding != "" {
			w.Header().Set("Content-Encoding", f.encoding)
		}
		w.Write(f.body)
	}))
	defer srv.Close()
	c := fetch.New(fetch.Options{UserAgent: "callwatch-test/1.0", AllowPrivate: true, Timeout: 10 * time.Second})
	defer c.CloseIdleConnections()
	get := func(path string) (*Feed, error) {
		r, err := c.Get(context.Background(), fetch.Request{URL: srv.URL + path})
		if err != nil {
			return nil, err
		}
		return Options{MaxItems: 500}.Parse(r.Body, r.ContentType(), r.URL)
	}
	for path, want := range map[string]string{"/iso-8859-1": latin1Title, "/windows-1252": title, "/utf-16-bom": title, "/gzip": title} {
		t.Run(path, func(t *testing.T) {
			f, err := get(path)
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != want || len(f.Items) != 1 || f.Items[0].Title != want {
				t.Errorf("title = %q, want %q", f.Title, want)
			}
			if f.Items[0].Link != srv.URL+"/a" { // relative links resolve against the feed URL
				t.Errorf("link = %q", f.Items[0].Link)
			}
		})
	}
	t.Run("/html", func(t *testing.T) {
		_, err := get("/html")
		if !errors.Is(err, ErrHTML) || callwatch.KindOf(err) != callwatch.ErrKindParse || !strings.Contains(err.Error(), "sources discover") {
			t.Errorf("HTML served as a feed: %v", err)
		}
	})
	t.Run("/big", func(t *testing.T) {
		f, err := get("/big")
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Items) != 500 || f.Truncated != 9500 || f.Items[499].Link != srv.URL+"/news/499" {
			t.Errorf("10,000-item feed with MaxItems 500: %d items, %d truncated", len(f.Items), f.Truncated)
		}
	})
}
