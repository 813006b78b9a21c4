package daemon

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule says when passes start: Next returns the first start time strictly after t.
type Schedule interface {
	Next(t time.Time) time.Time
}

// ParseSchedule parses daemon.schedule: "@every 30m" (Go durations, plus whole days "2d"
// and weeks "1w"), @hourly, @daily, @weekly, @monthly, @yearly, or a 5-field cron
// expression (minute hour day month weekday), optionally preceded by CRON_TZ=Area/City.
// Cron expressions and descriptors are read in UTC unless a time zone is given.
func ParseSchedule(spec string) (Schedule, error) {
	spec = strings.TrimSpace(spec)
	if rest, ok := strings.CutPrefix(spec, "@every "); ok {
		d, err := parseEvery(strings.TrimSpace(rest))
		if err != nil {
			return nil, fmt.Errorf("daemon: schedule %q: %w", spec, err)
		}
		return Every(d), nil
	}
	if spec == "" {
		return nil, fmt.Errorf(`daemon: empty schedule: want "@every 30m", @hourly or a cron expression`)
	}
	if !strings.HasPrefix(spec, "CRON_TZ=") && !strings.HasPrefix(spec, "TZ=") {
		spec = "CRON_TZ=UTC " + spec
	}
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("daemon: schedule %q: %w", spec, err)
	}
	return s, nil
}

// Every is a schedule of passes a fixed time apart, counted from the end of the previous
// wait: Next(t) is t plus the duration.
type Every time.Duration

// Next returns t plus the duration.
func (e Every) Next(t time.Time) time.Time { return t.Add(time.Duration(e)) }

// minEvery is the shortest interval accepted, as config validation does.
const minEvery = time.Minute

func parseEvery(s string) (time.Duration, error) {
	var d time.Duration
	if n := len(s); n >= 2 && (s[n-1] == 'd' || s[n-1] == 'w') {
		v, err := strconv.Atoi(s[:n-1])
		if err != nil || v <= 0 {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		unit := 24 * time.Hour
		if s[n-1] == 'w' {
			unit *= 7
		}
		d = time.Duration(v) * unit
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("invalid duration %q: %w", s, err)
		}
	}
	if d < minEvery {
		return 0, fmt.Errorf("passes must be at least %s apart, got %s", minEvery, d)
	}
	return d, nil
}

// Clock is the scheduler's view of time. Tests give a fake one; nil means the wall clock.
type Clock interface {
	Now() time.Time
	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time                         { return time.Now() }
func (wallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
