package crawler

import (
	"context"
	"errors"
	"slices"
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

// saver is the single goroutine that writes articles: it gathers them into batches of
// BatchSize, or whatever arrived within BatchInterval, and merges sightings of the same
// article into one write, so that a story seen in two feeds is stored once with both.
type saver struct {
	p      *pass
	ctx    context.Context // not cancelled by the pass: what is done gets saved
	in     chan saveJob
	batch  []*entry
	byID   map[string]*entry
	failed bool
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

// loop gathers jobs and writes a batch when BatchSize articles are waiting or
// BatchInterval has passed. When a write is due it first takes whatever else is already
// queued (up to maxBatchFactor·BatchSize articles): while the store is busy with one
// write, the next grows, so a slow store gets fewer, larger writes (group commit) and a
// quiet pass keeps small, prompt ones.
func (s *saver) loop() {
	t := time.NewTicker(s.p.c.opts.BatchInterval)
	defer t.Stop()
	size := s.p.c.opts.BatchSize
	for {
		select {
		case j, ok := <-s.in:
			if !ok {
				s.flush()
				return
			}
			s.take(j)
			if len(s.batch) >= size {
				open := s.drain(maxBatchFactor * size)
				s.flush()
				if !open {
					return
				}
			}
		case <-t.C:
			s.flush()
		}
	}
}

// maxBatchFactor bounds a grown batch, in multiples of BatchSize.
const maxBatchFactor = 10

// drain takes queued jobs without waiting until the batch holds limit articles. It
// reports false when the input is closed.
func (s *saver) drain(limit int) bool {
	for len(s.batch) < limit {
		select {
		case j, ok := <-s.in:
			if !ok {
				return false
			}
			s.take(j)
		default:
			return true
		}
	}
	return true
}

// take adds a job to the batch.
func (s *saver) take(j saveJob) {
	if s.failed {
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

// flush writes the batch and merges what the store reports into the summary.
func (s *saver) flush() {
	if len(s.batch) == 0 {
		return
	}
	batch := s.batch
	s.batch, s.byID = nil, make(map[string]*entry)
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
	if !s.failed {
		s.failed = true
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
