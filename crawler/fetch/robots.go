package fetch

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/temoto/robotstxt"
)

// robots.txt policy, following RFC 9309 where it is explicit:
//   - 2xx: the rules apply to our User-Agent's product token (the part before the first "/").
//   - 4xx (404, 410, 403...): no rules, everything is allowed.
//   - 5xx, timeouts, network errors: allowed, and the verdict is cached for only
//     robotsRetryAfter, so that a flaky robots.txt does not stop a watcher that must miss
//     nothing; RFC 9309 would disallow. Once the file is read, its rules hold for the
//     Client's life.
//   - The file is read through the same safe, limited transport, with at most
//     robotsMaxBytes (500 KiB, as RFC 9309 allows) and the Client's Timeout.
const (
	robotsMaxBytes   = 500 << 10
	robotsRetryAfter = 10 * time.Minute
)

type robotsEntry struct {
	done    chan struct{} // closed when data is set
	data    *robotstxt.RobotsData
	expires time.Time // zero: for the Client's life
}

// Allowed reports whether robots.txt of rawURL's host lets our User-Agent fetch it. The
// file is fetched once per scheme and host and cached for the Client's life. Errors are
// *callwatch.FetchError (canceled, or blocked for a non-HTTP URL); an unreachable
// robots.txt allows everything.
func (c *Client) Allowed(ctx context.Context, rawURL string) (bool, error) {
	u, err := checkURL(rawURL)
	if err != nil {
		return false, err
	}
	data, err := c.robotsFor(ctx, u)
	if err != nil {
		return false, err
	}
	if data == nil {
		return true, nil
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return data.TestAgent(path, productToken(c.opts.UserAgent)), nil
}

// productToken returns "callwatch" for "callwatch/1.2 (+https://...)".
func productToken(ua string) string {
	for i, r := range ua {
		if r == '/' || r == ' ' {
			return ua[:i]
		}
	}
	return ua
}

func (c *Client) robotsFor(ctx context.Context, u *url.URL) (*robotstxt.RobotsData, error) {
	key := u.Scheme + "://" + u.Host
	for {
		c.robotsMu.Lock()
		e := c.robots[key]
		// e.data and e.expires are written under robotsMu before done is closed.
		if e != nil && isClosed(e.done) && !e.expires.IsZero() && time.Now().After(e.expires) {
			delete(c.robots, key)
			e = nil
		}
		if e == nil {
			e = &robotsEntry{done: make(chan struct{})}
			c.robots[key] = e
			c.robotsMu.Unlock()
			data, expires, err := c.readRobots(ctx, key)
			if err != nil {
				// Canceled: nothing learned; let the next caller try again.
				c.robotsMu.Lock()
				delete(c.robots, key)
				c.robotsMu.Unlock()
				close(e.done)
				return nil, err
			}
			c.robotsMu.Lock()
			e.data, e.expires = data, expires
			close(e.done)
			c.robotsMu.Unlock()
			return data, nil
		}
		c.robotsMu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, &callwatch.FetchError{Kind: callwatch.ErrKindCanceled, URL: key + "/robots.txt", Err: ctx.Err()}
		}
		c.robotsMu.Lock()
		still := c.robots[key] == e
		c.robotsMu.Unlock()
		if still {
			return e.data, nil
		}
		// The fetch was canceled for its caller: try again with ours.
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// readRobots fetches and parses key/robots.txt. A nil result allows everything.
func (c *Client) readRobots(ctx context.Context, key string) (*robotstxt.RobotsData, time.Time, error) {
	robotsURL := key + "/robots.txt"
	resp, err := c.fetch(ctx, robotsURL, Request{Accept: "text/plain"}, robotsMaxBytes, 1)
	if err != nil {
		var fe *callwatch.FetchError
		if errors.As(err, &fe) {
			switch {
			case fe.Kind == callwatch.ErrKindCanceled:
				return nil, time.Time{}, fe
			case fe.Kind == callwatch.ErrKindHTTP && fe.Status >= 400 && fe.Status < 500 && fe.Status != 429:
				return nil, time.Time{}, nil // no robots.txt: allow all, for good
			}
		}
		c.opts.Logger.Debug("fetch: robots.txt unavailable, allowing", "url", robotsURL, "error", err.Error())
		return nil, time.Now().Add(robotsRetryAfter), nil
	}
	data, perr := robotstxt.FromStatusAndBytes(resp.Status, resp.Body)
	if perr != nil {
		c.opts.Logger.Debug("fetch: robots.txt unparsable, allowing", "url", robotsURL, "error", perr.Error())
		return nil, time.Time{}, nil
	}
	return data, time.Time{}, nil
}
