package alert

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"mime"
	"net"
	"net/http"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// findMailpit returns the path of the mailpit binary. The SMTP tests need a real server:
// when mailpit is missing they fail (never skip) and say how to get it.
func findMailpit(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	var dirs []string
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, d := range filepath.SplitList(strings.TrimSpace(string(out))) {
			dirs = append(dirs, filepath.Join(d, "bin"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, "mailpit")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	t.Fatalf("mailpit is not installed: the email tests need a real SMTP server. Run scripts/test, or " +
		"go install github.com/axllent/mailpit@v1.33.1 (it lands in $(go env GOPATH)/bin)")
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// mailpit is a running mailpit server.
type mailpit struct {
	smtpPort int
	api      string
}

// startMailpit starts mailpit on free loopback ports with extra flags and stops it when
// the test ends.
func startMailpit(t *testing.T, flags ...string) *mailpit {
	t.Helper()
	bin := findMailpit(t)
	m := &mailpit{smtpPort: freePort(t)}
	httpPort := freePort(t)
	m.api = fmt.Sprintf("http://127.0.0.1:%d", httpPort)
	args := append([]string{
		"--smtp", fmt.Sprintf("127.0.0.1:%d", m.smtpPort),
		"--listen", fmt.Sprintf("127.0.0.1:%d", httpPort),
		"--database", filepath.Join(t.TempDir(), "mailpit.db"),
		"--disable-version-check", "--smtp-disable-rdns", "--quiet",
	}, flags...)
	cmd := exec.Command(bin, args...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting mailpit: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(m.api + "/api/v1/messages")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not start: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return m
}

func (m *mailpit) get(t *testing.T, path string, v any) {
	t.Helper()
	resp, err := http.Get(m.api + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// mpMessage is the part of mailpit's message API the tests read.
type mpMessage struct {
	ID      string
	Subject string
	From    struct{ Address string }
	To      []struct{ Address string }
	Bcc     []struct{ Address string }
	Text    string
	HTML    string
}

// messages returns every message mailpit received, with its headers.
func (m *mailpit) messages(t *testing.T) ([]mpMessage, []map[string][]string) {
	t.Helper()
	var list struct {
		Messages []struct{ ID string } `json:"messages"`
	}
	m.get(t, "/api/v1/messages", &list)
	var msgs []mpMessage
	var headers []map[string][]string
	for _, s := range list.Messages {
		var msg mpMessage
		m.get(t, "/api/v1/message/"+s.ID, &msg)
		var h map[string][]string
		m.get(t, "/api/v1/message/"+s.ID+"/headers", &h)
		msgs = append(msgs, msg)
		headers = append(headers, h)
	}
	return msgs, headers
}

// selfSigned writes a certificate for 127.0.0.1 and returns the paths and a pool that trusts it.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "callwatch test SMTP"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	kb, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile, pool
}

// craftedAlert is an alert whose article-derived text tries to inject mail headers.
func craftedAlert() callwatch.Alert {
	a := testAlert("Acme\r\nBcc: victim@example.org\r\nX-Injected: yes")
	a.Entity.Name = "Acme Corp\r\nBcc: victim@example.org\r\nX-Injected: yes"
	a.Article.Title = "Acme signs\r\nSubject: fake\r\n\r\n<b>body</b>"
	a.Article.Outlet = "news.example\nReply-To: attacker@example.org"
	a.Evidence = `Acme said <script>alert("x")</script> & signed.`
	return a
}

func TestEmailThroughMailpit(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	authFile := filepath.Join(t.TempDir(), "auth")
	if err := os.WriteFile(authFile, []byte("alerts:hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		flags    []string
		tls      string
		user     string
		password string
		wantErr  string // "" for a delivery
	}{
		{"no TLS with authentication", []string{"--smtp-auth-file", authFile, "--smtp-auth-allow-insecure"}, TLSNone, "alerts", "hunter2", ""},
		{"no TLS without authentication", []string{"--smtp-auth-accept-any", "--smtp-auth-allow-insecure"}, TLSNone, "", "", ""},
		{"STARTTLS with authentication", []string{"--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile, "--smtp-require-starttls", "--smtp-auth-file", authFile}, TLSStartTLS, "alerts", "hunter2", ""},
		{"implicit TLS with authentication", []string{"--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile, "--smtp-require-tls", "--smtp-auth-file", authFile}, TLSImplicit, "alerts", "hunter2", ""},
		{"wrong password", []string{"--smtp-auth-file", authFile, "--smtp-auth-allow-insecure"}, TLSNone, "alerts", "wrong", "auth"},
		{"STARTTLS required but not offered", []string{"--smtp-auth-accept-any", "--smtp-auth-allow-insecure"}, TLSStartTLS, "", "", "STARTTLS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mp := startMailpit(t, tt.flags...)
			st := &memOutbox{}
			a := craftedAlert()
			st.add(a, "mail")
			n, err := NewNotifier(st, Options{AttemptsPerRun: 1, Channels: []Channel{{
				Name: "mail", Type: TypeEmail, SMTPHost: "127.0.0.1", SMTPPort: mp.smtpPort, TLS: tt.tls,
				Username: tt.user, Password: tt.password, Timeout: 10 * time.Second,
				From: "callwatch@example.org", To: []string{"analyst@example.org", "desk@example.org"},
			}}})
			if err != nil {
				t.Fatal(err)
			}
			n.tlsConfig = &tls.Config{RootCAs: pool}
			stats, err := n.Deliver(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			d := st.delivery(a.ID, "mail")
			msgs, headers := mp.messages(t)
			if tt.wantErr != "" {
				if stats.Failed != 1 || !strings.Contains(strings.ToLower(d.LastError), strings.ToLower(tt.wantErr)) || len(msgs) != 0 {
					t.Fatalf("stats %+v, LastError %q, %d messages; want a failure mentioning %q", stats, d.LastError, len(msgs), tt.wantErr)
				}
				return
			}
			if stats.Sent != 1 || d.State != callwatch.DeliveryDelivered {
				t.Fatalf("stats %+v, delivery %+v", stats, d)
			}
			if len(msgs) != 1 {
				t.Fatalf("mailpit received %d messages, want 1", len(msgs))
			}
			checkCraftedEmail(t, a, msgs[0], headers[0])
		})
	}
}

// checkCraftedEmail checks what an analyst receives for craftedAlert.
func checkCraftedEmail(t *testing.T, a callwatch.Alert, msg mpMessage, h map[string][]string) {
	t.Helper()
	wantSubject := "New Paris Call signatory reported: Acme Corp Bcc: victim@example.org X-Injected: yes (news.example Reply-To: attacker@example.org)"
	if msg.Subject != wantSubject {
		t.Errorf("Subject = %q\nwant      %q", msg.Subject, wantSubject)
	}
	if msg.From.Address != "callwatch@example.org" {
		t.Errorf("From = %q", msg.From.Address)
	}
	var to []string
	for _, r := range msg.To {
		to = append(to, r.Address)
	}
	if !slices.Equal(to, []string{"analyst@example.org", "desk@example.org"}) || len(msg.Bcc) != 0 {
		t.Errorf("To = %v, Bcc = %v", to, msg.Bcc)
	}
	for _, bad := range []string{"Bcc", "X-Injected", "Reply-To"} {
		if _, ok := h[bad]; ok {
			t.Errorf("an injected %s header arrived: %v", bad, h[bad])
		}
	}
	if len(h["Subject"]) != 1 {
		t.Errorf("Subject headers: %v", h["Subject"])
	}
	key := callwatch.IdempotencyKey(a.ID, "mail")
	if got := h[HeaderEmailIdempotency]; len(got) != 1 || got[0] != key {
		t.Errorf("%s = %v, want %s", HeaderEmailIdempotency, got, key)
	}
	if got := h["Message-Id"]; len(got) != 1 || got[0] != "<"+key+"@callwatch>" {
		t.Errorf("Message-ID = %v", got)
	}
	for _, want := range []string{"Acme Corp Bcc: victim@example.org X-Injected: yes", "Confidence:", "0.90", "https://news.example/acme", "Acme signs Subject: fake <b>body</b>", key} {
		if !strings.Contains(msg.Text, want) {
			t.Errorf("text part lacks %q:\n%s", want, msg.Text)
		}
	}
	if strings.Contains(msg.HTML, "<script>") || strings.Contains(msg.HTML, "<b>body</b>") {
		t.Errorf("HTML part has unescaped article markup:\n%s", msg.HTML)
	}
	for _, want := range []string{"&lt;script&gt;", "&lt;b&gt;body&lt;/b&gt;", `href="https://news.example/acme"`} {
		if !strings.Contains(msg.HTML, want) {
			t.Errorf("HTML part lacks %q:\n%s", want, msg.HTML)
		}
	}
}

// TestEmailHeadersFromHostileText checks the raw message of many hostile alerts: one
// Subject, no header but the ones callwatch writes, whatever the article says.
func TestEmailHeadersFromHostileText(t *testing.T) {
	s := &emailSender{ch: Channel{Name: "mail", From: "callwatch@example.org", To: []string{"a@example.org"}}}
	for _, name := range []string{
		"Acme\r\nBcc: x@example.org", "Acme\nBcc: x@example.org", "Acme\rBcc: x@example.org",
		"Acme\u2028Bcc: x@example.org", "Acme\u0085Bcc: x@example.org", "=?utf-8?q?=0D=0ABcc:_x@example.org?=",
		"Ünïcödé\r\n\r\nbody", strings.Repeat("long ", 200) + "\r\nBcc: x@example.org",
	} {
		a := testAlert("Acme")
		a.Entity.Name = name
		a.Article.Outlet = name
		checkHeaders(t, s, a)
	}
}

func checkHeaders(t *testing.T, s *emailSender, a callwatch.Alert) {
	t.Helper()
	msg, err := s.build(newMessage("mail", false, a))
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if _, err := msg.WriteTo(&raw); err != nil {
		t.Fatal(err)
	}
	parsed, err := mail.ReadMessage(&raw)
	if err != nil {
		t.Fatalf("the message does not parse: %v", err)
	}
	allowed := []string{"Date", "From", "To", "Subject", "Message-Id", "Mime-Version", "Content-Type", "X-Mailer", HeaderEmailIdempotency, "X-Callwatch-Test"}
	for k := range parsed.Header {
		if !slices.Contains(allowed, k) {
			t.Errorf("entity %q: unexpected header %s: %v", a.Entity.Name, k, parsed.Header[k])
		}
	}
	if len(parsed.Header["Subject"]) != 1 || len(parsed.Header["To"]) != 1 {
		t.Errorf("entity %q: Subject %v, To %v", a.Entity.Name, parsed.Header["Subject"], parsed.Header["To"])
	}
	dec := new(mime.WordDecoder)
	subj, err := dec.DecodeHeader(parsed.Header.Get("Subject"))
	if err != nil || strings.ContainsAny(subj, "\r\n") {
		t.Errorf("entity %q: decoded subject %q (%v) spans lines", a.Entity.Name, subj, err)
	}
}

func FuzzEmailHeaders(f *testing.F) {
	for _, s := range []string{"Acme", "Acme\r\nBcc: x@example.org", "=?utf-8?b?DQpCY2M6IHg=?=", "\x00\x7f\u2028", "a\r\n\r\nb"} {
		f.Add(s, s)
	}
	s := &emailSender{ch: Channel{Name: "mail", From: "callwatch@example.org", To: []string{"a@example.org"}}}
	f.Fuzz(func(t *testing.T, name, outlet string) {
		a := testAlert("Acme")
		a.Entity.Name = name
		a.Article.Outlet = outlet
		checkHeaders(t, s, a)
	})
}

func TestEmailDigestAndTest(t *testing.T) {
	mp := startMailpit(t, "--smtp-auth-accept-any", "--smtp-auth-allow-insecure")
	st := &memOutbox{}
	names := []string{"Acme", "Globex", "Initech"}
	for _, name := range names {
		st.add(testAlert(name), "digest")
	}
	n, err := NewNotifier(st, Options{Channels: []Channel{{
		Name: "digest", Type: TypeEmail, Digest: true, SMTPHost: "127.0.0.1", SMTPPort: mp.smtpPort, TLS: TLSNone,
		From: "Callwatch <callwatch@example.org>", To: []string{"analyst@example.org"},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if stats, err := n.Deliver(context.Background()); err != nil || stats.Sent != 3 {
		t.Fatalf("Deliver = %+v, %v", stats, err)
	}
	if err := n.SendTest(context.Background(), "digest"); err != nil {
		t.Fatal(err)
	}
	msgs, headers := mp.messages(t)
	if len(msgs) != 2 {
		t.Fatalf("mailpit received %d messages, want the digest and the test", len(msgs))
	}
	var digest, test int = -1, -1
	for i, m := range msgs {
		switch m.Subject {
		case "Paris Call: 3 new alerts":
			digest = i
		case "[TEST] Paris Call: 1 new alert":
			test = i
		}
	}
	if digest < 0 || test < 0 {
		t.Fatalf("subjects: %q and %q", msgs[0].Subject, msgs[1].Subject)
	}
	for _, name := range names {
		if !strings.Contains(msgs[digest].Text, "New Paris Call signatory reported: "+name) || !strings.Contains(msgs[digest].HTML, name) {
			t.Errorf("the digest does not list %s:\n%s", name, msgs[digest].Text)
		}
	}
	if got := headers[test]["X-Callwatch-Test"]; len(got) != 1 || got[0] != "true" {
		t.Errorf("X-Callwatch-Test = %v", got)
	}
	if _, ok := headers[digest]["X-Callwatch-Test"]; ok {
		t.Errorf("the digest is marked as a test")
	}
	if msgs[digest].From.Address != "callwatch@example.org" {
		t.Errorf("From = %q", msgs[digest].From.Address)
	}
}

func TestEmailServerDownIsRetried(t *testing.T) {
	port := freePort(t) // nothing listens there
	st := &memOutbox{}
	a := testAlert("Acme")
	st.add(a, "mail")
	n, err := NewNotifier(st, Options{AttemptsPerRun: 2, Channels: []Channel{{
		Name: "mail", Type: TypeEmail, SMTPHost: "127.0.0.1", SMTPPort: port, TLS: TLSNone, Timeout: 5 * time.Second,
		From: "callwatch@example.org", To: []string{"analyst@example.org"},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	n.sleep = instant
	stats, err := n.Deliver(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d := st.delivery(a.ID, "mail")
	if stats.Failed != 2 || d.State != callwatch.DeliveryPending || d.Attempts != 2 || !strings.Contains(d.LastError, "refused") {
		t.Errorf("stats %+v, delivery %+v: want two attempts in the run and the alert still pending", stats, d)
	}
}
