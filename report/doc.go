// Package report turns what callwatch has stored into the documents analysts use: exports
// of findings in CSV, JSONL, JSON, Markdown, HTML and XLSX (Write), the list of
// signatories (WriteSignatories) and a terminal table of the latest findings
// (WriteMentions).
//
// It reads through Source, a three-method subset of callwatch.Store, so the CLI passes
// its store and the daemon can serve the same documents over HTTP. It never writes.
//
// # Rows and schema
//
// Every export has one row per finding (Row): the article, the finding's kind, entity,
// stance, confidence, evidence sentence and rule, and how many distinct outlets report
// the same entity and stance. The field names and their compatibility promise are in
// docs/export-schema.md; SchemaVersion is written into every row.
//
// # Costs
//
// CSV, JSONL and JSON stream: each row is encoded and written as the store hands it over,
// so memory does not grow with the number of findings. HTML and Markdown need totals
// and weekly counts before the findings table, so they make one pass that counts every
// finding and keeps only the latest MaxTableRows (default DefaultMaxTableRows, 500)
// for the table; the report then says "showing the latest N of M". Their memory grows
// with the number of weeks and outlets, not findings. XLSX streams its Findings sheet
// through excelize's StreamWriter (spilling to a temporary file past 16 MB) but builds
// the final zip in memory, about the size of the file. Signatory lists are loaded whole:
// they are bounded by the number of entities, not of articles.
//
// On a 2-core machine the report layer alone writes 100,000 findings as CSV in about
// 0.4 s of CPU (BenchmarkWrite); XLSX costs about ten times as much, most of it inside
// excelize (inline strings and deflate).
//
// # Safety
//
// CSV and the signatories CSV neutralise cells that start with =, +, -, @, a tab or a
// carriage return with a leading single quote (Neutralize). XLSX writes text as string
// cells, never formulas. HTML is rendered by html/template, links only absolute http and
// https URLs (rel="noopener noreferrer"), contains no script and carries a
// Content-Security-Policy that forbids scripts and every network load. Markdown escapes
// the characters that make links, emphasis, HTML or table cells, and links only http and
// https URLs. Terminal tables replace control characters, so a crafted title cannot send
// escape sequences to the terminal.
//
// # Libraries
//
// github.com/xuri/excelize/v2 writes XLSX: it is the maintained pure-Go library with a
// streaming writer, real date cells, styles, panes and autofilters. github.com/rivo/uniseg
// (already in the module graph through the CLI's dependencies) measures terminal display
// width by grapheme cluster, which text/tabwriter cannot: it counts runes, so Japanese
// and Chinese titles would misalign. The chart is inline SVG computed in Go: chart
// libraries such as go-echarts load JavaScript from a CDN and would break offline and
// under the page's CSP.
package report
