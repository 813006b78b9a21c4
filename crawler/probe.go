package crawler

import (
	"context"
	"errors"
	"sync"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/crawler/feed"
	"github.com/callwatch/callwatch/crawler/fetch"
)

// ProbeResult is what Probe found at a source.
type ProbeResult struct {
	URL      string                    `json:"url"`   // after redirects
	Items    int                       `json:"items"` // items the source holds
	Articles []*callwatch.Article      `json:"articles,omitempty"`
	Register []callwatch.RegisterEntry `json:"register,omitempty"`
}

// Probe reads a source once, as a pass would, and returns what it found: its items as
// articles with their findings (at most limit, in source order), or the register's
// entries. It stores nothing and uses no Store: o.Store may be nil. o.Detector and
// o.Fetcher are required.
func Probe(ctx context.Context, o Options, src Source, limit int) (*ProbeResult, error) {
	if o.Detector == nil || o.Fetcher == nil {
		return nil, errors.New("crawler: Probe needs a Detector and a Fetcher")
	}
	if err := ValidateSource(src); err != nil {
		return nil, err
	}
	applyDefaults(&o)
	o.Refetch = true // never consult a store
	if limit > 0 {
		o.MaxItems = limit
	}
	c := &Crawler{opts: o, sources: []Source{src}, log: o.Logger}
	u, _ := src.ConfigURL()
	resp, err := o.Fetcher.Get(ctx, fetch.Request{URL: u, Accept: acceptFor(src.Kind), IgnoreRobots: src.IgnoreRobots})
	if err != nil {
		return nil, err
	}
	res := &ProbeResult{URL: resp.URL}
	var items []item
	total := 0
	switch src.Kind {
	case callwatch.KindRegister:
		if res.Register, err = c.readRegister(resp, src.Selector); err != nil {
			return nil, err
		}
		res.Items = len(res.Register)
		return res, nil
	case callwatch.KindPage:
		items, err = c.readListing(ctx, resp, src)
	default:
		items, total, err = c.parseFeedTotal(resp)
	}
	if err != nil {
		return nil, err
	}
	res.Items = max(total, len(items))
	items = items[:min(len(items), o.MaxItems)]

	p := &pass{c: c, now: o.Now(), claims: newClaims(), sum: newTally(), prog: newProgress(nil, 0)}
	p.pages = c.newPageFetcher(ctx)
	run := &sourceRun{src: src, state: callwatch.SourceState{ID: callwatch.SourceID(u), Name: src.Name, Kind: src.Kind, URL: resp.URL}}
	col := &collector{arts: make([]*callwatch.Article, len(items))}
	sem := make(chan struct{}, o.Concurrency)
	var wg sync.WaitGroup
	for i, it := range items {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			p.process(ctx, job{run: run, it: it}, col.at(i))
		})
	}
	wg.Wait()
	for _, a := range col.arts {
		if a != nil {
			res.Articles = append(res.Articles, a)
		}
	}
	return res, ctx.Err()
}

// collector is Probe's sink: it keeps each item's article at the item's index.
type collector struct {
	mu   sync.Mutex
	arts []*callwatch.Article
}

type slot struct {
	c *collector
	i int
}

func (c *collector) at(i int) sink { return slot{c, i} }

func (s slot) add(_ context.Context, j saveJob) {
	if j.art == nil {
		return
	}
	s.c.mu.Lock()
	s.c.arts[s.i] = j.art
	s.c.mu.Unlock()
}

// parseFeedOnly parses a response as a feed.
func parseFeedOnly(resp *fetch.Response) (*feed.Feed, error) {
	return feed.Parse(resp.Body, resp.ContentType(), resp.URL)
}
