package config

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// Default returns the built-in configuration used when no file is given.
func Default() *Config {
	return &Config{
		Crawl: Crawl{
			UserAgent:     "callwatch/dev (+https://github.com/callwatch/callwatch)",
			Concurrency:   8,
			PerHost:       2,
			Delay:         Duration(500 * time.Millisecond),
			Timeout:       Duration(30 * time.Second),
			MaxBodyBytes:  10 << 20,
			MaxRedirects:  10,
			Retries:       3,
			Interval:      Duration(time.Hour),
			MaxBackoff:    Duration(24 * time.Hour),
			MaxItems:      500,
			FetchArticles: true,
		},
		Detect: Detect{MinConfidence: 0.5},
		Alerts: Alerts{
			Baseline:      "embedded",
			MinConfidence: 0.7,
			MinSources:    1,
			Kinds:         []string{"reported", "confirmed"},
			MaxAttempts:   10,
			Backoff:       Duration(30 * time.Second),
			MaxBackoff:    Duration(6 * time.Hour),
		},
		Daemon: Daemon{Schedule: "@every 30m", Jitter: Duration(2 * time.Minute)},
		HTTP:   HTTP{Listen: "127.0.0.1:8765"},
	}
}

// Parse reads a YAML configuration over the defaults. name is used in error messages.
func Parse(name string, data []byte) (*Config, error) {
	cfg := Default()
	if err := yaml.NewDecoder(bytes.NewReader(data), yaml.Strict()).Decode(cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return cfg, nil
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
	td := time.Duration(d)
	if td != 0 && td%(24*time.Hour) == 0 {
		return []byte(strconv.FormatInt(int64(td/(24*time.Hour)), 10) + "d"), nil
	}
	return []byte(td.String()), nil
}

// Std returns the duration as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// ParseDuration parses a Go duration or a whole number of days ("365d").
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 {
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

// ParseByteSize parses sizes such as "10MB" (binary units: 1 MB = 1,048,576 bytes).
func ParseByteSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	up := strings.ToUpper(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
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
	return n * mult, nil
}
