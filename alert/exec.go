package alert

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// execSender runs the channel's command (no shell) with the JSON Body on stdin. Exit status
// 0 confirms the delivery; anything else fails it with the end of stderr in the error.
// The command also gets CALLWATCH_IDEMPOTENCY_KEY, CALLWATCH_CHANNEL and CALLWATCH_TEST in
// its environment.
type execSender struct{ ch Channel }

func newExec(ch Channel) *execSender { return &execSender{ch: ch} }

// execStderrTail is how much of stderr a failure reports.
const execStderrTail = 400

func (s *execSender) send(ctx context.Context, m message) error {
	body, err := m.encode()
	if err != nil {
		return &permanentError{err}
	}
	cmd := exec.CommandContext(ctx, s.ch.Command[0], s.ch.Command[1:]...)
	cmd.Stdin = bytes.NewReader(body)
	var stderr tailBuffer
	stderr.max = 4096
	cmd.Stderr = &stderr
	cmd.Stdout = &tailBuffer{max: 4096}
	test := "false"
	if m.test() {
		test = "true"
	}
	cmd.Env = append(os.Environ(),
		"CALLWATCH_IDEMPOTENCY_KEY="+m.key,
		"CALLWATCH_CHANNEL="+s.ch.Name,
		"CALLWATCH_TEST="+test,
	)
	killGroup(cmd)
	cmd.WaitDelay = 2 * time.Second // a child that keeps stderr open cannot hold us
	err = cmd.Run()
	if err == nil {
		return nil
	}
	tail := strings.TrimSpace(oneLine(strings.ToValidUTF8(stderr.String(), "?")))
	if len(tail) > execStderrTail {
		start := len(tail) - execStderrTail
		for start < len(tail) && (tail[start]&0xC0) == 0x80 {
			start++
		}
		tail = "…" + tail[start:]
	}
	var ee *exec.ExitError
	switch {
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, os.ErrNotExist), errors.Is(err, os.ErrPermission):
		return &permanentError{fmt.Errorf("exec %s: %w", s.ch.Command[0], err)}
	case ctx.Err() != nil:
		return fmt.Errorf("exec %s: killed: %w (stderr: %s)", s.ch.Command[0], ctx.Err(), tail)
	case errors.As(err, &ee):
		if tail == "" {
			return fmt.Errorf("exec %s: %v", s.ch.Command[0], ee)
		}
		return fmt.Errorf("exec %s: %v: %s", s.ch.Command[0], ee, tail)
	}
	return fmt.Errorf("exec %s: %w", s.ch.Command[0], err)
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	buf []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.buf) }
