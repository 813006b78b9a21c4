package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestRedactedYAML(t *testing.T) {
	file := `
sources:
  - kind: feed
    url: https://reader:feedpass@private.example.org/feed.xml
alerts:
  channels:
    - type: slack
      url: https://hooks.slack.com/services/T000/B000/slacktoken
    - type: teams
      url: https://example.webhook.office.com/webhookb2/teamstoken
    - type: webhook
      url: https://hooks.example.org/cw?token=querytoken
      secret: ${HOOK_SECRET}
    - type: email
      smtp_host: mx.example.org
      username: ana
      password: smtppassword
      from: a@example.org
      to: b@example.org
http:
  listen: 0.0.0.0:8765
`
	e := env{"HOME": "/home/ana", "HOOK_SECRET": "hooksecret", "CALLWATCH_HTTP_TOKEN": "httptoken"}
	cfg, err := Load(Options{Name: "c.yaml", Data: []byte(file), Getenv: e.get})
	if err != nil {
		t.Fatal(err)
	}
	out, err := cfg.YAML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, secret := range []string{"feedpass", "slacktoken", "T000", "teamstoken", "querytoken", "hooksecret", "smtppassword", "httptoken"} {
		if strings.Contains(s, secret) {
			t.Errorf("config show leaks %q:\n%s", secret, s)
		}
	}
	for _, want := range []string{
		"url: https://%5Bredacted%5D@private.example.org/feed.xml",
		"url: https://hooks.slack.com/[redacted]",
		"url: https://example.webhook.office.com/[redacted]",
		"url: https://hooks.example.org/[redacted]",
		`secret: "[redacted]"`,
		`password: "[redacted]"`,
		`token: "[redacted]"`,
		"username: ana",
		"per_host: 2",
		"max_body: 10MB",
		"interval: 1h",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("config show lacks %q:\n%s", want, s)
		}
	}
	// The original is untouched.
	if cfg.Alerts.Channels[2].Secret != "hooksecret" || !strings.Contains(cfg.Alerts.Channels[0].URL, "slacktoken") {
		t.Errorf("Redacted modified the configuration")
	}
	// What config show prints loads back.
	if _, err := Load(Options{Name: "shown.yaml", Data: out, Getenv: e.get}); err != nil {
		t.Errorf("config show output does not load back: %v\n%s", err, s)
	}
}

// TestShowRoundTrip checks that config show prints every option faithfully: its output
// loads back to the same configuration.
func TestShowRoundTrip(t *testing.T) {
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "s")
	if err := os.WriteFile(secretFile, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := env{"HOME": "/home/ana", "HOOK_SECRET": "x"}
	inputs := map[string][]byte{
		"default":     DefaultYAML(),
		"valid.yaml":  readTestdata(t, "valid.yaml"),
		"secret_file": []byte("alerts:\n  channels:\n    - type: webhook\n      url: https://e.org/h\n      secret_file: " + secretFile + "\n"),
	}
	for name, data := range inputs {
		cfg, err := Load(Options{Name: name, Data: data, Getenv: e.get})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, err := cfg.YAML()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Load(Options{Name: name + " shown", Data: out, Getenv: e.get})
		if err != nil {
			t.Fatalf("%s: config show output does not load back: %v\n%s", name, err, out)
		}
		if !reflect.DeepEqual(back.Redacted(), cfg.Redacted()) {
			t.Errorf("%s: config show output loads back differently:\n%s", name, out)
		}
		if name == "secret_file" && (strings.Contains(string(out), "from-file") || back.Alerts.Channels[0].Secret != "from-file") {
			t.Errorf("secret_file: the secret is shown, or not read back from its file:\n%s", out)
		}
	}
	// Clone is deep.
	cfg, _ := Load(Options{Name: "v", Data: readTestdata(t, "valid.yaml"), Getenv: e.get})
	c := cfg.Clone()
	c.Alerts.Channels[2].To[0] = "changed"
	c.Alerts.Kinds[0] = "changed"
	c.Sources[0].Name = "changed"
	if cfg.Alerts.Channels[2].To[0] == "changed" || cfg.Alerts.Kinds[0] == "changed" || cfg.Sources[0].Name == "changed" {
		t.Errorf("Clone shares memory with the original")
	}
}

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct {
		in      string
		webhook bool
		want    string
	}{
		{"https://example.org/feed", false, "https://example.org/feed"},
		{"https://u:p@example.org/feed?a=1", false, "https://%5Bredacted%5D@example.org/feed?a=1"},
		{"https://hooks.example.org/", true, "https://hooks.example.org/"},
		{"https://hooks.example.org", true, "https://hooks.example.org"},
		{"https://hooks.example.org/x/y", true, "https://hooks.example.org/[redacted]"},
		{"not a url", true, "[redacted]"},
		{"", true, ""},
	} {
		if got := redactURL(tc.in, tc.webhook); got != tc.want {
			t.Errorf("redactURL(%q, %v) = %q, want %q", tc.in, tc.webhook, got, tc.want)
		}
	}
}
