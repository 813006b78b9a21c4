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

func getArticleRecord(tx *bolt.Tx, id string) (*articleRecord, error) {
	v := tx.Bucket(bucketArticles).Get([]byte(id))
	if v == nil {
		return nil, nil
	}
	var r articleRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, fmt.Errorf("store: decoding article %s: %w", id, err)
	}
	return &r, nil
}

func putArticleRecord(tx *bolt.Tx, r *articleRecord) error {
	stored := *r
	stored.Text, stored.Findings = "", nil
	v, err := json.Marshal(&stored)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketArticles).Put([]byte(r.ID), v)
}

// migrateV1toV2 upgrades the version 1 data model, in which the articles bucket held each
// article's text uncompressed and articles were not indexed by source, to version 2: the
// text moves compressed to the texts bucket and articles_by_source is built.
func migrateV1toV2(tx *bolt.Tx, _ time.Time) error {
	arts := tx.Bucket(bucketArticles)
	if arts == nil {
		return fmt.Errorf("no articles bucket")
	}
	texts, err := tx.CreateBucketIfNotExists(bucketTexts)
	if err != nil {
		return err
	}
	bySource, err := tx.CreateBucketIfNotExists(bucketBySource)
	if err != nil {
		return err
	}
	var records []*articleRecord
	err = arts.ForEach(func(k, v []byte) error {
		var r articleRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decoding article %s: %w", k, err)
		}
		records = append(records, &r)
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range records {
		if r.Text != "" {
			r.TextBytes = len(r.Text)
			if err := texts.Put([]byte(r.ID), compressText(r.Text)); err != nil {
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
