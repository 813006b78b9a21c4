package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/callwatch/callwatch/internal/browsertest"
)

// TestHTMLInBrowser opens the HTML report in headless Chromium: no console errors, no
// script from a crafted article title or evidence sentence runs, the chart is drawn with
// its bars, title, axes and legend, and a screenshot is written (path in the test log;
// set REPORT_SCREENSHOT_DIR to keep it).
func TestHTMLInBrowser(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, export(t, fixture(), periodQuery(FormatHTML)), 0o644); err != nil {
		t.Fatal(err)
	}
	bctx := browsertest.Start(t, dir, 1200, 900)
	cctx, stopConsole := context.WithCancel(bctx)
	messages := chromedp.Console(cctx)
	var mu sync.Mutex
	var console []chromedp.ConsoleMessage
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m)
			mu.Unlock()
		}
	}()

	run := func(name string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, a); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	eval := func(expr string) any {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[any](expr))
		if err != nil {
			t.Fatalf("evaluating %s: %v", expr, err)
		}
		return v
	}
	run("navigate", chromedp.Navigate("file://"+page))
	run("wait for the chart", chromedp.WaitVisible(chromedp.CSS("svg.chart")))

	title, err := chromedp.Run(bctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if title == "pwned" || eval(`window.__pwned !== undefined`) == true {
		t.Fatalf("a script from the article title or evidence ran (title %q, __pwned %v)", title, eval(`String(window.__pwned)`))
	}
	if title != "Paris Call for Trust and Security in Cyberspace: callwatch report" {
		t.Errorf("title = %q", title)
	}
	for expr, want := range map[string]float64{
		`document.querySelectorAll("script").length`:                                0,
		`document.querySelectorAll("svg.chart").length`:                             1,
		`document.querySelectorAll("svg.chart rect.bar").length`:                    5,
		`document.querySelectorAll("svg.chart g.legend").length`:                    4,
		`document.querySelectorAll("svg.chart line.axis").length`:                   2 + 3, // two axes, three x ticks
		`document.querySelectorAll("#signatories tr.new").length`:                   3,
		`document.querySelectorAll("#findings tbody tr").length`:                    7,
		`document.querySelector("svg.chart rect.bar").getBBox().height > 0 ? 1 : 0`: 1,
	} {
		if got := eval(expr); got != want {
			t.Errorf("%s = %v, want %v", expr, got, want)
		}
	}
	if got := eval(`document.querySelector("svg.chart text.ctitle").textContent`); got != "Findings per week, by kind" {
		t.Errorf("chart title = %v", got)
	}
	text, _ := eval(`document.querySelector("#findings table").innerText`).(string)
	if !strings.Contains(text, `<script>window.__pwned=1;document.title="pwned"</script> Paris Call turns eight`) {
		t.Errorf("the crafted title is not shown as text:\n%s", text)
	}
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}

	// A probe proves the console is really being read, then the page's own messages are
	// checked.
	eval(`console.error("callwatch-probe")`)
	deadline := time.Now().Add(5 * time.Second)
	var got []chromedp.ConsoleMessage
	for time.Now().Before(deadline) {
		mu.Lock()
		got = append(got[:0], console...)
		mu.Unlock()
		if len(got) > 0 && got[len(got)-1].Text == "callwatch-probe" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	stopConsole()
	<-done
	probed := false
	for _, m := range got {
		switch {
		case m.Text == "callwatch-probe":
			probed = true
		case m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException():
			t.Errorf("browser console: %s (%s)", m, m.URL)
		}
	}
	if !probed {
		t.Fatal("the console probe never arrived: console messages are not being read")
	}

	if len(shot) < 10000 || !bytes.HasPrefix(shot, []byte("\x89PNG")) {
		t.Fatalf("screenshot is %d bytes, not a PNG", len(shot))
	}
	shotDir := dir
	if d := os.Getenv("REPORT_SCREENSHOT_DIR"); d != "" {
		shotDir = d
	}
	path := filepath.Join(shotDir, "report-screenshot.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(shot))
}
