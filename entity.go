package callwatch

import "time"

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

// StanceReport gathers the evidence for one entity and one stance.
type StanceReport struct {
	Stance        FindingKind `json:"stance"`
	FirstSeen     time.Time   `json:"first_seen"`
	FirstArticle  ArticleRef  `json:"first_article"`
	FirstEvidence string      `json:"first_evidence"`
	Confidence    float64     `json:"confidence"` // the highest seen
	Outlets       []string    `json:"outlets"`    // distinct outlets, in order of first report
	Articles      []string    `json:"articles"`   // article IDs
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
