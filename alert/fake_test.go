package alert

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/callwatch/callwatch"
)

// memOutbox is a hand-written fake of the store's outbox methods. The other Store methods
// are not used by the notifier; calling one panics (the embedded interface is nil).
type memOutbox struct {
	callwatch.Store
	mu      sync.Mutex
	entries []callwatch.OutboxEntry
	records []callwatch.Delivery // every RecordDelivery, in order
	// recordErr, when set, fails RecordDelivery.
	recordErr error
}

// add enqueues a for channels, pending and due at once, as the store does on commit.
func (m *memOutbox) add(a callwatch.Alert, channels ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := callwatch.OutboxEntry{Seq: uint64(len(m.entries) + 1), Alert: a}
	for _, ch := range channels {
		e.Deliveries = append(e.Deliveries, callwatch.Delivery{Channel: ch, State: callwatch.DeliveryPending})
	}
	m.entries = append(m.entries, e)
}

func (m *memOutbox) Outbox(ctx context.Context, f callwatch.OutboxFilter) ([]callwatch.OutboxEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []callwatch.OutboxEntry
	for _, e := range m.entries {
		if f.AlertID != "" && e.Alert.ID != f.AlertID {
			continue
		}
		ok := f.State == "" && f.DueBy.IsZero()
		for _, d := range e.Deliveries {
			if f.State != "" && d.State == f.State {
				ok = true
			}
			if !f.DueBy.IsZero() && d.State == callwatch.DeliveryPending && !d.NextAttempt.After(f.DueBy) {
				ok = true
			}
		}
		if ok {
			e.Deliveries = append([]callwatch.Delivery(nil), e.Deliveries...)
			out = append(out, e)
		}
	}
	return out, nil
}

func (m *memOutbox) RecordDelivery(ctx context.Context, alertID string, d callwatch.Delivery) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.recordErr != nil {
		return m.recordErr
	}
	for i := range m.entries {
		if m.entries[i].Alert.ID != alertID {
			continue
		}
		m.records = append(m.records, d)
		if cur := m.entries[i].Delivery(d.Channel); cur != nil {
			*cur = d
		} else {
			m.entries[i].Deliveries = append(m.entries[i].Deliveries, d)
		}
		return nil
	}
	return fmt.Errorf("alert %s: %w", alertID, callwatch.ErrNotFound)
}

func (m *memOutbox) RetryAlert(ctx context.Context, alertID string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for i := range m.entries {
		if alertID != "" && m.entries[i].Alert.ID != alertID {
			continue
		}
		for j := range m.entries[i].Deliveries {
			d := &m.entries[i].Deliveries[j]
			if d.State == callwatch.DeliveryDead {
				d.State, d.NextAttempt, d.Attempts = callwatch.DeliveryPending, time.Time{}, 0
				n++
			}
		}
	}
	return n, nil
}

// delivery returns the current state of an alert on a channel.
func (m *memOutbox) delivery(alertID, channel string) callwatch.Delivery {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.entries {
		if m.entries[i].Alert.ID == alertID {
			if d := m.entries[i].Delivery(channel); d != nil {
				return *d
			}
		}
	}
	return callwatch.Delivery{}
}

// clock is a fake clock for Options.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testAlert returns a reported alert about a new entity.
func testAlert(entity string) callwatch.Alert {
	return callwatch.Alert{
		ID:         callwatch.AlertID(callwatch.AlertReported, "org:"+entity),
		Kind:       callwatch.AlertReported,
		Created:    t0,
		Entity:     callwatch.Entity{ID: "org:" + entity, Name: entity, Category: callwatch.CategoryCompany, Country: "FRA", Verified: true},
		Stance:     callwatch.FindingSigned,
		Confidence: 0.9,
		Evidence:   entity + " signed the Paris Call.",
		Rule:       "en.sign",
		Article:    article("news.example"),
		Outlets:    []string{"news.example"},
	}
}
