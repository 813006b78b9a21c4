package alert

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// userAgent identifies callwatch to receivers.
const userAgent = "callwatch-alert/1"

// httpClient is shared by the HTTP channels. It follows no redirect: a POST that is
// redirected would become a GET and lose its body, so a 3xx is reported as a failure that
// names the new location. Timeouts come from each send's context.
var httpClient = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// post sends body to url with headers and returns nil for a 2xx answer. Other answers
// become errors with the status and the start of the answer's body; 4xx answers other
// than 408 and 429 are permanent for this run; Retry-After is honoured.
func post(ctx context.Context, kind, url string, body []byte, headers map[string]string) error {
	_, err := postAnswer(ctx, kind, url, body, headers)
	return err
}

// postAnswer is post that also returns the start of a 2xx answer's body.
func postAnswer(ctx context.Context, kind, url string, body []byte, headers map[string]string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "", &permanentError{fmt.Errorf("%s: %w", kind, err)}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", userAgent)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		// Drop the URL from the error: Slack and Teams URLs are secrets.
		var ue interface{ Unwrap() error }
		if errors.As(err, &ue) && ue.Unwrap() != nil {
			err = ue.Unwrap()
		}
		return "", fmt.Errorf("%s: %w", kind, err)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return string(snippet), nil
	}
	msg := fmt.Errorf("%s: HTTP %d: %s", kind, resp.StatusCode, oneLine(strings.ToValidUTF8(string(snippet), "?")))
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return "", &permanentError{fmt.Errorf("%s: HTTP %d redirect to %q: configure the final URL", kind, resp.StatusCode, resp.Header.Get("Location"))}
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return "", &retryAfterError{err: msg, after: d}
		}
		return "", msg
	case resp.StatusCode == http.StatusRequestTimeout:
		return "", msg
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		return "", &permanentError{msg}
	}
	return "", msg
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
