// Package config defines callwatch's configuration: one typed struct (Config), an
// embedded default file with a comment on every option (DefaultYAML), a strict loader
// (Load), overrides from CALLWATCH_* environment variables (EnvName gives the rule), and a
// dump with secrets redacted (Config.YAML).
//
// # Loading
//
// Load reads the YAML file over the defaults, then applies, in order: CALLWATCH_*
// variables, the --db flag (Options.Database), derived defaults (database path, source
// and channel names, search URLs built from engine and query), *_file secrets, and
// validation. It reports every problem at once as Errors, each with file, line and
// column: unknown options (with a "did you mean" suggestion), values of the wrong type,
// URLs, durations, sizes, ranges, enumerations, options required or forbidden by a
// source's kind or a channel's type, duplicate names, undefined ${VAR} variables and
// unreadable secret files. A syntax error stops loading: nothing after it can be trusted.
//
// Nothing here reads the process environment or global state: the environment is a
// lookup function (Options.Getenv), so tests pass a map. Files are read only for
// *_file secrets and to check that a baseline CSV exists.
//
// # Defaults
//
// The defaults are the embedded default.yaml (see DefaultYAML and Default): one source of
// truth for `callwatch config init`, the README table and the code. The database lives
// at $XDG_DATA_HOME/callwatch/callwatch.db (DefaultDatabasePath); EnsureDatabaseDir
// creates its directory with mode 0700.
//
// # Costs
//
// The embedded default is parsed once per process; loading it with the environment costs
// about 1,000 allocations (32 KB) and 0.2 to 1.5 ms. A file is parsed on every Load: the
// 10 KB commented default written by `callwatch config init` costs about 6,400
// allocations (420 KB) and 2 to 6 ms, most of it in the YAML parser (BenchmarkLoadFile;
// times from a shared 2-core machine under heavy load). Load is meant to run once per
// invocation; the result is a plain value that the command passes down (no package-level
// configuration).
//
// # Libraries
//
// github.com/goccy/go-yaml parses the file into an AST whose every node carries its line
// and column. callwatch walks that AST itself instead of decoding with the library: the
// library's decoder stops at the first error, while users fixing a configuration want
// every error at once, each pointing at its line. go.yaml.in/yaml/v3 (KnownFields) would
// also stop at the first unknown key.
package config
