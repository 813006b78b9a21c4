package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

func getSignatory(tx *bolt.Tx, id string) (*callwatch.Signatory, error) {
	v := tx.Bucket(bucketSignatories).Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	var s callwatch.Signatory
	if err := json.Unmarshal(v, &s); err != nil {
		return nil, fmt.Errorf("store: decoding signatory %s: %w", id, err)
	}
	return &s, nil
}

func putSignatory(tx *bolt.Tx, s *callwatch.Signatory) error {
	v, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketSignatories).Put([]byte(s.ID), v)
}

// cloneSignatory returns a deep copy of s, so that Before and After never share memory.
func cloneSignatory(s *callwatch.Signatory) *callwatch.Signatory {
	if s == nil {
		return nil
	}
	c := *s
	c.Names = slices.Clone(s.Names)
	c.MergedFrom = slices.Clone(s.MergedFrom)
	c.Reports = make([]callwatch.StanceReport, len(s.Reports))
	for i, r := range s.Reports {
		r.Outlets = slices.Clone(r.Outlets)
		r.Articles = slices.Clone(r.Articles)
		c.Reports[i] = r
	}
	if s.Reports == nil {
		c.Reports = nil
	}
	if s.Alerted != nil {
		c.Alerted = make(map[callwatch.AlertKind]time.Time, len(s.Alerted))
		for k, v := range s.Alerted {
			c.Alerted[k] = v
		}
	}
	return &c
}

// newSignatory returns the record of an entity seen for the first time.
func (w *writer) newSignatory(e callwatch.Entity, firstSeen time.Time) *callwatch.Signatory {
	s := &callwatch.Signatory{Entity: e, FirstSeen: firstSeen}
	if e.Name != "" {
		s.Names = []string{e.Name}
	}
	if w.db.policy != nil {
		s.InBaseline = w.db.policy.InBaseline(e.ID)
	}
	return s
}

// applyFindings applies each stance finding of an article to its entity's record.
func (w *writer) applyFindings(rec *articleRecord, findings []callwatch.Finding) error {
	for i := range findings {
		f := &findings[i]
		if !f.Kind.IsStance() || f.Entity == nil {
			continue
		}
		if err := w.applyFinding(rec, f); err != nil {
			return err
		}
	}
	return nil
}

// An organisation the gazetteer does not know is found in the news as "unverified:<slug>",
// and the same name read from the official register is "org:<slug>" (detect gives both
// the same slug). The store treats them as one signatory: a finding about the unverified
// id counts for the register's record once the register lists it, and an unverified record
// written before is merged into the register's (mergeSignatory). So a company reported by
// the news and later listed by the register gets a follow-up rather than a second alert,
// one listed first is never "reported" as new, and listings show it once.
const (
	unverifiedPrefix = "unverified:"
	orgPrefix        = "org:"
)

// linkedFindings returns findings with each unverified entity that the register lists
// or listed (as org:<same slug>) replaced by that entity. An entity the register dropped
// stays linked: it is the same organisation, and its record holds the alerts raised. It
// copies the slice only when it changes one, so the caller's findings are never modified.
func (w *writer) linkedFindings(findings []callwatch.Finding) ([]callwatch.Finding, error) {
	out, copied := findings, false
	for i := range findings {
		f := &findings[i]
		if f.Entity == nil || !strings.HasPrefix(f.Entity.ID, unverifiedPrefix) {
			continue
		}
		s, err := w.signatory(twinOrg(f.Entity.ID))
		if err != nil {
			return nil, err
		}
		if s == nil || (!s.InRegister && s.RegisterAt.IsZero()) {
			continue
		}
		if !copied {
			out, copied = slices.Clone(findings), true
		}
		e := s.Entity
		out[i].Entity = &e
	}
	return out, nil
}

// applyFinding counts one stance finding in its entity's StanceReport, unless the article
// is counted there already, and asks the policy which alerts the change raises. Whether
// the article and its outlet are counted already is read from report_articles and
// report_outlets, so the cost does not grow with the number of articles counted.
func (w *writer) applyFinding(rec *articleRecord, f *callwatch.Finding) error {
	before, err := w.signatory(f.Entity.ID)
	if err != nil {
		return err
	}
	after := cloneSignatory(before)
	changed := false
	if after == nil {
		after = w.newSignatory(*f.Entity, w.now)
		changed = true
	} else if !after.Verified && f.Entity.Verified {
		after.Entity = *f.Entity // the gazetteer now knows it: take its name and category
		changed = true
	}
	for _, n := range []string{f.Entity.Name, f.Subject} {
		if n != "" && !slices.Contains(after.Names, n) {
			after.Names = append(after.Names, n)
			changed = true
		}
	}
	ref := rec.Ref()
	newArticle, err := addEvidence(w.tx, bucketRepArticles, after.ID, f.Kind, rec.ID)
	if err != nil {
		return err
	}
	newOutlet := false
	if newArticle && rec.Outlet != "" {
		if newOutlet, err = addEvidence(w.tx, bucketRepOutlets, after.ID, f.Kind, rec.Outlet); err != nil {
			return err
		}
	}
	rep := after.Report(f.Kind)
	switch {
	case rep == nil:
		r := callwatch.StanceReport{
			Stance: f.Kind, FirstSeen: w.now, FirstArticle: ref, FirstEvidence: f.Evidence,
			Confidence: f.Confidence, ArticleCount: 1, Articles: []string{rec.ID},
		}
		if newOutlet {
			r.OutletCount, r.Outlets = 1, []string{rec.Outlet}
		}
		after.Reports = append(after.Reports, r)
		changed = true
	case newArticle:
		rep.ArticleCount++
		rep.Articles = sampleArticle(rep.Articles, rec.ID)
		if newOutlet {
			rep.OutletCount++
			if len(rep.Outlets) < callwatch.MaxReportOutlets {
				rep.Outlets = append(rep.Outlets, rec.Outlet)
			}
		}
		rep.Confidence = max(rep.Confidence, f.Confidence)
		changed = true
	case f.Confidence > rep.Confidence:
		rep.Confidence = f.Confidence
		changed = true
	}
	if !changed {
		return nil
	}
	after.Status = after.DeriveStatus()
	return w.commitSignatory(before, after, callwatch.SignatoryChange{
		Cause: callwatch.CauseArticle, Article: &ref, Finding: f,
	})
}

// commitSignatory records a change to a signatory: its new state, what Changes reports,
// and the alerts the policy raises (marked in after.Alerted and enqueued in the outbox).
// An empty c.Cause (the first register snapshot) asks the policy nothing.
func (w *writer) commitSignatory(before, after *callwatch.Signatory, c callwatch.SignatoryChange) error {
	if before == nil {
		w.ch.NewSignatories = append(w.ch.NewSignatories, *cloneSignatory(after))
	} else if before.Status != after.Status {
		w.ch.StatusChanges = append(w.ch.StatusChanges, callwatch.StatusChange{
			EntityID: after.ID, Name: after.Name, From: before.Status, To: after.Status,
		})
	}
	if w.db.policy != nil && c.Cause != "" {
		c.Before, c.After, c.Now = cloneSignatory(before), cloneSignatory(after), w.now
		for _, a := range w.db.policy.Decide(c) {
			if err := w.raise(after, a); err != nil {
				return err
			}
		}
	}
	w.putSignatory(after)
	return nil
}

// raise marks an alert as raised on the signatory and enqueues it, once per alert id.
func (w *writer) raise(s *callwatch.Signatory, a callwatch.Alert) error {
	if a.Kind == "" {
		return fmt.Errorf("policy returned an alert without a kind for %s", s.ID)
	}
	if a.ID == "" {
		a.ID = callwatch.AlertID(a.Kind, s.ID)
	}
	if a.Created.IsZero() {
		a.Created = w.now
	}
	if a.Entity.ID == "" {
		a.Entity = s.Entity
	}
	if s.Alerted == nil {
		s.Alerted = map[callwatch.AlertKind]time.Time{}
	}
	if _, done := s.Alerted[a.Kind]; !done {
		s.Alerted[a.Kind] = w.now
	}
	ids := w.tx.Bucket(bucketOutboxIDs)
	if ids.Get([]byte(a.ID)) != nil {
		return nil // enqueued before: never twice
	}
	ob := w.tx.Bucket(bucketOutbox)
	seq, err := ob.NextSequence()
	if err != nil {
		return err
	}
	e := callwatch.OutboxEntry{Seq: seq, Alert: a}
	for _, ch := range w.db.policy.Channels(a) {
		e.Deliveries = append(e.Deliveries, callwatch.Delivery{
			Channel: ch, State: callwatch.DeliveryPending, NextAttempt: w.now,
		})
	}
	if err := putOutboxEntry(w.tx, &e); err != nil {
		return err
	}
	if err := ids.Put([]byte(a.ID), u64(seq)); err != nil {
		return err
	}
	w.ch.Alerts = append(w.ch.Alerts, a)
	return nil
}

// Signatory returns one entity's record by id. A record merged into another is returned
// as it is, with MergedInto naming the record that lists it now.
func (db *DB) Signatory(ctx context.Context, id string) (callwatch.Signatory, bool, error) {
	var s *callwatch.Signatory
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var err error
		s, err = getSignatory(tx, id)
		return err
	})
	if err != nil || s == nil {
		return callwatch.Signatory{}, false, err
	}
	return *s, true, nil
}

// Signatories returns the entities that pass the filter, newest first seen first. It reads
// every entity record (a few thousand at most: the register lists about 1,200). A record
// merged into another (Signatory.MergedInto) is left out: the record it was merged into
// lists its names and reports.
func (db *DB) Signatories(ctx context.Context, f callwatch.SignatoryFilter) ([]callwatch.Signatory, error) {
	var out []callwatch.Signatory
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSignatories).ForEach(func(k, v []byte) error {
			var s callwatch.Signatory
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("store: decoding signatory %s: %w", k, err)
			}
			if s.MergedInto != "" {
				return nil
			}
			if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, s.Status) {
				return nil
			}
			if !f.Since.IsZero() && s.FirstSeen.Before(f.Since) {
				return nil
			}
			out = append(out, s)
			return nil
		})
	})
	slices.SortStableFunc(out, func(a, b callwatch.Signatory) int {
		if c := b.FirstSeen.Compare(a.FirstSeen); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}
