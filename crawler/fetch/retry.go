package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
)

// classify turns a transport or body error into a FetchError. ctx is the caller's context,
// actx the attempt's (canceled with errAttemptTimeout when its Timeout ran out).
func (c *Client) classify(ctx, actx context.Context, rawURL string, err error) *callwatch.FetchError {
	fe := &callwatch.FetchError{URL: rawURL, Err: unwrapURLError(err)}
	var be *BlockedError
	var re *redirectError
	var ne net.Error
	switch {
	case errors.As(err, &be):
		fe.Kind = callwatch.ErrKindBlocked
		fe.Err = be
	case errors.As(err, &re):
		fe.Kind = callwatch.ErrKindRedirect
		fe.Err = re
	case ctx.Err() != nil:
		fe.Kind = callwatch.ErrKindCanceled
		fe.Err = ctx.Err()
	case context.Cause(actx) == errAttemptTimeout || errors.Is(err, context.DeadlineExceeded):
		fe.Kind = callwatch.ErrKindTimeout
		fe.Err = fmt.Errorf("no complete answer within %s (raise crawl.timeout)", c.opts.Timeout)
	case errors.As(err, &ne) && ne.Timeout():
		fe.Kind = callwatch.ErrKindTimeout
	default:
		fe.Kind = callwatch.ErrKindNetwork
	}
	return fe
}

// unwrapURLError drops net/http's *url.Error wrapper, whose message repeats the URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// retryable reports whether another attempt may succeed: 5xx, 429, timeouts and
// network errors (connection refused or reset, DNS failures are network errors too).
func retryable(fe *callwatch.FetchError) bool {
	switch fe.Kind {
	case callwatch.ErrKindTimeout:
		return true
	case callwatch.ErrKindNetwork:
		// A DNS "no such host" or a bad certificate will not heal within one pass.
		var de *net.DNSError
		var ce *tls.CertificateVerificationError
		var he x509.HostnameError
		var ue x509.UnknownAuthorityError
		if errors.As(fe.Err, &de) && de.IsNotFound || errors.As(fe.Err, &ce) || errors.As(fe.Err, &he) || errors.As(fe.Err, &ue) {
			return false
		}
		return true
	case callwatch.ErrKindHTTP:
		return fe.Status >= 500 || fe.Status == http.StatusTooManyRequests
	}
	return false
}

// backoff returns the wait before attempt+1: Backoff·2^(attempt-1), with ±50% jitter.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.opts.Backoff << (attempt - 1)
	if d <= 0 || d > time.Hour {
		d = time.Hour
	}
	return d/2 + rand.N(d)
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date. It returns 0
// when absent or unparsable, and a tiny positive duration for a date already past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0
		}
		if n > int64(365*24*time.Hour/time.Second) {
			n = int64(365 * 24 * time.Hour / time.Second)
		}
		if n == 0 {
			return time.Millisecond
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
		return time.Millisecond
	}
	return 0
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
