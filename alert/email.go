package alert

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/wneessen/go-mail"
)

// HeaderEmailIdempotency carries the delivery's idempotency key in alert emails. The
// Message-ID is derived from the same key, so a resent email is a duplicate by Message-ID.
const HeaderEmailIdempotency = "X-Callwatch-Idempotency-Key"

// emailSender sends one email per message through the channel's SMTP server.
type emailSender struct {
	ch Channel
	n  *Notifier // for the test TLS configuration
}

func (s *emailSender) send(ctx context.Context, m message) error {
	msg, err := s.build(m)
	if err != nil {
		return &permanentError{err}
	}
	c, err := s.client(ctx)
	if err != nil {
		return &permanentError{err}
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		var se *mail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.Reason != mail.ErrConnCheck && se.Reason != mail.ErrSMTPDataClose {
			return &permanentError{fmt.Errorf("email: %w", err)}
		}
		return fmt.Errorf("email: %w", err)
	}
	return nil
}

// client returns an SMTP client configured for the channel.
func (s *emailSender) client(ctx context.Context) (*mail.Client, error) {
	ch := s.ch
	timeout := ch.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if dl, ok := ctx.Deadline(); ok {
		timeout = min(timeout, max(time.Until(dl), time.Millisecond))
	}
	opts := []mail.Option{mail.WithTimeout(timeout), mail.WithoutSMTPUTF8()}
	port := ch.SMTPPort
	switch ch.TLS {
	case TLSImplicit:
		opts = append(opts, mail.WithSSL())
		if port == 0 {
			port = 465
		}
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
		if port == 0 {
			port = 25
		}
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
		if port == 0 {
			port = 587
		}
	}
	opts = append(opts, mail.WithPort(port))
	if s.n != nil && s.n.tlsConfig != nil {
		cfg := s.n.tlsConfig.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = ch.SMTPHost
		}
		opts = append(opts, mail.WithTLSConfig(cfg))
	}
	if ch.Username != "" {
		auth := mail.SMTPAuthAutoDiscover
		if ch.TLS == TLSNone {
			// The user chose a plain connection (a relay on loopback or a trusted network).
			auth = mail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(ch.Username), mail.WithPassword(ch.Password))
	}
	c, err := mail.NewClient(ch.SMTPHost, opts...)
	if err != nil {
		return nil, fmt.Errorf("email: %w", err)
	}
	return c, nil
}

// build returns the email of a message: a text and an HTML part, the subject from the
// alert, a Message-ID and an X-Callwatch-Idempotency-Key derived from the idempotency key.
// Article text reaches headers only through the subject, as one line of encoded text.
func (s *emailSender) build(m message) (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := msg.From(s.ch.From); err != nil {
		return nil, fmt.Errorf("email: from %q: %w", s.ch.From, err)
	}
	if err := msg.To(s.ch.To...); err != nil {
		return nil, fmt.Errorf("email: to %q: %w", s.ch.To, err)
	}
	msg.Subject(subject(m.title()))
	msg.SetMessageIDWithValue(m.key + "@callwatch")
	msg.SetGenHeader(HeaderEmailIdempotency, m.key)
	msg.SetGenHeader(mail.HeaderXMailer, userAgent)
	msg.SetDate()
	if m.test() {
		msg.SetGenHeader("X-Callwatch-Test", "true")
	}
	text, html, err := renderEmail(m)
	if err != nil {
		return nil, err
	}
	msg.SetBodyString(mail.TypeTextPlain, text)
	msg.AddAlternativeString(mail.TypeTextHTML, html)
	return msg, nil
}

// subject returns the Subject of a title: one line, at most 200 bytes, and with any
// "=?" (the start of an RFC 2047 encoded word) broken by an invisible WORD JOINER, so text
// from an article cannot smuggle an encoded line break that a mail reader would decode.
// The non-ASCII joiner also makes go-mail encode the whole subject.
func subject(title string) string {
	return strings.ReplaceAll(truncate(oneLine(title), 200), "=?", "=\u2060?")
}

// renderEmail returns the text and HTML bodies of a message.
func renderEmail(m message) (text, html string, err error) {
	var tb strings.Builder
	tb.WriteString(m.title() + "\n")
	for _, a := range m.alerts {
		tb.WriteString("\n")
		if m.digest {
			tb.WriteString("* " + Summary(a) + "\n")
		}
		for _, f := range facts(a) {
			fmt.Fprintf(&tb, "%-18s %s\n", f[0]+":", f[1])
		}
		fmt.Fprintf(&tb, "%-18s %s\n", "Idempotency key:", callwatch.IdempotencyKey(a.ID, m.channel))
	}
	tb.WriteString("\n-- \nSent by callwatch, channel " + oneLine(m.channel) + ".\n")

	type view struct {
		Summary string
		Facts   [][2]string
		URL     string
	}
	data := struct {
		Title   string
		Channel string
		Digest  bool
		Alerts  []view
	}{Title: m.title(), Channel: m.channel, Digest: m.digest}
	for _, a := range m.alerts {
		v := view{Summary: Summary(a), Facts: facts(a)}
		if isHTTP(a.Article.URL) {
			v.URL = a.Article.URL
		}
		data.Alerts = append(data.Alerts, v)
	}
	var hb bytes.Buffer
	if err := emailHTML.Execute(&hb, data); err != nil {
		return "", "", fmt.Errorf("email: rendering HTML: %w", err)
	}
	return tb.String(), hb.String(), nil
}

func isHTTP(u string) bool {
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}

// emailHTML is the HTML part. html/template escapes every value from an alert.
var emailHTML = template.Must(template.New("email").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family: sans-serif">
<h2>{{.Title}}</h2>
{{range .Alerts}}{{if $.Digest}}<h3>{{.Summary}}</h3>{{end}}
<table cellpadding="4">
{{range .Facts}}<tr><th align="left" valign="top">{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>
{{if .URL}}<p><a href="{{.URL}}">Read the article</a></p>{{end}}
{{end}}<p style="color:#666">Sent by callwatch, channel {{.Channel}}.</p>
</body></html>
`))
