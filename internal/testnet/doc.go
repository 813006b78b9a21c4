// Package testnet is a loopback internet for callwatch: everything a pass meets on the real
// web, started on loopback addresses (127.0.0.1, and one of 127.0.0.0/8 for each news site,
// so that each site is an outlet of its own) on random ports by one call, Start, and
// stopped by Close. It is
// a normal package, not a test helper, because `callwatch demo` runs on it too; the
// end-to-end tests in e2e/ drive the built binary against it.
//
// What Start serves:
//   - news sites (one per corpus site) with an RSS 2.0, Atom 1.0 or JSON Feed 1.1 feed at
//     /feed, a front page listing the stories, and full article pages at /news/ID.html
//     with navigation, a "related" box and a sidebar that mention the Call, a known
//     supporter and look-alikes, so that a pipeline that does not extract the article
//     body makes findings the corpus does not expect;
//   - a news search (Google-News-like RSS) whose item links point back into the engine
//     and redirect (302) to the publisher;
//   - a copy of the official register, as the official CSV and as an HTML page of
//     supporter cards; Advance adds entries (and publishes the second-pass articles),
//     Rewind undoes it;
//   - a webhook Receiver that checks the HMAC signature (alert.Verify) and records every
//     delivery by idempotency key, repeats included;
//   - a real SMTP server when Options.SMTP is set: mailpit, found on PATH or in
//     $(go env GOPATH)/bin and started on free loopback ports; without it Start fails
//     with ErrNoMailpit, which says how to install it;
//   - faulty hosts, one per Fault: error statuses, resets, timeouts, slow drips, truncated,
//     huge and gzip-bomb bodies, invalid XML, HTML instead of a feed, redirect loops and
//     redirects to a metadata address, robots.txt refusals, and feeds that are valid but
//     hostile (wrong charset, UTF-16, duplicate or missing GUIDs, future dates, no item,
//     10,000 items).
//
// Every feed, page, search and register answer carries an ETag and a Last-Modified and
// honours conditional requests (304), and Stats counts responses by kind and status, so
// that a test can check that an unchanged web costs only 304s. Net.Config writes a
// callwatch configuration that points at all of it (allow_loopback, no delay,
// the embedded baseline, the webhook channel, optionally email and the faulty hosts).
//
// Costs: a dozen idle HTTP servers (a few hundred KB); documents are rendered per request
// from the embedded corpus (internal/testnet/corpus, about 20 KB); the gzip bomb is built
// once on first request (70 KB that inflate to 64 MB); the huge-body host streams 50 MB
// per request without holding it. Close cuts open connections, so hanging hosts do not
// hold it up.
//
// Libraries: only the standard library (net/http/httptest) and golang.org/x/text for the
// ISO-8859-1 and UTF-16 encodings; mailpit is a separate program, as a user would run an
// SMTP server, not a Go dependency.
package testnet
