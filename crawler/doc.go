// Package crawler performs callwatch's pass: it reads every due source, turns each new
// item into a stored article with its findings, records the official register's
// snapshots, keeps each source's health and schedule, and delivers the alerts the store
// raised. It receives its collaborators (a callwatch.Store, a callwatch.Notifier, a
// callwatch.Detector, a *fetch.Client and the register's CSV reader) and never imports
// store/, alert/ or detect/.
//
// # A pass
//
// Pass runs three bounded stages connected by channels:
//
//   - Source workers (Options.Concurrency) fetch each due source through the fetcher with
//     its stored validators (If-None-Match, If-Modified-Since). A 304, or a body whose
//     SHA-256 equals the last one (validators that lie), leaves the source "unchanged".
//     A permanent redirect updates the stored URL. The body is read by kind:
//     feed: RSS, Atom or JSON Feed (crawler/feed);
//     search: a news-search feed, built by SearchURL from engine, query and language when
//     the source has no URL; items that link back into the engine (Google News'
//     /rss/articles/ links, Bing's apiclick) are resolved to the publisher (a url=
//     parameter, an old-style Google article id, HTTP redirects, or the engine's page:
//     meta refresh, canonical, data-n-au, first external link) when
//     Options.ResolveRedirects is set; otherwise, or on failure, the item is kept with
//     the redirect URL and the outlet named by <source>, marked summary-only with the reason;
//     page: a listing page; with no selector, the first feed it announces with
//     <link rel="alternate"> is read; otherwise (or when none is readable) the same-site
//     links matched by the selector (default DefaultLinkSelector) become items;
//     register: the official supporters list, CSV (Options.ReadSupporters, which cmd wires to detect.ReadSupporters) when the URL ends
//     in .csv or the response is text/csv, else HTML (see Register pages below), stored
//     with Store.SaveRegister. At most Options.MaxItems items are read per source.
//   - Article workers (2·Options.Concurrency) take items from a queue that serves hosts
//     in turn and gives a host at most two workers per fetcher PerHost slot, so that the
//     first feed parsed cannot fill every worker with one host's items while the other
//     hosts wait (the queue holds at most Concurrency·MaxItems items). They canonicalise each item's URL (crawler/urlcanon),
//     skip it when the store knows its canonical URL, link or GUID (Options.Refetch
//     overrides) but record the sighting (new URL, source or GUID) on the stored article,
//     fetch the page with colly, decode it (fetch.DecodeHTML) and extract it (extract),
//     prefer the page's canonical link (AMP mapped to its canonical) and check it against
//     the store again, and run detection, dropping findings below Options.MinConfidence.
//     Within a pass, items with the same key wait for the first one (a claim) so that a
//     story in two feeds is fetched once and stored once with both sources.
//   - One saver writes articles with Store.SaveArticles in batches of Options.BatchSize
//     or whatever arrived within Options.BatchInterval, merging sightings of an article
//     that is in the batch into it. It commits in groups: while one batch is written the
//     next is gathered, and grows (up to 20·BatchSize) as long as the store is busy, so
//     a fast pass makes a few large transactions and a quiet one small, prompt ones.
//     What the store reports (new articles, duplicates, new signatories, alerts queued)
//     goes into the RunSummary.
//
// Then each source's state is stored (see Health), Notifier.Deliver sends the pending
// alerts and Store.SaveRunSummary records the summary.
//
// # Never dropping an item
//
// An article that cannot be fetched (HTTP 403, paywall, robots.txt, timeout, too large,
// no text found, fetching off) keeps the feed's own title and summary or content as its
// text, with Status summary and StatusReason saying why; an item with neither is stored
// with Status failed. Dates: the raw string is kept; when the item's date does not parse,
// the page's date is used (DateFlag "fallback_article"), else the fetch time
// ("fallback_fetch"); a date more than a day ahead is clamped ("future"). The outlet is the
// publisher's host without "www.", or the search engine's <source> name when the link
// could not be resolved. Bare GUIDs (not URIs) are only unique within a feed: they are
// stored as "guid:SOURCE_ID:GUID".
//
// # Health
//
// On success a source's next due time is now + interval + jitter (at most 5% of the
// interval, at most 5 minutes) and its failure count is reset. On failure LastError and
// ErrorKind are set, the count grows and the next due time is now +
// min(interval·2^(failures-1), MaxBackoff) + jitter, or later if the server sent a long
// Retry-After. A failing source is never dropped. Retries within a pass (at most 3
// attempts) are the fetcher's. A source whose items did not all reach the store (the pass
// was interrupted, or the store failed) keeps its old validators and due time, so the next
// pass reads it again.
//
// # Cancellation
//
// When ctx ends, no new source or item is started, in-flight requests are aborted
// (through the context), and what is done is saved within a grace period of 5 seconds:
// the last batch, the source states, a Deliver call and the summary, with Interrupted set.
// Every goroutine a pass starts has ended when Pass returns.
//
// # Register pages
//
// Without a selector the scraper tries, in order: cards as on pariscall.international
// (div[data-supporter-name] with a .title, a .subtitle and a footer whose class is the
// category — state, public_authority, private_sector, civil_society — and whose text
// ends in "(ISO3)"); tables whose header row names a name column (and category, country
// columns); list items inside an element whose class or id mentions supporters or
// signatories. A source's selector overrides this: "ENTRY" or
// "ENTRY | NAME | CATEGORY | COUNTRY", CSS selectors, the last three relative to each
// entry. Each entry's EntityID comes from Options.ReadSupporters (the scraped entries are
// handed to it as CSV, so that the HTML page and /supporters.csv give an entity the same
// id), or without it from Detector.Resolve, else "state:ISO3" or "org:" and a slug. A page yielding no entry, or fewer than half of the stored snapshot's (of
// at least 20), is a parse failure rather than a snapshot: recording it would report
// hundreds of removals.
//
// # Costs
//
// Memory is bounded whatever the number of items: at most Concurrency source bodies
// (each at most the fetcher's MaxBodyBytes) and their parsed items (at most MaxItems
// each), 2·Concurrency pages being extracted, and at most 44·BatchSize articles waiting
// for or in a store write (a queue of 4·BatchSize, a batch being gathered and one being
// written, each of at most 20·BatchSize) are held at once, plus the pass's claim table
// (a few short strings per item). Each new article costs one page request (none when
// resolving a redirect already fetched it) and one or two store lookups; an unchanged
// source costs one conditional request.
//
// CPU of a feed-only pass (BenchmarkPassFeeds: 500 feeds of 20 items, real store and
// detector, on the shared 2-core machine): about 1.7–2.2 s, down from 2.6–3.4 s, by
// writing in groups (12–17 commits instead of 44, while the next batch is gathered)
// and by keeping the WHATWG URL parser off the common path (see crawler/urlcanon). What
// is left is mostly not the crawler's: the store's writes, a third of it (one goroutine:
// the longest chain of the pass), detection a sixth, gofeed's parse a seventh, then the
// garbage collector and HTTP on both ends of the loopback.
//
// # Defaults
//
// Concurrency 8, MaxItems 500, DefaultInterval 1h, MaxBackoff 24h, Timeout 30s per page,
// MaxBodyBytes 10 MiB per page, MaxRedirects 10, BatchSize 50, BatchInterval 2s.
//
// # Libraries
//
// github.com/gocolly/colly/v2 fetches article pages, as the design requires: a fresh
// collector per pass (its visited and robots maps only grow), AllowURLRevisit (the store
// is our record of what was fetched), the fetcher's transport (dial-time address checks,
// global and per-host limits), the pass's context (colly's Context field), no
// Accept-Encoding of our own (so the body cap applies to decompressed bytes), MaxBodySize
// one byte over the cap (colly truncates silently: the extra byte tells), every status
// judged by us (ParseHTTPErrorResponse), and every option a COLLY_* environment variable
// could change set explicitly. The Content-Type header is taken away from colly before it
// reads the body, so that colly does not transcode it and fetch.DecodeHTML decodes it
// once. robots.txt is obeyed for every page through fetch.Client.Allowed, which honours
// the context and keeps one cache for the process, instead of colly's own check
// (IgnoreRobotsTxt stays true on the collector), which ignores the context and would
// fetch robots.txt again for each pass's collector. Sources (feeds, listing and register
// pages) are fetched with the fetcher itself, never through colly (gofeed would decode a
// second time what colly decoded), so that conditional GET, the body hash and permanent
// redirects apply to every kind; their HTML is read with github.com/PuerkitoBio/goquery,
// colly's own HTML layer.
package crawler
