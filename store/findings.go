package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// ScanFindings calls fn for each finding that passes the filter, in order of the
// article's published time (newest first with f.Newest). It picks the narrowest index:
// an entity's findings (findings_by_entity) when f.Entity is set, a source's articles
// (articles_by_source) when f.Source is set, else the findings themselves, which are
// keyed by published time, so a date range reads only that range. Rows are copied out of
// a read transaction scanPage at a time and fn runs outside it; an error from fn stops
// the scan and is returned.
//
// f.Entity is an entity id or, if no entity has that id, a case-insensitive part of an
// entity's name or of a name it was seen under. Outlets is the number of distinct outlets
// in the entity's report for the finding's stance (0 for mentions).
func (db *DB) ScanFindings(ctx context.Context, f callwatch.FindingFilter, fn func(callwatch.FindingRow) error) error {
	s := &findingScan{db: db, f: f, lo: timeNanos(f.Since), hi: timeNanos(f.Until)}
	if f.Since.IsZero() {
		s.lo = minTime
	}
	if f.Until.IsZero() {
		s.hi = maxTime
	}
	if s.lo >= s.hi {
		return nil
	}
	if f.Entity != "" {
		keys, err := s.entityKeys(ctx)
		if err != nil {
			return err
		}
		s.keys = keys
	}
	sent := 0
	for {
		rows, done, err := s.page(ctx)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
			sent++
			if f.Limit > 0 && sent >= f.Limit {
				return nil
			}
		}
		if done {
			return nil
		}
	}
}

const (
	minTime = -1 << 63
	maxTime = 1<<63 - 1
)

// findingScan is the state of one ScanFindings between pages.
type findingScan struct {
	db     *DB
	f      callwatch.FindingFilter
	lo, hi int64    // [lo, hi) in nanoseconds
	keys   [][]byte // entity scans: every matching finding key, in order
	pos    int      // entity scans: next index into keys
	cursor []byte   // other scans: last key done
	// outlets caches, for the whole scan, the number of outlets per entity and stance:
	// decoding an entity's record once per scan instead of once per row or page.
	outlets map[string]int
}

// entityKeys resolves f.Entity to entity ids and returns the keys of their findings in
// the time range, in scan order.
func (s *findingScan) entityKeys(ctx context.Context) ([][]byte, error) {
	var keys [][]byte
	err := s.db.view(ctx, func(tx *bolt.Tx) error {
		ids, err := matchEntities(tx, s.f.Entity)
		if err != nil {
			return err
		}
		eb := tx.Bucket(bucketByEntity)
		for _, id := range ids {
			prefix := prefixedKey(id, nil)
			start := append(slices.Clone(prefix), timeKey8(s.lo)...)
			c := eb.Cursor()
			for k, _ := c.Seek(start); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				fk := k[len(prefix):]
				if len(fk) != findingKLen || (s.hi != maxTime && getTime(fk) >= s.hi) {
					break
				}
				keys = append(keys, copyBytes(fk))
			}
		}
		return nil
	})
	slices.SortFunc(keys, bytes.Compare)
	keys = slices.CompactFunc(keys, bytes.Equal)
	if s.f.Newest {
		slices.Reverse(keys)
	}
	return keys, err
}

// matchEntities returns q if it is a stored entity id, with the ids of the records merged
// into it (their findings are its evidence), else the ids of entities whose id, name or
// seen names contain q, case-insensitively.
func matchEntities(tx *bolt.Tx, q string) ([]string, error) {
	sb := tx.Bucket(bucketSignatories)
	if v := sb.Get([]byte(q)); v != nil {
		var s struct {
			MergedFrom []string `json:"merged_from"`
		}
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fmt.Errorf("store: decoding signatory %s: %w", q, err)
		}
		return append([]string{q}, s.MergedFrom...), nil
	}
	lq := strings.ToLower(q)
	var ids []string
	err := sb.ForEach(func(k, v []byte) error {
		var s callwatch.Signatory
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("store: decoding signatory %s: %w", k, err)
		}
		if strings.Contains(strings.ToLower(s.ID), lq) || strings.Contains(strings.ToLower(s.Name), lq) ||
			slices.ContainsFunc(s.Names, func(n string) bool { return strings.Contains(strings.ToLower(n), lq) }) {
			ids = append(ids, s.ID)
		}
		return nil
	})
	return ids, err
}

func timeKey8(n int64) []byte {
	b := make([]byte, timeLen)
	putTime(b, n)
	return b
}

// page reads the next page of rows in one read transaction.
func (s *findingScan) page(ctx context.Context) (rows []callwatch.FindingRow, done bool, err error) {
	err = s.db.view(ctx, func(tx *bolt.Tx) error {
		if s.outlets == nil {
			s.outlets = map[string]int{}
		}
		pc := &pageCache{tx: tx, arts: map[string]*articleRecord{}, outlets: s.outlets}
		switch {
		case s.f.Entity != "":
			done, err = s.entityPage(pc, &rows)
		case s.f.Source != "":
			done, err = s.sourcePage(pc, &rows)
		default:
			done, err = s.timePage(pc, &rows)
		}
		return err
	})
	return rows, done, err
}

// seek positions c for the next key in scan order within [lo, hi) of the keys that
// follow prefix, resuming after s.cursor.
func (s *findingScan) seek(c *bolt.Cursor, prefix []byte) (k, v []byte) {
	if !s.f.Newest {
		if s.cursor != nil {
			k, v = c.Seek(s.cursor)
			if k != nil && bytes.Equal(k, s.cursor) {
				k, v = c.Next()
			}
			return k, v
		}
		return c.Seek(append(slices.Clone(prefix), timeKey8(s.lo)...))
	}
	if s.cursor != nil {
		c.Seek(s.cursor)
		return c.Prev()
	}
	// The first key at or after hi, then one back.
	if s.hi == maxTime {
		k, _ = c.Seek(append(slices.Clone(prefix), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
	} else {
		k, _ = c.Seek(append(slices.Clone(prefix), timeKey8(s.hi)...))
	}
	if k == nil {
		return c.Last()
	}
	return c.Prev()
}

// inRange reports whether a key (after prefix) is in the prefix and the time range, and
// whether the scan may go on past it.
func (s *findingScan) inRange(k, prefix []byte) (ok, more bool) {
	if k == nil || !bytes.HasPrefix(k, prefix) || len(k) < len(prefix)+articleKLen {
		return false, false
	}
	t := getTime(k[len(prefix):])
	if s.f.Newest {
		if t < s.lo {
			return false, false
		}
		return s.hi == maxTime || t < s.hi, true
	}
	if s.hi != maxTime && t >= s.hi {
		return false, false
	}
	return t >= s.lo, true
}

func (s *findingScan) timePage(pc *pageCache, rows *[]callwatch.FindingRow) (bool, error) {
	c := pc.tx.Bucket(bucketFindings).Cursor()
	next := c.Next
	if s.f.Newest {
		next = c.Prev
	}
	for k, v := s.seek(c, nil); ; k, v = next() {
		ok, more := s.inRange(k, nil)
		if !more {
			return true, nil
		}
		s.cursor = copyBytes(k)
		if !ok {
			continue
		}
		if err := s.addRow(pc, rows, k, v); err != nil {
			return false, err
		}
		if len(*rows) >= s.db.page {
			return false, nil
		}
	}
}

func (s *findingScan) sourcePage(pc *pageCache, rows *[]callwatch.FindingRow) (bool, error) {
	prefix := prefixedKey(s.f.Source, nil)
	c := pc.tx.Bucket(bucketBySource).Cursor()
	fb := pc.tx.Bucket(bucketFindings)
	next := c.Next
	if s.f.Newest {
		next = c.Prev
	}
	for k, _ := s.seek(c, prefix); ; k, _ = next() {
		ok, more := s.inRange(k, prefix)
		if !more {
			return true, nil
		}
		s.cursor = copyBytes(k)
		if !ok {
			continue
		}
		ak := k[len(prefix):]
		var fks, fvs [][]byte
		fc := fb.Cursor()
		for fk, fv := fc.Seek(ak); fk != nil && bytes.HasPrefix(fk, ak); fk, fv = fc.Next() {
			fks, fvs = append(fks, fk), append(fvs, fv)
		}
		if s.f.Newest {
			slices.Reverse(fks)
			slices.Reverse(fvs)
		}
		for i := range fks {
			if err := s.addRow(pc, rows, fks[i], fvs[i]); err != nil {
				return false, err
			}
		}
		if len(*rows) >= s.db.page {
			return false, nil
		}
	}
}

func (s *findingScan) entityPage(pc *pageCache, rows *[]callwatch.FindingRow) (bool, error) {
	fb := pc.tx.Bucket(bucketFindings)
	for ; s.pos < len(s.keys); s.pos++ {
		k := s.keys[s.pos]
		v := fb.Get(k)
		if v == nil {
			continue // deleted since the keys were read
		}
		if err := s.addRow(pc, rows, k, v); err != nil {
			return false, err
		}
		if len(*rows) >= s.db.page {
			s.pos++
			return s.pos >= len(s.keys), nil
		}
	}
	return true, nil
}

// addRow decodes one finding, applies the filters and appends its row.
func (s *findingScan) addRow(pc *pageCache, rows *[]callwatch.FindingRow, k, v []byte) error {
	fd, err := decodeFinding(v)
	if err != nil {
		return fmt.Errorf("store: decoding finding %x: %w", k, err)
	}
	f := &s.f
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, fd.Kind) {
		return nil
	}
	if fd.Confidence < f.MinConfidence {
		return nil
	}
	rec, err := pc.article(k[:articleKLen])
	if err != nil {
		return err
	}
	if f.Language != "" && !strings.EqualFold(rec.Language, f.Language) {
		return nil
	}
	if f.Source != "" && !slices.Contains(rec.Sources, f.Source) {
		return nil
	}
	row := callwatch.FindingRow{Article: rec.Ref(), Sources: slices.Clone(rec.Sources), Finding: fd}
	if fd.Kind.IsStance() && fd.Entity != nil {
		n, err := pc.outletCount(fd.Entity.ID, fd.Kind)
		if err != nil {
			return err
		}
		row.Outlets = n
	}
	*rows = append(*rows, row)
	return nil
}

// pageCache keeps the articles one page has decoded, and the scan's outlet counts.
type pageCache struct {
	tx      *bolt.Tx
	arts    map[string]*articleRecord
	outlets map[string]int // entity id 0x00 stance -> outlets
}

// article returns the record stored under an article key (the prefix of a finding key).
func (pc *pageCache) article(key []byte) (*articleRecord, error) {
	if r, ok := pc.arts[string(key)]; ok {
		return r, nil
	}
	r, err := getArticleAt(pc.tx, key)
	if err != nil {
		return nil, err
	}
	pc.arts[string(key)] = r
	return r, nil
}

// outletCount returns the number of distinct outlets reporting an entity's stance. For a
// record merged into another, it is the count of the record it was merged into.
func (pc *pageCache) outletCount(entityID string, stance callwatch.FindingKind) (int, error) {
	key := entityID + "\x00" + string(stance)
	if n, ok := pc.outlets[key]; ok {
		return n, nil
	}
	for _, k := range callwatch.FindingKinds {
		pc.outlets[entityID+"\x00"+string(k)] = 0
	}
	id := entityID
	for hop := 0; hop < 2; hop++ {
		v := pc.tx.Bucket(bucketSignatories).Get([]byte(id))
		if v == nil {
			break
		}
		// Only the counts are needed: decoding into this lean shape skips the rest.
		var sig struct {
			Reports []struct {
				Stance      callwatch.FindingKind `json:"stance"`
				OutletCount int                   `json:"outlet_count"`
				Outlets     []string              `json:"outlets"`
			} `json:"reports"`
			MergedInto string `json:"merged_into"`
		}
		if err := json.Unmarshal(v, &sig); err != nil {
			return 0, fmt.Errorf("store: decoding signatory %s: %w", id, err)
		}
		if sig.MergedInto != "" && hop == 0 {
			id = sig.MergedInto
			continue
		}
		for _, r := range sig.Reports {
			sr := callwatch.StanceReport{OutletCount: r.OutletCount, Outlets: r.Outlets}
			pc.outlets[entityID+"\x00"+string(r.Stance)] = sr.NumOutlets()
		}
		break
	}
	return pc.outlets[key], nil
}
