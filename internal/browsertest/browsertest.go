// Package browsertest starts headless Chromium for tests that must prove something in a
// real browser (the HTML report, the daemon's dashboard): Debian's chromium, run as root
// with the flags this machine needs (no sandbox, no background networking, a fresh
// profile). A missing browser fails the test with what to do; it is never skipped.
//
// A Tab collects the page's console messages and network requests from the start, so a
// test can assert that a page logs no error and loads nothing from elsewhere.
package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Path returns the chromium binary, or fails the test saying how to install it.
func Path(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	t.Fatal("chromium is not installed: run scripts/test (which installs Debian's chromium) and try again")
	return ""
}

// Tab is one browser tab of a test, with its console messages and requests recorded.
type Tab struct {
	// Ctx is the tab's context, for chromedp calls the helpers do not cover.
	Ctx context.Context

	t        testing.TB
	dir      string
	stop     context.CancelFunc
	wg       sync.WaitGroup
	mu       sync.Mutex
	console  []chromedp.ConsoleMessage
	requests []string
}

// Start launches headless Chromium with a window of width×height and a fresh profile in
// dir, opens a tab and starts recording its console and requests. The browser stops when
// the test ends or after 60 s, whichever comes first.
func Start(t testing.TB, dir string, width, height int) *Tab {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Path(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(width, height),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	tab := &Tab{Ctx: bctx, t: t, dir: dir}
	t.Cleanup(func() { tab.stopListening(); cancelBrowser(); cancelAlloc(); cancel() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	lctx, stop := context.WithCancel(bctx)
	tab.stop = stop
	tab.wg.Add(2)
	go func() {
		defer tab.wg.Done()
		for m, err := range chromedp.Console(lctx) {
			if err != nil {
				return
			}
			tab.mu.Lock()
			tab.console = append(tab.console, m)
			tab.mu.Unlock()
		}
	}()
	go func() {
		defer tab.wg.Done()
		for ev, err := range chromedp.Events(lctx, network.RequestWillBeSent) {
			if err != nil {
				return
			}
			tab.mu.Lock()
			tab.requests = append(tab.requests, ev.Request.URL)
			tab.mu.Unlock()
		}
	}()
	return tab
}

// Run performs a chromedp action, failing the test with name on error.
func (b *Tab) Run(name string, a chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.Ctx, a); err != nil {
		b.t.Fatalf("%s: %v", name, err)
	}
}

// Eval evaluates a JavaScript expression in the page and returns its value.
func (b *Tab) Eval(expr string) any {
	b.t.Helper()
	v, err := chromedp.Run(b.Ctx, chromedp.Evaluate[any](expr))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// Screenshot takes a full-page screenshot, checks that it is a real PNG, writes it as
// name in the test's directory (or in $envDir when that variable is set, to keep it) and
// logs where it is.
func (b *Tab) Screenshot(name, envDir string) string {
	b.t.Helper()
	shot, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	if len(shot) < 10000 || !bytes.HasPrefix(shot, []byte("\x89PNG")) {
		b.t.Fatalf("screenshot is %d bytes, not a PNG", len(shot))
	}
	dir := b.dir
	if d := os.Getenv(envDir); d != "" {
		dir = d
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s (%d bytes)", path, len(shot))
	return path
}

// CheckConsole stops recording and fails the test for every console error, warning or
// uncaught exception. A probe message logged first proves that the console is really
// being read: without it the check could not fail.
func (b *Tab) CheckConsole() {
	b.t.Helper()
	b.Eval(`console.error("callwatch-probe")`)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b.mu.Lock()
		n := len(b.console)
		arrived := n > 0 && b.console[n-1].Text == "callwatch-probe"
		b.mu.Unlock()
		if arrived {
			break
		}
	}
	b.stopListening()
	probed := false
	for _, m := range b.console {
		switch {
		case m.Text == "callwatch-probe":
			probed = true
		case m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException():
			b.t.Errorf("browser console: %s (%s)", m, m.URL)
		}
	}
	if !probed {
		b.t.Fatal("the console probe never arrived: console messages are not being read")
	}
}

// Requests returns the URLs the tab requested. Call it after CheckConsole, which stops
// the recording.
func (b *Tab) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.requests...)
}

// stopListening ends the recording goroutines and waits for them.
func (b *Tab) stopListening() {
	if b.stop != nil {
		b.stop()
		b.wg.Wait()
	}
}
