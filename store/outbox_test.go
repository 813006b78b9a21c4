package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// outboxDB returns a database with three alerts (for org:a, org:b, org:c) on two channels.
func outboxDB(t *testing.T) (*DB, *clock) {
	clk := newClock()
	pol := &testPolicy{decide: reportOnce, channels: []string{"webhook", "email"}}
	db := openTest(t, Options{Policy: pol, Now: clk.Now})
	for i, id := range []string{"org:a", "org:b", "org:c"} {
		mustSave(t, db, article(i, "example.com", stance(callwatch.FindingSigned, id, id, 0.9)))
		clk.Add(time.Second)
	}
	return db, clk
}

func seqs(es []callwatch.OutboxEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Alert.Entity.ID)
	}
	return out
}

func TestOutbox(t *testing.T) {
	db, clk := outboxDB(t)
	ctx := context.Background()
	idA, idB := callwatch.AlertID(callwatch.AlertReported, "org:a"), callwatch.AlertID(callwatch.AlertReported, "org:b")
	start := clk.Now().Add(-3 * time.Second)
	// a: delivered on both channels; b: webhook dead, email retrying later.
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.RecordDelivery(ctx, idA, callwatch.Delivery{Channel: "webhook", State: callwatch.DeliveryDelivered, Attempts: 1, DeliveredAt: clk.Now()}))
	must(db.RecordDelivery(ctx, idA, callwatch.Delivery{Channel: "email", State: callwatch.DeliveryDelivered, Attempts: 1, DeliveredAt: clk.Now()}))
	must(db.RecordDelivery(ctx, idB, callwatch.Delivery{Channel: "webhook", State: callwatch.DeliveryDead, Attempts: 10, LastError: "HTTP 500"}))
	must(db.RecordDelivery(ctx, idB, callwatch.Delivery{Channel: "email", State: callwatch.DeliveryPending, Attempts: 1, NextAttempt: clk.Now().Add(time.Hour)}))

	tests := []struct {
		name string
		f    callwatch.OutboxFilter
		want []string
	}{
		{"all, oldest first", callwatch.OutboxFilter{}, []string{"org:a", "org:b", "org:c"}},
		{"pending", callwatch.OutboxFilter{State: callwatch.DeliveryPending}, []string{"org:b", "org:c"}},
		{"delivered", callwatch.OutboxFilter{State: callwatch.DeliveryDelivered}, []string{"org:a"}},
		{"dead", callwatch.OutboxFilter{State: callwatch.DeliveryDead}, []string{"org:b"}},
		{"due now", callwatch.OutboxFilter{DueBy: clk.Now()}, []string{"org:c"}},
		{"due in two hours", callwatch.OutboxFilter{DueBy: clk.Now().Add(2 * time.Hour)}, []string{"org:b", "org:c"}},
		{"due before anything", callwatch.OutboxFilter{DueBy: start.Add(-time.Hour)}, nil},
		{"by alert id", callwatch.OutboxFilter{AlertID: idB}, []string{"org:b"}},
		{"by alert id and state", callwatch.OutboxFilter{AlertID: idB, State: callwatch.DeliveryDelivered}, nil},
		{"unknown alert id", callwatch.OutboxFilter{AlertID: "nope"}, nil},
		{"limit", callwatch.OutboxFilter{Limit: 2}, []string{"org:a", "org:b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.Outbox(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(seqs(got), tt.want) {
				t.Errorf("got %v, want %v", seqs(got), tt.want)
			}
		})
	}
	mustCheck(t, db)

	// RecordDelivery replaces that channel's state only.
	e, _ := db.Outbox(ctx, callwatch.OutboxFilter{AlertID: idB})
	if d := e[0].Delivery("webhook"); d == nil || d.State != callwatch.DeliveryDead || d.LastError != "HTTP 500" {
		t.Errorf("webhook delivery = %+v", d)
	}
	if d := e[0].Delivery("email"); d == nil || d.Attempts != 1 {
		t.Errorf("email delivery = %+v", d)
	}
	if err := db.RecordDelivery(ctx, "nope", callwatch.Delivery{Channel: "x"}); !errors.Is(err, callwatch.ErrNotFound) {
		t.Errorf("unknown alert: %v", err)
	}
	if err := db.RecordDelivery(ctx, idA, callwatch.Delivery{}); err == nil {
		t.Error("delivery without channel accepted")
	}
}

func TestRetryAlert(t *testing.T) {
	db, clk := outboxDB(t)
	ctx := context.Background()
	ids := []string{callwatch.AlertID(callwatch.AlertReported, "org:a"), callwatch.AlertID(callwatch.AlertReported, "org:b"), callwatch.AlertID(callwatch.AlertReported, "org:c")}
	for _, id := range ids {
		for _, ch := range []string{"webhook", "email"} {
			st := callwatch.DeliveryDead
			if ch == "email" && id == ids[0] {
				st = callwatch.DeliveryDelivered
			}
			if err := db.RecordDelivery(ctx, id, callwatch.Delivery{Channel: ch, State: st, Attempts: 10}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if pending, _ := db.Outbox(ctx, callwatch.OutboxFilter{State: callwatch.DeliveryPending}); len(pending) != 0 {
		t.Fatalf("pending before retry: %v", seqs(pending))
	}
	clk.Add(time.Hour)
	n, err := db.RetryAlert(ctx, ids[0])
	if err != nil || n != 1 {
		t.Fatalf("RetryAlert(a) = %d, %v; want 1", n, err)
	}
	got, _ := db.Outbox(ctx, callwatch.OutboxFilter{DueBy: clk.Now()})
	if !slices.Equal(seqs(got), []string{"org:a"}) {
		t.Fatalf("due after retry: %v", seqs(got))
	}
	if d := got[0].Delivery("webhook"); d.State != callwatch.DeliveryPending || d.Attempts != 0 || !d.NextAttempt.Equal(clk.Now()) {
		t.Errorf("revived delivery = %+v", d)
	}
	if d := got[0].Delivery("email"); d.State != callwatch.DeliveryDelivered {
		t.Errorf("delivered delivery touched: %+v", d)
	}
	n, err = db.RetryAlert(ctx, "")
	if err != nil || n != 4 {
		t.Errorf("RetryAlert(all) = %d, %v; want 4", n, err)
	}
	if n, err := db.RetryAlert(ctx, ""); err != nil || n != 0 {
		t.Errorf("second RetryAlert(all) = %d, %v; want 0", n, err)
	}
	if _, err := db.RetryAlert(ctx, "nope"); !errors.Is(err, callwatch.ErrNotFound) {
		t.Errorf("unknown alert: %v", err)
	}
	mustCheck(t, db)
}
