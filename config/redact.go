package config

import (
	"net/url"
	"slices"

	"github.com/goccy/go-yaml"
)

// Redacted is what a secret is replaced by in Redacted and YAML.
const Redacted = "[redacted]"

// Clone returns a deep copy of cfg.
func (cfg *Config) Clone() *Config {
	c := *cfg
	c.Sources = slices.Clone(cfg.Sources)
	c.Alerts.Kinds = slices.Clone(cfg.Alerts.Kinds)
	c.Alerts.Channels = slices.Clone(cfg.Alerts.Channels)
	for i := range c.Alerts.Channels {
		ch := &c.Alerts.Channels[i]
		ch.Kinds = slices.Clone(ch.Kinds)
		ch.To = slices.Clone(ch.To)
		ch.Command = slices.Clone(ch.Command)
	}
	return &c
}

// Redacted returns a copy of cfg that is safe to show: secrets, passwords and tokens
// (left empty when they were read from a *_file),
// the user information of every URL, and everything after the host in webhook, Slack and
// Teams URLs (they often embed a token) are replaced by "[redacted]".
func (cfg *Config) Redacted() *Config {
	c := cfg.Clone()
	for i := range c.Sources {
		c.Sources[i].URL = redactURL(c.Sources[i].URL, false)
	}
	for i := range c.Alerts.Channels {
		ch := &c.Alerts.Channels[i]
		ch.Secret = redactSecret(ch.Secret, ch.SecretFile)
		ch.Password = redactSecret(ch.Password, ch.PasswordFile)
		ch.URL = redactURL(ch.URL, ch.Type == ChannelSlack || ch.Type == ChannelTeams || ch.Type == ChannelWebhook)
	}
	c.HTTP.Token = redactSecret(c.HTTP.Token, c.HTTP.TokenFile)
	return c
}

// redactSecret hides a secret. One read from a *_file is left out altogether: the file's
// name says where it comes from, and the output then loads back as it is.
func redactSecret(s, file string) string {
	if s == "" || file != "" {
		return ""
	}
	return Redacted
}

// redactURL hides a URL's user information and, for webhooks, everything after the host
// that may carry a token (Slack's and Teams' paths, any query string).
func redactURL(s string, webhook bool) string {
	if s == "" {
		return s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		if webhook {
			return Redacted
		}
		return s
	}
	if u.User != nil {
		u.User = url.User(Redacted) // written %5Bredacted%5D: a URL that still parses
	}
	suffix := ""
	if webhook && (u.Path != "" && u.Path != "/" || u.RawQuery != "") {
		u.Path, u.RawPath, u.RawQuery, u.Fragment = "", "", "", ""
		suffix = "/" + Redacted
	}
	return u.String() + suffix
}

// YAML returns the configuration as YAML, secrets redacted: what `callwatch config show`
// prints. The output loads back with Load (secrets aside).
func (cfg *Config) YAML() ([]byte, error) {
	return yaml.MarshalWithOptions(cfg.Redacted(), yaml.Indent(2), yaml.IndentSequence(true))
}
