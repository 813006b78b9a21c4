package callwatch

import (
	"context"
	"time"
)

// AlertKind is why an alert fires.
type AlertKind string

// Alert kinds. Reported and confirmed are on by default; declined, announced and removed
// are opt-in (alerts.kinds in the configuration).
const (
	AlertReported  AlertKind = "reported"  // the news reports a new signatory
	AlertConfirmed AlertKind = "confirmed" // a new entry in the official register
	AlertDeclined  AlertKind = "declined"  // the news reports a state or major company refusing
	AlertAnnounced AlertKind = "announced" // the news reports someone will sign
	AlertRemoved   AlertKind = "removed"   // an entry left the official register
	AlertTest      AlertKind = "test"      // a sample sent by `callwatch alerts test`
)

// AlertKinds lists every AlertKind, in documentation order.
var AlertKinds = []AlertKind{AlertReported, AlertConfirmed, AlertDeclined, AlertAnnounced, AlertRemoved, AlertTest}

// Alert tells analysts about a new signatory (or, if asked for, a refusal, an announcement
// or a removal). Its ID is stable: the same entity and kind always give the same ID.
type Alert struct {
	ID         string      `json:"id"`
	Kind       AlertKind   `json:"kind"`
	Created    time.Time   `json:"created"`
	Entity     Entity      `json:"entity"`
	Stance     FindingKind `json:"stance,omitempty"`
	Confidence float64     `json:"confidence"`
	Evidence   string      `json:"evidence,omitempty"` // the first evidence sentence
	Rule       string      `json:"rule,omitempty"`
	Article    ArticleRef  `json:"article"`               // the first article (empty for register alerts)
	Outlets    []string    `json:"outlets"`               // the outlets reporting it so far (the first MaxReportOutlets)
	Confirmed  bool        `json:"confirmed"`             // the official register lists the entity
	FollowUp   bool        `json:"follow_up,omitempty"`   // a confirmation of an entity already reported
	ReportedAt time.Time   `json:"reported_at,omitempty"` // when the news first reported it (follow-ups)
	Test       bool        `json:"test,omitempty"`
}

// AlertID derives the stable id of the alert of a kind about an entity.
func AlertID(kind AlertKind, entityID string) string {
	return shortHash("alert/"+string(kind), entityID)
}

// IdempotencyKey is the key a receiver uses to drop duplicate deliveries of one alert on one
// channel. It is the same however often the alert is sent.
func IdempotencyKey(alertID, channel string) string {
	return alertID + "." + shortHash("channel", channel)
}

// DeliveryState is the state of one alert on one channel.
type DeliveryState string

// Delivery states.
const (
	DeliveryPending   DeliveryState = "pending"
	DeliveryDelivered DeliveryState = "delivered"
	DeliveryDead      DeliveryState = "dead" // gave up after alerts.max_attempts; `alerts retry` revives it
)

// Delivery is the state of one alert on one channel.
type Delivery struct {
	Channel     string        `json:"channel"`
	State       DeliveryState `json:"state"`
	Attempts    int           `json:"attempts"`
	LastError   string        `json:"last_error,omitempty"`
	LastAttempt time.Time     `json:"last_attempt,omitempty"`
	NextAttempt time.Time     `json:"next_attempt,omitempty"`
	DeliveredAt time.Time     `json:"delivered_at,omitempty"`
}

// OutboxEntry is an alert waiting for, or done with, delivery. It is written in the same
// transaction that records the change it reports, so no alert is ever lost.
type OutboxEntry struct {
	Seq        uint64     `json:"seq"` // order of creation
	Alert      Alert      `json:"alert"`
	Deliveries []Delivery `json:"deliveries"`
}

// Delivery returns the entry's delivery state for one channel, or nil.
func (e *OutboxEntry) Delivery(channel string) *Delivery {
	for i := range e.Deliveries {
		if e.Deliveries[i].Channel == channel {
			return &e.Deliveries[i]
		}
	}
	return nil
}

// SignatoryChange is one change to a signatory inside a store write: what the policy sees.
type SignatoryChange struct {
	Before  *Signatory // nil when the entity is seen for the first time
	After   *Signatory
	Cause   ChangeCause
	Article *ArticleRef // the article that caused it (CauseArticle)
	Finding *Finding    // the stance finding that caused it (CauseArticle)
	Now     time.Time
}

// ChangeCause says what changed a signatory.
type ChangeCause string

// Change causes.
const (
	CauseArticle         ChangeCause = "article"
	CauseRegisterAdded   ChangeCause = "register_added"
	CauseRegisterRemoved ChangeCause = "register_removed"
)

// AlertPolicy decides which alerts a change raises. The store calls it inside its write
// transaction, so the alert is committed with the change or not at all. It must be pure,
// fast and free of side effects (a transaction may be retried).
type AlertPolicy interface {
	// Decide returns the alerts that the change raises. The store records each as raised
	// (Signatory.Alerted) and enqueues it for Channels(alert).
	Decide(c SignatoryChange) []Alert
	// Channels names the channels that should deliver the alert.
	Channels(a Alert) []string
	// InBaseline reports whether the entity counts as already known (alerts.baseline).
	InBaseline(entityID string) bool
}

// Notifier delivers pending alerts from the store's outbox.
type Notifier interface {
	// Deliver sends every due pending delivery, records each outcome in the store and
	// returns what happened. It returns early, leaving deliveries pending, when ctx ends.
	Deliver(ctx context.Context) (DeliveryStats, error)
}

// DeliveryStats counts delivery outcomes.
type DeliveryStats struct {
	Sent    int `json:"sent"`
	Failed  int `json:"failed"` // attempts that failed and will be retried
	Dead    int `json:"dead"`   // deliveries given up on in this call
	Pending int `json:"pending"`
}
