package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// slackSender posts a Block Kit message to a Slack incoming webhook.
type slackSender struct{ ch Channel }

func newSlack(ch Channel) *slackSender { return &slackSender{ch: ch} }

func (s *slackSender) send(ctx context.Context, m message) error {
	body, err := json.Marshal(slackMessage(m))
	if err != nil {
		return &permanentError{fmt.Errorf("slack: %w", err)}
	}
	return post(ctx, "slack", s.ch.URL, body, nil)
}

// Slack limits: 50 blocks per message, 150 characters in a header, 3,000 in a section.
const (
	slackMaxAlerts  = 45
	slackHeaderMax  = 150
	slackSectionMax = 2900
)

type slackText struct {
	Type string `json:"type"` // plain_text | mrkdwn
	Text string `json:"text"`
}

type slackBlock struct {
	Type     string      `json:"type"`
	Text     *slackText  `json:"text,omitempty"`
	Elements []slackText `json:"elements,omitempty"`
}

type slackPayload struct {
	Text   string       `json:"text"` // the notification text (fallback)
	Blocks []slackBlock `json:"blocks"`
}

// slackMessage renders a message in Block Kit: a header, one section per alert, and a
// context line. Every value from an alert is escaped for mrkdwn (&, <, >), so article text
// can neither mention @channel nor forge links.
func slackMessage(m message) slackPayload {
	title := m.title()
	p := slackPayload{Text: slackEscape(title)}
	p.Blocks = append(p.Blocks, slackBlock{Type: "header", Text: &slackText{Type: "plain_text", Text: truncate(title, slackHeaderMax)}})
	for i, a := range m.alerts {
		if i == slackMaxAlerts {
			p.Blocks = append(p.Blocks, slackBlock{Type: "section", Text: &slackText{Type: "mrkdwn",
				Text: fmt.Sprintf("…and %d more alerts: see `callwatch alerts list`.", len(m.alerts)-slackMaxAlerts)}})
			break
		}
		var b strings.Builder
		if m.digest {
			b.WriteString("*" + slackEscape(Summary(a)) + "*\n")
		}
		for _, f := range facts(a) {
			if f[0] == "URL" {
				continue
			}
			v := slackEscape(truncate(f[1], 500))
			if f[0] == "Article" && isHTTP(a.Article.URL) {
				v = "<" + slackURL(a.Article.URL) + "|" + strings.ReplaceAll(v, "|", "¦") + ">"
			}
			b.WriteString("*" + f[0] + ":* " + v + "\n")
		}
		p.Blocks = append(p.Blocks, slackBlock{Type: "section", Text: &slackText{Type: "mrkdwn", Text: truncate(b.String(), slackSectionMax)}})
	}
	ctxText := "callwatch · channel " + slackEscape(m.channel) + " · key " + m.key
	p.Blocks = append(p.Blocks, slackBlock{Type: "context", Elements: []slackText{{Type: "mrkdwn", Text: ctxText}}})
	return p
}

// slackEscape escapes the three characters Slack's mrkdwn gives meaning to.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// slackURL makes a URL safe inside <url|text>: the characters that would end the link are
// percent-encoded.
func slackURL(u string) string {
	return strings.NewReplacer("|", "%7C", "<", "%3C", ">", "%3E", " ", "%20").Replace(oneLine(u))
}
