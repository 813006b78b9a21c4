package crawler

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func qjob(host string, n int) job {
	return job{it: item{Link: fmt.Sprintf("https://%s/%d", host, n)}}
}

func TestJobQueueIsFairAcrossHosts(t *testing.T) {
	q := newJobQueue(100, 2)
	ctx := t.Context()
	for i := range 10 {
		q.Push(ctx, qjob("a.example", i)) // a whole feed of one host first
	}
	for i := range 3 {
		q.Push(ctx, qjob("b.example", i))
		q.Push(ctx, qjob("c.example", i))
	}
	q.Close()
	var order []string
	for range 6 {
		_, host, ok := q.Next(ctx)
		if !ok {
			t.Fatal("queue ended early")
		}
		order = append(order, host)
	}
	// Two places per host: a, b, c, a, b, c; then a, b and c are all busy.
	if got := fmt.Sprint(order); got != "[a.example b.example c.example a.example b.example c.example]" {
		t.Errorf("order = %s", got)
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, _, ok := q.Next(short); ok {
		t.Error("a third item of a busy host was handed out")
	}
	q.Done("b.example")
	if j, host, ok := q.Next(ctx); !ok || host != "b.example" || j.it.Link != "https://b.example/2" {
		t.Errorf("after Done(b): %v %s %v", j.it.Link, host, ok)
	}
	for _, h := range []string{"a.example", "a.example", "b.example", "b.example", "c.example", "c.example"} {
		q.Done(h)
	}
	left := 0
	for {
		_, host, ok := q.Next(ctx)
		if !ok {
			break
		}
		left++
		q.Done(host)
	}
	if left != 16-7 {
		t.Errorf("drained %d items after the first 7, want 9", left)
	}
}

func TestJobQueueBoundsAndCancellation(t *testing.T) {
	q := newJobQueue(2, 1)
	ctx := t.Context()
	q.Push(ctx, qjob("a.example", 0))
	q.Push(ctx, qjob("a.example", 1))
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if q.Push(short, qjob("a.example", 2)) {
		t.Fatal("Push beyond the bound did not wait")
	}
	pushed := make(chan bool)
	go func() { pushed <- q.Push(ctx, qjob("b.example", 0)) }()
	if _, _, ok := q.Next(ctx); !ok {
		t.Fatal("Next failed")
	}
	if !<-pushed {
		t.Fatal("Push did not resume when room was made")
	}
	if left := q.Drain(); len(left) != 2 {
		t.Errorf("Drain returned %d items, want 2", len(left))
	}
	q.Close()
	cctx, stop := context.WithCancel(ctx)
	stop()
	if _, _, ok := q.Next(cctx); ok {
		t.Error("Next on a closed, drained queue succeeded")
	}
}

func TestHostOf(t *testing.T) {
	for link, want := range map[string]string{
		"https://WWW.Example.org/a": "www.example.org",
		"http://www.bing.com/news/apiclick.aspx?url=https%3a%2f%2fpub.example%2fx": "pub.example",
		"https://news.google.com/rss/articles/CBMi":                                "news.google.com",
		"": "",
	} {
		if got := hostOf(item{Link: link}); got != want {
			t.Errorf("hostOf(%q) = %q, want %q", link, got, want)
		}
	}
}
