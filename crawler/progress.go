package crawler

import "sync"

// progress calls Options.Progress, never concurrently, as sources and articles are done.
type progress struct {
	mu sync.Mutex
	fn func(Progress)
	p  Progress
}

func newProgress(fn func(Progress), sources int) *progress {
	pr := &progress{fn: fn, p: Progress{SourcesTotal: sources}}
	pr.report()
	return pr
}

func (pr *progress) update(f func(*Progress)) {
	if pr == nil || pr.fn == nil {
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	f(&pr.p)
	pr.fn(pr.p)
}

func (pr *progress) report()            { pr.update(func(*Progress) {}) }
func (pr *progress) sourceDone()        { pr.update(func(p *Progress) { p.SourcesDone++ }) }
func (pr *progress) addArticles(n int)  { pr.update(func(p *Progress) { p.ArticlesTotal += n }) }
func (pr *progress) articlesDone(n int) { pr.update(func(p *Progress) { p.ArticlesDone += n }) }
