// Package e2e holds callwatch's end-to-end tests: they build the callwatch binary once
// (TestMain, without -race, so that the tests measure the program users run) and drive it
// against the loopback internet of internal/testnet: two passes with their expected
// findings and alerts, every fault host at once, SIGKILL at random moments of a pass,
// two runs at once, and the demo.
//
// Costs: about a minute on two cores, most of it the crash loop (30+ short passes) and
// the fault matrix (its timeout and slow hosts take crawl.timeout each).
package e2e
