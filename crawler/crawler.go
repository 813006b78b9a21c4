package crawler

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/config"
	"github.com/callwatch/callwatch/crawler/fetch"
)

// Defaults applied by New to zero Options fields.
const (
	DefaultConcurrency   = 8
	DefaultMaxItems      = 500
	DefaultInterval      = time.Hour
	DefaultMaxBackoff    = 24 * time.Hour
	DefaultMaxBodyBytes  = 10 << 20
	DefaultTimeout       = 30 * time.Second
	DefaultMaxRedirects  = 10
	DefaultBatchSize     = 50
	DefaultBatchInterval = 2 * time.Second
	// graceTimeout bounds the work done after the pass's context ends: the last batch,
	// source states, alert delivery and the run summary.
	graceTimeout = 5 * time.Second
)

// Source is one configured source, as plain values converted from the configuration.
type Source struct {
	Name         string
	Kind         callwatch.SourceKind
	URL          string        // may be empty for a search source with Engine and Query
	Engine       string        // search: google, bing or gdelt
	Query        string        // search: the query
	Language     string        // ISO 639-1 hint for articles without a declared language
	Selector     string        // page: CSS selector of article links; register: entry selectors
	Interval     time.Duration // 0: Options.DefaultInterval
	IgnoreRobots bool          // opt out of robots.txt for this source
}

// ConfigURL returns the URL the source is configured with: its URL, or for a search source
// without one the URL built from its engine, query and language.
func (s Source) ConfigURL() (string, error) {
	if s.URL != "" || s.Kind != callwatch.KindSearch {
		return s.URL, nil
	}
	if strings.TrimSpace(s.Query) == "" {
		return "", errors.New("a search source needs a url, or an engine and a query")
	}
	u := config.SearchURL(s.Engine, s.Query, s.Language)
	if u == "" {
		return "", fmt.Errorf("unknown search engine %q (want google, bing or gdelt)", s.Engine)
	}
	return u, nil
}

// ID returns the source's stable id (callwatch.SourceID of its configured URL).
func (s Source) ID() string {
	u, _ := s.ConfigURL()
	return callwatch.SourceID(u)
}

// Progress is a snapshot of a pass's progress, given to Options.Progress.
type Progress struct {
	SourcesDone, SourcesTotal   int
	ArticlesDone, ArticlesTotal int
}

// Options configures a Crawler. Store, Detector and Fetcher are required; every other
// zero field takes the default named beside it.
type Options struct {
	Store    callwatch.Store
	Notifier callwatch.Notifier // nil: alerts stay pending in the outbox
	Detector callwatch.Detector
	Fetcher  *fetch.Client // feeds, search results, listing pages, the register, redirects
	// ReadSupporters reads a register published as CSV (cmd wires detect.ReadSupporters).
	// Entries without an EntityID are resolved with Detector.Resolve.
	ReadSupporters func(io.Reader) ([]callwatch.RegisterEntry, error)

	Sources []Source
	Only    []string // names of the sources to crawl (empty: all)

	Concurrency      int           // items and sources worked on at once (8)
	MaxItems         int           // items read per source per pass (500)
	FetchArticles    bool          // fetch each new item's page and extract its text
	ResolveRedirects bool          // resolve news-search redirect links to the publisher's URL
	Refetch          bool          // fetch articles again even when stored; ignore validators
	Force            bool          // crawl every source now, whatever its due time
	MinConfidence    float64       // findings below it are dropped
	DefaultInterval  time.Duration // between fetches of a source (1h)
	MaxBackoff       time.Duration // longest wait before retrying a failing source (24h)

	UserAgent    string        // for article pages fetched with colly (the fetcher's own otherwise)
	Timeout      time.Duration // per article page (30s)
	MaxBodyBytes int64         // cap on an article page (10 MiB)
	MaxRedirects int           // per article page (10)

	BatchSize     int           // articles per store write (50)
	BatchInterval time.Duration // longest wait before a partial batch is written (2s)

	Now    func() time.Time // the clock (time.Now)
	Logger *slog.Logger     // nil: discard
	// Progress, when set, is called (never concurrently) each time a source or an article
	// is done or found.
	Progress func(Progress)
}

// Crawler performs passes over its sources. A Crawler is safe for one Pass at a time.
type Crawler struct {
	opts    Options
	sources []Source
	log     *slog.Logger
}

// New checks the options, applies defaults and returns a Crawler.
func New(o Options) (*Crawler, error) {
	if o.Store == nil || o.Detector == nil || o.Fetcher == nil {
		return nil, errors.New("crawler: Store, Detector and Fetcher are required")
	}
	applyDefaults(&o)
	sources, err := selectSources(o.Sources, o.Only)
	if err != nil {
		return nil, err
	}
	return &Crawler{opts: o, sources: sources, log: o.Logger}, nil
}

func applyDefaults(o *Options) {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Concurrency, DefaultConcurrency)
	def(&o.MaxItems, DefaultMaxItems)
	def(&o.MaxRedirects, DefaultMaxRedirects)
	def(&o.BatchSize, DefaultBatchSize)
	defDur(&o.DefaultInterval, DefaultInterval)
	defDur(&o.MaxBackoff, DefaultMaxBackoff)
	defDur(&o.Timeout, DefaultTimeout)
	defDur(&o.BatchInterval, DefaultBatchInterval)
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.UserAgent == "" {
		o.UserAgent = "callwatch (+https://github.com/callwatch/callwatch)"
	}
}

// ValidateSource reports what is wrong with a source's definition, or nil.
func ValidateSource(s Source) error {
	if strings.TrimSpace(s.Name) == "" {
		return errors.New("crawler: a source has no name")
	}
	switch s.Kind {
	case callwatch.KindFeed, callwatch.KindPage, callwatch.KindRegister:
		if s.URL == "" {
			return fmt.Errorf("crawler: source %q: url is required for kind %s", s.Name, s.Kind)
		}
	case callwatch.KindSearch:
		if _, err := s.ConfigURL(); err != nil {
			return fmt.Errorf("crawler: source %q: %w", s.Name, err)
		}
	default:
		return fmt.Errorf("crawler: source %q: unknown kind %q (want feed, search, page or register)", s.Name, s.Kind)
	}
	u, _ := s.ConfigURL()
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return fmt.Errorf("crawler: source %q: url %q is not http or https", s.Name, u)
	}
	if err := validSelector(s); err != nil {
		return fmt.Errorf("crawler: source %q: selector: %w", s.Name, err)
	}
	return nil
}

// validSelector checks a page or register source's CSS selectors.
func validSelector(s Source) error {
	var parts []string
	switch s.Kind {
	case callwatch.KindPage:
		parts = []string{s.Selector}
	case callwatch.KindRegister:
		r := parseRegisterSelector(s.Selector)
		parts = []string{r.Entry, r.Name, r.Category, r.Country}
	}
	for _, p := range parts {
		if p == "" {
			continue
		}
		if _, err := cascadia.ParseGroup(p); err != nil {
			return fmt.Errorf("%q: %v", p, err)
		}
	}
	return nil
}

// selectSources validates every source and keeps those named in only.
func selectSources(all []Source, only []string) ([]Source, error) {
	names := make(map[string]bool, len(all))
	for _, s := range all {
		if err := ValidateSource(s); err != nil {
			return nil, err
		}
		if names[s.Name] {
			return nil, fmt.Errorf("crawler: two sources are named %q", s.Name)
		}
		names[s.Name] = true
	}
	if len(only) == 0 {
		return all, nil
	}
	want := make(map[string]bool, len(only))
	for _, n := range only {
		if !names[n] {
			return nil, fmt.Errorf("%w: %q", ErrUnknownSource, n)
		}
		want[n] = true
	}
	var out []Source
	for _, s := range all {
		if want[s.Name] {
			out = append(out, s)
		}
	}
	return out, nil
}

// ErrUnknownSource is returned by New when Options.Only names a source that is not configured.
var ErrUnknownSource = errors.New("crawler: no source is named")
