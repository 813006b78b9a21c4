package alert

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/callwatch/callwatch"
)

// hostile is an alert whose article-derived text tries every trick: Slack mentions and
// links, Markdown, HTML, and line breaks.
func hostile() callwatch.Alert {
	a := testAlert("Acme <!channel> & Co")
	a.Article.Title = "Breaking: <https://evil.example|click> *bold* [x](https://evil.example)\r\nBcc: victim@example.org"
	a.Article.URL = "https://news.example/a?x=1&y=<2>|3"
	a.Evidence = "Acme said \"we signed\" <script>alert(1)</script> @here {{DATE(2017-02-14T06:00:00Z, SHORT)}}"
	return a
}

// capture starts a loopback receiver that records the last body and answers status.
func capture(t *testing.T, status int, answer string) (*httptest.Server, func() []byte) {
	var mu sync.Mutex
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		body = b
		mu.Unlock()
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []byte {
		mu.Lock()
		defer mu.Unlock()
		return body
	}
}

func TestSlackMessage(t *testing.T) {
	srv, body := capture(t, http.StatusOK, "ok")
	st := &memOutbox{}
	a := hostile()
	st.add(a, "slack")
	n, _ := NewNotifier(st, Options{Channels: []Channel{{Name: "slack", Type: TypeSlack, URL: srv.URL}}})
	if stats, err := n.Deliver(context.Background()); err != nil || stats.Sent != 1 {
		t.Fatalf("Deliver = %+v, %v", stats, err)
	}
	var p struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text *struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"text"`
			Elements []struct{ Type, Text string } `json:"elements"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(body(), &p); err != nil {
		t.Fatalf("Slack body is not JSON: %v\n%s", err, body())
	}
	if len(p.Blocks) != 3 || p.Blocks[0].Type != "header" || p.Blocks[1].Type != "section" || p.Blocks[2].Type != "context" {
		t.Fatalf("blocks = %s", body())
	}
	if p.Blocks[0].Text.Type != "plain_text" || !strings.Contains(p.Blocks[0].Text.Text, "Acme <!channel> & Co") {
		t.Errorf("header = %+v (plain_text needs no escaping)", p.Blocks[0].Text)
	}
	section := p.Blocks[1].Text.Text
	for _, bad := range []string{"<!channel>", "<https://evil", "<script>", "\r", "\nBcc:"} {
		if strings.Contains(section, bad) || strings.Contains(p.Text, bad) {
			t.Errorf("mrkdwn contains unescaped %q:\n%s", bad, section)
		}
	}
	for _, want := range []string{"&lt;!channel&gt; &amp; Co", "&lt;script&gt;", "<https://news.example/a?x=1&y=%3C2%3E%7C3|Breaking: &lt;https://evil.example¦click&gt;", "*Confidence:* 0.90", "*Outlets:* news.example"} {
		if !strings.Contains(section, want) {
			t.Errorf("section lacks %q:\n%s", want, section)
		}
	}
}

func TestSlackDigestStaysWithinLimits(t *testing.T) {
	var alerts []callwatch.Alert
	for i := range 60 {
		a := testAlert(strings.Repeat("x", 200) + string(rune('A'+i%26)))
		a.ID = callwatch.AlertID(callwatch.AlertReported, a.Entity.ID+string(rune(i)))
		alerts = append(alerts, a)
	}
	p := slackMessage(newMessage("slack", true, alerts...))
	if len(p.Blocks) > 50 {
		t.Errorf("%d blocks, Slack accepts 50", len(p.Blocks))
	}
	for _, b := range p.Blocks {
		if b.Text != nil && b.Type == "header" && len([]rune(b.Text.Text)) > 151 {
			t.Errorf("header of %d characters", len([]rune(b.Text.Text)))
		}
		if b.Text != nil && len(b.Text.Text) > 3000 {
			t.Errorf("section of %d characters", len(b.Text.Text))
		}
	}
	if last := p.Blocks[len(p.Blocks)-2].Text.Text; !strings.Contains(last, "15 more alerts") {
		t.Errorf("the overflow line is %q", last)
	}
}

func TestTeamsMessage(t *testing.T) {
	srv, body := capture(t, http.StatusAccepted, "")
	st := &memOutbox{}
	st.add(hostile(), "teams")
	n, _ := NewNotifier(st, Options{Channels: []Channel{{Name: "teams", Type: TypeTeams, URL: srv.URL}}})
	if stats, err := n.Deliver(context.Background()); err != nil || stats.Sent != 1 {
		t.Fatalf("Deliver = %+v, %v (202 Accepted is a success)", stats, err)
	}
	var p struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string  `json:"contentType"`
			ContentURL  *string `json:"contentUrl"`
			Content     struct {
				Type    string `json:"type"`
				Version string `json:"version"`
				Body    []struct {
					Type  string `json:"type"`
					Text  string `json:"text"`
					Facts []struct{ Title, Value string }
				} `json:"body"`
				Actions []struct{ Type, Title, URL string } `json:"actions"`
			} `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(body(), &p); err != nil {
		t.Fatalf("Teams body is not JSON: %v", err)
	}
	if p.Type != "message" || len(p.Attachments) != 1 || p.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" {
		t.Fatalf("envelope = %s", body())
	}
	card := p.Attachments[0].Content
	if card.Type != "AdaptiveCard" || card.Version != "1.4" || len(card.Body) < 3 || card.Body[1].Type != "FactSet" {
		t.Fatalf("card = %s", body())
	}
	facts := map[string]string{}
	for _, f := range card.Body[1].Facts {
		facts[f.Title] = f.Value
	}
	if got := facts["Article"]; strings.Contains(got, "[x](") || strings.Contains(got, "*bold*") || strings.ContainsAny(got, "\r\n") {
		t.Errorf("Article fact keeps live Markdown or line breaks: %q", got)
	}
	if got := facts["Article"]; !strings.Contains(got, `\[x\]\(https://evil.example\)`) {
		t.Errorf("Article fact = %q, want escaped Markdown", got)
	}
	if got := facts["Evidence"]; strings.Contains(got, "{{DATE(") || !strings.Contains(got, "{\u200b{DATE\\(") {
		t.Errorf("Evidence fact = %q, want the date function neutralised", got)
	}
	if len(card.Actions) != 1 || card.Actions[0].Type != "Action.OpenUrl" || card.Actions[0].URL != "https://news.example/a?x=1&y=<2>|3" {
		t.Errorf("actions = %+v", card.Actions)
	}
}

func TestChatChannelFailures(t *testing.T) {
	for _, typ := range []string{TypeSlack, TypeTeams} {
		t.Run(typ, func(t *testing.T) {
			srv, _ := capture(t, http.StatusBadRequest, "invalid_blocks")
			st := &memOutbox{}
			a := testAlert("Acme")
			st.add(a, typ)
			n, _ := NewNotifier(st, Options{Channels: []Channel{{Name: typ, Type: typ, URL: srv.URL}}})
			stats, err := n.Deliver(context.Background())
			if err != nil || stats.Failed != 1 {
				t.Fatalf("Deliver = %+v, %v", stats, err)
			}
			d := st.delivery(a.ID, typ)
			if !strings.Contains(d.LastError, "HTTP 400: invalid_blocks") || strings.Contains(d.LastError, srv.URL) {
				t.Errorf("LastError = %q: want the status and answer, without the secret URL", d.LastError)
			}
		})
	}
}

func TestTeamsEscape(t *testing.T) {
	for in, want := range map[string]string{
		"news-site.example, 2018 launch": "news-site.example, 2018 launch",
		"- not a list":                   "\\- not a list",
		"2018. Paris":                    "2018\\. Paris",
		"**bold** _it_ [a](b)":           "\\*\\*bold\\*\\* \\_it\\_ \\[a\\]\\(b\\)",
		"C:\\path":                       "C:\\\\path",
		"{{TIME(x)}}":                    "{\u200b{TIME\\(x\\)}}",
	} {
		if got := teamsEscape(in); got != want {
			t.Errorf("teamsEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTeamsLegacyFailureIn200(t *testing.T) {
	srv, _ := capture(t, http.StatusOK, "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429")
	st := &memOutbox{}
	a := testAlert("Acme")
	st.add(a, "teams")
	n, _ := NewNotifier(st, Options{Channels: []Channel{{Name: "teams", Type: TypeTeams, URL: srv.URL}}, AttemptsPerRun: 1})
	if stats, err := n.Deliver(context.Background()); err != nil || stats.Failed != 1 {
		t.Fatalf("Deliver = %+v, %v; want a failure", stats, err)
	}
	if d := st.delivery(a.ID, "teams"); !strings.Contains(d.LastError, "HTTP error 429") {
		t.Errorf("LastError = %q", d.LastError)
	}
}

func TestConnectionErrorHidesURL(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/services/T000/B000/SECRET"
	srv.Close()
	err := post(context.Background(), "slack", url, []byte("{}"), nil)
	if err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("post to a closed port = %v: want an error without the URL", err)
	}
}

// FuzzSlackMessage checks that no text from an article opens a Slack control sequence
// (<!channel>, <@user>, <url|link>): the only "<" in a section is the article link's.
func FuzzSlackMessage(f *testing.F) {
	f.Add("Acme <!channel>", "Title <https://evil|x>", "https://news.example/a|b>c")
	f.Add("&lt;!here&gt;", "a\r\nb", "javascript:alert(1)")
	f.Fuzz(func(t *testing.T, name, title, url string) {
		a := testAlert("Acme")
		a.Entity.Name, a.Article.Title, a.Article.URL = name, title, url
		p := slackMessage(newMessage("slack", false, a))
		section := p.Blocks[1].Text.Text
		links := 0
		if isHTTP(a.Article.URL) && oneLine(title) != "" {
			links = 1
		}
		if got := strings.Count(section, "<"); got != links {
			t.Fatalf("%d '<' in the section, want %d:\n%s", got, links, section)
		}
		if strings.Contains(p.Text, "<") {
			t.Fatalf("fallback text has '<': %q", p.Text)
		}
	})
}
