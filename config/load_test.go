package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// env is a fake environment for tests.
type env map[string]string

func (e env) get(k string) (string, bool) { v, ok := e[k]; return v, ok }

func home() env { return env{"HOME": "/home/ana"} }

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// loadErrs loads yaml and returns its errors (nil if valid).
func loadErrs(t *testing.T, yaml string, e env) Errors {
	t.Helper()
	if e == nil {
		e = home()
	}
	_, err := Load(Options{Name: "c.yaml", Data: []byte(yaml), Getenv: e.get})
	if err == nil {
		return nil
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("Load returned %T (%v), want config.Errors", err, err)
	}
	return es
}

func TestLoadValidFile(t *testing.T) {
	e := env{"HOME": "/home/ana", "HOOK_SECRET": "hook-secret"}
	cfg, err := Load(Options{Name: "testdata/valid.yaml", Data: readTestdata(t, "valid.yaml"), Getenv: e.get, Version: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "/home/ana/watch/callwatch.db"; cfg.Database != want {
		t.Errorf("Database = %q, want %q (~ expanded)", cfg.Database, want)
	}
	if len(cfg.Sources) != 5 {
		t.Fatalf("got %d sources, want the file's 5 (a file's list replaces the default list)", len(cfg.Sources))
	}
	s := cfg.Sources
	if s[0].Interval.Std() != 2*time.Hour || s[0].Language != "fr" {
		t.Errorf("source 0 = %+v", s[0])
	}
	if want := SearchURL("gdelt", `"Appel de Paris"`, "fr"); s[2].URL != want || !strings.Contains(want, "sourcelang%3Afrench") {
		t.Errorf("search source URL = %q, want %q with the French source language", s[2].URL, want)
	}
	if s[3].Name != "https://ministry.example.org/news/" || s[3].Selector != "article h2 a" || !s[3].IgnoreRobots {
		t.Errorf("page source = %+v, want its URL as name", s[3])
	}
	if !s[4].Disabled {
		t.Errorf("register source: disabled: yes not read")
	}
	c := cfg.Crawl
	if c.UserAgent != "watcher/1.2.3" || c.Concurrency != 4 || c.PerHost != 1 || c.Delay.Std() != time.Second ||
		c.MaxBodyBytes != 5<<20 || c.MaxBackoff.Std() != 7*24*time.Hour || c.Retries != 0 || c.FetchArticles ||
		!c.AllowPrivateNetworks || c.ResolveRedirects {
		t.Errorf("crawl = %+v", c)
	}
	if cfg.Detect.MinConfidence != 0.6 {
		t.Errorf("detect.min_confidence = %v", cfg.Detect.MinConfidence)
	}
	a := cfg.Alerts
	if a.Baseline != "none" || a.MinSources != 2 || !slices.Equal(a.Kinds, []string{"reported", "confirmed", "declined"}) {
		t.Errorf("alerts = %+v", a)
	}
	var names []string
	for _, ch := range a.Channels {
		names = append(names, ch.Name)
	}
	if want := []string{"webhook", "webhook-2", "analysts", "exec", "log"}; !slices.Equal(names, want) {
		t.Errorf("channel names = %v, want %v", names, want)
	}
	if a.Channels[0].Secret != "hook-secret" || !a.Channels[0].Digest || a.Channels[0].Timeout.Std() != 15*time.Second {
		t.Errorf("webhook channel = %+v, want ${HOOK_SECRET} expanded and the 15s default timeout", a.Channels[0])
	}
	em := a.Channels[2]
	if em.TLS != "tls" || em.SMTPPort != 465 || !slices.Equal(em.To, []string{"analysts@example.org"}) || em.Password != "s3cret" {
		t.Errorf("email channel = %+v, want port 465 for tls and a one-item to list", em)
	}
	if ex := a.Channels[3]; !slices.Equal(ex.Command, []string{"/usr/local/bin/notify", "--urgent"}) || ex.Timeout.Std() != 5*time.Second {
		t.Errorf("exec channel = %+v", ex)
	}
	if cfg.Daemon.Schedule != "*/15 * * * *" || cfg.HTTP.Listen != "0.0.0.0:8080" || cfg.HTTP.Token != "tok" {
		t.Errorf("daemon/http = %+v %+v", cfg.Daemon, cfg.HTTP)
	}
	if a.Channels[4].Timeout.Std() != 15*time.Second {
		t.Errorf("log channel timeout = %v, want the 15s default", a.Channels[4].Timeout)
	}
	if cfg.Log != (Log{Level: "debug", Format: "json"}) {
		t.Errorf("log = %+v", cfg.Log)
	}
}

func TestEmbeddedDefaultValidates(t *testing.T) {
	cfg, err := Load(Options{Getenv: home().get})
	if err != nil {
		t.Fatalf("the embedded default configuration is invalid:\n%v", err)
	}
	if cfg.Database != "/home/ana/.local/share/callwatch/callwatch.db" {
		t.Errorf("Database = %q", cfg.Database)
	}
	langs := map[string]bool{}
	kinds := map[string]int{}
	for _, s := range cfg.Sources {
		if s.Disabled {
			continue
		}
		kinds[s.Kind]++
		if s.Kind == "search" {
			langs[s.Language] = true
		}
		if s.URL == "" {
			t.Errorf("source %q has no URL after loading", s.Name)
		}
	}
	for _, l := range []string{"en", "fr", "de", "es"} {
		if !langs[l] {
			t.Errorf("no enabled default news search in %s", l)
		}
	}
	if kinds["register"] == 0 || kinds["feed"] < 3 {
		t.Errorf("default sources by kind = %v, want the register and a few feeds", kinds)
	}
	if !strings.HasPrefix(cfg.Crawl.UserAgent, "callwatch/dev ") {
		t.Errorf("user agent = %q", cfg.Crawl.UserAgent)
	}
	// Default() and Load agree: one source of truth.
	d := Default()
	if d.Crawl.Concurrency != cfg.Crawl.Concurrency || d.Alerts.MinConfidence != cfg.Alerts.MinConfidence || len(d.Sources) != len(cfg.Sources) {
		t.Errorf("Default() differs from the loaded default")
	}
}

// TestDefaultYAMLDocumentsEveryOption checks that default.yaml explains every option.
func TestDefaultYAMLDocumentsEveryOption(t *testing.T) {
	var comments strings.Builder
	for line := range strings.SplitSeq(string(DefaultYAML()), "\n") {
		if _, c, ok := strings.Cut(line, "#"); ok {
			comments.WriteString(c)
			comments.WriteString("\n")
		}
	}
	text := comments.String()
	for _, p := range readmePaths() {
		key := p[strings.LastIndexAny(p, ".]")+1:]
		// A key is documented when a comment names it ("per_host:", "secret_file") or
		// when the comment block sits right above it.
		if !strings.Contains(text, key) && !commentedAbove(string(DefaultYAML()), key) {
			t.Errorf("default.yaml does not document %s", p)
		}
	}
}

func commentedAbove(doc, key string) bool {
	lines := strings.Split(doc, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), key+":") && i > 0 && strings.HasPrefix(strings.TrimSpace(lines[i-1]), "#") {
			return true
		}
	}
	return false
}

// TestErrorPositions checks each kind of invalid value: message, option and the exact
// line and column of the value (or key) at fault.
func TestErrorPositions(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       string // "line:col: path: message part"
	}{
		{"unknown top-level key", "sourcs: []\n", `1:1: sourcs: unknown option "sourcs" at the top level (did you mean "sources"?)`},
		{"unknown nested key", "crawl:\n  per_hots: 2\n", `2:3: crawl.per_hots: unknown option "per_hots" in crawl (did you mean "per_host"?)`},
		{"unknown key, no suggestion", "crawl:\n  zzzzzz: 2\n", `2:3: crawl.zzzzzz: unknown option "zzzzzz" in crawl`},
		{"option in the wrong section", "per_host: 2\n", `1:1: per_host: unknown option "per_host" at the top level (it is an option of crawl)`},
		{"option of two lists", "crawl:\n  url: https://e.org/\n", `2:3: crawl.url: unknown option "url" in crawl (it is an option of sources[] and alerts.channels[])`},
		{"a mapping for a list", "sources:\n  kind: feed\n", `2:3: sources: want a list, got a mapping (start each item with "- ")`},
		{"not an integer", "crawl:\n  concurrency: many\n", `2:16: crawl.concurrency: want a whole number, got "many"`},
		{"user agent on two lines", "crawl:\n  user_agent: |\n    a\n    b\n", `2:15: crawl.user_agent: must be one line (it is an HTTP header)`},
		{"empty user agent", "crawl:\n  user_agent: ' '\n", `2:15: crawl.user_agent: must not be empty`},
		{"not a mapping at the top", "- a\n", `1:1: want a mapping of options, got a list`},
		{"concurrency below 1", "crawl:\n  concurrency: 0\n", `2:16: crawl.concurrency: must be at least 1, got 0`},
		{"per_host below 1", "crawl:\n  per_host: -2\n", `2:13: crawl.per_host: must be at least 1, got -2`},
		{"bad duration", "crawl:\n  timeout: soon\n", `2:12: crawl.timeout: invalid duration "soon"`},
		{"zero timeout", "crawl:\n  timeout: 0s\n", `2:12: crawl.timeout: must be more than 0`},
		{"bad size", "crawl:\n  max_body: 10 parsecs\n", `2:13: crawl.max_body: invalid size "10 parsecs"`},
		{"bad bool", "crawl:\n  fetch_articles: maybe\n", `2:19: crawl.fetch_articles: want true or false, got "maybe"`},
		{"retries out of range", "crawl:\n  retries: 11\n", `2:12: crawl.retries: must be between 0 and 10, got 11`},
		{"interval too short", "crawl:\n  interval: 10s\n", `2:13: crawl.interval: must be at least 1m`},
		{"max_backoff below interval", "crawl:\n  interval: 2h\n  max_backoff: 1h\n", `3:16: crawl.max_backoff: must be at least crawl.interval (2h), got 1h`},
		{"confidence above 1", "detect:\n  min_confidence: 1.5\n", `2:19: detect.min_confidence: must be between 0 and 1, got 1.5`},
		{"confidence not a number", "alerts:\n  min_confidence: high\n", `2:19: alerts.min_confidence: want a number, got "high"`},
		{"negative confidence", "alerts:\n  min_confidence: -0.1\n", `2:19: alerts.min_confidence: must be between 0 and 1, got -0.1`},
		{"ftp URL", "sources:\n  - kind: feed\n    url: ftp://example.org/f\n", `3:10: sources[0].url: want an http or https URL, got "ftp://example.org/f"`},
		{"URL without host", "sources:\n  - kind: feed\n    url: https:///feed\n", `3:10: sources[0].url: URL "https:///feed" has no host`},
		{"unparsable URL", "sources:\n  - kind: feed\n    url: \"http://exa mple.org/%zz\"\n", `3:10: sources[0].url: invalid URL`},
		{"missing URL", "sources:\n  - kind: feed\n    name: x\n", `2:5: sources[0].url: missing: a feed source needs a url`},
		{"kind typo", "sources:\n  - kind: serch\n    url: https://e.org/\n", `2:11: sources[0].kind: invalid value "serch": want one of feed, search, page, register (did you mean "search"?)`},
		{"missing kind", "sources:\n  - url: https://e.org/\n", `2:5: sources[0].kind: missing: want one of feed, search, page, register`},
		{"unknown engine", "sources:\n  - kind: search\n    engine: yahoo\n    query: x\n", `3:13: sources[0].engine: invalid value "yahoo": want one of google, bing, gdelt`},
		{"search without url or engine", "sources:\n  - kind: search\n", `2:5: sources[0]: a search source needs a url, or an engine and a query`},
		{"query without engine", "sources:\n  - kind: search\n    query: x\n", `2:5: sources[0].engine: missing: a query needs an engine`},
		{"engine without query", "sources:\n  - kind: search\n    engine: bing\n", `2:5: sources[0].query: missing: an engine needs a query`},
		{"url and engine disagree", "sources:\n  - kind: search\n    engine: bing\n    query: x\n    url: https://e.org/\n", `5:10: sources[0].url: give either a url or an engine and a query, not both`},
		{"engine on a feed", "sources:\n  - kind: feed\n    url: https://e.org/\n    engine: google\n", `4:13: sources[0].engine: only search sources have an engine`},
		{"selector on a feed", "sources:\n  - kind: feed\n    url: https://e.org/\n    selector: a\n", `4:15: sources[0].selector: only page and register sources have a selector`},
		{"duplicate source names", "sources:\n  - {name: A, kind: feed, url: 'https://e.org/1'}\n  - {name: a, kind: feed, url: 'https://e.org/2'}\n", `3:12: sources[1].name: duplicate source name "a" (also sources[0])`},
		{"duplicate source URLs", "sources:\n  - {kind: feed, url: 'https://e.org/f'}\n  - {kind: search, engine: bing, query: x}\n  - {kind: page, url: 'https://e.org/f'}\n", `4:23: sources[2].url: same URL as sources[0]: each source needs its own URL`},
		{"duplicate search URLs", "sources:\n  - {name: a, kind: search, engine: bing, query: x}\n  - {name: b, kind: search, engine: bing, query: x}\n", `3:6: sources[1].url: same URL as sources[0]`},
		{"name equal to a defaulted name", "sources:\n  - {kind: feed, url: 'https://e.org/f'}\n  - {name: 'https://e.org/f', kind: feed, url: 'https://e.org/g'}\n", `3:12: sources[1].name: duplicate source name "https://e.org/f" (also sources[0])`},
		{"bad language", "sources:\n  - kind: feed\n    url: https://e.org/\n    language: french\n", `4:15: sources[0].language: want a two-letter ISO 639-1 code`},
		{"source interval too short", "sources:\n  - kind: feed\n    url: https://e.org/\n    interval: 5s\n", `4:15: sources[0].interval: must be at least 1m`},
		{"missing baseline file", "alerts:\n  baseline: /nonexistent/known.csv\n", `2:13: alerts.baseline: want embedded, none or an existing CSV file`},
		{"unknown alert kind", "alerts:\n  kinds: [reported, bogus]\n", `2:21: alerts.kinds[1]: invalid value "bogus": want one of reported, confirmed, declined, announced, removed`},
		{"alert kind twice", "alerts:\n  kinds: [reported, reported]\n", `2:21: alerts.kinds[1]: reported is listed twice`},
		{"no alert kinds", "alerts:\n  kinds: []\n", `2:10: alerts.kinds: is empty, so no alert would ever fire`},
		{"max_backoff below backoff", "alerts:\n  backoff: 1h\n  max_backoff: 1m\n", `3:16: alerts.max_backoff: must be at least alerts.backoff (1h), got 1m`},
		{"channel type typo", "alerts:\n  channels:\n    - type: webhok\n", `3:13: alerts.channels[0].type: invalid value "webhok": want one of webhook, slack, teams, email, exec, log (did you mean "webhook"?)`},
		{"webhook without url", "alerts:\n  channels:\n    - type: webhook\n", `3:7: alerts.channels[0].url: missing: a webhook channel needs a url`},
		{"slack with a bad url", "alerts:\n  channels:\n    - type: slack\n      url: hooks.slack.com/x\n", `4:12: alerts.channels[0].url: want an http or https URL`},
		{"teams without url", "alerts:\n  channels:\n    - type: teams\n", `3:7: alerts.channels[0].url: missing: a teams channel needs a url`},
		{"email without smtp_host", "alerts:\n  channels:\n    - type: email\n      from: a@e.org\n      to: b@e.org\n", `3:7: alerts.channels[0].smtp_host: missing: an email channel needs smtp_host`},
		{"email without from", "alerts:\n  channels:\n    - type: email\n      smtp_host: mx\n      to: b@e.org\n", `3:7: alerts.channels[0].from: missing: an email channel needs a from address`},
		{"email without to", "alerts:\n  channels:\n    - type: email\n      smtp_host: mx\n      from: a@e.org\n", `3:7: alerts.channels[0].to: missing: an email channel needs at least one to address`},
		{"email bad to", "alerts:\n  channels:\n    - type: email\n      smtp_host: mx\n      from: a@e.org\n      to: [b@e.org, not-an-address]\n", `6:21: alerts.channels[0].to[1]: invalid address "not-an-address"`},
		{"email bad tls", "alerts:\n  channels:\n    - type: email\n      smtp_host: mx\n      from: a@e.org\n      to: b@e.org\n      tls: ssl\n", `7:12: alerts.channels[0].tls: invalid value "ssl": want one of starttls, tls, none`},
		{"email bad port", "alerts:\n  channels:\n    - type: email\n      smtp_host: mx\n      smtp_port: 70000\n      from: a@e.org\n      to: b@e.org\n", `5:18: alerts.channels[0].smtp_port: must be between 1 and 65535, got 70000`},
		{"exec without command", "alerts:\n  channels:\n    - type: exec\n", `3:7: alerts.channels[0].command: missing: an exec channel needs a command`},
		{"url on an exec channel", "alerts:\n  channels:\n    - type: exec\n      command: [x]\n      url: https://e.org/\n", `5:12: alerts.channels[0].url: an exec channel has no url`},
		{"channel kind not raised", "alerts:\n  channels:\n    - type: log\n      kinds: [removed]\n", `4:15: alerts.channels[0].kinds[0]: removed alerts are not raised: add removed to alerts.kinds`},
		{"channel confidence", "alerts:\n  channels:\n    - type: log\n      min_confidence: 2\n", `4:23: alerts.channels[0].min_confidence: must be between 0 and 1, got 2`},
		{"duplicate channel names", "alerts:\n  channels:\n    - {type: log, name: x}\n    - {type: log, name: x}\n", `4:25: alerts.channels[1].name: duplicate channel name "x" (also alerts.channels[0])`},
		{"bad schedule", "daemon:\n  schedule: every five minutes\n", `2:13: daemon.schedule: a cron expression has 5 fields`},
		{"schedule too frequent", "daemon:\n  schedule: '@every 10s'\n", `2:13: daemon.schedule: passes must be at least 1m apart`},
		{"unknown time zone", "daemon:\n  schedule: CRON_TZ=Mars/Olympus 0 8 * * *\n", `2:13: daemon.schedule: unknown time zone "Mars/Olympus"`},
		{"listen without port", "http:\n  listen: localhost\n", `2:11: http.listen: want host:port`},
		{"public listen without token", "http:\n  listen: 0.0.0.0:8765\n", `2:11: http.listen: 0.0.0.0:8765 is reachable from other machines: set http.token`},
		{"log level", "log:\n  level: verbose\n", `2:10: log.level: invalid value "verbose": want one of debug, info, warn, error`},
		{"log format", "log:\n  format: xml\n", `2:11: log.format: invalid value "xml": want one of text, json`},
		{"mapping for a number", "crawl:\n  per_host: {a: 1}\n", `2:14: crawl.per_host: want a single value, got a mapping`},
		{"scalar for a section", "crawl: fast\n", `1:8: crawl: want a mapping of options, got "fast"`},
		{"scalar for a list of sources", "sources: feed\n", `1:10: sources: want a list, got "feed"`},
		{"undefined variable", "database: ${NOPE}/x.db\n", `1:11: database: environment variable NOPE is not set`},
		{"two undefined variables", "database: ${A1}/${B2}\n", `1:11: database: environment variables A1, B2 are not set`},
		{"unclosed variable", "database: ${HOME\n", `1:11: database: unclosed ${`},
		{"merge key", "base: &b {per_host: 1}\n", `1:1: base: unknown option "base" at the top level`},
		{"merge keys are refused", "crawl:\n  <<: {per_host: 1}\n", `2:3: crawl: merge keys (<<) are not supported`},
		{"syntax error", "crawl:\n  per_host: [1\n", `2:13: invalid YAML`},
		{"duplicate key", "crawl:\n  per_host: 1\n  per_host: 2\n", `3:3: invalid YAML: mapping key "per_host" already defined at [2:3]`},
		{"two documents", "crawl: {}\n---\ncrawl: {}\n", `3:1: a configuration file holds one YAML document`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := loadErrs(t, tc.yaml, nil)
			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1:\n%v", len(errs), errs)
			}
			got := strings.TrimPrefix(errs[0].Error(), "c.yaml:")
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("error\n got: %s\nwant: %s...", got, tc.want)
			}
			if errs[0].File != "c.yaml" || errs[0].Line == 0 || errs[0].Col == 0 {
				t.Errorf("error %+v has no file position", errs[0])
			}
		})
	}
}

// TestAllErrorsAtOnce checks that one run reports every problem, in file order.
func TestAllErrorsAtOnce(t *testing.T) {
	errs := loadErrs(t, string(readTestdata(t, "invalid.yaml")), nil)
	want := []string{
		`c.yaml:2:3: crawl.per_hots: unknown option "per_hots" in crawl (did you mean "per_host"?)`,
		`c.yaml:3:16: crawl.concurrency: must be at least 1, got 0`,
		`c.yaml:4:12: crawl.timeout: invalid duration "5x": want e.g. 30s, 15m, 24h or 7d`,
		`c.yaml:7:10: sources[0].url: want an http or https URL, got "ftp://example.org/feed"`,
		`c.yaml:8:11: sources[1].kind: invalid value "serch": want one of feed, search, page, register (did you mean "search"?)`,
		`c.yaml:11:21: alerts.kinds[1]: invalid value "bogus": want one of reported, confirmed, declined, announced, removed`,
		`c.yaml:13:7: alerts.channels[0].smtp_host: missing: an email channel needs smtp_host`,
		`c.yaml:13:7: alerts.channels[0].from: missing: an email channel needs a from address`,
		`c.yaml:13:7: alerts.channels[0].to: missing: an email channel needs at least one to address`,
		`c.yaml:14:12: alerts.channels[0].url: an email channel has no url`,
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s := errs.Error(); !strings.HasPrefix(s, "10 configuration errors:\n  c.yaml:2:3: ") {
		t.Errorf("Errors.Error() = %q", s)
	}
}

func TestEnvOverrides(t *testing.T) {
	file := `
alerts:
  channels:
    - type: webhook
      url: https://file.example.org/hook
`
	e := env{
		"HOME":                             "/home/ana",
		"CALLWATCH_CRAWL_PER_HOST":         "4",
		"CALLWATCH_ALERTS_MIN_CONFIDENCE":  "0.8",
		"CALLWATCH_DATABASE":               "/var/lib/callwatch/cw.db",
		"CALLWATCH_HTTP_TOKEN":             "env-token",
		"CALLWATCH_ALERTS_CHANNELS_0_URL":  "https://env.example.org/hook",
		"CALLWATCH_ALERTS_CHANNELS_1_TYPE": "log",
		"CALLWATCH_ALERTS_KINDS":           "reported, confirmed,removed",
		"CALLWATCH_SOURCES_0_DISABLED":     "true",
		"CALLWATCH_CRAWL_DELAY":            "2s",
		"CALLWATCH_LOG_FORMAT":             "json",
	}
	cfg, err := Load(Options{Name: "c.yaml", Data: []byte(file), Getenv: e.get})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Crawl.PerHost != 4 || cfg.Alerts.MinConfidence != 0.8 || cfg.Database != "/var/lib/callwatch/cw.db" ||
		cfg.HTTP.Token != "env-token" || cfg.Crawl.Delay.Std() != 2*time.Second || cfg.Log.Format != "json" {
		t.Errorf("overrides not applied: crawl=%+v alerts.min_confidence=%v database=%q http=%+v log=%+v",
			cfg.Crawl, cfg.Alerts.MinConfidence, cfg.Database, cfg.HTTP, cfg.Log)
	}
	if len(cfg.Alerts.Channels) != 2 || cfg.Alerts.Channels[0].URL != "https://env.example.org/hook" ||
		cfg.Alerts.Channels[1].Type != "log" || cfg.Alerts.Channels[1].Name != "log" {
		t.Errorf("channels = %+v, want the file's URL replaced and a log channel added", cfg.Alerts.Channels)
	}
	if !slices.Equal(cfg.Alerts.Kinds, []string{"reported", "confirmed", "removed"}) {
		t.Errorf("kinds = %q", cfg.Alerts.Kinds)
	}
	if !cfg.Sources[0].Disabled || cfg.Sources[1].Disabled {
		t.Errorf("CALLWATCH_SOURCES_0_DISABLED applied to the wrong source")
	}

	// --db wins over the environment.
	cfg, err = Load(Options{Data: []byte(file), Getenv: e.get, Database: "/tmp/flag.db"})
	if err != nil || cfg.Database != "/tmp/flag.db" {
		t.Errorf("Database option: %v, %v", cfg, err)
	}
}

func TestEnvOverrideErrors(t *testing.T) {
	e := env{"HOME": "/h", "CALLWATCH_CRAWL_PER_HOST": "four", "CALLWATCH_CRAWL_CONCURRENCY": "0", "CALLWATCH_ALERTS_CHANNELS_0_TYPE": "pager"}
	errs := loadErrs(t, "", e)
	want := []string{
		`environment: crawl.per_host: CALLWATCH_CRAWL_PER_HOST: want a whole number, got "four"`,
		`environment: crawl.concurrency: CALLWATCH_CRAWL_CONCURRENCY: must be at least 1, got 0`,
		`environment: alerts.channels[0].type: CALLWATCH_ALERTS_CHANNELS_0_TYPE: invalid value "pager": want one of webhook, slack, teams, email, exec, log`,
	}
	var got []string
	for _, err := range errs {
		got = append(got, err.Error())
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// An invalid --db value is blamed on the flag.
	_, err := Load(Options{Getenv: env{}.get, Database: "~/x.db"})
	if err != nil {
		t.Errorf("a --db path with ~ and no HOME should be kept as is: %v", err)
	}
}

func TestEnvNames(t *testing.T) {
	for path, want := range map[string]string{
		"crawl.per_host":            "CALLWATCH_CRAWL_PER_HOST",
		"alerts.min_confidence":     "CALLWATCH_ALERTS_MIN_CONFIDENCE",
		"database":                  "CALLWATCH_DATABASE",
		"http.token":                "CALLWATCH_HTTP_TOKEN",
		"alerts.channels[0].url":    "CALLWATCH_ALERTS_CHANNELS_0_URL",
		"sources[12].ignore_robots": "CALLWATCH_SOURCES_12_IGNORE_ROBOTS",
	} {
		if got := EnvName(path); got != want {
			t.Errorf("EnvName(%q) = %q, want %q", path, got, want)
		}
	}
	names := EnvNames()
	if len(names) != len(readmePaths()) {
		t.Errorf("EnvNames lists %d variables for %d options", len(names), len(readmePaths()))
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("two options share the variable %s", n)
		}
		seen[n] = true
	}
}

func TestExpand(t *testing.T) {
	e := env{"A": "alpha", "EMPTY": "", "B_2": "beta"}
	for in, want := range map[string]string{
		"plain":           "plain",
		"${A}":            "alpha",
		"x-${A}-${B_2}-y": "x-alpha-beta-y",
		"${EMPTY}":        "",
		"$${A}":           "${A}",
		"cost: $5":        "cost: $5",
		"$$":              "$$",
	} {
		got, err := expand(in, e.get)
		if err != nil || got != want {
			t.Errorf("expand(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"${MISSING}": "environment variable MISSING is not set",
		"${A":        "unclosed ${",
		"${}":        `invalid variable name ""`,
		"${1A}":      `invalid variable name "1A"`,
		"${A-B}":     `invalid variable name "A-B"`,
	} {
		if _, err := expand(in, e.get); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("expand(%q) error = %v, want %q", in, err, want)
		}
	}
}

func TestSecretFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("hook.secret", "s3cr3t\n")
	write("smtp.pw", "pa ss\r\n")
	write("token", "tok")
	write("empty", "\n")
	cfgPath := filepath.Join(dir, "callwatch.yaml")
	yaml := `
alerts:
  channels:
    - type: webhook
      url: https://e.org/hook
      secret_file: hook.secret
    - type: email
      smtp_host: mx.e.org
      username: u
      password_file: ` + filepath.Join(dir, "smtp.pw") + `
      from: a@e.org
      to: b@e.org
http:
  token_file: token
`
	cfg, err := Load(Options{Name: cfgPath, Data: []byte(yaml), Getenv: home().get})
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Alerts.Channels[0].Timeout.Std(); got != 15*time.Second {
		t.Errorf("webhook timeout = %v", got)
	}
	if got := cfg.Alerts.Channels[0].Secret; got != "s3cr3t" {
		t.Errorf("secret = %q, want the file's content without its newline (relative to the config file)", got)
	}
	if got := cfg.Alerts.Channels[1].Password; got != "pa ss" {
		t.Errorf("password = %q", got)
	}
	if cfg.HTTP.Token != "tok" {
		t.Errorf("token = %q", cfg.HTTP.Token)
	}

	bad := `
alerts:
  channels:
    - type: webhook
      url: https://e.org/hook
      secret: inline
      secret_file: hook.secret
http:
  token_file: missing-file
  listen: 127.0.0.1:1
`
	_, err = Load(Options{Name: cfgPath, Data: []byte(bad), Getenv: home().get})
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("got %v, want 2 errors", err)
	}
	if want := cfgPath + ":7:20: alerts.channels[0].secret_file: set secret or secret_file, not both"; es[0].Error() != want {
		t.Errorf("got  %s\nwant %s", es[0], want)
	}
	if want := cfgPath + ":9:15: http.token_file: reading the token: open "; !strings.HasPrefix(es[1].Error(), want) {
		t.Errorf("got  %s\nwant %s...", es[1], want)
	}
	errs := loadErrs(t, "http:\n  token_file: "+filepath.Join(dir, "empty")+"\n", nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "is empty") {
		t.Errorf("empty token file: %v", errs)
	}
}

func TestDatabasePath(t *testing.T) {
	cases := []struct {
		name string
		e    env
		want string
	}{
		{"XDG_DATA_HOME", env{"XDG_DATA_HOME": "/data", "HOME": "/home/ana"}, "/data/callwatch/callwatch.db"},
		{"HOME", env{"HOME": "/home/ana"}, "/home/ana/.local/share/callwatch/callwatch.db"},
		{"relative XDG_DATA_HOME is ignored", env{"XDG_DATA_HOME": "data", "HOME": "/home/ana"}, "/home/ana/.local/share/callwatch/callwatch.db"},
	}
	for _, tc := range cases {
		cfg, err := Load(Options{Getenv: tc.e.get})
		if err != nil || cfg.Database != tc.want {
			t.Errorf("%s: Database = %v, %v; want %q", tc.name, cfg, err, tc.want)
		}
	}
	errs := loadErrs(t, "", env{})
	if len(errs) != 1 || errs[0].Path != "database" || !strings.Contains(errs[0].Msg, "neither XDG_DATA_HOME nor HOME") {
		t.Errorf("no HOME: %v", errs)
	}
	if p, err := DefaultConfigPath(env{"XDG_CONFIG_HOME": "/cfg"}.get); err != nil || p != "/cfg/callwatch/config.yaml" {
		t.Errorf("DefaultConfigPath = %q, %v", p, err)
	}
	if _, err := DefaultConfigPath(env{}.get); !errors.Is(err, ErrNoHome) {
		t.Errorf("DefaultConfigPath without HOME: %v", err)
	}
}

func TestEnsureDatabaseDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := EnsureDatabaseDir(filepath.Join(dir, "callwatch.db")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o700 {
		t.Errorf("database directory mode = %v, want 0700", st.Mode().Perm())
	}
	if err := EnsureDatabaseDir(filepath.Join(dir, "callwatch.db")); err != nil {
		t.Errorf("second call: %v", err)
	}
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := EnsureDatabaseDir(filepath.Join(file, "x.db")); err == nil {
		t.Errorf("a file in the way should be an error")
	}
}

func TestParseWithoutEnvironment(t *testing.T) {
	cfg, err := Parse("c.yaml", []byte("crawl:\n  per_host: 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Crawl.PerHost != 3 || cfg.Database != "" {
		t.Errorf("Parse: per_host %d, database %q", cfg.Crawl.PerHost, cfg.Database)
	}
	if _, err := Parse("c.yaml", []byte("database: ${HOME}/x\n")); err == nil || !strings.Contains(err.Error(), "HOME is not set") {
		t.Errorf("Parse expanded ${HOME} from somewhere: %v", err)
	}
}

// TestFileVariants checks YAML spellings an editor or a person may produce.
func TestFileVariants(t *testing.T) {
	for name, in := range map[string]string{
		"CRLF line ends":   "crawl:\r\n  per_host: 3\r\n",
		"byte-order mark":  "\ufeffcrawl:\n  per_host: 3\n",
		"flow mapping":     "crawl: {per_host: 3}\n",
		"document markers": "---\ncrawl:\n  per_host: 3\n...\n",
		"explicit tag":     "crawl:\n  per_host: !!int 3\n",
		"quoted number":    "crawl:\n  per_host: '3'\n",
		"anchor and alias": "x_kinds: &k [reported]\ncrawl:\n  per_host: 3\n",
	} {
		cfg, err := Load(Options{Name: "c.yaml", Data: []byte(in), Getenv: home().get})
		if name == "anchor and alias" {
			// an unknown key is an error even when it only holds an anchor
			if err == nil {
				t.Errorf("%s: unknown key accepted", name)
			}
			continue
		}
		if err != nil || cfg.Crawl.PerHost != 3 {
			t.Errorf("%s: %v, %v", name, cfg, err)
		}
	}
	cfg, err := Load(Options{Name: "c.yaml", Data: []byte("alerts:\n  kinds: &k [reported, declined]\n  channels:\n    - {type: log, kinds: *k}\n"), Getenv: home().get})
	if err != nil || len(cfg.Alerts.Channels[0].Kinds) != 2 {
		t.Errorf("alias: %v, %v", cfg, err)
	}
	if _, err := Load(Options{Name: "c.yaml", Data: []byte("alerts:\n  kinds: *nope\n"), Getenv: home().get}); err == nil || !strings.Contains(err.Error(), "c.yaml:2:10: alerts.kinds: unknown alias *nope") {
		t.Errorf("unknown alias: %v", err)
	}
	if _, err := Load(Options{Name: "c.yaml", Data: []byte("# only comments\n"), Getenv: home().get}); err != nil {
		t.Errorf("a file of comments: %v", err)
	}
}

func TestChannelNames(t *testing.T) {
	cfg, err := Load(Options{Data: []byte(`alerts:
  channels:
    - {type: log}
    - {type: log, name: log-2}
    - {type: log}
    - {type: exec, command: [x], name: log}
`), Getenv: home().get})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cfg.Alerts.Channels {
		got = append(got, c.Name)
	}
	if want := []string{"log-3", "log-2", "log-4", "log"}; !slices.Equal(got, want) {
		t.Errorf("names = %v, want %v", got, want)
	}
	cfg, err = Load(Options{Data: []byte(`alerts:
  channels:
    - {type: log}
    - {type: log, name: log-2}
    - {type: log}
    - {type: log}
`), Getenv: home().get})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cfg.Alerts.Channels {
		names = append(names, c.Name)
	}
	if want := []string{"log", "log-2", "log-3", "log-4"}; !slices.Equal(names, want) {
		t.Errorf("names = %v, want %v (a default never takes an explicit name)", names, want)
	}
}

func TestSchedules(t *testing.T) {
	for _, ok := range []string{"@every 30m", "@every 1h", "@hourly", "@daily", "@weekly", "*/15 * * * *", "0 8 * * MON-FRI", "CRON_TZ=UTC 0 8 * * *"} {
		if err := checkSchedule(ok); err != nil {
			t.Errorf("checkSchedule(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "@every", "@every 30", "@sometimes", "* * * *", "* * * * * *", "0 8 * * $"} {
		if err := checkSchedule(bad); err == nil {
			t.Errorf("checkSchedule(%q) accepted it", bad)
		}
	}
}

func TestSearchURL(t *testing.T) {
	for _, tc := range []struct{ engine, query, lang, want string }{
		{"google", `"Paris Call" cyberspace`, "en", "https://news.google.com/rss/search?q=%22Paris+Call%22+cyberspace&hl=en-US&gl=US&ceid=US%3Aen"},
		{"google", `"Appel de Paris"`, "fr", "https://news.google.com/rss/search?q=%22Appel+de+Paris%22&hl=fr&gl=FR&ceid=FR%3Afr"},
		{"google", "x", "", "https://news.google.com/rss/search?q=x&hl=en-US&gl=US&ceid=US%3Aen"},
		{"bing", `"Paris Call"`, "", "https://www.bing.com/news/search?q=%22Paris+Call%22&format=rss"},
		{"bing", "x", "de", "https://www.bing.com/news/search?q=x&format=rss&setlang=de&mkt=de-DE"},
		{"gdelt", `"Paris Call"`, "", "https://api.gdeltproject.org/api/v2/doc/doc?query=%22Paris+Call%22&mode=artlist&format=rss&maxrecords=250&sort=datedesc"},
		{"gdelt", `"Llamamiento de París"`, "es", "https://api.gdeltproject.org/api/v2/doc/doc?query=%22Llamamiento+de+Par%C3%ADs%22+sourcelang%3Aspanish&mode=artlist&format=rss&maxrecords=250&sort=datedesc"},
		{"altavista", "x", "", ""},
	} {
		if got := SearchURL(tc.engine, tc.query, tc.lang); got != tc.want {
			t.Errorf("SearchURL(%q, %q, %q)\n got %s\nwant %s", tc.engine, tc.query, tc.lang, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := fieldNames(reflectTypeOfCrawl())
	for in, want := range map[string]string{
		"per_hots":   "per_host",
		"perhost":    "per_host",
		"PER_HOST":   "per_host",
		"concurency": "concurrency",
		"user-agent": "user_agent",
		"colour":     "",
		"x":          "",
	} {
		if got := suggest(in, keys); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
	if d := editDistance("abcd", "acbd"); d != 1 {
		t.Errorf("a transposition costs %d, want 1", d)
	}
}

func TestDurationAndByteSize(t *testing.T) {
	for in, want := range map[string]time.Duration{"30s": 30 * time.Second, "15m": 15 * time.Minute, "7d": 7 * 24 * time.Hour, "1h30m": 90 * time.Minute, "0": 0} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v", in, got, err)
		}
		text, _ := Duration(got).MarshalText()
		var back Duration
		if err := back.UnmarshalText(text); err != nil || back.Std() != want {
			t.Errorf("round trip of %q via %q gave %v, %v", in, text, back, err)
		}
	}
	for _, bad := range []string{"", "-1s", "1.5d", "xd", "10", "999999999d", "-2d"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) succeeded", bad)
		}
	}
	for d, want := range map[time.Duration]string{time.Hour: "1h", 90 * time.Minute: "1h30m", 500 * time.Millisecond: "500ms", 48 * time.Hour: "2d", 0: "0s", 2*time.Minute + 5*time.Second: "2m5s"} {
		if got := Duration(d).String(); got != want {
			t.Errorf("Duration(%v).String() = %q, want %q", d, got, want)
		}
	}
	for in, want := range map[string]int64{"10MB": 10 << 20, "512KiB": 512 << 10, "1gb": 1 << 30, "2048": 2048, "7 B": 7, "10M": 10 << 20, "64k": 64 << 10, "2G": 2 << 30} {
		got, err := ParseByteSize(in)
		if err != nil || got != want {
			t.Errorf("ParseByteSize(%q) = %d, %v", in, got, err)
		}
		text, _ := ByteSize(got).MarshalText()
		if back, err := ParseByteSize(string(text)); err != nil || back != want {
			t.Errorf("round trip of %q via %q gave %d, %v", in, text, back, err)
		}
	}
	for _, bad := range []string{"", "MB", "-1KB", "1.5MB", "ten", "9999999999999GB", "99999999999999999999"} {
		if _, err := ParseByteSize(bad); err == nil {
			t.Errorf("ParseByteSize(%q) succeeded", bad)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	for _, tc := range []struct {
		e    Error
		want string
	}{
		{Error{File: "c.yaml", Line: 3, Col: 5, Path: "crawl.per_host", Msg: "bad"}, "c.yaml:3:5: crawl.per_host: bad"},
		{Error{File: "c.yaml", Msg: "bad"}, "c.yaml: bad"},
		{Error{File: EnvFile, Path: "database", Msg: "X: bad"}, "environment: database: X: bad"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
	if got := (Errors{{File: "f", Msg: "one"}}).Error(); got != "f: one" {
		t.Errorf("a single error: %q", got)
	}
	_ = fmt.Sprint()
}

func TestExecTimeoutDefault(t *testing.T) {
	cfg, err := Load(Options{Data: []byte("alerts:\n  channels:\n    - {type: exec, command: [notify]}\n"), Getenv: home().get})
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Alerts.Channels[0].Timeout.Std(); got != 30*time.Second {
		t.Errorf("exec timeout = %v, want 30s (alert.DefaultExecTimeout)", got)
	}
}

func TestRelativeBaseline(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "known.csv"), []byte("name\nACME\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(Options{Name: filepath.Join(dir, "callwatch.yaml"), Data: []byte("alerts:\n  baseline: known.csv\n"), Getenv: home().get})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "known.csv"); cfg.Alerts.Baseline != want {
		t.Errorf("baseline = %q, want %q (relative to the configuration file)", cfg.Alerts.Baseline, want)
	}
	errs := loadErrs(t, "alerts:\n  baseline: "+dir+"\n", nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "is a directory") {
		t.Errorf("a directory as baseline: %v", errs)
	}
}
