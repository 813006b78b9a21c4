package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// Source returns the stored state of a source, by callwatch.SourceID.
func (db *DB) Source(ctx context.Context, id string) (callwatch.SourceState, bool, error) {
	var s callwatch.SourceState
	var ok bool
	err := db.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSources).Get([]byte(id))
		if v == nil {
			return nil
		}
		ok = true
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("store: decoding source %s: %w", id, err)
		}
		return nil
	})
	return s, ok, err
}

// Sources returns every stored source state, ordered by name (then id).
func (db *DB) Sources(ctx context.Context) ([]callwatch.SourceState, error) {
	var out []callwatch.SourceState
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSources).ForEach(func(k, v []byte) error {
			var s callwatch.SourceState
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("store: decoding source %s: %w", k, err)
			}
			out = append(out, s)
			return nil
		})
	})
	slices.SortFunc(out, func(a, b callwatch.SourceState) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

// PutSource stores a source's state under s.ID.
func (db *DB) PutSource(ctx context.Context, s callwatch.SourceState) error {
	if err := validPrefixID("source", s.ID); err != nil {
		return err
	}
	v, err := json.Marshal(&s)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSources).Put([]byte(s.ID), v)
	})
}

// PutSources stores many source states in one transaction (one fsync): a pass over
// hundreds of unchanged feeds records them all at once.
func (db *DB) PutSources(ctx context.Context, states []callwatch.SourceState) error {
	ids := make([][]byte, len(states))
	vals := make([][]byte, len(states))
	for i := range states {
		if err := validPrefixID("source", states[i].ID); err != nil {
			return err
		}
		v, err := json.Marshal(&states[i])
		if err != nil {
			return err
		}
		ids[i], vals[i] = []byte(states[i].ID), v
	}
	if len(states) == 0 {
		return nil
	}
	return db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSources)
		for i := range ids {
			if err := b.Put(ids[i], vals[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// SaveRunSummary records the summary of the last pass.
func (db *DB) SaveRunSummary(ctx context.Context, s callwatch.RunSummary) error {
	v, err := json.Marshal(&s)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *bolt.Tx) error { return putMeta(tx, metaLastRun, v) })
}

// LastRun returns the summary of the last pass.
func (db *DB) LastRun(ctx context.Context) (callwatch.RunSummary, bool, error) {
	var s callwatch.RunSummary
	var ok bool
	err := db.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketMeta).Get(metaLastRun)
		if v == nil {
			return nil
		}
		ok = true
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("store: decoding the last run summary: %w", err)
		}
		return nil
	})
	return s, ok, err
}
