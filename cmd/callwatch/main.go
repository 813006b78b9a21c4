// Command callwatch watches the news for the Paris Call for Trust and Security in
// Cyberspace: it crawls feeds, news searches, listing pages and the official supporters
// register, detects mentions and signing announcements, stores them in bbolt, alerts on new
// signatories and exports reports. This package only wires the other packages together.
//
// Main runs one invocation in-process with an injected Env (standard streams and an
// environment lookup), so tests drive the whole program without touching the real process
// environment. Each subcommand lives in its own cmd_<name>.go file and registers itself in
// an init function; App carries the global flags, the logger and the configuration, which
// is loaded once (App.Config) and passed down as plain values.
//
// Defaults: the embedded configuration (config.DefaultYAML), text logs on standard error
// at level info, results on standard output. Exit codes: 0 success, 1 partial failure,
// 2 usage or configuration error, 75 database locked by another process, 130 interrupted.
//
// Libraries: github.com/spf13/cobra for commands, flags, help and shell completion (the
// convention of Go ops tools: kubectl, gh, hugo, bbolt's own CLI); log/slog for logs.
// Start-up cost is the configuration load, well under a millisecond.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// The first SIGINT or SIGTERM cancels ctx: commands stop starting work, commit what is
	// done and return. Then the signals get their default action back, so a second Ctrl-C
	// ends a process that is slow to stop.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := Main(ctx, os.Args[1:], Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.LookupEnv,
	})
	stop()
	os.Exit(code)
}
