package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/config"
	"github.com/spf13/cobra"
)

// TestMain lets a test run the real callwatch main function in a child process: the test
// binary started with CALLWATCH_TEST_MAIN=1 is callwatch.
func TestMain(m *testing.M) {
	if os.Getenv("CALLWATCH_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestSignals runs callwatch as a process: the first SIGINT is caught (commands see a
// canceled context and finish their work), a second one ends the process at once.
func TestSignals(t *testing.T) {
	cmd := exec.Command(os.Args[0], "--log-level", "debug", "config", "validate", "-")
	cmd.Env = []string{"CALLWATCH_TEST_MAIN=1", "HOME=" + t.TempDir()}
	stdin, err := cmd.StdinPipe() // never written: the command blocks reading it
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The debug line is logged after the signal handler is installed.
	sc := bufio.NewScanner(stderr)
	for sc.Scan() && !strings.Contains(sc.Text(), "callwatch starting") {
	}
	go io.Copy(io.Discard, stderr)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// Signal until it dies; give up (and fail) after 500 signals.
	sent := 0
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var waitErr error
loop:
	for {
		if sent == 500 {
			cmd.Process.Kill()
			<-done
			t.Fatalf("500 SIGINTs did not end callwatch: a second Ctrl-C must end it")
		}
		if err := cmd.Process.Signal(os.Interrupt); err == nil {
			sent++
		}
		select {
		case waitErr = <-done:
			break loop
		case <-tick.C:
		}
	}
	var ee *exec.ExitError
	if !errors.As(waitErr, &ee) {
		t.Fatalf("callwatch ended with %v, want death by SIGINT", waitErr)
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Fatalf("callwatch ended with %v, want death by SIGINT", waitErr)
	}
	if sent < 2 {
		t.Errorf("the first SIGINT killed callwatch: it should only cancel the context")
	}
}

// result is what one in-process run of callwatch produced.
type result struct {
	code           int
	stdout, stderr string
}

// runMain runs callwatch in-process through Main with a fake environment: HOME is a fresh
// directory unless env sets it, and nothing is read from the real environment.
func runMain(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	vars := map[string]string{"HOME": t.TempDir()}
	for k, v := range env {
		vars[k] = v
	}
	var out, errOut bytes.Buffer
	code := Main(context.Background(), args, Env{
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errOut,
		Getenv: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
	})
	r := result{code: code, stdout: out.String(), stderr: errOut.String()}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:") {
		t.Fatalf("callwatch %s printed a stack trace:\n%s", strings.Join(args, " "), r.stderr)
	}
	return r
}

func TestHelpListsCommands(t *testing.T) {
	r := runMain(t, nil, "", "--help")
	if r.code != ExitOK {
		t.Fatalf("--help exited %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"config      Write, check and show the configuration",
		"completion  Print a shell completion script",
		"version     Print callwatch's version",
		"--log-format", "--quiet", "--db", "--config",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("callwatch --help lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestEveryCommandIsDocumented checks every command, whoever wrote it: a one-line Short
// and at least one Example.
func TestEveryCommandIsDocumented(t *testing.T) {
	root := newRootCmd(&App{})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden || sub.Name() == "help" {
				continue
			}
			name := sub.CommandPath()
			if sub.Short == "" || strings.Contains(sub.Short, "\n") {
				t.Errorf("%s: Short must be one line, got %q", name, sub.Short)
			}
			if strings.TrimSpace(sub.Example) == "" {
				t.Errorf("%s has no Example", name)
			}
			walk(sub)
		}
	}
	walk(root)
}

// TestREADMEListsEveryCommand keeps the README's command table complete: each command
// that does something (a leaf) needs a row starting with "| `callwatch PATH".
func TestREADMEListsEveryCommand(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden || sub.Name() == "help" {
				continue
			}
			if sub.HasSubCommands() {
				walk(sub)
				continue
			}
			if !strings.Contains(readme, "\n| `"+sub.CommandPath()) {
				t.Errorf("README.md's command table has no row for %q", sub.CommandPath())
			}
		}
	}
	walk(newRootCmd(&App{}))
}

// TestUnknownSubcommands checks every command group: a mistyped subcommand is a usage
// error (exit 2), not a help page with exit 0 that cron would take for success.
func TestUnknownSubcommands(t *testing.T) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden || !sub.HasSubCommands() {
				continue
			}
			args := append(strings.Fields(strings.TrimPrefix(sub.CommandPath(), "callwatch ")), "no-such-subcommand")
			if r := runMain(t, nil, "", args...); r.code != ExitUsage || !strings.Contains(r.stderr, "unknown command") {
				t.Errorf("callwatch %s: exit %d, stderr %q; want exit 2 and unknown command", strings.Join(args, " "), r.code, r.stderr)
			}
			walk(sub)
		}
	}
	walk(newRootCmd(&App{}))
}

func TestVersion(t *testing.T) {
	r := runMain(t, nil, "", "version")
	if r.code != ExitOK {
		t.Fatalf("version exited %d: %s", r.code, r.stderr)
	}
	if !regexp.MustCompile(`^callwatch \S+\ncommit \S+\ngo\S+\n$`).MatchString(r.stdout) {
		t.Errorf("version output:\n%q\nwant three lines: callwatch VERSION, commit COMMIT, Go version", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("version wrote to stderr: %q", r.stderr)
	}
}

// TestVersionFromLdflags checks the version stamped with -ldflags "-X main.version=...".
func TestVersionFromLdflags(t *testing.T) {
	old := version
	version = "v1.2.3"
	defer func() { version = old }()
	r := runMain(t, nil, "", "version")
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, "callwatch v1.2.3\n") {
		t.Errorf("version = %q, want the stamped v1.2.3", r.stdout)
	}
	// The user agent carries it too.
	r = runMain(t, nil, "", "config", "show")
	if !strings.Contains(r.stdout, "user_agent: callwatch/v1.2.3 (+https://github.com/callwatch/callwatch)") {
		t.Errorf("crawl.user_agent does not carry the version:\n%s", r.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want []string // in stderr
	}{
		{[]string{"frobnicate"}, []string{`callwatch: unknown command "frobnicate" for "callwatch"`, "usage: callwatch [flags]", "Run 'callwatch --help' for more."}},
		{[]string{"--no-such-flag", "version"}, []string{"unknown flag: --no-such-flag", "usage: callwatch"}},
		{[]string{"--log-level", "loud", "version"}, []string{`invalid --log-level "loud": want debug, info, warn or error`, "usage: callwatch version [flags]"}},
		{[]string{"--log-level", "INFO+2", "version"}, []string{`invalid --log-level "INFO+2"`}},
		{[]string{"--log-format", "xml", "version"}, []string{`invalid --log-format "xml": want text or json`, "usage: callwatch version"}},
		{[]string{"config", "init", "a", "b"}, []string{"accepts at most 1 arg(s), received 2", "usage: callwatch config init [PATH] [flags]"}},
		{[]string{"config", "bogus"}, []string{`unknown command "bogus" for "callwatch config"`, "usage: callwatch config [flags]"}},
		{[]string{"config", "show", "extra"}, []string{`unknown command "extra" for "callwatch config show"`, "usage: callwatch config show"}},
		{[]string{"completion", "tcsh"}, []string{`invalid argument "tcsh" for "callwatch completion"`, "usage: callwatch completion bash|zsh|fish|powershell"}},
		{[]string{"completion"}, []string{"accepts 1 arg(s), received 0"}},
		{[]string{"version", "--config"}, []string{"flag needs an argument: --config", "usage: callwatch version"}},
		{[]string{"config", "init", "--force=maybe"}, []string{`invalid argument "maybe" for "-f, --force" flag`}},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := runMain(t, nil, "", tc.args...)
			if r.code != ExitUsage {
				t.Errorf("exit code %d, want %d", r.code, ExitUsage)
			}
			for _, want := range tc.want {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if r.stdout != "" {
				t.Errorf("a usage error wrote to stdout: %q", r.stdout)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigValidateListsEveryError(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "bad.yaml", `crawl:
  per_hots: 3
  concurrency: 0
sources:
  - kind: feed
    url: ftp://example.org/feed
alerts:
  channels:
    - type: webhook
`)
	want := []string{
		"4 configuration errors:",
		p + `:2:3: crawl.per_hots: unknown option "per_hots" in crawl (did you mean "per_host"?)`,
		p + `:3:16: crawl.concurrency: must be at least 1, got 0`,
		p + `:6:10: sources[0].url: want an http or https URL, got "ftp://example.org/feed"`,
		p + `:9:7: alerts.channels[0].url: missing: a webhook channel needs a url`,
	}
	for _, args := range [][]string{
		{"config", "validate", p},
		{"--config", p, "config", "validate"},
		{"--config", p, "config", "show"},
	} {
		r := runMain(t, nil, "", args...)
		if r.code != ExitUsage {
			t.Errorf("%v: exit code %d, want 2", args, r.code)
		}
		for _, w := range want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", args, w, r.stderr)
			}
		}
		if strings.Contains(r.stderr, "usage:") {
			t.Errorf("%v: a configuration error printed the usage line:\n%s", args, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("%v: stdout = %q, want nothing", args, r.stdout)
		}
	}

	// From standard input, and through CALLWATCH_CONFIG.
	r := runMain(t, nil, "crawl:\n  per_host: 0\n", "config", "validate", "-")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "-:2:13: crawl.per_host: must be at least 1, got 0") {
		t.Errorf("validate -: %d\n%s", r.code, r.stderr)
	}
	r = runMain(t, map[string]string{"CALLWATCH_CONFIG": p}, "", "config", "validate")
	if r.code != ExitUsage || !strings.Contains(r.stderr, p+":2:3:") {
		t.Errorf("CALLWATCH_CONFIG not used: %d\n%s", r.code, r.stderr)
	}
	// An environment override is checked too.
	r = runMain(t, map[string]string{"CALLWATCH_CRAWL_PER_HOST": "none"}, "", "config", "validate")
	if r.code != ExitUsage || !strings.Contains(r.stderr, `environment: crawl.per_host: CALLWATCH_CRAWL_PER_HOST: want a whole number, got "none"`) {
		t.Errorf("bad env override: %d\n%s", r.code, r.stderr)
	}
	// A missing file.
	r = runMain(t, nil, "", "--config", filepath.Join(dir, "missing.yaml"), "config", "show")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "reading the configuration: open ") {
		t.Errorf("missing file: %d\n%s", r.code, r.stderr)
	}
}

func TestConfigInitValidateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "etc", "callwatch.yaml")
	r := runMain(t, nil, "", "config", "init", p)
	if r.code != ExitOK || !strings.Contains(r.stdout, "wrote "+p) {
		t.Fatalf("init: %d %q %q", r.code, r.stdout, r.stderr)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, config.DefaultYAML()) {
		t.Errorf("config init did not write the default configuration")
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Errorf("config file mode = %v, want 0600", st.Mode().Perm())
	}

	r = runMain(t, nil, "", "config", "init", p)
	if r.code != ExitUsage || !strings.Contains(r.stderr, p+" already exists: use --force to overwrite it") {
		t.Errorf("init over an existing file: %d %q", r.code, r.stderr)
	}
	if err := os.WriteFile(p, []byte("# edited\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r = runMain(t, nil, "", "config", "init", "--force", p); r.code != ExitOK {
		t.Errorf("init --force: %d %q", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(p); !bytes.Equal(b, config.DefaultYAML()) {
		t.Errorf("init --force did not overwrite")
	}

	r = runMain(t, nil, "", "config", "validate", p)
	if r.code != ExitOK {
		t.Fatalf("validate of the written default: %d\n%s", r.code, r.stderr)
	}
	if !regexp.MustCompile(`^ok: ` + regexp.QuoteMeta(p) + `: 15 sources \(10 enabled\), 0 alert channels, database /\S+/callwatch\.db\n$`).MatchString(r.stdout) {
		t.Errorf("validate summary = %q", r.stdout)
	}
	if r = runMain(t, nil, "", "--quiet", "config", "validate", p); r.code != ExitOK || r.stdout != "" || r.stderr != "" {
		t.Errorf("--quiet validate printed %q %q", r.stdout, r.stderr)
	}

	// Without PATH: the default location, which callwatch then reads by itself.
	xdg := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": xdg}
	if r = runMain(t, env, "", "config", "init"); r.code != ExitOK {
		t.Fatalf("init without PATH: %d %q", r.code, r.stderr)
	}
	def := filepath.Join(xdg, "callwatch", "config.yaml")
	if err := os.WriteFile(def, []byte("crawl:\n  per_host: 5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runMain(t, env, "", "config", "show")
	if r.code != ExitOK || !strings.Contains(r.stdout, "in effect: "+def) || !strings.Contains(r.stdout, "per_host: 5") {
		t.Errorf("the default configuration file was not read: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	// "-" writes to stdout.
	r = runMain(t, nil, "", "config", "init", "-")
	if r.code != ExitOK || r.stdout != string(config.DefaultYAML()) {
		t.Errorf("init - wrote %d bytes, exit %d", len(r.stdout), r.code)
	}
}

func TestConfigShowRedactsSecrets(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "c.yaml", `alerts:
  channels:
    - type: slack
      url: https://hooks.slack.com/services/T0/B0/slacktoken
    - type: webhook
      url: https://hooks.example.org/cw
      secret: ${HOOK_SECRET}
http:
  listen: 0.0.0.0:8765
`)
	env := map[string]string{"HOOK_SECRET": "hooksecret", "CALLWATCH_HTTP_TOKEN": "httptoken", "CALLWATCH_CRAWL_PER_HOST": "7"}
	r := runMain(t, env, "", "--config", p, "--db", filepath.Join(dir, "x.db"), "config", "show")
	if r.code != ExitOK {
		t.Fatalf("config show: %d\n%s", r.code, r.stderr)
	}
	for _, secret := range []string{"slacktoken", "hooksecret", "httptoken"} {
		if strings.Contains(r.stdout, secret) {
			t.Errorf("config show leaks %q", secret)
		}
	}
	for _, want := range []string{"url: https://hooks.slack.com/[redacted]", `secret: "[redacted]"`, `token: "[redacted]"`, "per_host: 7", "database: " + filepath.Join(dir, "x.db")} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("config show lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := runMain(t, nil, "", "completion", shell)
		if r.code != ExitOK || !strings.Contains(r.stdout, "callwatch") || len(r.stdout) < 500 {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", shell, r.code, len(r.stdout), r.stderr)
		}
	}
}

func TestExitCodes(t *testing.T) {
	live := context.Background()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		ctx  context.Context
		err  error
		want int
	}{
		{live, nil, ExitOK},
		{live, errors.New("2 sources failed"), ExitPartial},
		{live, usageError("bad"), ExitUsage},
		{live, fmt.Errorf("opening /x/callwatch.db: %w", callwatch.ErrLocked), ExitTempFail},
		{canceled, fmt.Errorf("pass: %w", context.Canceled), ExitInterrupted},
		{live, context.Canceled, ExitPartial}, // canceled, but not by the user
		{live, withCode(ExitTempFail, errors.New("busy")), ExitTempFail},
	} {
		if got := exitCode(tc.ctx, tc.err); got != tc.want {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

// TestLogSettings checks that the configuration's log settings apply unless a flag says
// otherwise, and that logs go to stderr.
func TestLogSettings(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "c.yaml", "log:\n  format: json\n  level: warn\n")
	newApp := func(stderr *bytes.Buffer) *App {
		return &App{Env: Env{Stdout: &bytes.Buffer{}, Stderr: stderr, Getenv: func(k string) (string, bool) {
			if k == "HOME" {
				return dir, true
			}
			return "", false
		}}, ConfigPath: p}
	}

	var stderr bytes.Buffer
	app := newApp(&stderr)
	if err := app.setup(); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Config(); err != nil {
		t.Fatal(err)
	}
	app.Logger.Info("hidden", "source", "s")
	app.Logger.Warn("shown", "source", "s", "url", "https://e.org/")
	var rec map[string]any
	if err := json.Unmarshal(stderr.Bytes(), &rec); err != nil {
		t.Fatalf("log.format json not applied: %q", stderr.String())
	}
	if rec["msg"] != "shown" || rec["source"] != "s" || rec["url"] != "https://e.org/" {
		t.Errorf("log record = %v", rec)
	}

	stderr.Reset()
	app = newApp(&stderr)
	app.LogFormat, app.LogLevel, app.formatFlag, app.levelFlag = "text", "debug", true, true
	if err := app.setup(); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Config(); err != nil {
		t.Fatal(err)
	}
	app.Logger.Debug("debugging", "entity", "state:FRA")
	if got := stderr.String(); !strings.Contains(got, "level=DEBUG msg=debugging entity=state:FRA") {
		t.Errorf("flags did not win over the configuration: %q", got)
	}

	stderr.Reset()
	app = newApp(&stderr)
	app.Quiet = true
	app.LogLevel, app.levelFlag = "debug", true
	if err := app.setup(); err != nil {
		t.Fatal(err)
	}
	app.Logger.Info("chatty")
	if stderr.Len() != 0 {
		t.Errorf("--quiet let an info log through: %q", stderr.String())
	}
}
