// Package e2e holds callwatch's end-to-end tests: they build the callwatch binary once
// (TestMain, without -race, so that the tests measure the program users run) and drive it
// against the loopback internet of internal/testnet: three passes with their expected
// findings, alerts (webhook and a real SMTP server, mailpit, which must be installed: see
// scripts/test) and 304s; the register read as CSV and as a page; every fault host at
// once; SIGKILL at random moments of a pass, 30 times; two runs at once; and the demo.
//
// Costs: about 10 s to build the binary, then 20 to 30 s on two cores, most of it the
// crash loop (30 kills and the passes between them, each with `db check`), the lock test
// (a host that hangs for crawl.timeout) and the fault matrix (its timeout and slow-drip
// hosts take crawl.timeout, 2 s, each).
package e2e
