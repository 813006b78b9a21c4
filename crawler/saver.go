package crawler

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"time"

	"github.com/callwatch/callwatch"
)

// saveJob is what the article workers hand to the saver: a freshly built article, or a
// sighting of an article already stored or already in the batch.
type saveJob struct {
	art   *callwatch.Article
	sight *sighting
	run   *sourceRun
	fresh bool // art was built in this pass (counted in the summary when new)
}

// sighting records that an article was seen again under another URL, source or GUID.
type sighting struct {
	id     string
	urls   []string
	source string
	guid   string
}

// entry is one article of the batch being built, with the sources that contributed.
type entry struct {
	art   *callwatch.Article
	fresh bool
	runs  []*sourceRun
}

// saver gathers articles into batches and writes them, merging sightings of the same
// article into one write, so that a story seen in two feeds is stored once with both.
//
// It commits in groups: one goroutine (loop) gathers while another writes the previous
// batch, and a write starts as soon as the previous one has ended and BatchSize articles
// are waiting (or BatchInterval has passed with fewer). Each commit costs an fsync and
// rewrites every page it touched, so while the store is busy the next batch grows, up to
// maxBatchFactor·BatchSize: a fast pass gets a few large transactions (a feed-only pass
// of 10,000 items went from 44 commits to 12–17), a quiet one small, prompt ones. At
// most one write is in flight, and writes are committed in the order they were gathered.
type saver struct {
	p     *pass
	ctx   context.Context // not cancelled by the pass: what is done gets saved
	in    chan saveJob
	batch []*entry
	byID  map[string]*entry
	// failed is set by the first store error (from either goroutine); later jobs only
	// mark their sources incomplete.
	failed atomic.Bool

	// The write in flight: the ids of its articles, and a channel closed when it ends.
	// Both are nil when no write is in flight. Only loop's goroutine uses them.
	writing map[string]bool
	done    chan struct{}
}

func newSaver(p *pass) *saver {
	return &saver{
		p:    p,
		ctx:  context.WithoutCancel(context.Background()),
		in:   make(chan saveJob, 4*p.c.opts.BatchSize),
		byID: make(map[string]*entry),
	}
}

// add hands a job to the saver. The saver drains its input until close, so add never
// blocks for long, even after the pass is cancelled.
func (s *saver) add(_ context.Context, j saveJob) { s.in <- j }

// close ends the input; loop writes the last batch and returns.
func (s *saver) close() { close(s.in) }

// loop gathers jobs and starts a write whenever none is in flight and BatchSize articles
// are waiting, or BatchInterval has passed since the last write with some waiting. While
// a write is in flight it keeps gathering, up to maxBatchFactor·BatchSize articles; then
// it stops reading its input until the write ends, which holds the article workers back.
// When the input is closed it waits for the write in flight, writes what is left and
// returns.
func (s *saver) loop() {
	t := time.NewTicker(s.p.c.opts.BatchInterval)
	defer t.Stop()
	size := s.p.c.opts.BatchSize
	limit := maxBatchFactor * size
	due := false // BatchInterval passed while a write was in flight
	for {
		in := s.in
		if len(s.batch) >= limit {
			in = nil // full: wait for the write in flight
		}
		select {
		case j, ok := <-in:
			if !ok {
				s.wait()
				s.start()
				s.wait()
				return
			}
			s.take(j)
		case <-s.done:
			s.finished()
		case <-t.C:
			due = len(s.batch) > 0
		}
		if s.done == nil && (len(s.batch) >= size || due) {
			due = false
			s.start()
		}
	}
}

// maxBatchFactor bounds a grown batch, in multiples of BatchSize: with the default
// BatchSize of 50, 1,000 articles, the store's own transaction size (store.BatchSize).
const maxBatchFactor = 20

// start hands the batch to a new writing goroutine; the caller has checked that no write
// is in flight.
func (s *saver) start() {
	if len(s.batch) == 0 {
		return
	}
	batch := s.batch
	if s.failed.Load() {
		// Gathered while the failing write was in flight: the pass stops, and these
		// sources are read again next pass.
		for _, e := range batch {
			for _, r := range e.runs {
				r.incomplete.Store(true)
			}
		}
		s.batch, s.byID = nil, make(map[string]*entry)
		return
	}
	s.writing = make(map[string]bool, len(batch))
	for _, e := range batch {
		s.writing[e.art.ID] = true
	}
	s.batch, s.byID = nil, make(map[string]*entry)
	done := make(chan struct{})
	s.done = done
	go func() {
		defer close(done)
		s.write(batch)
	}()
}

// wait waits for the write in flight, if any.
func (s *saver) wait() {
	if s.done != nil {
		<-s.done
		s.finished()
	}
}

// finished forgets the write that has ended.
func (s *saver) finished() { s.writing, s.done = nil, nil }

// take adds a job to the batch.
func (s *saver) take(j saveJob) {
	if s.failed.Load() {
		j.run.incomplete.Store(true)
		return
	}
	if j.art != nil {
		if e := s.byID[j.art.ID]; e != nil {
			mergeSighting(e.art, j.art.URLs, j.art.Sources, j.art.GUIDs)
			e.runs = append(e.runs, j.run)
			return
		}
		s.push(&entry{art: j.art, fresh: j.fresh, runs: []*sourceRun{j.run}})
		return
	}
	sg := j.sight
	if e := s.byID[sg.id]; e != nil {
		mergeSighting(e.art, sg.urls, []string{sg.source}, nonEmpty(sg.guid))
		e.runs = append(e.runs, j.run)
		return
	}
	if s.writing[sg.id] {
		// The article is being written: read it back once it has committed.
		s.wait()
		if s.failed.Load() {
			j.run.incomplete.Store(true)
			return
		}
	}
	a, err := s.p.c.opts.Store.Article(s.ctx, sg.id)
	if err != nil {
		if errors.Is(err, callwatch.ErrNotFound) {
			s.p.c.log.Warn("a known article is missing from the store", "article_id", sg.id)
			return
		}
		s.fail(err, j.run)
		return
	}
	if !mergeSighting(a, sg.urls, []string{sg.source}, nonEmpty(sg.guid)) {
		return // seen before under this URL, source and GUID: nothing to record
	}
	s.push(&entry{art: a, runs: []*sourceRun{j.run}})
}

func (s *saver) push(e *entry) {
	s.batch = append(s.batch, e)
	s.byID[e.art.ID] = e
}

// write stores a batch and merges what the store reports into the summary. It runs on
// the writing goroutine.
func (s *saver) write(batch []*entry) {
	arts := make([]*callwatch.Article, len(batch))
	for i, e := range batch {
		arts[i] = e.art
	}
	ch, err := s.p.c.opts.Store.SaveArticles(s.ctx, arts)
	if err != nil {
		var runs []*sourceRun
		for _, e := range batch {
			runs = append(runs, e.runs...)
		}
		s.fail(err, runs...)
		return
	}
	s.p.sum.saved(ch, batch, s.p.c.opts.Refetch)
}

// fail marks the runs incomplete and stops the pass: a store that cannot write loses
// nothing if the next pass reads the same sources again.
func (s *saver) fail(err error, runs ...*sourceRun) {
	for _, r := range runs {
		r.incomplete.Store(true)
	}
	if s.failed.CompareAndSwap(false, true) {
		s.p.storeFailed(err)
	}
}

// mergeSighting adds urls, sources and guids to an article and reports whether any was new.
func mergeSighting(a *callwatch.Article, urls, sources, guids []string) bool {
	changed := false
	add := func(list *[]string, vs []string) {
		for _, v := range vs {
			if v != "" && !slices.Contains(*list, v) {
				*list = append(*list, v)
				changed = true
			}
		}
	}
	add(&a.URLs, urls)
	add(&a.Sources, sources)
	add(&a.GUIDs, guids)
	return changed
}
