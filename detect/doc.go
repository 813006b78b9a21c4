// Package detect finds the Paris Call for Trust and Security in Cyberspace in news
// articles: mentions of the Call, and the stance of each state or organisation the article
// reports as having signed it, declined it, or announced it will sign. It is pure: text in,
// findings out, no network, no clock, no files at run time (its data is embedded), and
// deterministic. A *Detector is immutable after New and safe for concurrent use.
//
// # Pipeline
//
// Detect runs, for the title and the text of a callwatch.Document:
//
//  0. The gate (gate.go): one pass over the ORIGINAL text with a small DFA of the Call's
//     names alone, normalising as it reads (ASCII through a byte table, everything else
//     and the runes of two and three bytes through tables built with the same fold as
//     normalize), eight bytes at a time, four quarters of a long text at once. A document
//     in which it finds no name has no findings and costs nothing more: most articles a
//     crawler fetches. It may let through what has no name, never the reverse
//     (TestGateNeverMissesAName, TestGateUnits, TestGateStreams, FuzzGate).
//  1. Normalisation (normalize.go): HTML entities decoded, NFKC compatibility forms
//     folded, lower case, combining marks removed (é→e, ş→s, й→и), typographic quotes and
//     dashes unified, soft hyphens and zero-width characters dropped, every run of white
//     space (NBSP, line breaks) collapsed to one space or, for a blank line, a paragraph
//     break. Han, kana and Hangul are kept. An offset map leads every normalised byte
//     back to the original text: all offsets in findings refer to the ORIGINAL Title or
//     Text (Finding.Start/End for the evidence sentence, Span for the matched words).
//  2. Pattern search over the normalised text (a finder, detector.go): every name of the
//     Call in twelve languages, its look-alikes, references ("the Call", "l'Appel"),
//     context cues and stance-word stems in the whole text; the gazetteer's 4,000 aliases
//     in the same pass in a short field (up to 4 KB: a feed summary, a press release),
//     else only in the sentences the stance rules parse (and around single line breaks,
//     which a name may span). Patterns that begin at a word boundary (most) are found by a radix
//     trie (trie.go) walked from each word start; the others (Han, kana, Hangul, Arabic
//     with its prefixes) by an Aho-Corasick automaton (aho.go, our own: dense rows for
//     branching states, failure links for chains, 16-bit transitions), which passes over
//     Latin text without leaving its root. Both report every (overlapping) occurrence;
//     TestFindersMatchNaive checks them against brute force. Word boundaries are checked
//     by Unicode class (not for Han and kana; Korean particles and Arabic prefixes are
//     allowed), and case rules per alias ("US" only in capitals, "Orange" only
//     capitalised).
//  3. Sentences and paragraphs; a full name is a head ("Paris Call", optionally dated "of
//     12 November 2018") before a tail ("for Trust and Security in Cyberspace", either
//     word order, "on" for "for"), checked by a short regular expression on the 90 bytes
//     before the tail only.
//  4. Mentions (one per sentence, its strongest name): StrengthFull for a full name or the
//     official domain; StrengthShort for a short form ("Paris Call", "Appel de Paris",
//     "Pariser Appell", ...) with cyber context in its paragraph or the title, or a full
//     name elsewhere in the article, or (once the article is known to be about the Call)
//     anywhere without look-alike context. Weak short forms are NOT reported: a weak
//     mention is not a mention. Look-alikes never count: the Paris climate Agreement in
//     any language, COP21's Paris Appeal, the Christchurch Call, the UNESCO/Inria "Paris
//     Call" on software source code, the 2025 AI Action Summit texts, "Paris called", "a
//     call from Paris", a Paris call centre. An ambiguous press name ("Pariser Abkommen")
//     is the Call only in a sentence about cyber matters and not about climate.
//  5. Stances, only in an article with a mention, in sentences that name the Call, refer to
//     it ("the pact", "den Appell", "signatories") when the last named antecedent is the
//     Call and not a look-alike, or follow such a sentence; in the article's other
//     sentences only a stance verb without an object of its own counts ("Nicht
//     unterschrieben haben Russland und China", not "China signed a memorandum"). Only
//     sentences holding a stance-word stem are parsed (items.go turns one into words,
//     phrases, names and entities). Words are classified by a lexicon (words.go: EN, FR,
//     DE, ES in full; PT, IT, RO, RU, JA, ZH, KO, AR for the main verbs); the triggers
//     (stance.go) find each verb's subjects (subjects.go, context.go, orgs.go): lists and coordination, counts that are not entities ("51 other
//     countries"), "X joined 51 countries in signing" (X signed), "joined Russia and China
//     in rejecting" (all three declined), passives ("backed by X"), "signatories include
//     X", "X is among the signatories", "absent were X", "without X", co-subjects ("along
//     with X"), possessives, complements and adjectives ("France's", "members of the EU",
//     "U.S. entities") that are not subjects, appositions skipped ("Telenor, the Norwegian
//     operator, has signed"), places and occasions that are not subjects ("presented at
//     the Internet Governance Forum"), nominalised joining ("the UK's decision to join"),
//     elliptical clauses ("..., as did Japan", "..., but not the US"), the source of
//     "according to X" that is not one, a pronoun
//     standing for the entity that opens the previous sentence when that is clear ("Japan
//     was among the first. It signed in 2018."), negation (signed→declined), modality and
//     future (→announced), hedges,
//     conditions and urging ("urged India to sign": no stance), verb-first orders (German
//     inversion, Russian, Arabic), topic-first CJK sentences, and self-announcements ("we
//     are proud to be a signatory": the Document.Publisher, resolved through the gazetteer).
//     One finding is kept per entity and stance: the most confident.
//
// # Entities
//
// The gazetteer (data/) holds every state (data/states.tsv, generated by gen_states.go from
// ISO 3166-1 and CLDR names in the twelve languages, with English, French, German and
// Spanish forms, abbreviations, demonym phrases such as "the French government",
// administrations, and a few capitals used as metonyms, never after "in"), the official
// supporters list (data/supporters.csv, a copy of ../shared/domain/supporters.csv: 1,222
// entries, names normalised, legal suffixes dropped, bilingual "Albania (Albanie)" split,
// acronyms in parentheses kept) and hand-written aliases (data/aliases.tsv: Facebook =
// Meta, Microsoft Corporation = Microsoft, the EU in twelve languages, and organisations
// the press names that are not on the list, such as Amazon and Apple).
//
// Entity ids are stable: "state:<ISO 3166-1 alpha-3>" for states, "org:<slug>" for
// organisations (the slug of the name without parentheses, legal suffix or leading "The"),
// "unverified:<slug>" for an organisation the gazetteer does not know, found in subject
// position of a stance verb (it needs an organisation or authority word, a company cue,
// also in an apposition, a brand-like spelling, or a place in a list of organisations;
// names run across "of" and its kin: "University of Oxford", "the city of Lyon",
// "Ministerio de Asuntos Digitales"; or two to four capitalised words right before the
// verb that do not look like a person's name (a title, a common given name):
// "Intesa Sanpaolo ha firmato"; Verified=false, confidence ×0.6, Category
// public-authority, civil-society or company when the name says so, else unknown).
// Supporters returns the embedded list with these ids (the alert baseline); ReadSupporters
// reads any supporters CSV (the embedded columns, the official site's /supporters.csv, or
// just a name column) and gives the same organisation the same id.
//
// # Confidence
//
// Mentions: 0.98 full name, 0.95 domain, 0.85 short form with context, 0.8 with the full
// name elsewhere, 0.75 in an article about the Call. Stances: 0.9 in a sentence naming the
// Call, 0.8 with a reference, 0.65 in the following sentence, 0.55 elsewhere in the
// article, at most 0.75 in a headline;
// times the rule's weight (0.85 for "without X" to 1), minus 0.05 per unknown word
// skipped between subject and verb, times 0.6 for unverified entities, and times 0.8 more
// (rule suffix "-unmarked-name": 0.43 in a sentence naming the Call) for an unknown name
// without any organisation's word, which may be a person's: below what callwatch stores
// (detect.min_confidence 0.45) and alerts on (alerts.min_confidence 0.5) by default.
//
// # Costs and defaults
//
// New parses the embedded data once per process (shared read-only by every Detector) and
// builds the gate (about 140 names), the finders (about 4,800 patterns: tries of 760 and
// 5,200 states, automata of a few thousand) and the word index; BenchmarkNew measures it.
// Why tries and not one automaton over everything: an automaton follows failure links
// through deep states at every byte, and on text the cache has not seen (the analysis in
// between evicts it) each of those is a memory access; a trie walk from word starts
// touches only what the text spells. Detect is linear in the input: the gate, then for
// an article that names the Call one normalisation pass, one search pass, one sentence
// pass, and the gazetteer over the parsed sentences; the stance rules look at sentences
// of at most 2,000 bytes with bounded look-backs, at most 64 names per sentence, and
// evidence is cut to 600 bytes around the name. BenchmarkDetect (real news pages plus the
// labelled corpus, 1.4 MB), BenchmarkDetectCallArticles (only articles about the Call:
// the stance rules' worst case), BenchmarkGate, BenchmarkNormalize,
// BenchmarkAutomatonScan (both finders over whole texts) and BenchmarkRegexpBaseline (a
// stdlib regexp alternation of the Call's names) report MB/s and MB per CPU-second;
// BenchmarkCalibrationToLower (strings.ToLower over the same text) is the yardstick for
// the machine.
//
// # Libraries
//
// Only the standard library and golang.org/x/text (unicode/norm for NFKC/NFKD; its
// language/display tables generate states.tsv offline). The automaton is our own rather
// than github.com/coregx/ahocorasick or cloudflare/ahocorasick: we need overlapping
// matches of byte patterns in one pass with the pattern id, dictionary suffix links for
// outputs, and dense rows where they pay, which is 250 lines;
// coregx's FindAll is wrong on overlapping leftmost-longest matches and none of the
// libraries folds case or checks Unicode word boundaries. Regular expressions run only on
// the few bytes before a candidate name.
//
// # Quality
//
// testdata/corpus holds 208 labelled news-style documents in twelve languages (signing
// announcements, refusals, announcements, passing mentions, lists, passives,
// self-announcements and hard negatives of every look-alike kind; some adapted from real
// pages about the Call, each saying where from). TestQuality prints
// precision, recall and F1 per task and per language and fails below P 0.97 / R 0.95 for
// mentions per document and F1 0.90 for entity+stance pairs, over every finding and over
// those callwatch stores by default. TestRealPagesHaveNoFindings and
// TestTrafilaturaPagesHaveNoFindings run 1,162 real pages about other things: no finding.
package detect
