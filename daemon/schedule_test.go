package daemon

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

func TestParseSchedule(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 6, 10, 0, 0, time.UTC)
	for _, tc := range []struct {
		spec string
		next time.Time
	}{
		{"@every 30m", t0.Add(30 * time.Minute)},
		{"@every 1h30m", t0.Add(90 * time.Minute)},
		{"@every 2d", t0.Add(48 * time.Hour)},
		{"@every 1w", t0.Add(7 * 24 * time.Hour)},
		{"@hourly", time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)},
		{"@daily", time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)},
		{"*/15 * * * *", time.Date(2026, 11, 27, 6, 15, 0, 0, time.UTC)},
		{"0 8 * * *", time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)},
		{"CRON_TZ=Europe/Paris 0 8 * * *", time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)}, // 08:00 CET
		{"  @every 45m  ", t0.Add(45 * time.Minute)},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			s, err := ParseSchedule(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Next(t0); !got.Equal(tc.next) {
				t.Errorf("Next(%s) = %s, want %s", t0, got, tc.next)
			}
		})
	}
	for _, bad := range []string{"", "@every", "@every 30s", "@every soon", "@every 0d", "@fortnightly", "* * *", "61 * * * *", "CRON_TZ=Mars/Olympus 0 8 * * *"} {
		if _, err := ParseSchedule(bad); err == nil {
			t.Errorf("ParseSchedule(%q) accepted", bad)
		}
	}
}

// newScheduled returns a daemon driven by a fake clock, with pass as its pass.
func newScheduled(t *testing.T, clock *fakeClock, schedule string, jitter time.Duration, pass Pass) *Daemon {
	t.Helper()
	d, err := New(Options{Settings: Settings{Schedule: schedule, Jitter: jitter, Pass: pass}, Store: fixtureStore(), Clock: clock, Logger: discard})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// runLoop runs the scheduling loop until the test ends.
func runLoop(t *testing.T, d *Daemon) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.loop(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

func recv(t *testing.T, ch <-chan time.Time) time.Time {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("no pass started")
	}
	return time.Time{}
}

func TestSchedulerRunsPassesOnTime(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 6, 10, 0, 0, time.UTC)
	clock := newFakeClock(t0)
	started := make(chan time.Time, 10)
	d := newScheduled(t, clock, "@every 30m", 0, func(ctx context.Context) (callwatch.RunSummary, error) {
		started <- clock.Now()
		return callwatch.RunSummary{SourcesOK: 2}, nil
	})
	if d.Ready() {
		t.Fatal("ready before the first pass is scheduled")
	}
	runLoop(t, d)
	for i := 1; i <= 3; i++ {
		at := clock.waitForWaiter(t)
		want := t0.Add(time.Duration(i) * 30 * time.Minute)
		if !at.Equal(want) || !d.NextPass().Equal(want) {
			t.Fatalf("pass %d scheduled at %s (NextPass %s), want %s", i, at, d.NextPass(), want)
		}
		if !d.Ready() {
			t.Fatal("not ready once a pass is scheduled")
		}
		clock.Advance(29 * time.Minute)
		select {
		case <-started:
			t.Fatalf("pass %d started a minute early", i)
		default:
		}
		clock.Advance(time.Minute)
		if got := recv(t, started); !got.Equal(want) {
			t.Fatalf("pass %d started at %s, want %s", i, got, want)
		}
	}
	clock.waitForWaiter(t)
	if n := metricValue(t, d.metrics, "callwatch_passes_total", "outcome", "ok"); n != 3 {
		t.Errorf("callwatch_passes_total{outcome=ok} = %v, want 3", n)
	}
	if n := metricValue(t, d.metrics, "callwatch_source_fetches_total", "outcome", "ok"); n != 6 {
		t.Errorf("callwatch_source_fetches_total{outcome=ok} = %v, want 6", n)
	}
}

func TestSchedulerCronAndRunAtStart(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 6, 10, 0, 0, time.UTC)
	clock := newFakeClock(t0)
	started := make(chan time.Time, 10)
	d, err := New(Options{Settings: Settings{Schedule: "0 */2 * * *", Pass: func(ctx context.Context) (callwatch.RunSummary, error) {
		started <- clock.Now()
		return callwatch.RunSummary{}, nil
	}}, Store: fixtureStore(), Clock: clock, RunAtStart: true, Logger: discard})
	if err != nil {
		t.Fatal(err)
	}
	runLoop(t, d)
	if got := recv(t, started); !got.Equal(t0) {
		t.Fatalf("the pass at start ran at %s, want %s", got, t0)
	}
	if at := clock.waitForWaiter(t); !at.Equal(time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)) {
		t.Fatalf("next pass at %s, want 08:00", at)
	}
	clock.Advance(110 * time.Minute)
	if got := recv(t, started); got.Hour() != 8 || got.Minute() != 0 {
		t.Fatalf("second pass at %s, want 08:00", got)
	}
	if at := clock.waitForWaiter(t); !at.Equal(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("third pass at %s, want 10:00", at)
	}
}

func TestSchedulerJitterIsBounded(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	clock := newFakeClock(t0)
	started := make(chan time.Time, 10)
	jitters := []time.Duration{0, 2*time.Minute - time.Nanosecond, 45 * time.Second, 5 * time.Minute, -time.Second}
	var calls atomic.Int32
	d, err := New(Options{Settings: Settings{Schedule: "@every 30m", Jitter: 2 * time.Minute, Pass: func(ctx context.Context) (callwatch.RunSummary, error) {
		started <- clock.Now()
		return callwatch.RunSummary{}, nil
	}}, Store: fixtureStore(), Clock: clock, Logger: discard,
		Jitter: func(max time.Duration) time.Duration {
			if max != 2*time.Minute {
				t.Errorf("jitter asked for max %s, want 2m", max)
			}
			return jitters[int(calls.Add(1)-1)%len(jitters)]
		}})
	if err != nil {
		t.Fatal(err)
	}
	runLoop(t, d)
	prev := t0
	for i, j := range jitters {
		at := clock.waitForWaiter(t)
		want := j
		if j < 0 || j >= 2*time.Minute {
			want = 0 // out-of-range values from the source are clamped to no jitter
		}
		if d := at.Sub(prev.Add(30 * time.Minute)); d != want {
			t.Fatalf("pass %d: jitter %s, want %s", i, d, want)
		}
		clock.Advance(at.Sub(clock.Now()))
		prev = recv(t, started)
	}
	for range 2000 {
		if j := randomJitter(time.Minute); j < 0 || j >= time.Minute {
			t.Fatalf("randomJitter(1m) = %s", j)
		}
	}
	if j := randomJitter(0); j != 0 {
		t.Fatalf("randomJitter(0) = %s", j)
	}
}

func TestSchedulerNeverOverlapsSlowPasses(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	clock := newFakeClock(t0)
	started := make(chan time.Time, 10)
	release := make(chan struct{})
	var running, most atomic.Int32
	d := newScheduled(t, clock, "@every 30m", 0, func(ctx context.Context) (callwatch.RunSummary, error) {
		n := running.Add(1)
		defer running.Add(-1)
		if n > most.Load() {
			most.Store(n)
		}
		started <- clock.Now()
		<-release
		return callwatch.RunSummary{}, nil
	})
	runLoop(t, d)
	clock.waitForWaiter(t)
	clock.Advance(30 * time.Minute)
	recv(t, started)
	// The pass takes two hours: four scheduled starts go by.
	for range 8 {
		clock.Advance(15 * time.Minute)
	}
	select {
	case <-started:
		t.Fatal("a second pass started while the first was running")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	at := clock.waitForWaiter(t)
	if want := t0.Add(30*time.Minute + 2*time.Hour + 30*time.Minute); !at.Equal(want) {
		t.Fatalf("after the slow pass the next is at %s, want %s (30 min after it ended)", at, want)
	}
	if most.Load() != 1 {
		t.Fatalf("%d passes ran at once", most.Load())
	}
	if n := metricValue(t, d.metrics, "callwatch_passes_skipped_total"); n != 4 {
		t.Errorf("callwatch_passes_skipped_total = %v, want 4", n)
	}
}

func TestSchedulerRecoversFromPanic(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	clock := newFakeClock(t0)
	started := make(chan time.Time, 10)
	var calls atomic.Int32
	logger, logs := newTestLogger()
	d, err := New(Options{Settings: Settings{Schedule: "@every 1h", Pass: func(ctx context.Context) (callwatch.RunSummary, error) {
		started <- clock.Now()
		if n := calls.Add(1); n == 1 {
			var items []int
			_ = items[n] // an index out of range, as a bug in a pass would panic
		}
		return callwatch.RunSummary{SourcesFailed: 1}, nil
	}}, Store: fixtureStore(), Clock: clock, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	runLoop(t, d)
	for range 2 {
		clock.waitForWaiter(t)
		clock.Advance(time.Hour)
		recv(t, started)
	}
	clock.waitForWaiter(t)
	if n := metricValue(t, d.metrics, "callwatch_passes_total", "outcome", "panic"); n != 1 {
		t.Errorf("panic passes = %v, want 1", n)
	}
	if n := metricValue(t, d.metrics, "callwatch_passes_total", "outcome", "partial"); n != 1 {
		t.Errorf("partial passes = %v, want 1", n)
	}
	out := logs.String()
	if !strings.Contains(out, "the pass panicked") || !strings.Contains(out, "index out of range") || !strings.Contains(out, "stack=") {
		t.Errorf("the panic is not logged with its stack:\n%s", out)
	}
	if d.status().LastSuccess.IsZero() {
		t.Error("a partial pass does not count as the last successful pass")
	}
}

func TestReload(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	clock := newFakeClock(t0)
	started := make(chan string, 10)
	pass := func(name string) Pass {
		return func(ctx context.Context) (callwatch.RunSummary, error) {
			started <- name
			return callwatch.RunSummary{}, nil
		}
	}
	d := newScheduled(t, clock, "@every 1h", 0, pass("old"))
	runLoop(t, d)
	if at := clock.waitForWaiter(t); !at.Equal(t0.Add(time.Hour)) {
		t.Fatalf("first pass at %s", at)
	}
	for _, bad := range []Settings{
		{Schedule: "@every 10s", Pass: pass("bad")},
		{Schedule: "every half hour", Pass: pass("bad")},
		{Schedule: "@every 30m", Jitter: -time.Minute, Pass: pass("bad")},
		{Schedule: "@every 30m"},
	} {
		if err := d.Reload(bad); err == nil {
			t.Errorf("Reload(%+v) accepted", bad)
		}
	}
	if got := d.Current().Schedule; got != "@every 1h" {
		t.Fatalf("after refused reloads the schedule is %q", got)
	}
	if n := metricValue(t, d.metrics, "callwatch_config_reloads_total", "result", "failed"); n != 4 {
		t.Errorf("failed reloads = %v, want 4", n)
	}
	clock.Advance(10 * time.Minute)
	if err := d.Reload(Settings{Schedule: "@every 15m", Pass: pass("new"), Token: "t0ken"}); err != nil {
		t.Fatal(err)
	}
	// The wait is recomputed at once with the new schedule.
	if at := clock.waitForWaiter(t); !at.Equal(t0.Add(25 * time.Minute)) {
		t.Fatalf("after the reload the next pass is at %s, want %s", at, t0.Add(25*time.Minute))
	}
	clock.Advance(15 * time.Minute)
	if got := <-started; got != "new" {
		t.Fatalf("the pass after the reload is %q", got)
	}
	if d.Current().Token != "t0ken" {
		t.Error("the token was not reloaded")
	}
}
