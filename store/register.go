package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// SaveRegister stores a snapshot of the official register read from a source and diffs it
// against that source's previous snapshot:
//
//   - On a source's first snapshot the entries are stored and their entities marked
//     InRegister (created if unknown) without asking the policy: no alerts on a first run.
//   - Later, a new entry marks its entity InRegister (RegisterAt = at), is reported in
//     RegisterAdded and, unless another register source already listed the entity, goes
//     to the policy as CauseRegisterAdded.
//   - An entry gone is reported in RegisterRemoved; unless another register source still
//     lists the entity, it loses InRegister and goes to the policy as CauseRegisterRemoved.
//   - An entry still there keeps its FirstSeen and gets LastSeen = at.
//
// An empty snapshot after a non-empty one is refused: it is far likelier that the page
// changed shape than that every supporter left.
func (db *DB) SaveRegister(ctx context.Context, sourceID string, entries []callwatch.RegisterEntry, at time.Time) (callwatch.Changes, error) {
	if err := validPrefixID("source", sourceID); err != nil {
		return callwatch.Changes{}, err
	}
	at = at.UTC()
	seen := map[string]bool{}
	var list []callwatch.RegisterEntry
	for i, e := range entries {
		if err := validPrefixID("entity", e.EntityID); err != nil {
			return callwatch.Changes{}, fmt.Errorf("store: register entry %d (%q): %w", i, e.Name, err)
		}
		if !seen[e.EntityID] {
			seen[e.EntityID] = true
			list = append(list, e)
		}
	}
	var ch callwatch.Changes
	err := db.write(ctx, &ch, func(w *writer) error {
		tx := w.tx
		meta := tx.Bucket(bucketMeta)
		first := meta.Get([]byte(metaRegisterAt+sourceID)) == nil
		reg := tx.Bucket(bucketRegister)
		prefix := prefixedKey(sourceID, nil)
		previous := map[string]callwatch.RegisterEntry{}
		c := reg.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var e callwatch.RegisterEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("store: decoding register entry %q: %w", k, err)
			}
			previous[e.EntityID] = e
		}
		if len(list) == 0 && len(previous) > 0 {
			return fmt.Errorf("store: refusing an empty register snapshot from source %s: the previous one listed %d entries", sourceID, len(previous))
		}
		others, err := otherRegisterSources(tx, sourceID)
		if err != nil {
			return err
		}
		for _, e := range list {
			old, had := previous[e.EntityID]
			e.LastSeen = at
			if had {
				e.FirstSeen = old.FirstSeen
			} else {
				e.FirstSeen = at
				if !first {
					ch.RegisterAdded = append(ch.RegisterAdded, e)
				}
			}
			if err := putRegisterEntry(reg, sourceID, e); err != nil {
				return err
			}
			if err := w.registerListed(e, at, first || had, others); err != nil {
				return err
			}
		}
		var gone []callwatch.RegisterEntry
		for id, e := range previous {
			if !seen[id] {
				gone = append(gone, e)
			}
		}
		slices.SortFunc(gone, func(a, b callwatch.RegisterEntry) int { return strings.Compare(a.Name, b.Name) })
		for _, e := range gone {
			if err := reg.Delete(prefixedKey(sourceID, []byte(e.EntityID))); err != nil {
				return err
			}
			ch.RegisterRemoved = append(ch.RegisterRemoved, e)
			if err := w.registerDropped(e, others); err != nil {
				return err
			}
		}
		tb, _ := at.MarshalBinary()
		return meta.Put([]byte(metaRegisterAt+sourceID), tb)
	})
	if err != nil {
		return callwatch.Changes{}, err
	}
	return ch, nil
}

func putRegisterEntry(reg *bolt.Bucket, sourceID string, e callwatch.RegisterEntry) error {
	v, err := json.Marshal(&e)
	if err != nil {
		return err
	}
	return reg.Put(prefixedKey(sourceID, []byte(e.EntityID)), v)
}

// otherRegisterSources returns the ids of the register sources other than sourceID.
func otherRegisterSources(tx *bolt.Tx, sourceID string) ([]string, error) {
	var out []string
	prefix := []byte(metaRegisterAt)
	c := tx.Bucket(bucketMeta).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if id := string(k[len(prefix):]); id != sourceID {
			out = append(out, id)
		}
	}
	return out, nil
}

// listedElsewhere reports whether another register source lists the entity.
func listedElsewhere(tx *bolt.Tx, entityID string, others []string) bool {
	reg := tx.Bucket(bucketRegister)
	for _, src := range others {
		if reg.Get(prefixedKey(src, []byte(entityID))) != nil {
			return true
		}
	}
	return false
}

// registerListed marks the entity of a listed entry InRegister. silent (a first snapshot,
// or an entry listed before) asks the policy nothing.
//
// The news may have reported the organisation already as "unverified:<slug>": that record
// is merged into the register's (see mergeSignatory), so the policy sees a follow-up of
// what was reported, not a newcomer, and the listings show one entity. When the register's
// record is new, the policy's Before is the unverified record under the register's id.
func (w *writer) registerListed(e callwatch.RegisterEntry, at time.Time, silent bool, others []string) error {
	before, err := w.signatory(e.EntityID)
	if err != nil {
		return err
	}
	if before != nil && before.InRegister {
		return nil
	}
	cat := e.Category
	if cat == "" {
		cat = callwatch.CategoryUnknown
	}
	ent := callwatch.Entity{ID: e.EntityID, Name: e.Name, Category: cat, Country: e.Country, Verified: true}
	var twin *callwatch.Signatory
	if strings.HasPrefix(e.EntityID, orgPrefix) {
		u, err := w.signatory(unverifiedPrefix + strings.TrimPrefix(e.EntityID, orgPrefix))
		if err != nil {
			return err
		}
		if u != nil && u.MergedInto == "" {
			twin = cloneSignatory(u)
		}
	}
	var after *callwatch.Signatory
	switch {
	case before != nil:
		after = cloneSignatory(before)
	case twin != nil:
		before = cloneSignatory(twin)
		before.Entity = ent
		before.Entity.Verified = false
		before.MergedFrom = nil
		after = &callwatch.Signatory{Entity: ent, FirstSeen: twin.FirstSeen}
		if w.db.policy != nil {
			after.InBaseline = w.db.policy.InBaseline(ent.ID)
		}
	default:
		after = w.newSignatory(ent, at)
	}
	if twin != nil {
		if err := mergeSignatory(w.tx, after, twin); err != nil {
			return fmt.Errorf("merging %s into %s: %w", twin.ID, after.ID, err)
		}
		w.putSignatory(twin)
	}
	if e.Name != "" && !slices.Contains(after.Names, e.Name) {
		after.Names = append(after.Names, e.Name)
	}
	after.InRegister = true
	if after.RegisterAt.IsZero() {
		after.RegisterAt = at
	}
	after.Status = after.DeriveStatus()
	cause := callwatch.CauseRegisterAdded
	if silent || listedElsewhere(w.tx, e.EntityID, others) {
		cause = ""
	}
	return w.commitSignatory(before, after, callwatch.SignatoryChange{Cause: cause})
}

// registerDropped clears InRegister on the entity of an entry gone from the register,
// unless another register source still lists it.
func (w *writer) registerDropped(e callwatch.RegisterEntry, others []string) error {
	if listedElsewhere(w.tx, e.EntityID, others) {
		return nil
	}
	before, err := w.signatory(e.EntityID)
	if err != nil {
		return err
	}
	if before == nil || !before.InRegister {
		return nil
	}
	after := cloneSignatory(before)
	after.InRegister = false
	after.Status = after.DeriveStatus()
	return w.commitSignatory(before, after, callwatch.SignatoryChange{Cause: callwatch.CauseRegisterRemoved})
}

// Register returns the entries of the latest register snapshots, ordered by name. An
// entity listed by several register sources appears once, with the earliest FirstSeen
// and the latest LastSeen.
func (db *DB) Register(ctx context.Context) ([]callwatch.RegisterEntry, error) {
	byID := map[string]callwatch.RegisterEntry{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketRegister).ForEach(func(k, v []byte) error {
			var e callwatch.RegisterEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("store: decoding register entry %q: %w", k, err)
			}
			if o, ok := byID[e.EntityID]; ok {
				if o.FirstSeen.Before(e.FirstSeen) {
					e.FirstSeen = o.FirstSeen
				}
				if o.LastSeen.After(e.LastSeen) {
					e.LastSeen = o.LastSeen
				}
			}
			byID[e.EntityID] = e
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	out := make([]callwatch.RegisterEntry, 0, len(byID))
	for _, e := range byID {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b callwatch.RegisterEntry) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.EntityID, b.EntityID)
	})
	return out, nil
}
