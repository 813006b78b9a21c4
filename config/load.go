package config

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultName is the name the embedded default configuration has in messages.
const DefaultName = "default.yaml (embedded)"

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the embedded default configuration file, with a comment on every
// option: what `callwatch config init` writes.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// Default returns the built-in configuration, parsed from DefaultYAML. Its Database is
// empty (Load resolves it from the environment) and no environment is applied.
func Default() *Config {
	return parsedDefault().Clone()
}

// parsedDefault parses the embedded default once.
var parsedDefault = sync.OnceValue(func() *Config {
	cfg := &Config{}
	l := newLoader(DefaultName, nil)
	l.parse(defaultYAML, cfg)
	if len(l.errs) > 0 {
		panic("config: the embedded default configuration is invalid: " + l.errs.Error())
	}
	return cfg
})

// Options says what Load reads.
type Options struct {
	// Name is the file's name in messages; relative paths in the file (baseline,
	// *_file) are relative to its directory. Empty with Data nil: DefaultName.
	Name string
	// Data is the YAML text. Nil: the embedded default configuration.
	Data []byte
	// Getenv looks up environment variables, for ${VAR} expansion, CALLWATCH_* overrides
	// and the default database path. Nil: an empty environment.
	Getenv func(string) (string, bool)
	// Database, when not empty, overrides the database option (the --db flag).
	Database string
	// Version replaces "{version}" in crawl.user_agent. Empty: "dev".
	Version string
}

// Load reads a configuration over the defaults, applies CALLWATCH_* environment
// overrides, reads *_file secrets, fills in derived defaults and validates the result.
// When anything is wrong it returns every problem at once as Errors, each with its file,
// line and column.
//
// Defaults filled in: database (see DefaultDatabasePath), each source's name (its URL)
// and, for search sources given as engine and query, its url (SearchURL); each channel's
// name (its type, numbered if repeated), an email channel's tls (starttls) and smtp_port
// (587, 465 or 25 by tls), and a channel's timeout (15s; 30s for exec).
func Load(opts Options) (*Config, error) {
	return load(opts, true)
}

// Parse reads a YAML configuration over the defaults and validates it, like Load without
// an environment: ${VAR} is an error, and database stays empty unless the file sets it.
// name is used in error messages.
func Parse(name string, data []byte) (*Config, error) {
	return load(Options{Name: name, Data: data}, false)
}

func load(opts Options, needDatabase bool) (*Config, error) {
	name, data := opts.Name, opts.Data
	if data == nil {
		name, data = DefaultName, defaultYAML
	} else if name == "" {
		name = "config.yaml"
	}
	dir := ""
	if opts.Data != nil && name != "-" {
		if abs, err := filepath.Abs(name); err == nil {
			dir = filepath.Dir(abs)
		}
	}
	cfg := Default()
	l := newLoader(name, opts.Getenv)
	if opts.Data != nil { // the embedded default is already parsed
		l.parse(data, cfg)
	}
	if l.broken {
		return nil, l.errs
	}
	l.applyEnv(reflect.ValueOf(cfg).Elem(), "")
	if opts.Database != "" {
		cfg.Database = opts.Database
		l.where["database"] = pos{flag: "--db"}
	}
	l.normalize(cfg, opts, dir, needDatabase)
	l.validate(cfg, needDatabase)
	if len(l.errs) > 0 {
		sortErrors(l.errs)
		return nil, l.errs
	}
	return cfg, nil
}

// normalize fills in derived defaults and reads *_file secrets.
func (l *loader) normalize(cfg *Config, opts Options, dir string, needDatabase bool) {
	if cfg.Database == "" && needDatabase {
		if p, err := DefaultDatabasePath(l.getenv); err == nil {
			cfg.Database = p
		}
	}
	cfg.Database = expandHome(cfg.Database, l.getenv)
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	cfg.Crawl.UserAgent = strings.ReplaceAll(cfg.Crawl.UserAgent, "{version}", version)

	for i := range cfg.Sources {
		s := &cfg.Sources[i]
		if s.Kind == "search" && s.URL == "" && s.Engine != "" && s.Query != "" {
			s.URL = SearchURL(s.Engine, s.Query, s.Language)
		}
		if s.Name == "" {
			s.Name = stripUserinfo(s.URL)
		}
	}

	taken := map[string]bool{} // names given explicitly are never reused for defaults
	for _, c := range cfg.Alerts.Channels {
		taken[c.Name] = c.Name != ""
	}
	seen := map[string]int{}
	for i := range cfg.Alerts.Channels {
		c := &cfg.Alerts.Channels[i]
		if c.Name == "" && c.Type != "" {
			seen[c.Type]++
			c.Name = c.Type
			if n := seen[c.Type]; n > 1 {
				c.Name = fmt.Sprintf("%s-%d", c.Type, n)
			}
			for taken[c.Name] {
				seen[c.Type]++
				c.Name = fmt.Sprintf("%s-%d", c.Type, seen[c.Type])
			}
			taken[c.Name] = true
		}
		if c.Type == "email" {
			if c.TLS == "" {
				c.TLS = "starttls"
			}
			if c.SMTPPort == 0 {
				c.SMTPPort = map[string]int{"starttls": 587, "tls": 465, "none": 25}[c.TLS]
			}
		}
		if c.Timeout == 0 {
			c.Timeout = Duration(15 * time.Second) // as alert.DefaultTimeout
			if c.Type == ChannelExec {
				c.Timeout = Duration(30 * time.Second) // as alert.DefaultExecTimeout
			}
		}
		p := fmt.Sprintf("alerts.channels[%d]", i)
		l.readSecret(&c.Secret, c.SecretFile, p, "secret", dir)
		l.readSecret(&c.Password, c.PasswordFile, p, "password", dir)
	}
	l.readSecret(&cfg.HTTP.Token, cfg.HTTP.TokenFile, "http", "token", dir)

	if b := cfg.Alerts.Baseline; b != "embedded" && b != "none" && b != "" {
		cfg.Alerts.Baseline = resolvePath(b, dir, l.getenv)
	}
}

// readSecret sets *dst from the file named by file (the option key+"_file" under parent).
func (l *loader) readSecret(dst *string, file, parent, key, dir string) {
	if file == "" {
		return
	}
	fp := joinPath(parent, key+"_file")
	if *dst != "" {
		l.errAt(fp, "set %s or %s_file, not both", key, key)
		return
	}
	b, err := os.ReadFile(resolvePath(file, dir, l.getenv))
	if err != nil {
		l.errAt(fp, "reading the %s: %v", key, err)
		return
	}
	s := strings.TrimRight(string(b), "\r\n")
	if s == "" {
		l.errAt(fp, "%s is empty", file)
		return
	}
	*dst = s
}

// UnmarshalText parses "30s", "15m", "24h" or "365d".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes the duration in Go's notation, days as "d".
func (d Duration) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// String writes the duration as in the configuration: "7d", "6h", "1h30m", "500ms".
func (d Duration) String() string {
	td := time.Duration(d)
	if td != 0 && td%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(td/(24*time.Hour)), 10) + "d"
	}
	s := td.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Std returns the duration as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// ParseDuration parses a Go duration or a whole number of days ("365d").
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 || int64(days) > math.MaxInt64/int64(24*time.Hour) {
			return 0, fmt.Errorf("invalid duration %q: want e.g. 30s, 15m, 24h or 7d", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("invalid duration %q: want e.g. 30s, 15m, 24h or 7d", s)
	}
	return v, nil
}

// UnmarshalText parses "10MB", "512KiB", "1GB" or a number of bytes.
func (b *ByteSize) UnmarshalText(t []byte) error {
	v, err := ParseByteSize(string(t))
	if err != nil {
		return err
	}
	*b = ByteSize(v)
	return nil
}

// MarshalText writes the size in the largest whole binary unit.
func (b ByteSize) MarshalText() ([]byte, error) {
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}} {
		if int64(b) != 0 && int64(b)%u.n == 0 {
			return []byte(strconv.FormatInt(int64(b)/u.n, 10) + u.suffix), nil
		}
	}
	return []byte(strconv.FormatInt(int64(b), 10)), nil
}

// ParseByteSize parses sizes such as "10MB", "10MiB" or "10M" (binary units: 1 MB =
// 1,048,576 bytes), or a number of bytes.
func ParseByteSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	up := strings.ToUpper(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10},
		{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(up, u.suffix) {
			up = strings.TrimSpace(strings.TrimSuffix(up, u.suffix))
			mult = u.n
			break
		}
	}
	n, err := strconv.ParseInt(up, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q: want e.g. 10MB, 512KB or a number of bytes", s)
	}
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return n * mult, nil
}

// stripUserinfo removes user and password from a URL, so that a name made of it does not
// carry a password into logs and reports.
func stripUserinfo(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	u.User = nil
	return u.String()
}
