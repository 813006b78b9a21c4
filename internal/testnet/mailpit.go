package testnet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Mailpit is a running mailpit process: a real SMTP server whose received mail is listed
// by its REST API.
type Mailpit struct {
	SMTPHost string
	SMTPPort int
	APIURL   string

	cmd    *exec.Cmd
	stderr bytes.Buffer
	done   chan error
}

// ErrNoMailpit is returned by StartMailpit when the mailpit binary is not found.
var ErrNoMailpit = errors.New("testnet: mailpit not found on PATH or in $(go env GOPATH)/bin; install it with: go install github.com/axllent/mailpit@v1.33.1")

// findMailpit looks for mailpit on PATH, then in GOBIN, GOPATH/bin and ~/go/bin.
func findMailpit() (string, error) {
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p, nil
	}
	var dirs []string
	if d := os.Getenv("GOBIN"); d != "" {
		dirs = append(dirs, d)
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, p := range filepath.SplitList(strings.TrimSpace(string(out))) {
			dirs = append(dirs, filepath.Join(p, "bin"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, "mailpit")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", ErrNoMailpit
}

// freePort returns a TCP port free on 127.0.0.1 a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// StartMailpit starts mailpit on free loopback ports and waits until its API answers.
func StartMailpit() (*Mailpit, error) {
	bin, err := findMailpit()
	if err != nil {
		return nil, err
	}
	var m *Mailpit
	for attempt := 0; attempt < 3; attempt++ { // a port taken between freePort and mailpit's bind
		if m, err = startMailpit(bin); err == nil {
			return m, nil
		}
	}
	return nil, err
}

func startMailpit(bin string) (*Mailpit, error) {
	smtpPort, err := freePort()
	if err != nil {
		return nil, err
	}
	apiPort, err := freePort()
	if err != nil {
		return nil, err
	}
	m := &Mailpit{SMTPHost: "127.0.0.1", SMTPPort: smtpPort, APIURL: fmt.Sprintf("http://127.0.0.1:%d", apiPort), done: make(chan error, 1)}
	m.cmd = exec.Command(bin, "--smtp", "127.0.0.1:"+strconv.Itoa(smtpPort), "--listen", "127.0.0.1:"+strconv.Itoa(apiPort),
		"--smtp-auth-accept-any", "--smtp-auth-allow-insecure", "--disable-version-check")
	m.cmd.Stderr = &m.stderr
	m.cmd.Stdout = &m.stderr
	if err := m.cmd.Start(); err != nil {
		return nil, fmt.Errorf("testnet: starting mailpit: %w", err)
	}
	go func() { m.done <- m.cmd.Wait() }()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-m.done:
			return nil, fmt.Errorf("testnet: mailpit exited (%v): %s", err, m.stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		resp, err := http.Get(m.APIURL + "/api/v1/info")
		if err == nil {
			resp.Body.Close()
			if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", smtpPort)); err == nil {
				c.Close()
				return m, nil
			}
		}
	}
	m.Close()
	return nil, fmt.Errorf("testnet: mailpit did not answer within 15s: %s", m.stderr.String())
}

// Message is one received mail as mailpit lists it.
type Message struct {
	ID        string `json:"ID"`
	MessageID string `json:"MessageID"`
	Subject   string `json:"Subject"`
	To        []struct {
		Address string `json:"Address"`
	} `json:"To"`
}

// Messages lists the received mail, newest first.
func (m *Mailpit) Messages(ctx context.Context) ([]Message, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.APIURL+"/api/v1/messages?limit=1000", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Messages []Message `json:"messages"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("testnet: mailpit messages: %w", err)
	}
	return out.Messages, nil
}

// Close stops mailpit.
func (m *Mailpit) Close() error {
	if m.cmd.Process == nil {
		return nil
	}
	m.cmd.Process.Kill()
	select {
	case <-m.done:
	case <-time.After(5 * time.Second):
	}
	return nil
}
