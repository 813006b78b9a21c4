package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// putOutboxEntry writes an outbox entry and keeps the pending index in step with it.
func putOutboxEntry(tx *bolt.Tx, e *callwatch.OutboxEntry) error {
	v, err := json.Marshal(e)
	if err != nil {
		return err
	}
	k := u64(e.Seq)
	if err := tx.Bucket(bucketOutbox).Put(k, v); err != nil {
		return err
	}
	if hasState(e, callwatch.DeliveryPending) {
		return tx.Bucket(bucketOutboxOpen).Put(k, nil)
	}
	return tx.Bucket(bucketOutboxOpen).Delete(k)
}

func getOutboxEntry(tx *bolt.Tx, seq []byte) (*callwatch.OutboxEntry, error) {
	v := tx.Bucket(bucketOutbox).Get(seq)
	if v == nil {
		return nil, nil
	}
	var e callwatch.OutboxEntry
	if err := json.Unmarshal(v, &e); err != nil {
		return nil, fmt.Errorf("store: decoding outbox entry %d: %w", binary.BigEndian.Uint64(seq), err)
	}
	return &e, nil
}

// outboxByAlert returns the outbox entry of an alert id, or nil.
func outboxByAlert(tx *bolt.Tx, alertID string) (*callwatch.OutboxEntry, error) {
	seq := tx.Bucket(bucketOutboxIDs).Get([]byte(alertID))
	if seq == nil {
		return nil, nil
	}
	e, err := getOutboxEntry(tx, seq)
	if err == nil && e == nil {
		err = fmt.Errorf("store: outbox index names missing entry %d for alert %s (run callwatch db check)", binary.BigEndian.Uint64(seq), alertID)
	}
	return e, err
}

func hasState(e *callwatch.OutboxEntry, s callwatch.DeliveryState) bool {
	for _, d := range e.Deliveries {
		if d.State == s {
			return true
		}
	}
	return false
}

// matchOutbox reports whether e passes f (AlertID and Limit aside).
func matchOutbox(e *callwatch.OutboxEntry, f callwatch.OutboxFilter) bool {
	if f.State != "" && !hasState(e, f.State) {
		return false
	}
	if !f.DueBy.IsZero() {
		due := false
		for _, d := range e.Deliveries {
			if d.State == callwatch.DeliveryPending && !d.NextAttempt.After(f.DueBy) {
				due = true
				break
			}
		}
		if !due {
			return false
		}
	}
	return true
}

// Outbox returns the outbox entries that pass the filter, oldest first. Asking for
// pending or due entries reads only the pending index.
func (db *DB) Outbox(ctx context.Context, f callwatch.OutboxFilter) ([]callwatch.OutboxEntry, error) {
	var out []callwatch.OutboxEntry
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if f.AlertID != "" {
			e, err := outboxByAlert(tx, f.AlertID)
			if err == nil && e != nil && matchOutbox(e, f) {
				out = append(out, *e)
			}
			return err
		}
		b := tx.Bucket(bucketOutbox)
		if f.State == callwatch.DeliveryPending || !f.DueBy.IsZero() {
			b = tx.Bucket(bucketOutboxOpen)
		}
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			e, err := getOutboxEntry(tx, k)
			if err != nil {
				return err
			}
			if e == nil {
				return fmt.Errorf("store: pending index names missing outbox entry %d (run callwatch db check)", binary.BigEndian.Uint64(k))
			}
			if !matchOutbox(e, f) {
				continue
			}
			out = append(out, *e)
			if f.Limit > 0 && len(out) >= f.Limit {
				break
			}
		}
		return nil
	})
	return out, err
}

// RecordDelivery stores the outcome of a delivery attempt: d replaces the state of the
// alert's delivery on d.Channel (or is added if the channel had none). An unknown alert
// is an error wrapping callwatch.ErrNotFound.
func (db *DB) RecordDelivery(ctx context.Context, alertID string, d callwatch.Delivery) error {
	if d.Channel == "" {
		return fmt.Errorf("store: delivery of alert %s without a channel", alertID)
	}
	return db.update(ctx, func(tx *bolt.Tx) error {
		e, err := outboxByAlert(tx, alertID)
		if err != nil {
			return err
		}
		if e == nil {
			return fmt.Errorf("store: alert %s: %w", alertID, callwatch.ErrNotFound)
		}
		if cur := e.Delivery(d.Channel); cur != nil {
			*cur = d
		} else {
			e.Deliveries = append(e.Deliveries, d)
		}
		return putOutboxEntry(tx, e)
	})
}

// RetryAlert sets the dead deliveries of an alert (every alert when alertID is empty)
// back to pending, due now, with their attempt count reset. It returns how many
// deliveries it revived; an unknown alert id is an error wrapping callwatch.ErrNotFound.
func (db *DB) RetryAlert(ctx context.Context, alertID string) (int, error) {
	n := 0
	err := db.update(ctx, func(tx *bolt.Tx) error {
		n = 0
		now := db.now().UTC()
		revive := func(e *callwatch.OutboxEntry) error {
			changed := false
			for i := range e.Deliveries {
				d := &e.Deliveries[i]
				if d.State == callwatch.DeliveryDead {
					d.State, d.NextAttempt, d.Attempts = callwatch.DeliveryPending, now, 0
					changed = true
					n++
				}
			}
			if !changed {
				return nil
			}
			return putOutboxEntry(tx, e)
		}
		if alertID != "" {
			e, err := outboxByAlert(tx, alertID)
			if err != nil {
				return err
			}
			if e == nil {
				return fmt.Errorf("store: alert %s: %w", alertID, callwatch.ErrNotFound)
			}
			return revive(e)
		}
		var entries []*callwatch.OutboxEntry
		err := tx.Bucket(bucketOutbox).ForEach(func(k, _ []byte) error {
			e, err := getOutboxEntry(tx, k)
			if err == nil && hasState(e, callwatch.DeliveryDead) {
				entries = append(entries, e)
			}
			return err
		})
		if err != nil {
			return err
		}
		for _, e := range entries {
			if err := revive(e); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}
