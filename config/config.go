package config

import (
	"time"
)

// Config is the whole configuration. Its zero value is not useful: start from Default().
type Config struct {
	Database string   `yaml:"database"` // path of the bbolt file
	Sources  []Source `yaml:"sources"`
	Crawl    Crawl    `yaml:"crawl"`
	Detect   Detect   `yaml:"detect"`
	Alerts   Alerts   `yaml:"alerts"`
	Daemon   Daemon   `yaml:"daemon"`
	HTTP     HTTP     `yaml:"http"`
	Log      Log      `yaml:"log"`
}

// Source is one place callwatch reads.
type Source struct {
	Name         string   `yaml:"name"`
	Kind         string   `yaml:"kind"`          // feed | search | page | register
	URL          string   `yaml:"url"`           // for search sources, may be empty when Engine and Query are set
	Engine       string   `yaml:"engine"`        // search: google | bing | gdelt
	Query        string   `yaml:"query"`         // search: the query, e.g. "\"Paris Call\" cyberspace"
	Interval     Duration `yaml:"interval"`      // 0: crawl.interval
	Selector     string   `yaml:"selector"`      // page: CSS selector of article links; register: of entries
	IgnoreRobots bool     `yaml:"ignore_robots"` // per-source opt-out of robots.txt
	Language     string   `yaml:"language"`      // hint for articles without a declared language
	Disabled     bool     `yaml:"disabled"`
}

// Crawl holds fetching settings.
type Crawl struct {
	UserAgent            string   `yaml:"user_agent"`
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
	MaxBackoff    Duration  `yaml:"max_backoff"`
	Channels      []Channel `yaml:"channels"`
}

// Channel is one way of delivering alerts.
type Channel struct {
	Name          string   `yaml:"name"` // default: the type, numbered if repeated
	Type          string   `yaml:"type"` // webhook | slack | teams | email | exec | log
	URL           string   `yaml:"url"`  // webhook, slack, teams
	Secret        string   `yaml:"secret"`
	SecretFile    string   `yaml:"secret_file"`
	Kinds         []string `yaml:"kinds"` // empty: every enabled kind
	MinConfidence float64  `yaml:"min_confidence"`
	Digest        bool     `yaml:"digest"` // one message per run
	Timeout       Duration `yaml:"timeout"`

	// email
	SMTPHost     string   `yaml:"smtp_host"`
	SMTPPort     int      `yaml:"smtp_port"`
	TLS          string   `yaml:"tls"` // starttls | tls | none
	Username     string   `yaml:"username"`
	Password     string   `yaml:"password"`
	PasswordFile string   `yaml:"password_file"`
	From         string   `yaml:"from"`
	To           []string `yaml:"to"`

	// exec
	Command []string `yaml:"command"`
}

// Daemon holds `callwatch daemon` settings.
type Daemon struct {
	Schedule string   `yaml:"schedule"` // cron expression or "@every 30m"
	Jitter   Duration `yaml:"jitter"`
}

// HTTP holds the daemon's HTTP server settings.
type HTTP struct {
	Listen    string `yaml:"listen"` // default 127.0.0.1:8765
	Token     string `yaml:"token"`  // required for a non-loopback address
	TokenFile string `yaml:"token_file"`
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
