package config

import (
	"time"
)

// Config is the whole configuration. Its zero value is not useful: start from Default().
type Config struct {
	Database string   `yaml:"database"` // path of the bbolt file; Load always fills it in
	Sources  []Source `yaml:"sources"`  // the places callwatch reads, in the file's order
	Crawl    Crawl    `yaml:"crawl"`    // how callwatch fetches
	Detect   Detect   `yaml:"detect"`   // how callwatch reads articles
	Alerts   Alerts   `yaml:"alerts"`   // when and how callwatch alerts
	Daemon   Daemon   `yaml:"daemon"`   // `callwatch daemon` scheduling
	HTTP     HTTP     `yaml:"http"`     // the daemon's HTTP server
	Log      Log      `yaml:"log"`      // logging
}

// Source is one place callwatch reads.
type Source struct {
	Name         string   `yaml:"name"`          // unique label; Load defaults it to the URL
	Kind         string   `yaml:"kind"`          // feed | search | page | register
	URL          string   `yaml:"url"`           // Load fills it in for search sources given as Engine and Query (SearchURL)
	Engine       string   `yaml:"engine"`        // search: google | bing | gdelt
	Query        string   `yaml:"query"`         // search: the query, e.g. "\"Paris Call\" cyberspace"
	Interval     Duration `yaml:"interval"`      // 0: crawl.interval
	Selector     string   `yaml:"selector"`      // page: CSS selector of article links; register: of entries
	IgnoreRobots bool     `yaml:"ignore_robots"` // per-source opt-out of robots.txt
	Language     string   `yaml:"language"`      // hint for articles without a declared language
	Disabled     bool     `yaml:"disabled"`      // kept in the file, never fetched
}

// Crawl holds fetching settings.
type Crawl struct {
	UserAgent            string   `yaml:"user_agent"`             // "{version}" already replaced by Load
	Concurrency          int      `yaml:"concurrency"`            // global limit of requests in flight
	PerHost              int      `yaml:"per_host"`               // limit per host
	Delay                Duration `yaml:"delay"`                  // minimum delay between requests to one host
	Timeout              Duration `yaml:"timeout"`                // per request
	MaxBodyBytes         ByteSize `yaml:"max_body"`               // cap on a response body, after decompression
	MaxRedirects         int      `yaml:"max_redirects"`          // redirects followed per request
	Retries              int      `yaml:"retries"`                // attempts per request in one pass (5xx, timeouts)
	Interval             Duration `yaml:"interval"`               // default interval between fetches of a source
	MaxBackoff           Duration `yaml:"max_backoff"`            // longest wait before retrying a failing source
	MaxItems             int      `yaml:"max_items"`              // items read per feed per pass
	FetchArticles        bool     `yaml:"fetch_articles"`         // fetch each item's article page
	IgnoreRobots         bool     `yaml:"ignore_robots"`          // obey robots.txt unless true
	AllowPrivateNetworks bool     `yaml:"allow_private_networks"` // allow loopback/private/link-local targets
	AllowLoopback        bool     `yaml:"allow_loopback"`         // allow loopback targets only (127.0.0.0/8, ::1)
	ResolveRedirects     bool     `yaml:"resolve_redirects"`      // resolve news-search redirect links to the publisher
}

// Detect holds detection settings.
type Detect struct {
	MinConfidence float64 `yaml:"min_confidence"` // findings below it are not stored
}

// Alerts holds alerting settings.
type Alerts struct {
	Baseline      string    `yaml:"baseline"`       // embedded | none | path to a CSV of known supporters
	MinConfidence float64   `yaml:"min_confidence"` // for reported alerts
	MinSources    int       `yaml:"min_sources"`    // distinct outlets needed before a reported alert
	Kinds         []string  `yaml:"kinds"`          // reported, confirmed (default); declined, announced, removed
	MaxAttempts   int       `yaml:"max_attempts"`   // per channel before an alert is dead-lettered
	Backoff       Duration  `yaml:"backoff"`        // first retry delay; doubles up to MaxBackoff
	MaxBackoff    Duration  `yaml:"max_backoff"`    // longest wait between two delivery attempts
	Channels      []Channel `yaml:"channels"`       // none by default: alerts stay in the database
}

// Channel is one way of delivering alerts.
type Channel struct {
	Name          string   `yaml:"name"`        // unique; Load defaults it to the type, numbered if repeated
	Type          string   `yaml:"type"`        // webhook | slack | teams | email | exec | log
	URL           string   `yaml:"url"`         // webhook, slack, teams
	Secret        string   `yaml:"secret"`      // webhook: HMAC key; Load reads it from SecretFile if set
	SecretFile    string   `yaml:"secret_file"` // file holding Secret
	Kinds         []string `yaml:"kinds"`       // empty: every enabled kind
	MinConfidence float64  `yaml:"min_confidence"`
	Digest        bool     `yaml:"digest"`  // one message per run
	Timeout       Duration `yaml:"timeout"` // per delivery; Load defaults it to 15s (30s for exec)

	// email
	SMTPHost     string   `yaml:"smtp_host"`
	SMTPPort     int      `yaml:"smtp_port"` // Load defaults it by TLS: 587, 465 or 25
	TLS          string   `yaml:"tls"`       // starttls | tls | none
	Username     string   `yaml:"username"`
	Password     string   `yaml:"password"`      // Load reads it from PasswordFile if set
	PasswordFile string   `yaml:"password_file"` // file holding Password
	From         string   `yaml:"from"`          // an RFC 5322 address
	To           []string `yaml:"to"`            // at least one address

	// exec
	Command []string `yaml:"command"` // program and arguments; no shell
}

// Daemon holds `callwatch daemon` settings.
type Daemon struct {
	Schedule string   `yaml:"schedule"` // cron expression or "@every 30m"
	Jitter   Duration `yaml:"jitter"`   // random delay added before each pass
}

// HTTP holds the daemon's HTTP server settings.
type HTTP struct {
	Listen    string `yaml:"listen"`     // default 127.0.0.1:8765
	Token     string `yaml:"token"`      // required for a non-loopback address
	TokenFile string `yaml:"token_file"` // file holding Token
}

// Log holds logging settings. The --log-level and --log-format flags win over them.
type Log struct {
	Level  string `yaml:"level"`  // debug | info | warn | error
	Format string `yaml:"format"` // text | json
}

// Duration is a time.Duration written as "30m", "24h" or "365d".
type Duration time.Duration

// ByteSize is a size written as "10MB", "512KiB" or a plain number of bytes.
type ByteSize int64
