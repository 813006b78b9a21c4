package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	tab := browsertest.Start(t, dir, 1200, 900)
	tab.Run("navigate", chromedp.Navigate("file://"+page))
	tab.Run("wait for the chart", chromedp.WaitVisible(chromedp.CSS("svg.chart")))

	title, err := chromedp.Run(tab.Ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if title == "pwned" || tab.Eval(`window.__pwned !== undefined`) == true {
		t.Fatalf("a script from the article title or evidence ran (title %q, __pwned %v)", title, tab.Eval(`String(window.__pwned)`))
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
		if got := tab.Eval(expr); got != want {
			t.Errorf("%s = %v, want %v", expr, got, want)
		}
	}
	if got := tab.Eval(`document.querySelector("svg.chart text.ctitle").textContent`); got != "Findings per week, by kind" {
		t.Errorf("chart title = %v", got)
	}
	text, _ := tab.Eval(`document.querySelector("#findings table").innerText`).(string)
	if !strings.Contains(text, `<script>window.__pwned=1;document.title="pwned"</script> Paris Call turns eight`) {
		t.Errorf("the crafted title is not shown as text:\n%s", text)
	}
	tab.Screenshot("report-screenshot.png", "REPORT_SCREENSHOT_DIR")
	tab.CheckConsole()
}
