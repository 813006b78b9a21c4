package alert

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// Header names of webhook deliveries.
const (
	HeaderSignature   = "X-Callwatch-Signature" // "sha256=" + hex HMAC-SHA256 of the body
	HeaderIdempotency = "Idempotency-Key"       // callwatch.IdempotencyKey(alert ID, channel)
	HeaderTest        = "X-Callwatch-Test"      // "true" on samples from `callwatch alerts test`
)

// webhookSender POSTs the JSON Body, signed with the channel's secret.
type webhookSender struct{ ch Channel }

func newWebhook(ch Channel) *webhookSender { return &webhookSender{ch: ch} }

func (s *webhookSender) send(ctx context.Context, m message) error {
	body, err := m.encode()
	if err != nil {
		return &permanentError{err}
	}
	headers := map[string]string{HeaderIdempotency: m.key}
	if s.ch.Secret != "" {
		headers[HeaderSignature] = Sign(s.ch.Secret, body)
	}
	if m.test() {
		headers[HeaderTest] = "true"
	}
	return post(ctx, "webhook", s.ch.URL, body, headers)
}

// Sign returns the X-Callwatch-Signature value of body under secret:
// "sha256=" followed by the lowercase hex HMAC-SHA256.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether signature (an X-Callwatch-Signature value) is body's signature
// under secret. It compares in constant time. Receivers written in Go can use it.
func Verify(secret string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(signature))
}
