package daemon

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/callwatch/callwatch/internal/browsertest"
)

// TestDashboardInBrowser loads the dashboard in headless Chromium: no console errors,
// every request goes to the daemon itself, the stylesheet applies under the CSP, the
// chart is drawn, a hostile title runs nothing, and a screenshot is written (path in the
// test log; set DAEMON_SCREENSHOT_DIR to keep it).
func TestDashboardInBrowser(t *testing.T) {
	_, srv := serve(t, fixtureStore(), "")
	dir := t.TempDir()
	bctx := browsertest.Start(t, dir, 1280, 900)

	var mu sync.Mutex
	var console []chromedp.ConsoleMessage
	var requests []string
	lctx, stopListening := context.WithCancel(bctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for m, err := range chromedp.Console(lctx) {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m)
			mu.Unlock()
		}
	}()
	go func() {
		defer wg.Done()
		for ev, err := range chromedp.Events(lctx, network.RequestWillBeSent) {
			if err != nil {
				return
			}
			mu.Lock()
			requests = append(requests, ev.Request.URL)
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
	run("navigate", chromedp.Navigate(srv.URL+"/"))
	run("wait for the chart", chromedp.WaitVisible(chromedp.CSS("svg.chart")))
	title, err := chromedp.Run(bctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if title != "callwatch: Paris Call dashboard" {
		t.Errorf("title = %q (a hostile article title must not run)", title)
	}
	for expr, want := range map[string]any{
		`document.querySelectorAll("script").length`:                                 0.0,
		`document.querySelectorAll("svg.chart rect.bar").length > 0`:                 true,
		`document.querySelector("svg.chart rect.bar").getBBox().height > 0`:          true,
		`document.querySelectorAll("#findings tbody tr").length`:                     3.0,
		`document.querySelectorAll("#findings mark").length`:                         3.0,
		`document.querySelectorAll("#signatories tr.new").length`:                    1.0,
		`document.querySelectorAll("#sources tr.failing").length`:                    1.0,
		`getComputedStyle(document.querySelector(".card")).borderTopLeftRadius`:      "6px",
		`getComputedStyle(document.querySelector("svg.chart rect.k-signed")).fill`:   "rgb(26, 127, 55)",
		`document.querySelector("#findings tbody").innerText.includes("<script>")`:   true,
		`document.styleSheets.length`:                                                1.0,
		`document.querySelector("form").getAttribute("action")`:                      "/export",
		`document.querySelectorAll("a[href^='/export?format=']").length`:             6.0,
		`[...document.querySelectorAll("a")].every(a => !a.href.startsWith("java"))`: true,
	} {
		if got := eval(expr); got != want {
			t.Errorf("%s = %v, want %v", expr, got, want)
		}
	}
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}

	// A probe proves the console is read; then the page's own messages are checked.
	eval(`console.error("callwatch-probe")`)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(console)
		last := ""
		if n > 0 {
			last = console[n-1].Text
		}
		mu.Unlock()
		if last == "callwatch-probe" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	stopListening()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	probed := false
	for _, m := range console {
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
	if len(requests) < 2 {
		t.Fatalf("saw %d requests (%v): network events are not being read", len(requests), requests)
	}
	for _, u := range requests {
		if !strings.HasPrefix(u, srv.URL+"/") {
			t.Errorf("the dashboard made a request outside the daemon: %s", u)
		}
	}
	if !bytes.HasPrefix(shot, []byte("\x89PNG")) || len(shot) < 10000 {
		t.Fatalf("screenshot is %d bytes, not a PNG", len(shot))
	}
	shotDir := dir
	if d := os.Getenv("DAEMON_SCREENSHOT_DIR"); d != "" {
		shotDir = d
	}
	path := filepath.Join(shotDir, "dashboard-screenshot.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes), requests: %v", path, len(shot), requests)
}
