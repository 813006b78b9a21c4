package alert

import (
	"context"
	"log/slog"
)

// logSender writes each alert as one structured log line at level WARN, so it shows even
// with --quiet. It is the channel used when none is configured, and it never fails.
type logSender struct {
	ch     Channel
	logger *slog.Logger
}

func (s *logSender) send(ctx context.Context, m message) error {
	for _, a := range m.alerts {
		attrs := append([]any{slog.String("channel", s.ch.Name), slog.String("idempotency_key", m.key), slog.Bool("digest", m.digest)}, logAttrs(a)...)
		s.logger.Log(ctx, slog.LevelWarn, Summary(a), attrs...)
	}
	return nil
}
