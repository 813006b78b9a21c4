// Package fetch is callwatch's one HTTP fetcher: every feed, search, page, register and
// article request goes through a Client, and colly uses the Client's Transport.
//
// # What a Client does
//
//   - Safety: only http and https. Unless Options.AllowPrivate (crawl.allow_private_networks)
//     is set, connections to loopback, private (RFC 1918, fc00::/7), link-local (including
//     the cloud metadata address 169.254.169.254), CGNAT (100.64/10), unspecified,
//     multicast, reserved and 0.0.0.0/8 addresses, and IPv6 forms embedding them
//     (IPv4-mapped, NAT64, 6to4), are refused. The check runs in net.Dialer.Control on the
//     address actually dialed, so DNS answers and redirects cannot get around it.
//     Environment proxies are ignored for the same reason. Refusals are ErrKindBlocked.
//     Options.AllowLoopback lets loopback addresses through and nothing else, so that tests
//     serving on 127.0.0.1 can still check the other refusals.
//   - Politeness: at most Concurrency requests in flight (default 8), PerHost per host
//     (default 2), and Delay between two request starts to one host (default 0). The limits
//     live in the RoundTripper returned by Transport, so colly's requests share them; a slot
//     is held until the response body is closed. robots.txt is obeyed (see Allowed) unless
//     Options.IgnoreRobots or Request.IgnoreRobots. robots.txt is read once per host for
//     the Client's life, through the same transport; a 4xx means no rules; a 5xx, a timeout
//     or an unreachable host ALLOWS everything (RFC 9309 would disallow; a watcher that
//     must miss nothing prefers to fetch) and is asked again after 10 minutes. Groups are
//     matched on the User-Agent's product token ("callwatch"). A real User-Agent is sent.
//   - colly: collector.WithTransport(client.Transport()) gives colly the same address
//     checks and limits, a Timeout deadline covering the body for requests without one,
//     and a too_large error (not a silent truncation) past MaxBodyBytes of decompressed
//     body, provided colly leaves Accept-Encoding unset. colly's own robots.txt handling
//     ignores the context: call Client.Allowed before each colly request instead.
//   - Incremental: conditional GET with If-None-Match / If-Modified-Since; a 304 is a
//     Response with NotModified set, never an error. A permanent first redirect (301/308)
//     sets Response.MovedTo, the URL to store for the source.
//   - Limits: Timeout (default 30s) bounds each attempt including reading the body, so a
//     slow-drip server cannot hang a pass. It is counted from the moment the request gets
//     its limiter slot: waiting behind PerHost and Delay is bounded by the caller's context
//     only, never reported as a timeout. (For colly, leave its request timeout unset: it
//     would count the wait.) The body is capped at MaxBodyBytes (default
//     10 MiB) after decompression: gzip and deflate are requested and decoded here, so a
//     decompression bomb is an ErrKindTooLarge error and costs at most the cap in memory.
//     At most MaxRedirects redirects (default 10); a loop is ErrKindRedirect.
//   - Retries: up to Retries attempts (default 3) for 5xx, 429, timeouts and connection
//     errors, with exponential backoff (Backoff·2^n, default base 1s) and ±50% jitter.
//     Retry-After (seconds or HTTP date) on 429/503 is honoured up to MaxRetryAfter
//     (default 30s); a longer one fails at once with FetchError.RetryAfter set, for the
//     caller to schedule. Other 4xx are not retried. Every wait honours the context.
//   - Errors: every error from Get is a *callwatch.FetchError of kind network, timeout,
//     http_status (with Status), too_large, blocked, redirect, robots, canceled or parse
//     (undecodable compressed body), with a message a user can act on.
//
// # Decoding
//
// Get returns the body in its original charset. DecodeHTML and DecodeXML turn it into
// UTF-8 (BOM, HTTP charset, <meta> or XML declaration, UTF-16/32 sniffing; for an
// undeclared document UTF-8 if valid, else a chardet guess of at least 40% confidence
// among non-Latin legacy charsets, else windows-1252); DecodeXML also rewrites the XML
// declaration to encoding="utf-8" so that gofeed does not decode a second time.
//
// # Costs
//
// A Client keeps one keep-alive connection pool, a robots.txt cache of one parsed file per
// host for its life (hosts whose robots.txt could not be read are retried after 10
// minutes), and a small per-host limiter entry only while requests to the host are in
// flight or its Delay has not passed. Each Get holds at most MaxBodyBytes of body in memory.
//
// # Libraries
//
// The standard library's net/http does the HTTP: it is what colly uses too, so one
// transport serves both. github.com/temoto/robotstxt parses robots.txt (already a colly
// dependency, RFC 9309 group matching). golang.org/x/net/html/charset and golang.org/x/text
// supply the WHATWG encoding labels and decoders; github.com/saintfish/chardet (ICU's
// detector, already a dependency of the extraction libraries) guesses undeclared legacy
// charsets, and runs only for undeclared documents that are not UTF-8. The limiter is a few lines of our own
// rather than golang.org/x/time/rate, because it must bound concurrency as well as rate
// and release on body close.
package fetch
