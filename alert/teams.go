package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// teamsSender posts an Adaptive Card to a Microsoft Teams incoming webhook (a Teams
// Workflows "post to a channel when a webhook request is received" URL, or a legacy
// connector URL, both of which accept this message shape).
type teamsSender struct{ ch Channel }

func newTeams(ch Channel) *teamsSender { return &teamsSender{ch: ch} }

func (s *teamsSender) send(ctx context.Context, m message) error {
	body, err := json.Marshal(teamsMessage(m))
	if err != nil {
		return &permanentError{fmt.Errorf("teams: %w", err)}
	}
	answer, err := postAnswer(ctx, "teams", s.ch.URL, body, nil)
	if err != nil {
		return err
	}
	// Legacy Office 365 connectors answer 200 even when Teams refused the message, with
	// the failure in the body ("Webhook message delivery failed with error: ...").
	if strings.Contains(strings.ToLower(answer), "delivery failed") {
		return fmt.Errorf("teams: %s", truncate(oneLine(answer), 300))
	}
	return nil
}

const teamsMaxAlerts = 30

type teamsPayload struct {
	Type        string            `json:"type"` // "message"
	Summary     string            `json:"summary,omitempty"`
	Attachments []teamsAttachment `json:"attachments"`
}

type teamsAttachment struct {
	ContentType string    `json:"contentType"` // application/vnd.microsoft.card.adaptive
	ContentURL  *string   `json:"contentUrl"`  // always null
	Content     teamsCard `json:"content"`
}

type teamsCard struct {
	Schema  string         `json:"$schema"`
	Type    string         `json:"type"` // AdaptiveCard
	Version string         `json:"version"`
	Body    []teamsElement `json:"body"`
	Actions []teamsAction  `json:"actions,omitempty"`
}

type teamsElement struct {
	Type   string      `json:"type"` // TextBlock | FactSet
	Text   string      `json:"text,omitempty"`
	Size   string      `json:"size,omitempty"`
	Weight string      `json:"weight,omitempty"`
	Wrap   bool        `json:"wrap,omitempty"`
	Facts  []teamsFact `json:"facts,omitempty"`
}

type teamsFact struct {
	Title string `json:"title"`
	Value string `json:"value"`
}

type teamsAction struct {
	Type  string `json:"type"` // Action.OpenUrl
	Title string `json:"title"`
	URL   string `json:"url"`
}

// teamsMessage renders a message as an Adaptive Card (version 1.4): a title, a fact set per
// alert and a button to the article. Text blocks render a subset of Markdown, so every
// value from an alert has its Markdown characters escaped.
func teamsMessage(m message) teamsPayload {
	title := m.title()
	card := teamsCard{
		Schema:  "http://adaptivecards.io/schemas/adaptive-card.json",
		Type:    "AdaptiveCard",
		Version: "1.4",
	}
	card.Body = append(card.Body, teamsElement{Type: "TextBlock", Text: teamsEscape(title), Size: "Medium", Weight: "Bolder", Wrap: true})
	for i, a := range m.alerts {
		if i == teamsMaxAlerts {
			card.Body = append(card.Body, teamsElement{Type: "TextBlock", Wrap: true,
				Text: fmt.Sprintf("…and %d more alerts: see callwatch alerts list.", len(m.alerts)-teamsMaxAlerts)})
			break
		}
		if m.digest {
			card.Body = append(card.Body, teamsElement{Type: "TextBlock", Text: teamsEscape(Summary(a)), Weight: "Bolder", Wrap: true})
		}
		var fs []teamsFact
		for _, f := range facts(a) {
			fs = append(fs, teamsFact{Title: f[0], Value: teamsEscape(truncate(f[1], 500))})
		}
		card.Body = append(card.Body, teamsElement{Type: "FactSet", Facts: fs})
		if !m.digest && isHTTP(a.Article.URL) {
			card.Actions = append(card.Actions, teamsAction{Type: "Action.OpenUrl", Title: "Read the article", URL: oneLine(a.Article.URL)})
		}
	}
	card.Body = append(card.Body, teamsElement{Type: "TextBlock", Text: teamsEscape("callwatch · channel " + m.channel + " · key " + m.key), Size: "Small", Wrap: true})
	return teamsPayload{
		Type:        "message",
		Summary:     title,
		Attachments: []teamsAttachment{{ContentType: "application/vnd.microsoft.card.adaptive", Content: card}},
	}
}

// teamsEscape neutralises what Adaptive Card text gives meaning to: the Markdown subset it
// renders (**bold**, _italic_, [links](url), and "- " or "1. " lists at the start of a line)
// by CommonMark backslash escapes, and the {{DATE(...)}} / {{TIME(...)}} functions by a
// zero-width space between the braces. Other characters are left alone, so nothing else
// shows a stray backslash.
func teamsEscape(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '*', '_', '[', ']', '(', ')':
			b.WriteByte('\\')
		case '-', '+':
			if strings.TrimSpace(s[:i]) == "" {
				b.WriteByte('\\')
			}
		case '.':
			if lead := strings.TrimSpace(s[:i]); lead != "" && strings.Trim(lead, "0123456789") == "" {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return strings.ReplaceAll(b.String(), "{{", "{\u200b{")
}
