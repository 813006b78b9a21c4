package config

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
)

// Channel types.
const (
	ChannelWebhook = "webhook"
	ChannelSlack   = "slack"
	ChannelTeams   = "teams"
	ChannelEmail   = "email"
	ChannelExec    = "exec"
	ChannelLog     = "log"
)

// ChannelTypes lists the channel types, in documentation order.
var ChannelTypes = []string{ChannelWebhook, ChannelSlack, ChannelTeams, ChannelEmail, ChannelExec, ChannelLog}

// TLSModes lists an email channel's tls values.
var TLSModes = []string{"starttls", "tls", "none"}

// AlertKinds lists the alert kinds a configuration may name (alerts.kinds, a channel's kinds).
var AlertKinds = []string{
	string(callwatch.AlertReported), string(callwatch.AlertConfirmed), string(callwatch.AlertDeclined),
	string(callwatch.AlertAnnounced), string(callwatch.AlertRemoved),
}

// LogLevels and LogFormats list the log options' values.
var (
	LogLevels  = []string{"debug", "info", "warn", "error"}
	LogFormats = []string{"text", "json"}
)

// channelFields says which type-specific options each channel type uses; the common
// ones (name, type, kinds, min_confidence, digest, timeout) are allowed everywhere.
var channelFields = map[string][]string{
	ChannelWebhook: {"url", "secret", "secret_file"},
	ChannelSlack:   {"url"},
	ChannelTeams:   {"url"},
	ChannelEmail:   {"smtp_host", "smtp_port", "tls", "username", "password", "password_file", "from", "to"},
	ChannelExec:    {"command"},
	ChannelLog:     {},
}

func (l *loader) validate(cfg *Config, needDatabase bool) {
	if cfg.Database == "" && needDatabase {
		l.errAt("database", "not set, and neither XDG_DATA_HOME nor HOME is defined: set database or pass --db")
	}
	l.validateSources(cfg.Sources)
	l.validateCrawl(&cfg.Crawl)
	l.unit("detect.min_confidence", cfg.Detect.MinConfidence)
	l.validateAlerts(&cfg.Alerts)
	l.validateDaemon(&cfg.Daemon)
	l.validateHTTP(&cfg.HTTP)
	l.enum("log.level", cfg.Log.Level, LogLevels)
	l.enum("log.format", cfg.Log.Format, LogFormats)
}

func (l *loader) validateSources(sources []Source) {
	kinds := make([]string, len(callwatch.SourceKinds))
	for i, k := range callwatch.SourceKinds {
		kinds[i] = string(k)
	}
	names := map[string]int{}
	urls := map[string]int{}
	for i, s := range sources {
		p := fmt.Sprintf("sources[%d]", i)
		// A source's stored state is keyed by its URL (callwatch.SourceID): two sources
		// with one URL would overwrite each other's state.
		if s.URL != "" {
			if j, dup := urls[s.URL]; dup {
				l.errAt(p+".url", "same URL as sources[%d]: each source needs its own URL", j)
			} else {
				urls[s.URL] = i
			}
		}
		if s.Name != "" {
			key := strings.ToLower(s.Name)
			if j, dup := names[key]; !dup {
				names[key] = i
			} else if l.isSet(p+".name") || l.isSet(fmt.Sprintf("sources[%d].name", j)) {
				// (two defaulted names are two equal URLs, reported as such)
				l.errAt(p+".name", "duplicate source name %q (also sources[%d])", s.Name, j)
			}
		}
		if s.Kind == "" {
			l.errAt(p+".kind", "missing: want one of %s", strings.Join(kinds, ", "))
		} else if !l.enum(p+".kind", s.Kind, kinds) {
			continue
		}
		if s.Kind == string(callwatch.KindSearch) {
			l.validateSearch(p, s)
		} else {
			if s.Engine != "" {
				l.errAt(p+".engine", "only search sources have an engine")
			}
			if s.Query != "" {
				l.errAt(p+".query", "only search sources have a query")
			}
			if s.URL == "" {
				l.errAt(p+".url", "missing: a %s source needs a url", s.Kind)
			} else {
				l.url(p+".url", s.URL)
			}
		}
		if s.Selector != "" && s.Kind != string(callwatch.KindPage) && s.Kind != string(callwatch.KindRegister) {
			l.errAt(p+".selector", "only page and register sources have a selector")
		}
		if s.Selector != "" && strings.TrimSpace(s.Selector) == "" {
			l.errAt(p+".selector", "is blank")
		}
		if s.Interval != 0 && s.Interval.Std() < time.Minute {
			l.errAt(p+".interval", "must be at least 1m (or 0 for crawl.interval), got %s", s.Interval)
		}
		if s.Language != "" && !isLanguage(s.Language) {
			l.errAt(p+".language", "want a two-letter ISO 639-1 code such as en or fr, got %q", s.Language)
		}
	}
}

func (l *loader) validateSearch(p string, s Source) {
	if s.Engine == "" && s.Query == "" {
		if s.URL == "" {
			l.errAt(p, "a search source needs a url, or an engine and a query")
			return
		}
		l.url(p+".url", s.URL)
		return
	}
	if s.Engine == "" {
		l.errAt(p+".engine", "missing: a query needs an engine (%s)", strings.Join(Engines, ", "))
		return
	}
	if !l.enum(p+".engine", s.Engine, Engines) {
		return
	}
	if strings.TrimSpace(s.Query) == "" {
		l.errAt(p+".query", "missing: an engine needs a query")
		return
	}
	if want := SearchURL(s.Engine, s.Query, s.Language); s.URL != want {
		l.errAt(p+".url", "give either a url or an engine and a query, not both (engine %s and this query give %s)", s.Engine, want)
	}
}

func (l *loader) validateCrawl(c *Crawl) {
	if strings.TrimSpace(c.UserAgent) == "" {
		l.errAt("crawl.user_agent", "must not be empty: sites should know who is fetching")
	} else if strings.ContainsAny(c.UserAgent, "\r\n\x00") {
		l.errAt("crawl.user_agent", "must be one line (it is an HTTP header)")
	}
	l.atLeast("crawl.concurrency", c.Concurrency, 1)
	l.atLeast("crawl.per_host", c.PerHost, 1)
	if c.Timeout <= 0 {
		l.errAt("crawl.timeout", "must be more than 0")
	}
	if c.MaxBodyBytes < 1024 {
		l.errAt("crawl.max_body", "must be at least 1KB, got %d bytes", c.MaxBodyBytes)
	}
	l.between("crawl.max_redirects", c.MaxRedirects, 0, 50)
	l.between("crawl.retries", c.Retries, 0, 10)
	if c.Interval.Std() < time.Minute {
		l.errAt("crawl.interval", "must be at least 1m, got %s", c.Interval)
	}
	if c.MaxBackoff < c.Interval {
		l.errAt("crawl.max_backoff", "must be at least crawl.interval (%s), got %s", c.Interval, c.MaxBackoff)
	}
	l.atLeast("crawl.max_items", c.MaxItems, 1)
}

func (l *loader) validateAlerts(a *Alerts) {
	switch a.Baseline {
	case "embedded", "none":
	case "":
		l.errAt("alerts.baseline", "missing: want embedded, none or the path of a CSV file")
	default:
		if st, err := os.Stat(a.Baseline); err != nil {
			l.errAt("alerts.baseline", "want embedded, none or an existing CSV file: %v", err)
		} else if st.IsDir() {
			l.errAt("alerts.baseline", "%s is a directory, not a CSV file", a.Baseline)
		}
	}
	l.unit("alerts.min_confidence", a.MinConfidence)
	l.atLeast("alerts.min_sources", a.MinSources, 1)
	if len(a.Kinds) == 0 {
		l.errAt("alerts.kinds", "is empty, so no alert would ever fire: list at least one of %s", strings.Join(AlertKinds, ", "))
	}
	l.kinds("alerts.kinds", a.Kinds)
	l.atLeast("alerts.max_attempts", a.MaxAttempts, 1)
	if a.Backoff <= 0 {
		l.errAt("alerts.backoff", "must be more than 0")
	}
	if a.MaxBackoff < a.Backoff {
		l.errAt("alerts.max_backoff", "must be at least alerts.backoff (%s), got %s", a.Backoff, a.MaxBackoff)
	}
	names := map[string]int{}
	for i := range a.Channels {
		l.validateChannel(fmt.Sprintf("alerts.channels[%d]", i), &a.Channels[i], a.Kinds)
		if n := a.Channels[i].Name; n != "" {
			if j, dup := names[n]; dup {
				l.errAt(fmt.Sprintf("alerts.channels[%d].name", i), "duplicate channel name %q (also alerts.channels[%d])", n, j)
			} else {
				names[n] = i
			}
		}
	}
}

func (l *loader) validateChannel(p string, c *Channel, enabled []string) {
	if c.Type == "" {
		l.errAt(p+".type", "missing: want one of %s", strings.Join(ChannelTypes, ", "))
		return
	}
	if !l.enum(p+".type", c.Type, ChannelTypes) {
		return
	}
	// Options that belong to other channel types are mistakes, not silently ignored.
	set := map[string]bool{
		"url": c.URL != "", "secret": c.Secret != "" && c.SecretFile == "", "secret_file": c.SecretFile != "",
		"smtp_host": c.SMTPHost != "", "smtp_port": c.SMTPPort != 0 && c.Type == ChannelEmail, "tls": c.TLS != "",
		"username": c.Username != "", "password": c.Password != "" && c.PasswordFile == "",
		"password_file": c.PasswordFile != "", "from": c.From != "", "to": len(c.To) > 0, "command": len(c.Command) > 0,
	}
	if c.Type != ChannelEmail && c.SMTPPort != 0 {
		set["smtp_port"] = true
	}
	for _, key := range []string{"url", "secret", "secret_file", "smtp_host", "smtp_port", "tls", "username", "password", "password_file", "from", "to", "command"} {
		if set[key] && !slices.Contains(channelFields[c.Type], key) {
			l.errAt(p+"."+key, "%s %s channel has no %s", article(c.Type), c.Type, key)
		}
	}
	switch c.Type {
	case ChannelWebhook, ChannelSlack, ChannelTeams:
		if c.URL == "" {
			l.errAt(p+".url", "missing: %s %s channel needs a url", article(c.Type), c.Type)
		} else {
			l.url(p+".url", c.URL)
		}
	case ChannelEmail:
		if c.SMTPHost == "" {
			l.errAt(p+".smtp_host", "missing: an email channel needs smtp_host")
		} else if strings.ContainsAny(c.SMTPHost, " /:") {
			l.errAt(p+".smtp_host", "want a host name, got %q", c.SMTPHost)
		}
		if c.SMTPPort != 0 || slices.Contains(TLSModes, c.TLS) {
			l.between(p+".smtp_port", c.SMTPPort, 1, 65535)
		}
		l.enum(p+".tls", c.TLS, TLSModes)
		if c.From == "" {
			l.errAt(p+".from", "missing: an email channel needs a from address")
		} else if _, err := mail.ParseAddress(c.From); err != nil {
			l.errAt(p+".from", "invalid address %q: %v", c.From, err)
		}
		if len(c.To) == 0 {
			l.errAt(p+".to", "missing: an email channel needs at least one to address")
		}
		for i, to := range c.To {
			if _, err := mail.ParseAddress(to); err != nil {
				l.errAt(fmt.Sprintf("%s.to[%d]", p, i), "invalid address %q: %v", to, err)
			}
		}
		if c.Password != "" && c.Username == "" {
			l.errAt(p+".username", "missing: a password needs a username")
		}
	case ChannelExec:
		if len(c.Command) == 0 || strings.TrimSpace(c.Command[0]) == "" {
			l.errAt(p+".command", "missing: an exec channel needs a command (program and arguments)")
		}
	}
	l.kinds(p+".kinds", c.Kinds)
	for i, k := range c.Kinds {
		if slices.Contains(AlertKinds, k) && !slices.Contains(enabled, k) {
			l.errAt(fmt.Sprintf("%s.kinds[%d]", p, i), "%s alerts are not raised: add %s to alerts.kinds", k, k)
		}
	}
	l.unit(p+".min_confidence", c.MinConfidence)
	if c.Timeout < 0 {
		l.errAt(p+".timeout", "must not be negative")
	}
}

func (l *loader) validateDaemon(d *Daemon) {
	if err := checkSchedule(d.Schedule); err != nil {
		l.errAt("daemon.schedule", "%v", err)
	}
}

// checkSchedule accepts "@every 30m", the @hourly family and 5-field cron expressions,
// optionally preceded by CRON_TZ=Area/City (what github.com/robfig/cron/v3 accepts).
func checkSchedule(s string) error {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return fmt.Errorf(`missing: want "@every 30m", @hourly, @daily or a cron expression`)
	case strings.HasPrefix(s, "@every "):
		d, err := ParseDuration(strings.TrimPrefix(s, "@every "))
		if err != nil {
			return err
		}
		if d < time.Minute {
			return fmt.Errorf("passes must be at least 1m apart, got %s", Duration(d))
		}
		return nil
	case strings.HasPrefix(s, "@"):
		switch s {
		case "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually":
			return nil
		}
		return fmt.Errorf("unknown schedule %q: want @every DURATION, @hourly, @daily, @weekly, @monthly or @yearly", s)
	}
	fields := strings.Fields(s)
	if len(fields) > 0 && (strings.HasPrefix(fields[0], "CRON_TZ=") || strings.HasPrefix(fields[0], "TZ=")) {
		_, tz, _ := strings.Cut(fields[0], "=")
		if _, err := time.LoadLocation(tz); err != nil {
			return fmt.Errorf("unknown time zone %q: %v", tz, err)
		}
		fields = fields[1:]
	}
	if len(fields) != 5 {
		return fmt.Errorf("a cron expression has 5 fields (minute hour day month weekday), got %d in %q", len(fields), s)
	}
	for _, f := range fields {
		for _, r := range f {
			if !strings.ContainsRune("0123456789*,-/?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", r) {
				return fmt.Errorf("invalid character %q in cron field %q", r, f)
			}
		}
	}
	return nil
}

func (l *loader) validateHTTP(h *HTTP) {
	host, port, err := net.SplitHostPort(h.Listen)
	if err != nil {
		l.errAt("http.listen", "want host:port such as 127.0.0.1:8765, got %q", h.Listen)
		return
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		l.errAt("http.listen", "invalid port %q", port)
	}
	if !isLoopback(host) && h.Token == "" {
		l.errAt("http.listen", "%s is reachable from other machines: set http.token (or http.token_file), or listen on 127.0.0.1", h.Listen)
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (l *loader) url(path, s string) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		l.errAt(path, "invalid URL %q: %v", s, err)
	case u.Scheme != "http" && u.Scheme != "https":
		l.errAt(path, "want an http or https URL, got %q", s)
	case u.Host == "" || u.Hostname() == "":
		l.errAt(path, "URL %q has no host", s)
	case strings.ContainsAny(s, " \t\n"):
		l.errAt(path, "URL %q contains spaces (write them as %%20)", s)
	}
}

func (l *loader) enum(path, v string, allowed []string) bool {
	if slices.Contains(allowed, v) {
		return true
	}
	msg := fmt.Sprintf("invalid value %q: want one of %s", v, strings.Join(allowed, ", "))
	if s := suggest(v, allowed); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	l.errAt(path, "%s", msg)
	return false
}

func (l *loader) kinds(path string, kinds []string) {
	seen := map[string]bool{}
	for i, k := range kinds {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !l.enum(p, k, AlertKinds) {
			continue
		}
		if seen[k] {
			l.errAt(p, "%s is listed twice", k)
		}
		seen[k] = true
	}
}

func (l *loader) unit(path string, v float64) {
	if !(v >= 0 && v <= 1) { // also rejects NaN
		l.errAt(path, "must be between 0 and 1, got %v", v)
	}
}

func (l *loader) atLeast(path string, v, lo int) {
	if v < lo {
		l.errAt(path, "must be at least %d, got %d", lo, v)
	}
}

func (l *loader) between(path string, v, lo, hi int) {
	if v < lo || v > hi {
		l.errAt(path, "must be between %d and %d, got %d", lo, hi, v)
	}
}

func isLanguage(s string) bool {
	return len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}

// article returns "an" before a vowel sound, else "a".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// isSet reports whether the file, the environment or a flag set the option at path.
func (l *loader) isSet(path string) bool {
	_, ok := l.where[path]
	return ok
}
