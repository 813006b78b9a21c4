package crawler

import (
	"context"
	"net/url"
	"strings"
	"sync"
)

// jobQueue hands items to the article workers fairly across hosts. A plain channel would
// let the first feed parsed fill every worker with its own host's items, all but
// PerHost of them waiting for that host's request slots while the other hosts' items
// wait behind them. The queue keeps one FIFO per host, serves hosts in turn, and gives a
// host at most perHost workers at once. It holds at most max items: Push blocks beyond.
type jobQueue struct {
	mu      sync.Mutex
	hosts   map[string]*hostJobs
	ring    []string // hosts with queued items, served in turn
	next    int
	queued  int
	max     int
	perHost int
	closed  bool
	changed chan struct{} // closed and replaced whenever the queue changes
}

type hostJobs struct {
	jobs   []job
	active int
}

func newJobQueue(max, perHost int) *jobQueue {
	return &jobQueue{hosts: map[string]*hostJobs{}, max: max, perHost: perHost, changed: make(chan struct{})}
}

// hostOf returns the key an item is queued under: the host its page will be fetched
// from, that is its link's, or for a redirect link carrying the target in url= (Bing
// News) the target's.
func hostOf(it item) string {
	u, err := url.Parse(strings.TrimSpace(it.Link))
	if err != nil {
		return ""
	}
	if u.RawQuery == "" {
		return strings.ToLower(u.Host)
	}
	if t, err := url.Parse(u.Query().Get("url")); err == nil && t.Host != "" && (t.Scheme == "http" || t.Scheme == "https") {
		return strings.ToLower(t.Host)
	}
	return strings.ToLower(u.Host)
}

// signal wakes every waiter; the caller holds mu.
func (q *jobQueue) signal() {
	close(q.changed)
	q.changed = make(chan struct{})
}

// Push queues j, waiting while the queue is full. It reports false when ctx ended first.
func (q *jobQueue) Push(ctx context.Context, j job) bool {
	host := hostOf(j.it)
	q.mu.Lock()
	for q.queued >= q.max {
		ch := q.changed
		q.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
		q.mu.Lock()
	}
	h := q.hosts[host]
	if h == nil {
		h = &hostJobs{}
		q.hosts[host] = h
	}
	if len(h.jobs) == 0 {
		q.ring = append(q.ring, host)
	}
	h.jobs = append(h.jobs, j)
	q.queued++
	q.signal()
	q.mu.Unlock()
	return true
}

// Close says no more items will be pushed.
func (q *jobQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.signal()
	q.mu.Unlock()
}

// Next returns the next item of a host with a free worker place, waiting for one. It
// reports false when the queue is closed and empty, or ctx ended. The caller calls Done
// with the item's host when it has handled it.
func (q *jobQueue) Next(ctx context.Context) (job, string, bool) {
	q.mu.Lock()
	for {
		for i := range q.ring {
			k := (q.next + i) % len(q.ring)
			host := q.ring[k]
			h := q.hosts[host]
			if h.active >= q.perHost {
				continue
			}
			j := h.jobs[0]
			h.jobs[0] = job{}
			h.jobs = h.jobs[1:]
			h.active++
			q.queued--
			if len(h.jobs) == 0 {
				q.ring = append(q.ring[:k], q.ring[k+1:]...)
				q.next = k
			} else {
				q.next = k + 1
			}
			if len(q.ring) > 0 {
				q.next %= len(q.ring)
			} else {
				q.next = 0
			}
			q.signal() // room for a Push
			q.mu.Unlock()
			return j, host, true
		}
		if q.closed && q.queued == 0 {
			q.mu.Unlock()
			return job{}, "", false
		}
		ch := q.changed
		q.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return job{}, "", false
		}
		q.mu.Lock()
	}
}

// Done gives back the host's worker place taken by Next.
func (q *jobQueue) Done(host string) {
	q.mu.Lock()
	if h := q.hosts[host]; h != nil {
		h.active--
		if h.active == 0 && len(h.jobs) == 0 {
			delete(q.hosts, host)
		}
	}
	q.signal()
	q.mu.Unlock()
}

// Drain removes and returns every queued item (after cancellation).
func (q *jobQueue) Drain() []job {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []job
	for _, host := range q.ring {
		out = append(out, q.hosts[host].jobs...)
		q.hosts[host].jobs = nil
	}
	q.ring, q.queued = nil, 0
	q.signal()
	return out
}
