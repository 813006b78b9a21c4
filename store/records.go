package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// articleRecord is an article as the articles bucket stores it: everything but its text
// (in texts, compressed) and its findings (in findings, under TimeKey and the id).
type articleRecord struct {
	callwatch.Article
	// TimeKey is the published time (in nanoseconds) the article's keys were written with.
	TimeKey int64 `json:"time_key"`
	// TextBytes is the length of the uncompressed text, kept after a prune.
	TextBytes int `json:"text_bytes,omitempty"`
	// Pruned says that db prune dropped the text.
	Pruned bool `json:"pruned,omitempty"`
	// FindingN is the number of findings stored under the article's key.
	FindingN int `json:"finding_n"`
}

func (r *articleRecord) key() []byte { return articleKey(r.TimeKey, r.ID) }

// getArticleRecord returns the stored record of an article id, or nil.
func getArticleRecord(tx *bolt.Tx, id string) (*articleRecord, error) {
	t := tx.Bucket(bucketArticleIDs).Get([]byte(id))
	if len(t) != timeLen {
		return nil, nil
	}
	return getArticleAt(tx, articleKey(getTime(t), id))
}

// getArticleAt returns the record stored under an article key, or nil.
func getArticleAt(tx *bolt.Tx, key []byte) (*articleRecord, error) {
	v := tx.Bucket(bucketArticles).Get(key)
	if v == nil {
		return nil, fmt.Errorf("store: article %s is indexed but not stored (run callwatch db check)", key[timeLen:])
	}
	r, err := decodeRecord(v)
	if err != nil {
		return nil, fmt.Errorf("store: decoding article %s: %w", key[timeLen:], err)
	}
	return r, nil
}

// putArticleRecord stores an article's record under its key and indexes its id. The
// caller deletes the record under an older key first.
func putArticleRecord(tx *bolt.Tx, r *articleRecord) error {
	k := r.key()
	if err := tx.Bucket(bucketArticles).Put(k, encodeRecord(r)); err != nil {
		return err
	}
	return tx.Bucket(bucketArticleIDs).Put([]byte(r.ID), k[:timeLen])
}

// v1BucketArticleTime is the version 1 index of articles by published time.
var v1BucketArticleTime = []byte("articles_by_time")

// migrateV1toV2 upgrades the version 1 data model to version 2. In version 1 the articles
// bucket held each article's record under its id with its text inline and uncompressed,
// articles_by_time indexed them by published time, and nothing indexed them by source.
// Version 2 keys the records by published time (so that they are appended, not scattered),
// indexes ids in article_ids, moves the texts compressed to texts, and builds
// articles_by_source.
func migrateV1toV2(tx *bolt.Tx, _ time.Time) error {
	arts := tx.Bucket(bucketArticles)
	if arts == nil {
		return fmt.Errorf("no articles bucket")
	}
	type v1 struct {
		rec *articleRecord
		z   []byte
	}
	var records []v1
	err := arts.ForEach(func(k, v []byte) error {
		var r articleRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decoding article %s: %w", k, err)
		}
		var z []byte
		if r.Text != "" {
			r.TextBytes = len(r.Text)
			z = compressText(r.Text)
			r.Text = ""
		}
		records = append(records, v1{&r, z})
		return nil
	})
	if err != nil {
		return err
	}
	for _, name := range [][]byte{bucketArticles, v1BucketArticleTime} {
		if err := tx.DeleteBucket(name); err != nil && tx.Bucket(name) != nil {
			return err
		}
	}
	if err := createBuckets(tx); err != nil {
		return err
	}
	texts, bySource := tx.Bucket(bucketTexts), tx.Bucket(bucketBySource)
	for _, m := range records {
		r := m.rec
		if m.z != nil {
			if err := texts.Put(r.key(), m.z); err != nil {
				return err
			}
		}
		for _, src := range r.Sources {
			if validPrefixID("source", src) != nil {
				continue
			}
			if err := bySource.Put(prefixedKey(src, r.key()), nil); err != nil {
				return err
			}
		}
		if err := putArticleRecord(tx, r); err != nil {
			return err
		}
	}
	return nil
}
