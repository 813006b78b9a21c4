package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// A signatory's record is rewritten on every article that reports it, so it must not
// grow with its evidence: a state named in 20,000 articles would otherwise carry 20,000
// article ids, rewritten 20,000 times. Each StanceReport carries bounded samples
// (callwatch.MaxReportArticles, MaxReportOutlets) and exact counts; the sets themselves
// live in two buckets, where deciding whether an article or an outlet is counted already
// is one lookup whatever their number:
//
//	report_articles  entity id 0x00 stance 0x00 article id -> nil
//	report_outlets   entity id 0x00 stance 0x00 outlet     -> nil
//
// The sets only grow: evidence is never withdrawn (see ReplaceFindings), so the counts
// are those of every article ever counted, and an alert's min_sources is checked against
// the exact number of distinct outlets, however long the list it shows.

// maxEvidenceItem bounds the outlet name used in a key (bbolt keys are at most 32 KiB).
// Outlets are host or publication names; two that agree on their first 512 bytes are
// one outlet.
const maxEvidenceItem = 512

// evidencePrefix returns entity id 0x00 stance 0x00.
func evidencePrefix(entityID string, stance callwatch.FindingKind) []byte {
	return prefixedKey(entityID, append([]byte(stance), 0))
}

// evidenceKey returns the key of one article id or outlet in an entity's stance set.
func evidenceKey(entityID string, stance callwatch.FindingKind, item string) []byte {
	if len(item) > maxEvidenceItem {
		item = item[:maxEvidenceItem]
	}
	return append(evidencePrefix(entityID, stance), item...)
}

// addEvidence adds item to the set that bucket keeps for an entity's stance, and reports
// whether it was not there yet.
func addEvidence(tx *bolt.Tx, bucket []byte, entityID string, stance callwatch.FindingKind, item string) (bool, error) {
	b := tx.Bucket(bucket)
	k := evidenceKey(entityID, stance, item)
	if b.Get(k) != nil {
		return false, nil
	}
	return true, b.Put(k, []byte{})
}

// evidenceItems returns the items of the set that bucket keeps for an entity's stance,
// copied out of the transaction.
func evidenceItems(tx *bolt.Tx, bucket []byte, entityID string, stance callwatch.FindingKind) []string {
	var out []string
	prefix := evidencePrefix(entityID, stance)
	c := tx.Bucket(bucket).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		out = append(out, string(k[len(prefix):]))
	}
	return out
}

// sampleArticle adds an article id to a report's sample: the first MaxReportArticles/2
// ids counted stay, the rest is a window of the latest.
func sampleArticle(ids []string, id string) []string {
	ids = boundSample(ids)
	if len(ids) < callwatch.MaxReportArticles {
		return append(ids, id)
	}
	head := callwatch.MaxReportArticles / 2
	copy(ids[head:], ids[head+1:])
	ids[len(ids)-1] = id
	return ids
}

// boundSample returns the first MaxReportArticles/2 and the last ids of a list longer
// than MaxReportArticles, in a new slice; a shorter list is returned as it is.
func boundSample(ids []string) []string {
	if len(ids) <= callwatch.MaxReportArticles {
		return ids
	}
	head := callwatch.MaxReportArticles / 2
	out := make([]string, 0, callwatch.MaxReportArticles)
	out = append(out, ids[:head]...)
	return append(out, ids[len(ids)-(callwatch.MaxReportArticles-head):]...)
}

// boundOutlets returns the first MaxReportOutlets non-empty outlets of a list.
func boundOutlets(outlets []string) []string {
	out := slices.DeleteFunc(slices.Clone(outlets), func(o string) bool { return o == "" })
	if len(out) > callwatch.MaxReportOutlets {
		out = slices.Clip(out[:callwatch.MaxReportOutlets])
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// twinOrg returns the "org:<slug>" id of an "unverified:<slug>" id, or "".
func twinOrg(id string) string {
	if slug, ok := strings.CutPrefix(id, unverifiedPrefix); ok {
		return orgPrefix + slug
	}
	return ""
}

// mergeSignatory merges from (an organisation the news reported as unverified) into into
// (the register's record of it), both owned by the caller, who stores them. into gains
// from's names, earlier first-seen time, baseline flag and alert marks (so that what was
// alerted about from is never alerted again about into), and each of its stance reports.
// The evidence sets of into gain from's articles and outlets, and its counts only those
// it lacked, so nothing is counted twice however often a merge is repeated. from is
// marked as merged into into; its own sets stay as they were.
func mergeSignatory(tx *bolt.Tx, into, from *callwatch.Signatory) error {
	for _, n := range from.Names {
		if n != "" && !slices.Contains(into.Names, n) {
			into.Names = append(into.Names, n)
		}
	}
	if !from.FirstSeen.IsZero() && (into.FirstSeen.IsZero() || from.FirstSeen.Before(into.FirstSeen)) {
		into.FirstSeen = from.FirstSeen
	}
	into.InBaseline = into.InBaseline || from.InBaseline
	for k, t := range from.Alerted {
		if _, ok := into.Alerted[k]; ok {
			continue
		}
		if into.Alerted == nil {
			into.Alerted = map[callwatch.AlertKind]time.Time{}
		}
		into.Alerted[k] = t
	}
	for i := range from.Reports {
		if err := mergeReport(tx, into, from.ID, &from.Reports[i]); err != nil {
			return err
		}
	}
	if !slices.Contains(into.MergedFrom, from.ID) {
		into.MergedFrom = append(into.MergedFrom, from.ID)
	}
	into.Status = into.DeriveStatus()
	from.MergedInto = into.ID
	return nil
}

// mergeReport merges one stance report of the record fromID into into's report of the
// same stance (created if into has none).
func mergeReport(tx *bolt.Tx, into *callwatch.Signatory, fromID string, r *callwatch.StanceReport) error {
	rep := into.Report(r.Stance)
	if rep == nil {
		into.Reports = append(into.Reports, callwatch.StanceReport{
			Stance: r.Stance, FirstSeen: r.FirstSeen, FirstArticle: r.FirstArticle,
			FirstEvidence: r.FirstEvidence, Confidence: r.Confidence,
		})
		rep = &into.Reports[len(into.Reports)-1]
	} else {
		if r.FirstSeen.Before(rep.FirstSeen) {
			rep.FirstSeen, rep.FirstArticle, rep.FirstEvidence = r.FirstSeen, r.FirstArticle, r.FirstEvidence
		}
		rep.Confidence = max(rep.Confidence, r.Confidence)
	}
	arts, err := unionEvidence(tx, bucketRepArticles, fromID, into.ID, r.Stance)
	if err != nil {
		return err
	}
	rep.ArticleCount += len(arts)
	for _, id := range r.Articles {
		if arts[id] {
			rep.Articles = sampleArticle(rep.Articles, id)
		}
	}
	outlets, err := unionEvidence(tx, bucketRepOutlets, fromID, into.ID, r.Stance)
	if err != nil {
		return err
	}
	rep.OutletCount += len(outlets)
	for _, o := range r.Outlets {
		if outlets[evidenceItem(o)] && len(rep.Outlets) < callwatch.MaxReportOutlets {
			rep.Outlets = append(rep.Outlets, o)
		}
	}
	return nil
}

// evidenceItem returns the form of an item its key holds.
func evidenceItem(s string) string { return s[:min(len(s), maxEvidenceItem)] }

// addAllEvidence adds the non-empty items to an entity's set for a stance and returns how
// many were not there yet.
func addAllEvidence(tx *bolt.Tx, bucket []byte, entityID string, stance callwatch.FindingKind, items []string) (int, error) {
	n := 0
	for _, item := range items {
		if item == "" {
			continue
		}
		added, err := addEvidence(tx, bucket, entityID, stance, item)
		if err != nil {
			return 0, err
		}
		if added {
			n++
		}
	}
	return n, nil
}

// unionEvidence adds the items of fromID's set for a stance to intoID's set, and returns
// those that were not there yet.
func unionEvidence(tx *bolt.Tx, bucket []byte, fromID, intoID string, stance callwatch.FindingKind) (map[string]bool, error) {
	added := map[string]bool{}
	// Collected first: a cursor must not walk a bucket that is being written.
	for _, item := range evidenceItems(tx, bucket, fromID, stance) {
		ok, err := addEvidence(tx, bucket, intoID, stance, item)
		if err != nil {
			return nil, err
		}
		if ok {
			added[item] = true
		}
	}
	return added, nil
}

// migrateV2toV3 bounds the signatory records. In version 2 a StanceReport listed every
// article id and every outlet that reported it; version 3 moves those sets to
// report_articles and report_outlets, keeps exact counts and bounded samples in the
// record, and merges each unverified organisation the register lists (or listed) into
// the register's record, which version 2 left listed beside it.
func migrateV2toV3(tx *bolt.Tx, _ time.Time) error {
	if err := createBuckets(tx); err != nil {
		return err
	}
	sb := tx.Bucket(bucketSignatories)
	var sigs []*callwatch.Signatory
	byID := map[string]*callwatch.Signatory{}
	err := sb.ForEach(func(k, v []byte) error {
		var s callwatch.Signatory
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("decoding signatory %s: %w", k, err)
		}
		if s.ID != string(k) {
			return fmt.Errorf("signatory stored under %s has id %s", k, s.ID)
		}
		sigs = append(sigs, &s)
		byID[s.ID] = &s
		return nil
	})
	if err != nil {
		return err
	}
	for _, s := range sigs {
		for i := range s.Reports {
			r := &s.Reports[i]
			var err error
			if r.ArticleCount, err = addAllEvidence(tx, bucketRepArticles, s.ID, r.Stance, r.Articles); err != nil {
				return fmt.Errorf("signatory %s: %w", s.ID, err)
			}
			if r.OutletCount, err = addAllEvidence(tx, bucketRepOutlets, s.ID, r.Stance, r.Outlets); err != nil {
				return fmt.Errorf("signatory %s: %w", s.ID, err)
			}
			r.Articles = slices.Clip(boundSample(r.Articles))
			r.Outlets = boundOutlets(r.Outlets)
		}
	}
	for _, s := range sigs {
		org := byID[twinOrg(s.ID)]
		if org == nil || s.MergedInto != "" || (!org.InRegister && org.RegisterAt.IsZero()) {
			continue
		}
		if err := mergeSignatory(tx, org, s); err != nil {
			return fmt.Errorf("merging %s into %s: %w", s.ID, org.ID, err)
		}
	}
	for _, s := range sigs {
		if err := putSignatory(tx, s); err != nil {
			return err
		}
	}
	return nil
}
