package alert

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
)

// Schema names the version of the JSON body that webhook and exec channels receive.
const Schema = "callwatch.alert/v1"

// Body is the JSON document POSTed by webhook channels and written to the stdin of exec
// channels. It is the same for every attempt at one delivery, byte for byte, so its
// signature and its idempotency key are too. docs/alerts.md documents every field.
type Body struct {
	Schema         string      `json:"schema"`          // Schema
	Channel        string      `json:"channel"`         // the channel's name
	IdempotencyKey string      `json:"idempotency_key"` // the delivery's key (of the digest, for a digest)
	Digest         bool        `json:"digest"`          // one message listing several alerts
	Test           bool        `json:"test"`            // a sample sent by `callwatch alerts test`
	Alerts         []BodyAlert `json:"alerts"`          // one alert, or every alert of a digest
}

// BodyAlert is one alert in a Body.
type BodyAlert struct {
	IdempotencyKey string      `json:"idempotency_key"` // callwatch.IdempotencyKey(ID, channel): drop repeats
	ID             string      `json:"id"`
	Kind           string      `json:"kind"`
	Summary        string      `json:"summary"` // one line of text, as chat channels show it
	Created        time.Time   `json:"created"`
	Entity         BodyEntity  `json:"entity"`
	Stance         string      `json:"stance,omitempty"`
	Confidence     float64     `json:"confidence"`
	Evidence       string      `json:"evidence,omitempty"`
	Rule           string      `json:"rule,omitempty"`
	Article        BodyArticle `json:"article,omitzero"`
	Outlets        []string    `json:"outlets"`
	Confirmed      bool        `json:"confirmed"`
	FollowUp       bool        `json:"follow_up"`
	ReportedAt     time.Time   `json:"reported_at,omitzero"`
	Test           bool        `json:"test"`
}

// BodyEntity is the entity an alert is about.
type BodyEntity struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Country  string `json:"country,omitempty"`
	Verified bool   `json:"verified"`
}

// BodyArticle is the first article reporting the stance (absent for register alerts).
type BodyArticle struct {
	ID        string    `json:"id,omitempty"`
	Title     string    `json:"title,omitempty"`
	URL       string    `json:"url,omitempty"`
	Outlet    string    `json:"outlet,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Language  string    `json:"language,omitempty"`
}

// message is what a channel sends: one alert, or the alerts of a digest.
type message struct {
	channel string
	key     string // idempotency key of the message
	digest  bool
	alerts  []callwatch.Alert
}

// newMessage builds the message of one alert, or of a digest of alerts, on a channel.
func newMessage(channel string, digest bool, alerts ...callwatch.Alert) message {
	m := message{channel: channel, digest: digest, alerts: alerts}
	if digest {
		ids := make([]string, len(alerts))
		for i, a := range alerts {
			ids[i] = a.ID
		}
		slices.Sort(ids)
		sum := sha256.Sum256([]byte(strings.Join(ids, ",")))
		m.key = callwatch.IdempotencyKey("digest-"+hex.EncodeToString(sum[:8]), channel)
	} else {
		m.key = callwatch.IdempotencyKey(alerts[0].ID, channel)
	}
	return m
}

func (m message) test() bool {
	for _, a := range m.alerts {
		if !a.Test {
			return false
		}
	}
	return len(m.alerts) > 0
}

// body returns the message's JSON body.
func (m message) body() Body {
	b := Body{Schema: Schema, Channel: m.channel, IdempotencyKey: m.key, Digest: m.digest, Test: m.test()}
	for _, a := range m.alerts {
		b.Alerts = append(b.Alerts, bodyAlert(a, m.channel))
	}
	return b
}

// encode returns the JSON body's bytes.
func (m message) encode() ([]byte, error) {
	data, err := json.Marshal(m.body())
	if err != nil {
		return nil, fmt.Errorf("alert: encoding body: %w", err)
	}
	return data, nil
}

func bodyAlert(a callwatch.Alert, channel string) BodyAlert {
	outlets := a.Outlets
	if outlets == nil {
		outlets = []string{}
	}
	return BodyAlert{
		IdempotencyKey: callwatch.IdempotencyKey(a.ID, channel),
		ID:             a.ID,
		Kind:           string(a.Kind),
		Summary:        Summary(a),
		Created:        a.Created.UTC(),
		Entity: BodyEntity{
			ID: a.Entity.ID, Name: a.Entity.Name, Category: string(a.Entity.Category),
			Country: a.Entity.Country, Verified: a.Entity.Verified,
		},
		Stance:     string(a.Stance),
		Confidence: a.Confidence,
		Evidence:   a.Evidence,
		Rule:       a.Rule,
		Article: BodyArticle{
			ID: a.Article.ID, Title: a.Article.Title, URL: a.Article.URL, Outlet: a.Article.Outlet,
			Published: a.Article.Published.UTC(), Language: a.Article.Language,
		},
		Outlets:    outlets,
		Confirmed:  a.Confirmed,
		FollowUp:   a.FollowUp,
		ReportedAt: a.ReportedAt.UTC(),
		Test:       a.Test,
	}
}

// Summary returns a one-line description of the alert, as chat channels and email subjects
// show it. Control characters (CR, LF, tabs) from article text become spaces.
func Summary(a callwatch.Alert) string {
	name := oneLine(a.Entity.Name)
	if name == "" {
		name = a.Entity.ID
	}
	var s string
	switch a.Kind {
	case callwatch.AlertReported, callwatch.AlertTest:
		s = fmt.Sprintf("New Paris Call signatory reported: %s", name)
		if a.Article.Outlet != "" {
			s += " (" + oneLine(a.Article.Outlet) + ")"
		}
	case callwatch.AlertConfirmed:
		if a.FollowUp {
			s = fmt.Sprintf("Confirmed: %s is now in the official Paris Call register (reported %s)", name, a.ReportedAt.UTC().Format("2006-01-02"))
		} else {
			s = fmt.Sprintf("New Paris Call supporter in the official register: %s", name)
		}
	case callwatch.AlertDeclined:
		s = fmt.Sprintf("Reported as declining the Paris Call: %s", name)
	case callwatch.AlertAnnounced:
		s = fmt.Sprintf("Reported as about to join the Paris Call: %s", name)
	case callwatch.AlertRemoved:
		s = fmt.Sprintf("Removed from the official Paris Call register: %s", name)
	default:
		s = fmt.Sprintf("Paris Call alert (%s): %s", oneLine(string(a.Kind)), name)
	}
	if a.Test {
		s = "[TEST] " + s
	}
	return s
}

// digestSummary is the one-line title of a digest.
func digestSummary(m message) string {
	s := fmt.Sprintf("Paris Call: %d new alerts", len(m.alerts))
	if len(m.alerts) == 1 {
		s = "Paris Call: 1 new alert"
	}
	if m.test() {
		s = "[TEST] " + s
	}
	return s
}

// title returns the one-line title of a message.
func (m message) title() string {
	if m.digest {
		return digestSummary(m)
	}
	return Summary(m.alerts[0])
}

// oneLine replaces control characters (CR, LF, tabs, NUL, Unicode line separators) with
// spaces and collapses runs of spaces, so text from an article stays on one line.
func oneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == ' ' {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " ")
}

// facts returns the alert's details as label/value pairs, in display order, for the text
// renderings (email, Slack, Teams). Values are single lines except the evidence.
func facts(a callwatch.Alert) [][2]string {
	var f [][2]string
	add := func(k, v string) {
		if v != "" {
			f = append(f, [2]string{k, v})
		}
	}
	ent := oneLine(a.Entity.Name)
	var extra []string
	if a.Entity.Category != "" {
		extra = append(extra, string(a.Entity.Category))
	}
	if a.Entity.Country != "" {
		extra = append(extra, oneLine(a.Entity.Country))
	}
	if len(extra) > 0 {
		ent += " (" + strings.Join(extra, ", ") + ")"
	}
	add("Entity", ent)
	add("Entity ID", oneLine(a.Entity.ID))
	add("Kind", string(a.Kind))
	add("Stance", string(a.Stance))
	add("Confidence", fmt.Sprintf("%.2f", a.Confidence))
	if a.Confirmed {
		add("Official register", "lists it")
	} else {
		add("Official register", "does not list it yet")
	}
	if a.FollowUp && !a.ReportedAt.IsZero() {
		add("First reported", a.ReportedAt.UTC().Format(time.RFC3339))
	}
	add("Evidence", oneLine(a.Evidence))
	add("Article", oneLine(a.Article.Title))
	add("Outlet", oneLine(a.Article.Outlet))
	if !a.Article.Published.IsZero() {
		add("Published", a.Article.Published.UTC().Format(time.RFC3339))
	}
	add("URL", oneLine(a.Article.URL))
	if len(a.Outlets) > 0 {
		out := make([]string, len(a.Outlets))
		for i, o := range a.Outlets {
			out[i] = oneLine(o)
		}
		add("Outlets", strings.Join(out, ", "))
	}
	return f
}
