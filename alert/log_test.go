package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/callwatch/callwatch"
)

func TestLogChannelIsTheDefault(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st := &memOutbox{}
	a := hostile()
	st.add(a, "log")
	n, err := NewNotifier(st, Options{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Channels(); len(got) != 1 || got[0] != "log" {
		t.Fatalf("Channels() = %v, want [log]", got)
	}
	stats, err := n.Deliver(context.Background())
	if err != nil || stats.Sent != 1 {
		t.Fatalf("Deliver = %+v, %v", stats, err)
	}
	// Only the alert line passes a WARN level: delivery diagnostics are INFO.
	var line map[string]any
	if err := json.Unmarshal(bytes.TrimSpace(buf.Bytes()), &line); err != nil {
		t.Fatalf("want one JSON log line, got %q: %v", buf.String(), err)
	}
	want := map[string]any{
		"level": "WARN", "msg": Summary(a), "channel": "log", "alert_id": a.ID, "kind": "reported",
		"entity": a.Entity.Name, "entity_id": a.Entity.ID, "article_url": a.Article.URL,
		"idempotency_key": callwatch.IdempotencyKey(a.ID, "log"), "confidence": 0.9, "confirmed": false,
	}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("log field %s = %v, want %v", k, line[k], v)
		}
	}
	if ev, _ := line["evidence"].(string); ev == "" || bytes.ContainsAny([]byte(ev), "\r\n") {
		t.Errorf("evidence field %q", ev)
	}
}

func TestNotifierWithoutStoreOnlyTests(t *testing.T) {
	var buf bytes.Buffer
	n, err := NewNotifier(nil, Options{Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.SendTest(context.Background(), "log"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("[TEST]")) || !bytes.Contains(buf.Bytes(), []byte("test=true")) {
		t.Errorf("test alert log line: %s", buf.String())
	}
	if _, err := n.Deliver(context.Background()); err == nil {
		t.Errorf("Deliver without a store succeeded")
	}
}
