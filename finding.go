package callwatch

import "time"

// FindingKind is what a finding says about the Paris Call.
type FindingKind string

// Finding kinds. A mention says the article refers to the Call; the three stance kinds say
// that an entity signed, declined or announced it will sign.
const (
	FindingMention   FindingKind = "mention"
	FindingSigned    FindingKind = "signed"
	FindingDeclined  FindingKind = "declined"
	FindingAnnounced FindingKind = "announced"
)

// FindingKinds lists every FindingKind, in documentation order.
var FindingKinds = []FindingKind{FindingMention, FindingSigned, FindingDeclined, FindingAnnounced}

// IsStance reports whether k is a stance (signed, declined, announced) rather than a mention.
func (k FindingKind) IsStance() bool {
	return k == FindingSigned || k == FindingDeclined || k == FindingAnnounced
}

// Strength grades a mention.
type Strength string

// Mention strengths.
const (
	StrengthFull  Strength = "full"  // the Call's full name (or its official domain)
	StrengthShort Strength = "short" // a short form with cyber context or a full name elsewhere in the article
	StrengthWeak  Strength = "weak"  // a short form without supporting context; never counted as a mention
)

// Field names the part of a document a finding's offsets refer to.
type Field string

// Document fields.
const (
	FieldTitle Field = "title"
	FieldText  Field = "text"
)

// Span is a half-open byte range [Start, End) in one field of the original (not normalised) text.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Role  string `json:"role,omitempty"` // "name", "verb", "entity", "negation", ...
}

// Finding is one thing detection found in one article: a mention of the Call, or an
// entity's stance towards it. Findings are explainable: Rule names the rule that produced
// it and Evidence is the sentence, with Spans marking what matched.
type Finding struct {
	Kind       FindingKind `json:"kind"`
	Strength   Strength    `json:"strength,omitempty"` // mentions only
	Entity     *Entity     `json:"entity,omitempty"`   // stances only
	Subject    string      `json:"subject,omitempty"`  // the entity as written in the text
	Evidence   string      `json:"evidence"`           // the sentence
	Field      Field       `json:"field"`
	Start      int         `json:"start"` // byte offsets of Evidence in Field
	End        int         `json:"end"`
	Spans      []Span      `json:"spans,omitempty"`
	Rule       string      `json:"rule"`
	Confidence float64     `json:"confidence"` // in [0, 1]
}

// Document is the detector's input: one article's text and what is known about it.
type Document struct {
	Title     string
	Text      string // plain text, paragraphs separated by blank lines
	Language  string // ISO 639-1 if known; the detector guesses otherwise
	URL       string
	Publisher string // the outlet; the subject of self-announcements ("we are proud to sign")
	Published time.Time
}

// Detector finds mentions of the Call and stance events in documents. Implementations are
// pure and safe for concurrent use.
type Detector interface {
	Detect(doc Document) []Finding
	// Resolve maps a name (as written in a register entry or an article) to a known entity.
	Resolve(name string) (Entity, bool)
}
