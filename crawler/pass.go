package crawler

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/callwatch/callwatch"
)

// pass is the state of one Pass: its pipeline, its tally and its progress.
type pass struct {
	c      *Crawler
	now    time.Time
	pages  *pageFetcher
	claims *claims
	sum    *tally
	prog   *progress
	cancel context.CancelCauseFunc
}

// sourceRun is one due source in a pass: what it was, what fetching it did, and whether
// every item it yielded reached the store.
type sourceRun struct {
	src   Source
	state callwatch.SourceState // as stored before the pass

	outcome                      outcome
	err                          error
	etag, lastModified, bodyHash string
	movedTo                      string
	items                        int
	incomplete                   atomic.Bool // an item was not processed or not saved
	registerChanges              int
}

type outcome int

const (
	outcomeInterrupted outcome = iota // not fetched, or stopped part-way by cancellation
	outcomeOK
	outcomeUnchanged
	outcomeFailed
)

// job is one item of one source on its way to becoming an article.
type job struct {
	run *sourceRun
	it  item
}

// Pass performs one pass over the due sources (all of them with Force): fetch each, turn
// its new items into stored articles with their findings, update each source's health
// and schedule, deliver pending alerts and record the run summary. When ctx ends, Pass
// stops starting work, lets in-flight work finish or abort, saves what is done and
// returns a summary with Interrupted set. The error is non-nil only when the store fails;
// source failures are in the summary.
func (c *Crawler) Pass(ctx context.Context) (callwatch.RunSummary, error) {
	p := &pass{c: c, now: c.opts.Now(), claims: newClaims(), sum: newTally()}
	p.sum.s.Started = p.now
	runs, err := p.dueSources(ctx)
	if err != nil {
		return p.sum.s, err
	}
	p.prog = newProgress(c.opts.Progress, len(runs))

	work, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	p.cancel = cancel
	p.pages = c.newPageFetcher(work)
	p.run(work, runs)

	// Everything below must happen even when ctx has ended: then it gets a short grace
	// period (and Deliver leaves what it cannot send pending).
	grace, stop := ctx, context.CancelFunc(func() {})
	if ctx.Err() != nil {
		grace, stop = graceContext(ctx)
	}
	defer stop()
	var errs []error
	if cause := context.Cause(work); cause != nil && !errors.Is(cause, context.Canceled) && ctx.Err() == nil {
		errs = append(errs, cause) // a store failure stopped the pass
	}
	states := make([]callwatch.SourceState, len(runs))
	for i, r := range runs {
		states[i] = p.finishSource(r)
	}
	if err := c.putSources(grace, states); err != nil {
		errs = append(errs, err)
	}
	s := &p.sum.s
	s.Interrupted = ctx.Err() != nil
	if c.opts.Notifier != nil {
		st, err := c.opts.Notifier.Deliver(grace)
		if err != nil {
			c.log.Warn("delivering alerts", "error", err)
		}
		s.AlertsSent, s.AlertsPending = st.Sent, st.Pending // Pending already counts this run's failures
	} else {
		s.AlertsPending = s.AlertsQueued
	}
	s.Finished = c.opts.Now()
	if err := c.opts.Store.SaveRunSummary(grace, *s); err != nil {
		errs = append(errs, fmt.Errorf("crawler: saving the run summary: %w", err))
	}
	return *s, errors.Join(errs...)
}

// SourceBatchStore is an optional interface of a callwatch.Store: PutSources stores many
// source states in one write (one transaction, one fsync) instead of one per PutSource
// call. Pass uses it when the store has it: a pass over 500 unchanged sources then costs
// one commit instead of 500.
type SourceBatchStore interface {
	PutSources(ctx context.Context, states []callwatch.SourceState) error
}

// putSources stores the states, in one write when the store allows it.
func (c *Crawler) putSources(ctx context.Context, states []callwatch.SourceState) error {
	if len(states) == 0 {
		return nil
	}
	if bs, ok := c.opts.Store.(SourceBatchStore); ok {
		if err := bs.PutSources(ctx, states); err != nil {
			return fmt.Errorf("crawler: saving %d source states: %w", len(states), err)
		}
		return nil
	}
	var errs []error
	for _, st := range states {
		if err := c.opts.Store.PutSource(ctx, st); err != nil {
			errs = append(errs, fmt.Errorf("crawler: saving source %q: %w", st.Name, err))
		}
	}
	return errors.Join(errs...)
}

// graceContext returns a context that outlives ctx's cancellation by graceTimeout.
func graceContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), graceTimeout)
}

// dueSources loads the stored state of every selected source and returns the due ones.
func (p *pass) dueSources(ctx context.Context) ([]*sourceRun, error) {
	var runs []*sourceRun
	for _, src := range p.c.sources {
		cfgURL, _ := src.ConfigURL()
		id := callwatch.SourceID(cfgURL)
		st, ok, err := p.c.opts.Store.Source(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("crawler: reading source %q: %w", src.Name, err)
		}
		if !ok || st.URL == "" {
			st = callwatch.SourceState{ID: id, URL: cfgURL}
		}
		st.ID, st.Name, st.Kind, st.ConfigURL = id, src.Name, src.Kind, cfgURL
		if !p.c.opts.Force && st.NextDue.After(p.now) {
			p.sum.s.SourcesSkipped++
			continue
		}
		runs = append(runs, &sourceRun{src: src, state: st})
	}
	return runs, nil
}

// run drives the pipeline: source workers fetch and parse sources and emit items; article
// workers turn items into articles; one saver writes them in batches. Every stage is
// bounded and run returns only when every goroutine it started has ended.
func (p *pass) run(ctx context.Context, runs []*sourceRun) {
	n := p.c.opts.Concurrency
	perHost := max(1, p.c.opts.Fetcher.Options().PerHost)
	// A host gets two workers per request slot: one can extract while the other fetches.
	q := newJobQueue(n*p.c.opts.MaxItems, 2*perHost)
	sv := newSaver(p)
	saverDone := make(chan struct{})
	go func() {
		defer close(saverDone)
		sv.loop()
	}()

	// More article workers than requests allowed in flight, so that every host with
	// items keeps its slots busy; the fetcher's limits still bound the requests, and each
	// worker holds at most one page.
	var articles sync.WaitGroup
	for range n * articleWorkersPerSlot {
		articles.Go(func() {
			for {
				j, host, ok := q.Next(ctx)
				if !ok {
					return
				}
				p.process(ctx, j, sv)
				q.Done(host)
			}
		})
	}
	srcCh := make(chan *sourceRun)
	var sources sync.WaitGroup
	for range min(n, len(runs)) {
		sources.Go(func() {
			for r := range srcCh {
				p.crawlSource(ctx, r, q)
				p.prog.sourceDone()
			}
		})
	}
feed:
	for _, r := range runs {
		select {
		case srcCh <- r:
		case <-ctx.Done():
			break feed // the remaining runs stay outcomeInterrupted
		}
	}
	close(srcCh)
	sources.Wait()
	q.Close()
	articles.Wait()
	for _, j := range q.Drain() { // left when the pass was cancelled
		j.run.incomplete.Store(true)
		p.prog.articlesDone(1)
	}
	sv.close()
	<-saverDone
}

// articleWorkersPerSlot is how many article workers a pass runs per unit of Concurrency.
const articleWorkersPerSlot = 2

// storeFailed stops the pass after a store error: nothing more can be saved.
func (p *pass) storeFailed(err error) {
	p.c.log.Error("store failed; stopping the pass", "error", err)
	if p.cancel != nil {
		p.cancel(fmt.Errorf("crawler: store: %w", err))
	}
}
