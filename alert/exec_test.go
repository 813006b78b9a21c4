package alert

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// script writes an executable shell script into a temporary directory.
func script(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hook.sh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExecChannel(t *testing.T) {
	out := filepath.Join(t.TempDir(), "received")
	ok := script(t, `cat > "$1.json"; printf '%s %s %s' "$CALLWATCH_IDEMPOTENCY_KEY" "$CALLWATCH_CHANNEL" "$CALLWATCH_TEST" > "$1.env"`)
	fail := script(t, `echo "starting" >&2; i=0; while [ $i -lt 200 ]; do echo "noise line $i" >&2; i=$((i+1)); done; echo "smtp relay refused: quota exceeded" >&2; exit 3`)
	slow := script(t, `sleep 30`)
	argFile := filepath.Join(t.TempDir(), "arg")
	echoArg := script(t, `cat >/dev/null; printf '%s' "$1" > `+argFile)
	tests := []struct {
		name    string
		command []string
		timeout time.Duration
		wantErr string
	}{
		{"success", []string{ok, out}, 0, ""},
		{"non-zero exit keeps the end of stderr", []string{fail}, 0, "exit status 3: …"},
		{"timeout kills it", []string{slow}, 100 * time.Millisecond, "timeout"},
		{"missing program", []string{filepath.Join(t.TempDir(), "nope")}, 0, "no such file"},
		{"no shell: metacharacters are arguments", []string{echoArg, "x; touch " + out + ".pwned"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &memOutbox{}
			a := testAlert("Acme")
			st.add(a, "cmd")
			n, err := NewNotifier(st, Options{Channels: []Channel{{Name: "cmd", Type: TypeExec, Command: tt.command, Timeout: tt.timeout}}, AttemptsPerRun: 1})
			if err != nil {
				t.Fatal(err)
			}
			stats, err := n.Deliver(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			d := st.delivery(a.ID, "cmd")
			if tt.wantErr == "" {
				if stats.Sent != 1 || d.State != callwatch.DeliveryDelivered {
					t.Fatalf("stats %+v, delivery %+v", stats, d)
				}
				return
			}
			if stats.Failed != 1 || !strings.Contains(d.LastError, tt.wantErr) {
				t.Errorf("stats %+v, LastError %q; want a failure containing %q", stats, d.LastError, tt.wantErr)
			}
		})
	}

	data, err := os.ReadFile(out + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var b Body
	if err := json.Unmarshal(data, &b); err != nil || len(b.Alerts) != 1 || b.Alerts[0].Entity.Name != "Acme" {
		t.Fatalf("stdin was %s (%v)", data, err)
	}
	env, _ := os.ReadFile(out + ".env")
	if want := callwatch.IdempotencyKey(testAlert("Acme").ID, "cmd") + " cmd false"; string(env) != want {
		t.Errorf("environment = %q, want %q", env, want)
	}
	if _, err := os.Stat(out + ".pwned"); err == nil {
		t.Errorf("an argument was run by a shell")
	}
	if arg, _ := os.ReadFile(argFile); string(arg) != "x; touch "+out+".pwned" {
		t.Errorf("the command got argument %q", arg)
	}
}

func TestExecStderrTail(t *testing.T) {
	fail := script(t, `i=0; while [ $i -lt 500 ]; do printf 'é' >&2; i=$((i+1)); done; echo " the real reason" >&2; exit 1`)
	err := newExec(Channel{Name: "x", Command: []string{fail}}).send(context.Background(), newMessage("x", false, testAlert("Acme")))
	if err == nil {
		t.Fatal("no error from exit status 1")
	}
	msg := err.Error()
	if !strings.HasSuffix(msg, "the real reason") || !strings.Contains(msg, "exit status 1") {
		t.Errorf("error = %q", msg)
	}
	if !strings.Contains(msg, "…") || len(msg) > 600 {
		t.Errorf("error of %d bytes is not the tail of stderr", len(msg))
	}
	if !json.Valid([]byte(`"` + msg + `"`)) {
		t.Errorf("the tail cut a UTF-8 sequence")
	}
}
