package callwatch

import "time"

// SourceKind says how a source is read.
type SourceKind string

// The source kinds a configuration may name.
const (
	KindFeed     SourceKind = "feed"     // RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed
	KindSearch   SourceKind = "search"   // a news-search feed (Google News, Bing News, GDELT)
	KindPage     SourceKind = "page"     // a listing page scraped for article links
	KindRegister SourceKind = "register" // the Call's official supporters list
)

// SourceKinds lists every valid SourceKind, in documentation order.
var SourceKinds = []SourceKind{KindFeed, KindSearch, KindPage, KindRegister}

// SourceState is what the store remembers about one configured source between passes.
// It is keyed by ID, derived from the URL the configuration names (SourceID), so a
// permanent redirect can update URL without losing the history.
type SourceState struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	Kind         SourceKind `json:"kind"`
	ConfigURL    string     `json:"config_url"` // the URL as configured
	URL          string     `json:"url"`        // the URL fetched now (after permanent redirects)
	ETag         string     `json:"etag,omitempty"`
	LastModified string     `json:"last_modified,omitempty"`
	BodyHash     string     `json:"body_hash,omitempty"` // hex SHA-256 of the last body
	LastAttempt  time.Time  `json:"last_attempt,omitempty"`
	LastSuccess  time.Time  `json:"last_success,omitempty"`
	LastError    string     `json:"last_error,omitempty"`
	ErrorKind    ErrorKind  `json:"error_kind,omitempty"`
	Failures     int        `json:"consecutive_failures"`
	NextDue      time.Time  `json:"next_due,omitempty"`
	Items        int        `json:"items"` // items in the last successful fetch
}

// Healthy reports whether the last attempt at the source succeeded.
func (s SourceState) Healthy() bool { return s.Failures == 0 }

// SourceID derives a source's stable id from the URL its configuration names.
func SourceID(configURL string) string { return shortHash("source", configURL) }
