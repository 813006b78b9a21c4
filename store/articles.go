package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// BatchSize is how many articles SaveArticles writes per transaction. Each transaction
// costs one fsync (a few milliseconds); larger batches hold the write lock longer.
const BatchSize = 1000

// SaveArticles stores articles with their findings, BatchSize articles per transaction.
// Each article commits atomically with its findings, the signatory updates they cause and
// the alerts those raise (enqueued in the outbox). Saving the same article again changes
// nothing and raises nothing.
//
// Changes reports only what has committed. If a transaction fails, SaveArticles returns
// the error together with the changes of the transactions committed before it (none of
// the failed transaction's articles is stored).
func (db *DB) SaveArticles(ctx context.Context, articles []*callwatch.Article) (callwatch.Changes, error) {
	var total callwatch.Changes
	prepared := make([]*callwatch.Article, 0, len(articles))
	for i, a := range articles {
		p, err := prepareArticle(a)
		if err != nil {
			return total, fmt.Errorf("store: article %d: %w", i, err)
		}
		prepared = append(prepared, p)
	}
	for start := 0; start < len(prepared); start += db.batch {
		batch := prepared[start:min(start+db.batch, len(prepared))]
		// Compression is the largest CPU cost of a save: other cores compress the texts
		// while the transaction stores the articles, in order, as their texts are ready.
		p := startCompress(batch)
		var ch callwatch.Changes
		err := db.write(ctx, &ch, func(w *writer) error {
			for i, a := range batch {
				if err := w.saveArticle(a, p.get(i)); err != nil {
					return fmt.Errorf("store: saving article %s (%s): %w", a.ID, a.URL, err)
				}
			}
			return nil
		})
		p.stop()
		if err != nil {
			return total, err
		}
		total.Merge(ch)
	}
	return total, nil
}

// prepareArticle validates a and returns a copy with its id and content hash filled in.
func prepareArticle(a *callwatch.Article) (*callwatch.Article, error) {
	if a == nil {
		return nil, errors.New("nil article")
	}
	c := *a
	if c.ID == "" {
		if c.URL == "" {
			return nil, errors.New("article without URL or ID")
		}
		c.ID = callwatch.ArticleID(c.URL)
	}
	if err := validArticleID(c.ID); err != nil {
		return nil, err
	}
	if c.ContentHash == "" && c.Text != "" {
		c.ContentHash = callwatch.ContentHash(c.Text)
	}
	if err := validFindings(c.Findings); err != nil {
		return nil, err
	}
	for _, s := range c.Sources {
		if err := validPrefixID("source", s); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

func validFindings(fs []callwatch.Finding) error {
	if len(fs) > maxFindings {
		return fmt.Errorf("%d findings: at most %d per article", len(fs), maxFindings)
	}
	for i := range fs {
		if e := fs[i].Entity; e != nil {
			if err := validPrefixID("entity", e.ID); err != nil {
				return fmt.Errorf("finding %d: %w", i, err)
			}
		}
	}
	return nil
}

// writer holds the state of one write transaction. Signatories are read once per
// transaction and written back at its end, so that a batch of articles about the same
// entity decodes and encodes its record once.
type writer struct {
	db    *DB
	tx    *bolt.Tx
	ch    *callwatch.Changes
	now   time.Time
	sigs  map[string]*callwatch.Signatory // latest state; nil: not stored
	dirty []string                        // ids to write back, in order of first change
}

// write runs fn in a read-write transaction with a writer that reports into *ch. *ch is
// reset first: bbolt runs fn once, but nothing of a failed transaction may leak out.
func (db *DB) write(ctx context.Context, ch *callwatch.Changes, fn func(w *writer) error) error {
	return db.update(ctx, func(tx *bolt.Tx) error {
		*ch = callwatch.Changes{}
		// Records, texts and findings are keyed by published time: mostly appended, so
		// their pages are filled instead of split in half.
		for _, name := range [][]byte{bucketArticles, bucketTexts, bucketFindings} {
			tx.Bucket(name).FillPercent = 0.9
		}
		w := &writer{db: db, tx: tx, ch: ch, now: db.now().UTC(), sigs: map[string]*callwatch.Signatory{}}
		if err := fn(w); err != nil {
			return err
		}
		return w.flush()
	})
}

// signatory returns the current state of an entity in this transaction (nil if unknown).
// The caller must not modify it: it clones it into the new state.
func (w *writer) signatory(id string) (*callwatch.Signatory, error) {
	if s, ok := w.sigs[id]; ok {
		return s, nil
	}
	s, err := getSignatory(w.tx, id)
	if err != nil {
		return nil, err
	}
	w.sigs[id] = s
	return s, nil
}

// putSignatory records the new state of an entity, written back by flush.
func (w *writer) putSignatory(s *callwatch.Signatory) {
	if w.sigs[s.ID] == nil || !slices.Contains(w.dirty, s.ID) {
		w.dirty = append(w.dirty, s.ID)
	}
	w.sigs[s.ID] = s
}

// flush writes back every changed signatory.
func (w *writer) flush() error {
	for _, id := range w.dirty {
		if err := putSignatory(w.tx, w.sigs[id]); err != nil {
			return err
		}
	}
	w.dirty = nil
	return nil
}

// compressor compresses the texts of a batch of articles on GOMAXPROCS-1 goroutines (at
// least one), in order, while the write transaction consumes them.
type compressor struct {
	arts    []*callwatch.Article
	out     [][]byte
	done    []chan struct{}
	next    atomic.Int64
	stopped atomic.Bool
	wg      sync.WaitGroup
}

func startCompress(arts []*callwatch.Article) *compressor {
	p := &compressor{arts: arts, out: make([][]byte, len(arts)), done: make([]chan struct{}, len(arts))}
	for i := range p.done {
		p.done[i] = make(chan struct{})
	}
	for range min(max(runtime.GOMAXPROCS(0)-1, 1), len(arts), 8) {
		p.wg.Go(p.work)
	}
	return p
}

func (p *compressor) work() {
	for !p.stopped.Load() {
		i := int(p.next.Add(1)) - 1
		if i >= len(p.arts) {
			return
		}
		if p.arts[i].Text != "" {
			p.out[i] = compressText(p.arts[i].Text)
		}
		close(p.done[i])
	}
}

// get waits for article i's compressed text (nil when it has none).
func (p *compressor) get(i int) []byte {
	<-p.done[i]
	return p.out[i]
}

// stop makes the workers quit after their current article and waits for them.
func (p *compressor) stop() {
	p.stopped.Store(true)
	p.wg.Wait()
}

// saveArticle stores one article; z is its compressed text (nil: compress here).
func (w *writer) saveArticle(a *callwatch.Article, z []byte) error {
	old, err := getArticleRecord(w.tx, a.ID)
	if err != nil {
		return err
	}
	findings, err := w.linkedFindings(a.Findings)
	if err != nil {
		return err
	}
	if old == nil {
		rec := &articleRecord{Article: *a, TimeKey: timeNanos(a.Published)}
		rec.Findings = findings
		rec.URLs = mergeStrings(nil, append([]string{a.URL}, a.URLs...))
		rec.Sources = mergeStrings(nil, a.Sources)
		rec.GUIDs = mergeStrings(nil, a.GUIDs)
		if err := w.insertArticle(rec, a.Text, z, findings); err != nil {
			return err
		}
		w.ch.NewArticles = append(w.ch.NewArticles, rec.Ref())
		return w.applyFindings(rec, findings)
	}

	urls := mergeStrings(old.URLs, append([]string{a.URL}, a.URLs...))
	sources := mergeStrings(old.Sources, a.Sources)
	guids := mergeStrings(old.GUIDs, a.GUIDs)
	grew := len(urls) != len(old.URLs) || len(sources) != len(old.Sources) || len(guids) != len(old.GUIDs)

	if a.Text != "" && a.ContentHash != old.ContentHash {
		// The content changed: replace the text and findings, keep what was seen.
		if err := w.deleteArticleKeys(old); err != nil {
			return err
		}
		rec := &articleRecord{Article: *a, TimeKey: timeNanos(a.Published)}
		rec.URL = old.URL
		rec.URLs, rec.Sources, rec.GUIDs = urls, sources, guids
		rec.Findings = findings
		if err := w.insertArticle(rec, a.Text, z, findings); err != nil {
			return err
		}
		w.ch.Updated++
		return w.applyFindings(rec, findings)
	}
	if !grew {
		w.ch.Unchanged++
		return nil
	}
	newSources := sources[len(old.Sources):]
	old.URLs, old.Sources, old.GUIDs = urls, sources, guids
	if err := putArticleRecord(w.tx, old); err != nil {
		return err
	}
	if err := w.putLookups(old); err != nil {
		return err
	}
	bySource := w.tx.Bucket(bucketBySource)
	for _, s := range newSources {
		if err := bySource.Put(prefixedKey(s, old.key()), nil); err != nil {
			return err
		}
	}
	w.ch.Duplicates++
	return nil
}

// insertArticle writes a new (or replacing) article record with all its keys.
func (w *writer) insertArticle(rec *articleRecord, text string, z []byte, findings []callwatch.Finding) error {
	rec.TextBytes = len(text)
	rec.FindingN = len(findings)
	rec.Pruned = false
	if err := putArticleRecord(w.tx, rec); err != nil {
		return err
	}
	key := rec.key()
	if text != "" {
		if z == nil {
			z = compressText(text)
		}
		if err := w.tx.Bucket(bucketTexts).Put(key, z); err != nil {
			return err
		}
	}
	if err := w.putLookups(rec); err != nil {
		return err
	}
	bySource := w.tx.Bucket(bucketBySource)
	for _, s := range rec.Sources {
		if err := bySource.Put(prefixedKey(s, key), nil); err != nil {
			return err
		}
	}
	return putFindings(w.tx, rec, findings)
}

// putFindings writes an article's findings and their entity index entries.
func putFindings(tx *bolt.Tx, rec *articleRecord, findings []callwatch.Finding) error {
	fb := tx.Bucket(bucketFindings)
	eb := tx.Bucket(bucketByEntity)
	for i := range findings {
		k := findingKey(rec.TimeKey, rec.ID, i)
		if err := fb.Put(k, encodeFinding(&findings[i])); err != nil {
			return err
		}
		if e := findings[i].Entity; e != nil {
			if err := eb.Put(prefixedKey(e.ID, k), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteFindings removes an article's findings and their entity index entries.
func deleteFindings(tx *bolt.Tx, rec *articleRecord) error {
	fb := tx.Bucket(bucketFindings)
	eb := tx.Bucket(bucketByEntity)
	prefix := rec.key()
	var keys [][]byte
	c := fb.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		f, err := decodeFinding(v)
		if err != nil {
			return fmt.Errorf("decoding finding %x: %w", k, err)
		}
		if f.Entity != nil {
			if err := eb.Delete(prefixedKey(f.Entity.ID, k)); err != nil {
				return err
			}
		}
		keys = append(keys, copyBytes(k))
	}
	for _, k := range keys {
		if err := fb.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// deleteArticleKeys removes a stored article's record, text, findings and source index
// entries (not its id index nor its lookup keys), before it is rewritten under a new key.
func (w *writer) deleteArticleKeys(rec *articleRecord) error {
	if err := deleteFindings(w.tx, rec); err != nil {
		return err
	}
	key := rec.key()
	if err := w.tx.Bucket(bucketArticles).Delete(key); err != nil {
		return err
	}
	bySource := w.tx.Bucket(bucketBySource)
	for _, s := range rec.Sources {
		if err := bySource.Delete(prefixedKey(s, key)); err != nil {
			return err
		}
	}
	return w.tx.Bucket(bucketTexts).Delete(key)
}

// putLookups maps the article's canonical URL, every URL and every GUID to its id. A key
// that already names another article keeps naming it.
func (w *writer) putLookups(rec *articleRecord) error {
	lb := w.tx.Bucket(bucketLookup)
	put := func(k string) error {
		if k == "" || len(k) > bolt.MaxKeySize {
			return nil
		}
		if lb.Get([]byte(k)) != nil {
			return nil
		}
		return lb.Put([]byte(k), []byte(rec.ID))
	}
	if err := put(rec.URL); err != nil {
		return err
	}
	for _, u := range rec.URLs {
		if err := put(u); err != nil {
			return err
		}
	}
	for _, g := range rec.GUIDs {
		if err := put(g); err != nil {
			return err
		}
	}
	return nil
}

// mergeStrings returns have followed by the non-empty strings of add it lacks. It
// returns have itself when nothing is added.
func mergeStrings(have, add []string) []string {
	out := have
	for _, s := range add {
		if s == "" || slices.Contains(out, s) {
			continue
		}
		if len(out) == len(have) {
			out = slices.Clip(slices.Clone(have))
		}
		out = append(out, s)
	}
	return out
}

// Known returns the id of a stored article seen under any of keys (canonical URLs, URLs,
// GUIDs), in the order given.
func (db *DB) Known(ctx context.Context, keys ...string) (string, bool, error) {
	var id string
	err := db.view(ctx, func(tx *bolt.Tx) error {
		lb := tx.Bucket(bucketLookup)
		for _, k := range keys {
			if k == "" || len(k) > bolt.MaxKeySize {
				continue
			}
			if v := lb.Get([]byte(k)); v != nil {
				id = string(v)
				return nil
			}
		}
		return nil
	})
	return id, id != "", err
}

// Article returns one stored article with its text and findings. A missing article is an
// error wrapping callwatch.ErrNotFound.
func (db *DB) Article(ctx context.Context, id string) (*callwatch.Article, error) {
	var a *callwatch.Article
	err := db.view(ctx, func(tx *bolt.Tx) error {
		rec, err := getArticleRecord(tx, id)
		if err != nil {
			return err
		}
		if rec == nil {
			return fmt.Errorf("store: article %s: %w", id, callwatch.ErrNotFound)
		}
		a, err = loadArticle(tx, rec)
		return err
	})
	return a, err
}

// loadArticle fills in a record's text and findings.
func loadArticle(tx *bolt.Tx, rec *articleRecord) (*callwatch.Article, error) {
	a := rec.Article
	if v := tx.Bucket(bucketTexts).Get(rec.key()); v != nil {
		text, err := decompressText(v)
		if err != nil {
			return nil, fmt.Errorf("article %s: %w", rec.ID, err)
		}
		a.Text = text
	}
	fs, err := articleFindings(tx, rec)
	if err != nil {
		return nil, err
	}
	a.Findings = fs
	return &a, nil
}

// articleFindings returns an article's stored findings, in order.
func articleFindings(tx *bolt.Tx, rec *articleRecord) ([]callwatch.Finding, error) {
	var fs []callwatch.Finding
	prefix := rec.key()
	c := tx.Bucket(bucketFindings).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		f, err := decodeFinding(v)
		if err != nil {
			return nil, fmt.Errorf("store: decoding finding %x: %w", k, err)
		}
		fs = append(fs, f)
	}
	return fs, nil
}

// scanPage is how many rows a scan copies out of one read transaction.
const scanPage = 500

// ScanArticles calls fn for every stored article with its text and findings, oldest
// (published) first. It reads scanPage articles per read transaction and calls fn outside
// it; an error from fn stops the scan and is returned.
func (db *DB) ScanArticles(ctx context.Context, fn func(*callwatch.Article) error) error {
	var after []byte
	for {
		var page []*callwatch.Article
		err := db.view(ctx, func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketArticles).Cursor()
			k, v := c.First()
			if after != nil {
				k, v = c.Seek(after)
				if k != nil && bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for ; k != nil && len(page) < db.page; k, v = c.Next() {
				rec, err := decodeRecord(v)
				if err != nil {
					return fmt.Errorf("store: decoding article %s: %w", k[timeLen:], err)
				}
				a, err := loadArticle(tx, rec)
				if err != nil {
					return err
				}
				page = append(page, a)
				after = copyBytes(k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, a := range page {
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(page) < db.page {
			return nil
		}
	}
}

// ReplaceFindings replaces an article's findings (after a rules change) and applies the
// new stance findings to the signatories. Evidence already counted is not counted again,
// and alerts already raised are not raised again. Evidence is never withdrawn: an entity
// whose finding disappears keeps the article in its StanceReport (its findings rows are
// gone), because an alert may already have cited it.
func (db *DB) ReplaceFindings(ctx context.Context, articleID string, findings []callwatch.Finding) (callwatch.Changes, error) {
	if err := validFindings(findings); err != nil {
		return callwatch.Changes{}, fmt.Errorf("store: %w", err)
	}
	var ch callwatch.Changes
	err := db.write(ctx, &ch, func(w *writer) error {
		tx := w.tx
		rec, err := getArticleRecord(tx, articleID)
		if err != nil {
			return err
		}
		if rec == nil {
			return fmt.Errorf("store: article %s: %w", articleID, callwatch.ErrNotFound)
		}
		findings, err := w.linkedFindings(findings)
		if err != nil {
			return err
		}
		if err := deleteFindings(tx, rec); err != nil {
			return err
		}
		rec.FindingN = len(findings)
		if err := putArticleRecord(tx, rec); err != nil {
			return err
		}
		if err := putFindings(tx, rec, findings); err != nil {
			return err
		}
		return w.applyFindings(rec, findings)
	})
	if err != nil {
		return callwatch.Changes{}, err
	}
	return ch, nil
}
