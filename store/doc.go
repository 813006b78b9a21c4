// Package store keeps everything callwatch knows in one bbolt file. DB implements
// callwatch.Store; this is the only package that imports bbolt.
//
// # Opening
//
// Open creates the file (directory mode 0700, file mode 0600) or opens it, waiting at most
// Options.Timeout (default one second) for another process to release it; bbolt allows one
// process at a time, and a read-only open cannot coexist with a writer either. A second
// process gets a *LockedError, which wraps callwatch.ErrLocked, names the file and says it
// is safe to retry (the CLI exits with code 75).
//
// A database written by an older callwatch is upgraded on Open: the file is first copied to
// PATH.bak-vN (N the old version), then every migration runs in one transaction, so the
// upgrade either completes or leaves the file as it was. A database written by a newer
// callwatch is refused with an error wrapping callwatch.ErrSchemaTooNew that names both
// versions. The current version is SchemaVersion.
//
// # Data model
//
// Times in keys are 8 bytes, big-endian nanoseconds with the sign bit flipped, so byte
// order is time order; article ids are the 16 hex digits of callwatch.ArticleID; a
// variable-length id (source, entity) in front of a key is followed by a 0x00 byte.
//
//	meta                schema_version, created, last_run, register_at/<source>
//	sources             source id -> SourceState (JSON)
//	articles            published | article id -> article record (binary, without text and findings)
//	article_ids         article id -> published
//	texts               published | article id -> text, DEFLATE-compressed
//	lookup              canonical URL, every URL seen, every GUID -> article id (for Known)
//	findings            published | article id | index (uint16) -> Finding (binary)
//	articles_by_source  source id 0x00 published | article id -> nil
//	findings_by_entity  entity id 0x00 published | article id | index -> nil
//	signatories         entity id -> Signatory (JSON)
//	report_articles     entity id 0x00 stance 0x00 article id -> nil: the articles each report counted
//	report_outlets      entity id 0x00 stance 0x00 outlet -> nil: the distinct outlets each report counted
//	register            source id 0x00 entity id -> RegisterEntry of the latest snapshot
//	outbox              seq (uint64) -> OutboxEntry (JSON)
//	outbox_ids          alert id -> seq (an alert is enqueued once, ever)
//	outbox_pending      seq -> nil, for entries with a pending delivery
//
// Records, texts and findings are keyed by published time, so news, which mostly arrives
// in time order, is appended and a date range is one contiguous scan. ScanFindings uses the
// narrowest index: an entity's findings, a source's articles, or the time range itself;
// no query reads everything (Signatories reads every entity record: a few thousand).
//
// A signatory's record is rewritten whenever an article reports it, so its size must not
// grow with its evidence. Each StanceReport holds exact counts (ArticleCount, OutletCount)
// and bounded samples: the first 25 and the latest 25 article ids, the first 50 outlets
// (callwatch.MaxReportArticles, MaxReportOutlets). The sets behind the counts are in
// report_articles and report_outlets, where "is this article counted already?" is one
// lookup; they only grow, as evidence is never withdrawn. Every article about an entity
// is listed by ScanFindings (findings_by_entity). A record stays about 2.5 KB however many
// articles name the entity (store/bench_test.go, BenchmarkSignatoryGrowth).
//
// An organisation the news reported as "unverified:<slug>" before the register listed it
// as "org:<slug>" is merged into the register's record when the register lists it: names,
// reports (each article and outlet counted once) and alert marks, so nothing already
// alerted is alerted again. The unverified record is kept as it was, marked MergedInto;
// Signatories leaves it out, and ScanFindings for the register's id includes the findings
// stored under the unverified one. Later findings about the unverified id count for the
// register's record, also after the register drops it.
//
// # Writes
//
// SaveArticles groups BatchSize (1,000) articles per transaction with one db.Update each
// (bbolt's Batch may run a function twice, and from one goroutine it is far slower). In
// that transaction each article is stored with its findings, each stance finding updates
// its signatory's StanceReport, the AlertPolicy decides which alerts that raises, and the
// alerts are marked in Signatory.Alerted and enqueued in the outbox. So an alert commits
// with its cause or not at all, and Changes lists only what committed. Saving the same
// article again changes nothing: evidence already counted for an article is not counted
// again, and an alert id already in the outbox is never enqueued twice.
//
// # Reads
//
// Scans (ScanArticles, ScanFindings) copy a page of rows (500) out of a read transaction
// and call the caller's function outside it, so a slow consumer never holds a transaction
// open (long read transactions make the file grow).
//
// # Costs
//
// Measured with store/bench_test.go on the shared 2-core development machine (see
// BENCHMARKS.md for the commands): ingesting articles of about 4 KB with 1.25 findings
// each costs about 170–190 µs of CPU per article, a third of it compression, which other
// cores do while the write transaction stores the articles; a date range of 10,000
// findings out of 100,000 articles costs about 65–85 ms of CPU; an article takes about
// 4.2 KB on disk (3.9 KB after db compact), of which its compressed text is most.
//
// # Choices
//
// bbolt (go.etcd.io/bbolt) is required by the design: one file, no server, ACID
// transactions with fsync on commit, which is what crash safety rests on. Most values are
// JSON (encoding/json): readable with bbolt's own CLI, tolerant of added fields, and fast
// enough next to fsync for the records written rarely (signatories, outbox, sources);
// article records and findings, read for every exported row, use a small binary form
// with a version byte (several times faster to decode). Texts are compressed with
// compress/flate at BestSpeed from the standard library: news text shrinks to 35–60 % at
// about 80 MB/s per core; zstd would compress better but would add a dependency. New files use 8 KiB pages, which hold three
// compressed texts per leaf where 4 KiB pages would waste 40 % of each.
package store
