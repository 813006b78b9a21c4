package report

import (
	"context"
	"fmt"
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// genSource generates n findings on the fly, so a benchmark measures the report layer
// alone (the store is measured by BenchmarkExportCSV in store_test.go).
type genSource struct {
	n    int
	sigs []callwatch.Signatory
}

func (g *genSource) ScanFindings(ctx context.Context, f callwatch.FindingFilter, fn func(callwatch.FindingRow) error) error {
	start := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	ents := []callwatch.Entity{*entGhana, *entUSA, *entTuya}
	for i := 0; i < g.n; i++ {
		j := i
		if !f.Newest {
			j = g.n - 1 - i
		}
		e := ents[j%len(ents)]
		r := callwatch.FindingRow{
			Article: callwatch.ArticleRef{ID: fmt.Sprintf("%016x", j), Title: "Paris Call story about " + e.Name,
				URL: fmt.Sprintf("https://outlet%d.example/news/%d", j%37, j), Outlet: fmt.Sprintf("outlet%d.example", j%37),
				Published: start.Add(-time.Duration(j) * 3 * time.Hour), Language: "en"},
			Sources: []string{srcGoogle},
			Finding: callwatch.Finding{Kind: callwatch.FindingSigned, Entity: &e, Evidence: e.Name + " signed the Paris Call for Trust and Security in Cyberspace today.",
				Rule: "en.sign.signed", Confidence: 0.9},
			Outlets: 3,
		}
		if j%2 == 0 {
			r.Finding = callwatch.Finding{Kind: callwatch.FindingMention, Strength: callwatch.StrengthFull,
				Evidence: "the Paris Call for Trust and Security in Cyberspace", Rule: "mention.full", Confidence: 0.99}
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

func (g *genSource) Signatories(context.Context, callwatch.SignatoryFilter) ([]callwatch.Signatory, error) {
	return g.sigs, nil
}

func (g *genSource) Sources(context.Context) ([]callwatch.SourceState, error) {
	return fixture().sources, nil
}

type byteCount int64

func (c *byteCount) Write(p []byte) (int, error) { *c += byteCount(len(p)); return len(p), nil }

var _ io.Writer = (*byteCount)(nil)

// BenchmarkWrite measures each format on 100,000 generated findings, without a store.
//
//	go test ./report -run '^$' -bench 'Write/' -benchtime 3x
func BenchmarkWrite(b *testing.B) {
	const n = 100000
	src := &genSource{n: n, sigs: fixture().sigs}
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			var c byteCount
			cpu0 := cpuTimeSelf()
			for i := 0; i < b.N; i++ {
				c = 0
				if err := Write(context.Background(), &c, src, Query{Format: f, Now: fixedNow}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTimeSelf()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			b.SetBytes(int64(c))
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "findings/s")
		})
	}
}

// cpuTimeSelf returns the user and system CPU time this process has used.
func cpuTimeSelf() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
