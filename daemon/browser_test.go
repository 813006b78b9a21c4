package daemon

import (
	"strings"
	"testing"

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
	tab := browsertest.Start(t, dir, 1280, 900)
	tab.Run("navigate", chromedp.Navigate(srv.URL+"/"))
	tab.Run("wait for the chart", chromedp.WaitVisible(chromedp.CSS("svg.chart")))
	title, err := chromedp.Run(tab.Ctx, chromedp.Title())
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
		if got := tab.Eval(expr); got != want {
			t.Errorf("%s = %v, want %v", expr, got, want)
		}
	}
	tab.Screenshot("dashboard-screenshot.png", "DAEMON_SCREENSHOT_DIR")
	tab.CheckConsole()
	requests := tab.Requests()
	if len(requests) < 2 {
		t.Fatalf("saw %d requests (%v): network events are not being read", len(requests), requests)
	}
	for _, u := range requests {
		if !strings.HasPrefix(u, srv.URL+"/") {
			t.Errorf("the dashboard made a request outside the daemon: %s", u)
		}
	}
	t.Logf("requests: %v", requests)
}
