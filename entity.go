package callwatch

import (
	"slices"
	"time"
)

// Category is the kind of an entity, following the official register's four categories.
type Category string

// Entity categories.
const (
	CategoryState           Category = "state"
	CategoryPublicAuthority Category = "public-authority"
	CategoryCompany         Category = "company"
	CategoryCivilSociety    Category = "civil-society"
	CategoryUnknown         Category = "unknown"
)

// Entity is a state or organisation that can support the Call.
type Entity struct {
	ID       string   `json:"id"` // stable: "state:FRA", "org:microsoft", "unverified:acme-corp"
	Name     string   `json:"name"`
	Category Category `json:"category"`
	Country  string   `json:"country,omitempty"` // ISO 3166-1 alpha-3
	Verified bool     `json:"verified"`          // known to the gazetteer (false: inferred from a sentence)
}

// Status is what callwatch knows of an entity's support for the Call.
type Status string

// Statuses, strongest first.
const (
	StatusOfficial  Status = "official"  // listed in the official register
	StatusSigned    Status = "signed"    // reported by the news as having signed
	StatusAnnounced Status = "announced" // reported as about to sign
	StatusDeclined  Status = "declined"  // reported as refusing
)

// Bounds of a StanceReport's lists. A state can be named in thousands of articles; its
// record is rewritten on every one of them, so the lists it carries are samples of a
// bounded size and the counts beside them are exact. The store keeps every article and
// outlet counted in an index of its own, and its findings index lists every article.
const (
	// MaxReportArticles is how many article IDs a StanceReport keeps: the first
	// MaxReportArticles/2 counted and the latest ones after them.
	MaxReportArticles = 50
	// MaxReportOutlets is how many outlet names a StanceReport keeps: the first ones to
	// report the stance.
	MaxReportOutlets = 50
)

// StanceReport gathers the evidence for one entity and one stance.
type StanceReport struct {
	Stance        FindingKind `json:"stance"`
	FirstSeen     time.Time   `json:"first_seen"`
	FirstArticle  ArticleRef  `json:"first_article"`
	FirstEvidence string      `json:"first_evidence"`
	Confidence    float64     `json:"confidence"` // the highest seen
	// OutletCount is the number of distinct outlets that reported the stance, however
	// many of them Outlets lists.
	OutletCount int `json:"outlet_count"`
	// Outlets lists the first MaxReportOutlets distinct outlets, in order of first report.
	Outlets []string `json:"outlets"`
	// ArticleCount is the number of articles that reported the stance, however many of
	// them Articles lists.
	ArticleCount int `json:"article_count"`
	// Articles lists article IDs in the order they were counted: all of them up to
	// MaxReportArticles, beyond that the first MaxReportArticles/2 and the latest ones.
	Articles []string `json:"articles"`
}

// NumOutlets returns the number of distinct outlets that reported the stance:
// OutletCount, or for a report that has none (written by hand, or before the count
// existed) the number of distinct non-empty Outlets.
func (r *StanceReport) NumOutlets() int {
	if r.OutletCount > 0 {
		return r.OutletCount
	}
	n := 0
	for i, o := range r.Outlets {
		if o != "" && !slices.Contains(r.Outlets[:i], o) {
			n++
		}
	}
	return n
}

// NumArticles returns the number of articles that reported the stance: ArticleCount, or
// for a report that has none the length of Articles.
func (r *StanceReport) NumArticles() int {
	if r.ArticleCount > 0 {
		return r.ArticleCount
	}
	return len(r.Articles)
}

// Signatory is the store's record of an entity: what the register and the news say of it.
type Signatory struct {
	Entity
	Names      []string                `json:"names,omitempty"` // every surface form seen
	Status     Status                  `json:"status"`
	FirstSeen  time.Time               `json:"first_seen"`
	Reports    []StanceReport          `json:"reports,omitempty"`
	InRegister bool                    `json:"in_register"`
	RegisterAt time.Time               `json:"register_at,omitempty"` // first seen in the register
	InBaseline bool                    `json:"in_baseline"`
	Alerted    map[AlertKind]time.Time `json:"alerted,omitempty"` // when each kind of alert was raised
	// MergedFrom names the records merged into this one: an organisation reported by the
	// news as "unverified:<slug>" before the register listed it as "org:<slug>". Their
	// names, reports and alert marks are part of this record.
	MergedFrom []string `json:"merged_from,omitempty"`
	// MergedInto names the record this one was merged into. The store keeps a merged
	// record as it was (its alert marks and the findings indexed under its id), counts
	// nothing more in it and leaves it out of Signatories.
	MergedInto string `json:"merged_into,omitempty"`
}

// Report returns the evidence for one stance, or nil.
func (s *Signatory) Report(stance FindingKind) *StanceReport {
	for i := range s.Reports {
		if s.Reports[i].Stance == stance {
			return &s.Reports[i]
		}
	}
	return nil
}

// AlertedAt returns when the first alert of any kind was raised for the entity, or the zero time.
func (s *Signatory) AlertedAt() time.Time {
	var first time.Time
	for _, t := range s.Alerted {
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	return first
}

// DeriveStatus computes Status from the register flag and the reports: official beats
// signed beats announced beats declined.
func (s *Signatory) DeriveStatus() Status {
	switch {
	case s.InRegister:
		return StatusOfficial
	case s.Report(FindingSigned) != nil:
		return StatusSigned
	case s.Report(FindingAnnounced) != nil:
		return StatusAnnounced
	case s.Report(FindingDeclined) != nil:
		return StatusDeclined
	}
	return ""
}

// RegisterEntry is one line of the official supporters list.
type RegisterEntry struct {
	EntityID  string    `json:"entity_id"`
	Name      string    `json:"name"`
	Category  Category  `json:"category"`
	Country   string    `json:"country,omitempty"` // ISO 3166-1 alpha-3 when known, else as written
	Website   string    `json:"website,omitempty"`
	Signed    string    `json:"date_signed,omitempty"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}
