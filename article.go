package callwatch

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// ExtractionStatus says how much of an article callwatch could read.
type ExtractionStatus string

// Extraction statuses.
const (
	StatusFull    ExtractionStatus = "full"    // the article page was fetched and its text extracted
	StatusSummary ExtractionStatus = "summary" // only the feed's own content is kept (StatusReason says why)
	StatusFailed  ExtractionStatus = "failed"  // nothing usable (StatusReason says why)
)

// Article is one news item, stored once under its canonical URL however many sources and
// URLs it was seen under.
type Article struct {
	ID           string           `json:"id"`                // ArticleID(URL)
	URL          string           `json:"url"`               // canonical URL
	URLs         []string         `json:"urls,omitempty"`    // every URL it was seen under
	Sources      []string         `json:"sources,omitempty"` // IDs of the sources it was seen under
	GUIDs        []string         `json:"guids,omitempty"`   // feed GUIDs, for duplicate detection
	Title        string           `json:"title"`
	Byline       string           `json:"byline,omitempty"`
	Outlet       string           `json:"outlet"` // publisher host without "www.", or the feed's <source>
	Published    time.Time        `json:"published"`
	PublishedRaw string           `json:"published_raw,omitempty"` // the date string as found
	DateFlag     string           `json:"date_flag,omitempty"`     // "future" (clamped), "fallback_article", "fallback_fetch"
	Fetched      time.Time        `json:"fetched"`
	Language     string           `json:"language,omitempty"` // ISO 639-1
	Text         string           `json:"text,omitempty"`     // extracted plain text (paragraphs separated by "\n\n")
	ContentHash  string           `json:"content_hash,omitempty"`
	Status       ExtractionStatus `json:"status"`
	StatusReason string           `json:"status_reason,omitempty"`
	Findings     []Finding        `json:"findings,omitempty"`
}

// Ref returns the short reference to the article that alerts and reports carry.
func (a *Article) Ref() ArticleRef {
	return ArticleRef{ID: a.ID, Title: a.Title, URL: a.URL, Outlet: a.Outlet, Published: a.Published, Language: a.Language}
}

// Document returns the detector's view of the article.
func (a *Article) Document() Document {
	return Document{Title: a.Title, Text: a.Text, Language: a.Language, URL: a.URL, Publisher: a.Outlet, Published: a.Published}
}

// ArticleRef identifies an article in alerts and reports.
type ArticleRef struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Outlet    string    `json:"outlet"`
	Published time.Time `json:"published"`
	Language  string    `json:"language,omitempty"`
}

// ArticleID derives an article's id from its canonical URL.
func ArticleID(canonicalURL string) string { return shortHash("article", canonicalURL) }

// ContentHash returns the hex SHA-256 of an article's text.
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

func shortHash(domain, s string) string {
	h := sha256.New()
	h.Write([]byte(domain))
	h.Write([]byte{0})
	h.Write([]byte(s))
	return hex.EncodeToString(h.Sum(nil)[:8])
}
