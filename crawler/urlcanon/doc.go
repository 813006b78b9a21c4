// Package urlcanon gives URLs one spelling, so that the same article reached through two
// feeds, a tracking link or an AMP page is stored once.
//
// Canonical normalises an http(s) URL (see its doc for every rule) and is idempotent;
// AMPToCanonical guesses an AMP page's canonical URL from its shape; Resolve resolves a
// reference as a browser does. None of them touches the network.
//
// Costs: a plain news URL (ASCII DNS host or dotted-quad IPv4, no dot segments, nothing
// to percent-encode) takes a fast path of a few microseconds and 6 allocations
// (BenchmarkCanonical); anything else is parsed twice by the WHATWG parser, some 15 µs
// each. Resolve returns an absolute URL already in serialised form without parsing it
// (and a site-absolute path against such a base), and AMPToCanonical skips the parser for
// a URL without "amp" at a word start: a crawler calls each once per feed item, and the
// parser was a seventh of a feed-only pass. FuzzCanonicalFast, FuzzSerialized,
// FuzzResolveFast and FuzzNotAMP check that every shortcut agrees with the parser. The tracking-parameter list is fixed.
//
// Choices: parsing follows the WHATWG URL standard through github.com/nlnwa/whatwg-url
// (already a colly dependency), because feeds and pages hold URLs as browsers accept them
// (spaces, backslashes, Unicode hosts), which net/url rejects or keeps verbatim. Only
// parameters that never select content are stripped (utm_*, fbclid, gclid, xtor, ...):
// a wrongly stripped parameter would merge two different articles, a kept one only costs
// a duplicate. "index.html" is kept, because canonical URLs are also fetched.
package urlcanon
