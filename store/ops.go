package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// Stats describes the database file and its buckets.
type Stats struct {
	Path          string        `json:"path"`
	SchemaVersion int           `json:"schema_version"`
	Created       time.Time     `json:"created,omitzero"`
	FileSize      int64         `json:"file_size"`
	DataSize      int64         `json:"data_size"` // bytes up to the high-water mark of used pages
	PageSize      int           `json:"page_size"`
	FreePages     int           `json:"free_pages"`    // pages on the freelist, reusable
	PendingPages  int           `json:"pending_pages"` // pages freed by transactions still being read
	FreeBytes     int           `json:"free_bytes"`    // bytes in free pages
	Buckets       []BucketStats `json:"buckets"`
}

// BucketStats counts one bucket's keys and the bytes its pages use.
type BucketStats struct {
	Name  string `json:"name"`
	Keys  int    `json:"keys"`
	Bytes int    `json:"bytes"` // bytes in use on its leaf and branch pages
}

// Stats returns the database's statistics. It walks every bucket's pages (not its values)
// in one read transaction.
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Path: db.path, PageSize: db.bolt.Info().PageSize}
	bs := db.bolt.Stats()
	st.FreePages, st.PendingPages, st.FreeBytes = bs.FreePageN, bs.PendingPageN, bs.FreeAlloc
	err := db.view(ctx, func(tx *bolt.Tx) error {
		st.DataSize = tx.Size()
		st.SchemaVersion = readSchemaVersion(tx)
		if v := tx.Bucket(bucketMeta).Get(metaCreated); v != nil {
			st.Created, _ = time.Parse(time.RFC3339Nano, string(v))
		}
		for _, name := range allBuckets {
			b := tx.Bucket(name)
			if b == nil {
				continue
			}
			s := b.Stats()
			st.Buckets = append(st.Buckets, BucketStats{Name: string(name), Keys: s.KeyN, Bytes: s.LeafInuse + s.BranchInuse + s.InlineBucketInuse})
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	fi, err := os.Stat(db.path)
	if err != nil {
		return st, err
	}
	st.FileSize = fi.Size()
	return st, nil
}

// Backup writes a consistent copy of the database to path (mode 0600) while it stays in
// use: a read transaction's view is streamed to a temporary file in path's directory,
// synced and renamed over path. It returns the bytes written.
func (db *DB) Backup(ctx context.Context, path string) (int64, error) {
	var n int64
	err := db.view(ctx, func(tx *bolt.Tx) error {
		n = tx.Size()
		return writeFileAtomic(path, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return n, nil
}

// CompactResult reports the sizes of a compaction.
type CompactResult struct {
	Before int64 `json:"before"`
	After  int64 `json:"after"`
}

// Compact rewrites the database at path into a new file with bbolt.Compact and renames it
// over the original. It holds the database's lock throughout, so it fails with a
// *LockedError while another process uses the database. o.Timeout applies to the lock.
func Compact(ctx context.Context, path string, o Options) (CompactResult, error) {
	o.ReadOnly = false
	db, err := Open(path, o)
	if err != nil {
		return CompactResult{}, err
	}
	defer db.Close()
	if err := ctx.Err(); err != nil {
		return CompactResult{}, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return CompactResult{}, err
	}
	res := CompactResult{Before: fi.Size()}
	f, err := os.CreateTemp(dirOf(path), ".callwatch-compact-*")
	if err != nil {
		return res, fmt.Errorf("store: compact: %w", err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType, PageSize: db.bolt.Info().PageSize})
	if err != nil {
		return res, fmt.Errorf("store: compact: %w", err)
	}
	if err := bolt.Compact(dst, db.bolt, 64<<20); err != nil {
		dst.Close()
		return res, fmt.Errorf("store: compact: %w", err)
	}
	if err := dst.Close(); err != nil {
		return res, fmt.Errorf("store: compact: %w", err)
	}
	if fi, err = os.Stat(tmp); err != nil {
		return res, err
	}
	res.After = fi.Size()
	if err := os.Chmod(tmp, 0o600); err != nil {
		return res, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return res, fmt.Errorf("store: compact: %w", err)
	}
	return res, syncDir(dirOf(path))
}

// PruneResult reports what Prune dropped.
type PruneResult struct {
	Articles  int   `json:"articles"`   // articles whose text was dropped
	Bytes     int64 `json:"bytes"`      // stored (compressed) bytes freed inside the file
	TextBytes int64 `json:"text_bytes"` // uncompressed text dropped
}

// Prune drops the texts of articles published before cutoff, keeping their metadata,
// findings and evidence. It works in transactions of BatchSize articles. The freed pages
// are reused by later writes; the file shrinks only after Compact.
func (db *DB) Prune(ctx context.Context, cutoff time.Time) (PruneResult, error) {
	var res PruneResult
	end := timeNanos(cutoff)
	var after []byte
	for {
		n := 0
		done := false
		err := db.update(ctx, func(tx *bolt.Tx) error {
			texts := tx.Bucket(bucketTexts)
			c := texts.Cursor()
			k, _ := c.First()
			if after != nil {
				k, _ = c.Seek(after)
				if k != nil && bytes.Equal(k, after) {
					k, _ = c.Next()
				}
			}
			var keys [][]byte
			for ; k != nil && n < db.batch; k, _ = c.Next() {
				if getTime(k) >= end {
					done = true
					break
				}
				after = copyBytes(k)
				n++
				keys = append(keys, after)
			}
			if k == nil {
				done = true
			}
			for _, key := range keys {
				v := texts.Get(key)
				rec, err := getArticleAt(tx, key)
				if err != nil {
					return err
				}
				res.Bytes += int64(len(v))
				res.TextBytes += int64(rec.TextBytes)
				res.Articles++
				if err := texts.Delete(key); err != nil {
					return err
				}
				rec.Pruned = true
				if err := putArticleRecord(tx, rec); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return res, err
		}
		if done {
			return res, nil
		}
	}
}

// Check runs bbolt's consistency check and verifies callwatch's invariants: every index
// entry names stored data and all stored data is indexed, every finding's article exists,
// and the outbox holds each alert once. It returns every problem found (nil: none).
func (db *DB) Check(ctx context.Context) ([]string, error) {
	var problems []string
	err := db.view(ctx, func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			problems = append(problems, "bbolt: "+err.Error())
		}
		c := &checker{tx: tx}
		c.run()
		problems = append(problems, c.problems...)
		return nil
	})
	return problems, err
}

type checker struct {
	tx       *bolt.Tx
	problems []string
}

func (c *checker) add(format string, args ...any) {
	if len(c.problems) < 1000 {
		c.problems = append(c.problems, fmt.Sprintf(format, args...))
	}
}

func (c *checker) run() {
	tx := c.tx
	if v := readSchemaVersion(tx); v != SchemaVersion {
		c.add("schema version %d, want %d", v, SchemaVersion)
	}
	for _, name := range allBuckets {
		if tx.Bucket(name) == nil {
			c.add("bucket %s is missing", name)
			return
		}
	}
	arts := map[string]*articleRecord{}
	_ = tx.Bucket(bucketArticles).ForEach(func(k, v []byte) error {
		r, err := decodeRecord(v)
		if err != nil {
			c.add("article %x: undecodable: %v", k, err)
			return nil
		}
		if !bytes.Equal(k, r.key()) {
			c.add("article %s is stored under key %x, want %x", r.ID, k, r.key())
		}
		if arts[r.ID] != nil {
			c.add("article %s is stored twice", r.ID)
		}
		arts[r.ID] = r
		return nil
	})
	ids, texts, lookup := tx.Bucket(bucketArticleIDs), tx.Bucket(bucketTexts), tx.Bucket(bucketLookup)
	bySource, byEntity, findings := tx.Bucket(bucketBySource), tx.Bucket(bucketByEntity), tx.Bucket(bucketFindings)
	for id, r := range arts {
		key := r.key()
		if t := ids.Get([]byte(id)); len(t) != timeLen || getTime(t) != r.TimeKey {
			c.add("article %s is missing from %s", id, bucketArticleIDs)
		}
		hasText := texts.Get(key) != nil
		if want := r.TextBytes > 0 && !r.Pruned; hasText != want {
			c.add("article %s: text stored %t, want %t", id, hasText, want)
		}
		if v := lookup.Get([]byte(r.URL)); r.URL != "" && len(r.URL) <= bolt.MaxKeySize && v == nil {
			c.add("article %s: its URL %s is missing from %s", id, r.URL, bucketLookup)
		}
		for _, s := range r.Sources {
			if bySource.Get(prefixedKey(s, key)) == nil {
				c.add("article %s: missing from %s for source %s", id, bucketBySource, s)
			}
		}
		n := 0
		fc := findings.Cursor()
		for k, _ := fc.Seek(key); k != nil && bytes.HasPrefix(k, key); k, _ = fc.Next() {
			n++
		}
		if n != r.FindingN {
			c.add("article %s: %d findings stored, want %d", id, n, r.FindingN)
		}
	}
	_ = ids.ForEach(func(k, v []byte) error {
		if r := arts[string(k)]; r == nil || len(v) != timeLen || r.TimeKey != getTime(v) {
			c.add("%s entry %s names no stored article", bucketArticleIDs, k)
		}
		return nil
	})
	_ = texts.ForEach(func(k, _ []byte) error {
		if r := arts[string(k[min(len(k), timeLen):])]; len(k) != articleKLen || r == nil || r.TimeKey != getTime(k) {
			c.add("text %x of a missing article", k)
		}
		return nil
	})
	_ = lookup.ForEach(func(k, v []byte) error {
		if arts[string(v)] == nil {
			c.add("lookup key %q names missing article %s", k, v)
		}
		return nil
	})
	_ = bySource.ForEach(func(k, _ []byte) error {
		i := bytes.IndexByte(k, 0)
		if i < 0 || len(k)-i-1 != articleKLen {
			c.add("%s entry %q is malformed", bucketBySource, k)
			return nil
		}
		src, ak := string(k[:i]), k[i+1:]
		r := arts[string(ak[timeLen:])]
		if r == nil || r.TimeKey != getTime(ak) || !slices.Contains(r.Sources, src) {
			c.add("%s entry for source %s names article %s, which is missing or not from that source", bucketBySource, src, ak[timeLen:])
		}
		return nil
	})
	_ = findings.ForEach(func(k, v []byte) error {
		if len(k) != findingKLen {
			c.add("finding key %x is malformed", k)
			return nil
		}
		id := string(k[timeLen:articleKLen])
		r := arts[id]
		if r == nil || r.TimeKey != getTime(k) {
			c.add("finding %x names missing article %s", k, id)
			return nil
		}
		if i := int(binary.BigEndian.Uint16(k[articleKLen:])); i >= r.FindingN {
			c.add("article %s: finding index %d beyond its %d findings", id, i, r.FindingN)
		}
		f, err := decodeFinding(v)
		if err != nil {
			c.add("finding %x: undecodable: %v", k, err)
			return nil
		}
		if f.Entity != nil && byEntity.Get(prefixedKey(f.Entity.ID, k)) == nil {
			c.add("article %s: finding about %s is missing from %s", id, f.Entity.ID, bucketByEntity)
		}
		return nil
	})
	_ = byEntity.ForEach(func(k, _ []byte) error {
		i := bytes.IndexByte(k, 0)
		if i < 0 || len(k)-i-1 != findingKLen {
			c.add("%s entry %q is malformed", bucketByEntity, k)
			return nil
		}
		v := findings.Get(k[i+1:])
		var f callwatch.Finding
		var err error
		if v != nil {
			f, err = decodeFinding(v)
		}
		if v == nil || err != nil || f.Entity == nil || f.Entity.ID != string(k[:i]) {
			c.add("%s entry for %s names finding %x, which is missing or about another entity", bucketByEntity, k[:i], k[i+1:])
		}
		return nil
	})
	sigs := map[string]*callwatch.Signatory{}
	listed := map[string]bool{}
	_ = tx.Bucket(bucketRegister).ForEach(func(k, v []byte) error {
		var e callwatch.RegisterEntry
		if err := json.Unmarshal(v, &e); err != nil {
			c.add("register entry %q: undecodable: %v", k, err)
			return nil
		}
		if i := bytes.IndexByte(k, 0); i < 0 || string(k[i+1:]) != e.EntityID {
			c.add("register entry for %s is stored under %q", e.EntityID, k)
		}
		listed[e.EntityID] = true
		return nil
	})
	_ = tx.Bucket(bucketSignatories).ForEach(func(k, v []byte) error {
		var s callwatch.Signatory
		if err := json.Unmarshal(v, &s); err != nil {
			c.add("signatory %s: undecodable: %v", k, err)
			return nil
		}
		if s.ID != string(k) {
			c.add("signatory stored under %s has id %s", k, s.ID)
		}
		if s.InRegister != listed[s.ID] {
			c.add("signatory %s: in_register %t, but the register snapshots say %t", s.ID, s.InRegister, listed[s.ID])
		}
		if want := s.DeriveStatus(); s.Status != want {
			c.add("signatory %s: status %q, want %q", s.ID, s.Status, want)
		}
		delete(listed, s.ID)
		sigs[s.ID] = &s
		return nil
	})
	for id := range listed {
		c.add("register entry %s has no signatory record", id)
	}
	c.checkEvidence(sigs)
	c.checkOutbox()
}

// checkEvidence checks that each stance report's counts are the sizes of its sets in
// report_articles and report_outlets, that its samples are bounded and drawn from them,
// that every set belongs to a report, and that merged records name each other.
func (c *checker) checkEvidence(sigs map[string]*callwatch.Signatory) {
	tx := c.tx
	for _, s := range sigs {
		for i := range s.Reports {
			r := &s.Reports[i]
			arts := evidenceItems(tx, bucketRepArticles, s.ID, r.Stance)
			if len(arts) != r.ArticleCount {
				c.add("signatory %s, %s: article_count %d, but %s holds %d", s.ID, r.Stance, r.ArticleCount, bucketRepArticles, len(arts))
			}
			if n := len(evidenceItems(tx, bucketRepOutlets, s.ID, r.Stance)); n != r.OutletCount {
				c.add("signatory %s, %s: outlet_count %d, but %s holds %d", s.ID, r.Stance, r.OutletCount, bucketRepOutlets, n)
			}
			if len(r.Articles) > callwatch.MaxReportArticles || len(r.Outlets) > callwatch.MaxReportOutlets {
				c.add("signatory %s, %s: lists %d articles and %d outlets, more than %d and %d",
					s.ID, r.Stance, len(r.Articles), len(r.Outlets), callwatch.MaxReportArticles, callwatch.MaxReportOutlets)
			}
			for _, id := range r.Articles {
				if _, ok := slices.BinarySearch(arts, id); !ok {
					c.add("signatory %s, %s: lists article %s, which %s does not count", s.ID, r.Stance, id, bucketRepArticles)
				}
			}
		}
		if s.MergedInto != "" {
			if t := sigs[s.MergedInto]; t == nil || !slices.Contains(t.MergedFrom, s.ID) {
				c.add("signatory %s is merged into %s, which does not name it in merged_from", s.ID, s.MergedInto)
			}
		}
		for _, id := range s.MergedFrom {
			if f := sigs[id]; f == nil || f.MergedInto != s.ID {
				c.add("signatory %s names %s in merged_from, which is not merged into it", s.ID, id)
			}
		}
	}
	for _, name := range [][]byte{bucketRepArticles, bucketRepOutlets} {
		_ = tx.Bucket(name).ForEach(func(k, _ []byte) error {
			parts := bytes.SplitN(k, []byte{0}, 3)
			if len(parts) != 3 {
				c.add("%s key %q is malformed", name, k)
				return nil
			}
			if s := sigs[string(parts[0])]; s == nil || s.Report(callwatch.FindingKind(parts[1])) == nil {
				c.add("%s counts %q for %s, %s, which has no such report", name, parts[2], parts[0], parts[1])
			}
			return nil
		})
	}
}

func (c *checker) checkOutbox() {
	tx := c.tx
	ids, open := tx.Bucket(bucketOutboxIDs), tx.Bucket(bucketOutboxOpen)
	seen := map[string]uint64{}
	_ = tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
		var e callwatch.OutboxEntry
		if err := json.Unmarshal(v, &e); err != nil || len(k) != 8 {
			c.add("outbox entry %x: undecodable", k)
			return nil
		}
		seq := binary.BigEndian.Uint64(k)
		if e.Seq != seq {
			c.add("outbox entry %d holds seq %d", seq, e.Seq)
		}
		if prev, dup := seen[e.Alert.ID]; dup {
			c.add("alert %s is in the outbox twice (entries %d and %d)", e.Alert.ID, prev, seq)
		}
		seen[e.Alert.ID] = seq
		if v := ids.Get([]byte(e.Alert.ID)); v == nil || binary.BigEndian.Uint64(v) != seq {
			c.add("%s does not map alert %s to outbox entry %d", bucketOutboxIDs, e.Alert.ID, seq)
		}
		if pending := hasState(&e, callwatch.DeliveryPending); pending != (open.Get(k) != nil) {
			c.add("outbox entry %d: pending %t but %s says %t", seq, pending, bucketOutboxOpen, !pending)
		}
		return nil
	})
	_ = ids.ForEach(func(k, v []byte) error {
		if s, ok := seen[string(k)]; !ok || len(v) != 8 || binary.BigEndian.Uint64(v) != s {
			c.add("%s maps alert %s to a missing outbox entry", bucketOutboxIDs, k)
		}
		return nil
	})
	_ = open.ForEach(func(k, _ []byte) error {
		if tx.Bucket(bucketOutbox).Get(k) == nil {
			c.add("%s names missing outbox entry %x", bucketOutboxOpen, k)
		}
		return nil
	})
}

var _ callwatch.Store = (*DB)(nil)
