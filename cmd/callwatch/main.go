// Command callwatch watches the news for the Paris Call for Trust and Security in
// Cyberspace: it crawls feeds, news searches, listing pages and the official supporters
// register, detects mentions and signing announcements, stores them in bbolt, alerts on new
// signatories and exports reports. This package only wires the other packages together.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.LookupEnv,
	})
	stop()
	os.Exit(code)
}
