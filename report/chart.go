package report

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// chart is the geometry of the weekly stacked bar chart, computed in Go so that the
// template only places numbers: no JavaScript, no library, no network.
type chart struct {
	Width, Height          float64
	Left, Right, Top, Base float64 // plot area: x from Left to Right, y from Top to Base
	Bars                   []bar
	XTicks, YTicks         []tick
	Legend                 []legendItem
	Title, Desc            string
	Empty                  bool
}

type bar struct {
	X, Y, W, H float64
	Class      string
	Color      string
	Label      string
}

type tick struct {
	Pos   float64
	Label string
}

type legendItem struct {
	X     float64
	Class string
	Color string
	Label string
	Count int
}

var kindLabels = []string{"Mentions", "Signed", "Declined", "Announced"}
var kindClasses = []string{"k-mention", "k-signed", "k-declined", "k-announced"}

// kindColors are the chart's colours, also written as fill attributes so that the SVG
// reads the same outside the report's stylesheet (ChartSVG).
var kindColors = []string{"#60738a", "#1a7f37", "#c0392b", "#b7791f"}

func newChart(weeks []Week, counts Counts) chart {
	c := chart{Width: 960, Height: 340, Left: 56, Right: 916, Top: 56, Base: 280,
		Title: "Findings per week, by kind"}
	for i, l := range kindLabels {
		c.Legend = append(c.Legend, legendItem{X: c.Left + float64(i)*150, Class: kindClasses[i], Color: kindColors[i], Label: l, Count: counts[i]})
	}
	if len(weeks) == 0 {
		c.Empty = true
		c.Desc = "No findings in the period."
		return c
	}
	peak := 0
	for _, w := range weeks {
		peak = max(peak, w.Counts.Total())
	}
	step := niceStep(peak)
	top := int(math.Ceil(float64(peak)/float64(step))) * step
	if top == 0 {
		top = step
	}
	plotH := c.Base - c.Top
	for v := 0; v <= top; v += step {
		c.YTicks = append(c.YTicks, tick{Pos: round1(c.Base - plotH*float64(v)/float64(top)), Label: strconv.Itoa(v)})
	}
	slot := (c.Right - c.Left) / float64(len(weeks))
	bw := math.Min(math.Max(slot*0.8, 0.5), 48)
	for i, w := range weeks {
		x := c.Left + float64(i)*slot + (slot-bw)/2
		y := c.Base
		for k, n := range w.Counts {
			if n == 0 {
				continue
			}
			h := plotH * float64(n) / float64(top)
			y -= h
			c.Bars = append(c.Bars, bar{X: round1(x), Y: round1(y), W: round1(bw), H: round1(h), Class: kindClasses[k], Color: kindColors[k],
				Label: fmt.Sprintf("Week of %s: %s %d", w.Start.Format("2006-01-02"), kindLabels[k], n)})
		}
	}
	layout := "2 Jan 2006"
	if weeks[len(weeks)-1].Start.Sub(weeks[0].Start) > 26*7*24*time.Hour {
		layout = "Jan 2006"
	}
	labels := min(len(weeks), 8)
	for j := 0; j < labels; j++ {
		i := 0
		if labels > 1 {
			i = j * (len(weeks) - 1) / (labels - 1)
		}
		c.XTicks = append(c.XTicks, tick{Pos: round1(c.Left + (float64(i)+0.5)*slot), Label: weeks[i].Start.Format(layout)})
	}
	c.Desc = fmt.Sprintf("%d weeks from %s to %s; the highest week has %d findings.", len(weeks),
		weeks[0].Start.Format("2 January 2006"), weeks[len(weeks)-1].Start.Format("2 January 2006"), peak)
	return c
}

// niceStep returns a tick step of 1, 2 or 5 times a power of ten giving at most 5 ticks.
func niceStep(peak int) int {
	if peak <= 5 {
		return 1
	}
	raw := float64(peak) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if s := m * mag; s >= raw {
			return int(s)
		}
	}
	return int(10 * mag)
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
