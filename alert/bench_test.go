package alert

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/store"
)

// BenchmarkPolicyDecide measures one decision on a new signatory with a baseline of the
// official list's size.
func BenchmarkPolicyDecide(b *testing.B) {
	baseline := make([]string, 1222)
	for i := range baseline {
		baseline[i] = fmt.Sprintf("org:known-%d", i)
	}
	p := NewPolicy(Options{Baseline: baseline, MinConfidence: 0.7})
	c := articleChange(signatory("org:acme", callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.9, "news.example"), callwatch.FindingSigned, 0.9)
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		if len(p.Decide(c)) != 1 {
			b.Fatal("no alert")
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkBodyEncode measures the JSON body of one alert.
func BenchmarkBodyEncode(b *testing.B) {
	m := newMessage("hook", false, testAlert("Acme"))
	body, _ := m.encode()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		if _, err := m.encode(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkDeliverWebhook measures end-to-end delivery of 100 alerts on a loopback webhook
// through the real bbolt store (one fsync'd RecordDelivery per alert).
func BenchmarkDeliverWebhook(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer srv.Close()
	const perRun = 100
	o := Options{MinConfidence: 0.5, Channels: []Channel{{Name: "hook", Type: TypeWebhook, URL: srv.URL, Secret: "k"}}}
	var delivered int
	var elapsed, cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		db, err := store.Open(filepath.Join(b.TempDir(), fmt.Sprintf("bench-%d.db", i)), store.Options{Policy: NewPolicy(o)})
		if err != nil {
			b.Fatal(err)
		}
		var arts []*callwatch.Article
		for j := range perRun {
			arts = append(arts, newEntityArticle(fmt.Sprintf("Company%d", j)))
		}
		if ch, err := db.SaveArticles(context.Background(), arts); err != nil || len(ch.Alerts) != perRun {
			b.Fatalf("seeding: %d alerts, %v", len(ch.Alerts), err)
		}
		n, err := NewNotifier(db, o)
		if err != nil {
			b.Fatal(err)
		}
		start, startCPU := time.Now(), cpuTime()
		b.StartTimer()
		stats, err := n.Deliver(context.Background())
		b.StopTimer()
		elapsed += time.Since(start)
		cpu += cpuTime() - startCPU
		if err != nil || stats.Sent != perRun {
			b.Fatalf("Deliver = %+v, %v", stats, err)
		}
		delivered += stats.Sent
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(delivered)/elapsed.Seconds(), "alerts/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(delivered), "cpu-µs/alert")
}
