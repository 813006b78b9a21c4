package callwatch

import (
	"context"
	"time"
)

// Store keeps everything callwatch knows. The bbolt implementation lives in store/; it is
// the only package that touches the database file. Every method is safe for concurrent use.
//
// Writes report what is new, and only what SaveArticles and SaveRegister report as new
// drives alerts: the alert is enqueued in the outbox in the same transaction as the change.
type Store interface {
	// Source returns the stored state of a source, by SourceID.
	Source(ctx context.Context, id string) (SourceState, bool, error)
	// Sources returns every stored source state, ordered by name.
	Sources(ctx context.Context) ([]SourceState, error)
	// PutSource stores a source's state.
	PutSource(ctx context.Context, s SourceState) error

	// Known returns the id of a stored article seen under any of keys (canonical URLs, other
	// URLs it was seen under, or feed GUIDs).
	Known(ctx context.Context, keys ...string) (id string, ok bool, err error)
	// SaveArticles stores articles with their findings. An article whose ID is stored
	// already gains the new URLs, sources and GUIDs; its text and findings are replaced
	// only when its content hash changed. Each article commits atomically with its findings,
	// its signatory updates and the alerts they raise; many articles may share a transaction.
	// The returned Changes say what is new, and only what has been committed.
	SaveArticles(ctx context.Context, articles []*Article) (Changes, error)
	// Article returns one stored article with its findings.
	Article(ctx context.Context, id string) (*Article, error)
	// ScanArticles calls fn for every stored article, oldest first, reading in pages so that
	// no read transaction is held while fn runs.
	ScanArticles(ctx context.Context, fn func(*Article) error) error
	// ReplaceFindings replaces an article's findings (after a rules change). Entities already
	// alerted are never alerted again.
	ReplaceFindings(ctx context.Context, articleID string, findings []Finding) (Changes, error)

	// SaveRegister stores a snapshot of the official register read from a source. Entries
	// new since the previous snapshot are reported in Changes.RegisterAdded (none on the
	// first snapshot), entries gone in Changes.RegisterRemoved.
	SaveRegister(ctx context.Context, sourceID string, entries []RegisterEntry, at time.Time) (Changes, error)
	// Register returns the entries of the latest register snapshot, ordered by name.
	Register(ctx context.Context) ([]RegisterEntry, error)

	// ScanFindings calls fn for each finding that passes the filter, in order of the
	// article's published time, reading in pages.
	ScanFindings(ctx context.Context, f FindingFilter, fn func(FindingRow) error) error
	// Signatories returns the entities that pass the filter, ordered by first seen, newest
	// first. A record merged into another (Signatory.MergedInto) is not listed: the record
	// it was merged into carries its names and evidence.
	Signatories(ctx context.Context, f SignatoryFilter) ([]Signatory, error)
	// Signatory returns one entity by id.
	Signatory(ctx context.Context, id string) (Signatory, bool, error)

	// Outbox returns outbox entries that pass the filter, oldest first.
	Outbox(ctx context.Context, f OutboxFilter) ([]OutboxEntry, error)
	// RecordDelivery stores the outcome of a delivery attempt of one alert on one channel.
	RecordDelivery(ctx context.Context, alertID string, d Delivery) error
	// RetryAlert sets the dead (or, with all, every undelivered) deliveries of an alert back
	// to pending, due now. An empty alertID means every alert.
	RetryAlert(ctx context.Context, alertID string) (int, error)

	// SaveRunSummary records the summary of the last pass.
	SaveRunSummary(ctx context.Context, s RunSummary) error
	// LastRun returns the summary of the last pass.
	LastRun(ctx context.Context) (RunSummary, bool, error)

	Close() error
}

// Changes says what a store write made new. Only committed changes are reported.
type Changes struct {
	NewArticles     []ArticleRef    `json:"new_articles,omitempty"`
	Duplicates      int             `json:"duplicates"`                // articles already stored, seen again (new URL, source or GUID)
	Unchanged       int             `json:"unchanged"`                 // articles already stored with nothing new
	Updated         int             `json:"updated"`                   // stored articles whose content changed
	NewSignatories  []Signatory     `json:"new_signatories,omitempty"` // entities seen for the first time
	StatusChanges   []StatusChange  `json:"status_changes,omitempty"`
	Alerts          []Alert         `json:"alerts,omitempty"` // alerts enqueued by this write
	RegisterAdded   []RegisterEntry `json:"register_added,omitempty"`
	RegisterRemoved []RegisterEntry `json:"register_removed,omitempty"`
}

// Merge adds o to c.
func (c *Changes) Merge(o Changes) {
	c.NewArticles = append(c.NewArticles, o.NewArticles...)
	c.Duplicates += o.Duplicates
	c.Unchanged += o.Unchanged
	c.Updated += o.Updated
	c.NewSignatories = append(c.NewSignatories, o.NewSignatories...)
	c.StatusChanges = append(c.StatusChanges, o.StatusChanges...)
	c.Alerts = append(c.Alerts, o.Alerts...)
	c.RegisterAdded = append(c.RegisterAdded, o.RegisterAdded...)
	c.RegisterRemoved = append(c.RegisterRemoved, o.RegisterRemoved...)
}

// StatusChange records that an entity's status changed.
type StatusChange struct {
	EntityID string `json:"entity_id"`
	Name     string `json:"name"`
	From     Status `json:"from"`
	To       Status `json:"to"`
}

// FindingFilter selects findings for exports and lists. Zero values select everything.
type FindingFilter struct {
	Since, Until  time.Time     // on the article's published time; Until is exclusive
	Kinds         []FindingKind // empty: all
	Source        string        // a source ID
	Language      string        // ISO 639-1
	Entity        string        // an entity ID, or a case-insensitive part of its name
	MinConfidence float64
	Limit         int  // 0: no limit
	Newest        bool // newest first instead of oldest first
}

// FindingRow is one finding with its article, as exports write it.
type FindingRow struct {
	Article ArticleRef `json:"article"`
	Sources []string   `json:"sources"` // source IDs the article was seen under
	Finding Finding    `json:"finding"`
	Outlets int        `json:"outlets"` // distinct outlets reporting the same entity and stance
}

// SignatoryFilter selects signatories. Zero values select everything.
type SignatoryFilter struct {
	Statuses []Status // empty: all
	Since    time.Time
}

// OutboxFilter selects outbox entries.
type OutboxFilter struct {
	State   DeliveryState // "": any; otherwise entries with at least one delivery in that state
	DueBy   time.Time     // non-zero: only entries with a pending delivery due by then
	AlertID string
	Limit   int
}

// RunSummary is what one pass did, shown at its end and kept in the database.
type RunSummary struct {
	Started           time.Time       `json:"started"`
	Finished          time.Time       `json:"finished"`
	SourcesOK         int             `json:"sources_ok"`
	SourcesUnchanged  int             `json:"sources_unchanged"`
	SourcesFailed     int             `json:"sources_failed"`
	SourcesSkipped    int             `json:"sources_skipped"` // not due yet
	Failures          []SourceFailure `json:"failures,omitempty"`
	ArticlesNew       int             `json:"articles_new"`
	ArticlesDuplicate int             `json:"articles_duplicate"`
	ArticlesSummary   int             `json:"articles_summary_only"`
	ArticlesFailed    int             `json:"articles_failed"`
	Findings          int             `json:"findings"`
	NewSignatories    int             `json:"new_signatories"`
	AlertsQueued      int             `json:"alerts_queued"`
	AlertsSent        int             `json:"alerts_sent"`
	AlertsPending     int             `json:"alerts_pending"`
	Interrupted       bool            `json:"interrupted,omitempty"`
}

// SourceFailure is one source's failure in a pass.
type SourceFailure struct {
	Source string    `json:"source"` // the source's name
	URL    string    `json:"url"`
	Kind   ErrorKind `json:"kind"`
	Error  string    `json:"error"`
}

// Duration returns how long the pass took.
func (s RunSummary) Duration() time.Duration { return s.Finished.Sub(s.Started) }
