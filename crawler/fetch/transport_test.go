package fetch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/gocolly/colly/v2"
)

// transportServer serves what TestTransport* requests through Transport, as colly would.
func transportServer(t *testing.T) *httptest.Server {
	big := bytes.Repeat([]byte("y"), 300<<10)
	member := gzipped(t, make([]byte, 1<<20))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/small":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body><a href='/x'>x</a></body></html>"))
		case "/big":
			w.Write(big)
		case "/bomb":
			if r.Header.Get("Accept-Encoding") == "" {
				t.Error("net/http did not ask for gzip")
			}
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bytes.Repeat(member, 16))
		case "/drip":
			for {
				if _, err := w.Write([]byte("z")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-time.After(10 * time.Millisecond):
				case <-r.Context().Done():
					return
				}
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestTransportGuards(t *testing.T) {
	srv := transportServer(t)
	c := testClient(t, Options{MaxBodyBytes: 100 << 10, Timeout: 200 * time.Millisecond})
	hc := &http.Client{Transport: c.Transport()}
	read := func(path string) ([]byte, error) {
		resp, err := hc.Get(srv.URL + path)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		return io.ReadAll(resp.Body)
	}
	if b, err := read("/small"); err != nil || !bytes.Contains(b, []byte("href")) {
		t.Fatalf("small page: %v", err)
	}
	for _, path := range []string{"/big", "/bomb"} {
		b, err := read(path)
		var fe *callwatch.FetchError
		if !errors.As(err, &fe) || fe.Kind != callwatch.ErrKindTooLarge {
			t.Errorf("%s: read %d bytes, error %v; want a too_large FetchError", path, len(b), err)
		}
		if len(b) > 100<<10 {
			t.Errorf("%s: %d bytes returned past the cap", path, len(b))
		}
	}
	if _, err := read("/drip"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow drip through Transport: %v; want the Timeout deadline", err)
	}
}

func TestTransportRefusesPrivate(t *testing.T) {
	srv := transportServer(t)
	c := New(Options{UserAgent: "callwatch-test/1.0"})
	defer c.CloseIdleConnections()
	_, err := (&http.Client{Transport: c.Transport()}).Get(srv.URL + "/small")
	var be *BlockedError
	if !errors.As(err, &be) {
		t.Fatalf("loopback through Transport: %v; want a BlockedError", err)
	}
}

// TestTransportColly is the contract with the crawl pass: a colly collector on our
// Transport gets the safety, the limits and a too_large error rather than a truncation.
func TestTransportColly(t *testing.T) {
	srv := transportServer(t)
	c := testClient(t, Options{MaxBodyBytes: 100 << 10, Timeout: 2 * time.Second})
	col := colly.NewCollector(colly.AllowURLRevisit())
	col.WithTransport(c.Transport())
	var got []string
	var errs []error
	col.OnResponse(func(r *colly.Response) { got = append(got, r.Request.URL.Path) })
	col.OnError(func(r *colly.Response, err error) { errs = append(errs, err) })
	col.Visit(srv.URL + "/small")
	col.Visit(srv.URL + "/big")
	if len(got) != 1 || got[0] != "/small" {
		t.Errorf("responses: %v", got)
	}
	if len(errs) != 1 || callwatch.KindOf(errs[0]) != callwatch.ErrKindTooLarge {
		t.Errorf("errors: %v; want one too_large", errs)
	}

	blocked := colly.NewCollector()
	strict := New(Options{UserAgent: "callwatch-test/1.0"})
	defer strict.CloseIdleConnections()
	blocked.WithTransport(strict.Transport())
	var blockErr error
	blocked.OnError(func(r *colly.Response, err error) { blockErr = err })
	err := blocked.Visit(srv.URL + "/small")
	if err == nil {
		err = blockErr
	}
	if err == nil || !strings.Contains(err.Error(), "crawl.allow_private_networks") {
		t.Errorf("colly to loopback with private networks refused: %v; want the refusal", err)
	}
}
