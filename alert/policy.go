package alert

import (
	"slices"

	"github.com/callwatch/callwatch"
)

// Policy decides which changes raise alerts and which channels deliver them. It implements
// callwatch.AlertPolicy: it is pure (no clock, no I/O; the time comes with the change) and
// safe for concurrent use, because the store calls it inside its write transactions.
type Policy struct {
	baseline      map[string]bool
	minConfidence float64
	minSources    int
	kinds         map[callwatch.AlertKind]bool
	channels      []Channel
}

var _ callwatch.AlertPolicy = (*Policy)(nil)

// NewPolicy returns the policy for o. Zero fields take their defaults (see Options).
func NewPolicy(o Options) *Policy {
	o = o.withDefaults()
	p := &Policy{
		baseline:      make(map[string]bool, len(o.Baseline)),
		minConfidence: o.MinConfidence,
		minSources:    o.MinSources,
		kinds:         map[callwatch.AlertKind]bool{},
		channels:      slices.Clone(o.Channels),
	}
	for _, id := range o.Baseline {
		p.baseline[id] = true
	}
	for _, k := range o.Kinds {
		p.kinds[k] = true
	}
	return p
}

// InBaseline reports whether the entity is in the baseline of known supporters.
func (p *Policy) InBaseline(entityID string) bool { return p.baseline[entityID] }

// Enabled reports whether the policy raises alerts of kind k.
func (p *Policy) Enabled(k callwatch.AlertKind) bool { return p.kinds[k] }

// Channels names the channels whose filters (kinds, minimum confidence) accept the alert,
// in configuration order.
func (p *Policy) Channels(a callwatch.Alert) []string {
	var names []string
	for _, ch := range p.channels {
		if ch.accepts(a) {
			names = append(names, ch.Name)
		}
	}
	return names
}

// Decide returns the alerts that the change raises: at most one per kind and entity, ever.
//
//   - An article (CauseArticle) raises "reported" when the entity's signed report reaches
//     the minimum confidence and number of distinct outlets and the entity is not known
//     (baseline, register, or alerted as reported or confirmed already); "announced" and
//     "declined" likewise when enabled, declined only for states and verified companies.
//     Only the stance of the change's finding is considered (all stances without one).
//   - A new register entry (CauseRegisterAdded) raises "confirmed" unless the entity is in
//     the baseline or was confirmed already. If the news reported it first, the
//     confirmation is a follow-up (FollowUp, ReportedAt) of that report.
//   - A register removal raises "removed" when enabled.
func (p *Policy) Decide(c callwatch.SignatoryChange) []callwatch.Alert {
	s := c.After
	if s == nil || s.ID == "" {
		return nil
	}
	var out []callwatch.Alert
	switch c.Cause {
	case callwatch.CauseArticle:
		stances := []callwatch.FindingKind{callwatch.FindingSigned, callwatch.FindingAnnounced, callwatch.FindingDeclined}
		if c.Finding != nil {
			stances = []callwatch.FindingKind{c.Finding.Kind}
		}
		for _, st := range stances {
			if a, ok := p.news(c, st); ok {
				out = append(out, a)
			}
		}
	case callwatch.CauseRegisterAdded:
		if a, ok := p.confirmed(c); ok {
			out = append(out, a)
		}
	case callwatch.CauseRegisterRemoved:
		if a, ok := p.removed(c); ok {
			out = append(out, a)
		}
	}
	return out
}

// known reports whether the entity counts as a supporter already.
func (p *Policy) known(s *callwatch.Signatory) bool {
	return s.InBaseline || p.baseline[s.ID] || s.InRegister || alerted(s, callwatch.AlertReported) || alerted(s, callwatch.AlertConfirmed)
}

func alerted(s *callwatch.Signatory, k callwatch.AlertKind) bool {
	_, ok := s.Alerted[k]
	return ok
}

// news decides the alert of a news stance.
func (p *Policy) news(c callwatch.SignatoryChange, stance callwatch.FindingKind) (callwatch.Alert, bool) {
	s := c.After
	var kind callwatch.AlertKind
	switch stance {
	case callwatch.FindingSigned:
		kind = callwatch.AlertReported
	case callwatch.FindingAnnounced:
		kind = callwatch.AlertAnnounced
	case callwatch.FindingDeclined:
		kind = callwatch.AlertDeclined
	default:
		return callwatch.Alert{}, false
	}
	if !p.kinds[kind] || alerted(s, kind) || p.known(s) {
		return callwatch.Alert{}, false
	}
	if kind == callwatch.AlertDeclined && !major(s.Entity) {
		return callwatch.Alert{}, false
	}
	r := s.Report(stance)
	if r == nil || r.Confidence < p.minConfidence || r.NumOutlets() < p.minSources {
		return callwatch.Alert{}, false
	}
	a := callwatch.Alert{
		ID:         callwatch.AlertID(kind, s.ID),
		Kind:       kind,
		Created:    c.Now,
		Entity:     s.Entity,
		Stance:     stance,
		Confidence: r.Confidence,
		Evidence:   r.FirstEvidence,
		Article:    r.FirstArticle,
		Outlets:    slices.Clone(r.Outlets),
		Confirmed:  s.InRegister,
	}
	if c.Finding != nil && c.Finding.Kind == stance {
		a.Rule = c.Finding.Rule
	}
	if a.Evidence == "" && c.Finding != nil && c.Finding.Kind == stance {
		a.Evidence = c.Finding.Evidence
	}
	if a.Article.ID == "" && c.Article != nil {
		a.Article = *c.Article
	}
	return a, true
}

// confirmed decides the alert of a new register entry.
func (p *Policy) confirmed(c callwatch.SignatoryChange) (callwatch.Alert, bool) {
	s := c.After
	if !p.kinds[callwatch.AlertConfirmed] || alerted(s, callwatch.AlertConfirmed) || s.InBaseline || p.baseline[s.ID] {
		return callwatch.Alert{}, false
	}
	a := callwatch.Alert{
		ID:         callwatch.AlertID(callwatch.AlertConfirmed, s.ID),
		Kind:       callwatch.AlertConfirmed,
		Created:    c.Now,
		Entity:     s.Entity,
		Stance:     callwatch.FindingSigned,
		Confidence: 1,
		Confirmed:  true,
		Outlets:    []string{},
	}
	if r := s.Report(callwatch.FindingSigned); r != nil {
		a.Outlets = slices.Clone(r.Outlets)
		a.Evidence = r.FirstEvidence
		a.Article = r.FirstArticle
	}
	if t, ok := s.Alerted[callwatch.AlertReported]; ok {
		a.FollowUp = true
		a.ReportedAt = t
	}
	return a, true
}

// removed decides the alert of an entry that left the register.
func (p *Policy) removed(c callwatch.SignatoryChange) (callwatch.Alert, bool) {
	s := c.After
	if !p.kinds[callwatch.AlertRemoved] || alerted(s, callwatch.AlertRemoved) {
		return callwatch.Alert{}, false
	}
	a := callwatch.Alert{
		ID:         callwatch.AlertID(callwatch.AlertRemoved, s.ID),
		Kind:       callwatch.AlertRemoved,
		Created:    c.Now,
		Entity:     s.Entity,
		Confidence: 1,
		Outlets:    []string{},
	}
	if r := s.Report(callwatch.FindingSigned); r != nil {
		a.Outlets = slices.Clone(r.Outlets)
	}
	return a, true
}

// major reports whether a refusal by the entity is worth an alert: states, and companies
// the gazetteer knows (an unverified company is a name inferred from one sentence).
func major(e callwatch.Entity) bool {
	return e.Category == callwatch.CategoryState || (e.Category == callwatch.CategoryCompany && e.Verified)
}
