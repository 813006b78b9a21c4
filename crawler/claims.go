package crawler

import "sync"

// claims makes one item of a pass handle a story while other items with the same keys
// (canonical URL, link or GUID: the same story in two feeds) wait for it, so that an
// article is fetched once per pass and the others are recorded as sightings.
type claims struct {
	mu sync.Mutex
	m  map[string]*claim
}

// claim is held by the item handling a story. done is closed when it is released; id is
// then the article's id, or "" when the holder produced no article.
type claim struct {
	keys []string
	done chan struct{}
	id   string
}

func newClaims() *claims { return &claims{m: make(map[string]*claim)} }

// acquire claims keys, or returns the claim of another item holding one of them.
func (t *claims) acquire(keys []string) (mine, theirs *claim) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		if c, ok := t.m[k]; ok {
			return nil, c
		}
	}
	c := &claim{keys: keys, done: make(chan struct{})}
	for _, k := range keys {
		t.m[k] = c
	}
	return c, nil
}

// release ends a claim with the article id it produced ("" for none). A claim that
// produced nothing is forgotten, so that a waiting item tries the story itself.
func (t *claims) release(c *claim, id string) {
	if c == nil {
		return
	}
	t.mu.Lock()
	select {
	case <-c.done:
		t.mu.Unlock()
		return // already released
	default:
	}
	c.id = id
	if id == "" {
		for _, k := range c.keys {
			if t.m[k] == c {
				delete(t.m, k)
			}
		}
	}
	close(c.done)
	t.mu.Unlock()
}
