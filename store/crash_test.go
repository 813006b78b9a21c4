package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// envCrashChild selects the writer child mode of the test binary: its value is the
// database path.
const envCrashChild = "CALLWATCH_STORE_CRASH_CHILD"

// envCrashFrom is the first batch the child writes.
const envCrashFrom = "CALLWATCH_STORE_CRASH_FROM"

const (
	crashBatches  = 100
	crashPerBatch = 10
	crashEntities = 40
)

// envHoldChild selects the lock-holder child mode: it opens the database at that path,
// prints "ready" and holds it until its stdin closes.
const envHoldChild = "CALLWATCH_STORE_HOLD_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(envHoldChild); path != "" {
		db, err := Open(path, Options{Timeout: 10 * time.Second})
		if err != nil {
			fmt.Fprintln(os.Stderr, "hold child:", err)
			os.Exit(3)
		}
		fmt.Println("ready")
		_, _ = io.Copy(io.Discard, os.Stdin)
		db.Close()
		os.Exit(0)
	}
	if path := os.Getenv(envCrashChild); path != "" {
		from, _ := strconv.Atoi(os.Getenv(envCrashFrom))
		if err := crashChild(path, from); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	code := m.Run()
	removeBenchDir()
	os.Exit(code)
}

// crashBatch returns batch b of the child's deterministic work. Each article carries a
// mention and a signed finding about one of crashEntities entities; the first article of
// every batch repeats one of the previous batch (a duplicate under a new source).
func crashBatch(b int) []*callwatch.Article {
	var arts []*callwatch.Article
	for i := range crashPerBatch {
		n := b*crashPerBatch + i
		if i == 0 && b > 0 {
			n = (b-1)*crashPerBatch + 7
		}
		e := fmt.Sprintf("org:e%02d", n%crashEntities)
		a := article(n, fmt.Sprintf("outlet%d.example", n%9), mention(), stance(callwatch.FindingSigned, e, "Entity "+e, 0.9))
		a.Sources = append(a.Sources, fmt.Sprintf("batch-%d", b))
		arts = append(arts, a)
	}
	return arts
}

// crashChild saves the batches from the first given on, in order, printing "committed B"
// after each commit.
func crashChild(path string, from int) error {
	db, err := Open(path, Options{Timeout: 10 * time.Second, Policy: &testPolicy{decide: reportOnce, channels: []string{"webhook", "email"}}})
	if err != nil {
		return err
	}
	defer db.Close()
	for b := from; b < crashBatches; b++ {
		if _, err := db.SaveArticles(context.Background(), crashBatch(b)); err != nil {
			return err
		}
		fmt.Fprintf(os.Stdout, "committed %d\n", b) // unbuffered: the parent sees it at once
	}
	return nil
}

// runCrashChild starts the writer; with kill it is SIGKILLed after the delay. It returns
// the batches the child reported as committed.
func runCrashChild(t *testing.T, path string, from int, kill time.Duration) []int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envCrashChild+"="+path, envCrashFrom+"="+strconv.Itoa(from))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var committed []int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if s, ok := strings.CutPrefix(sc.Text(), "committed "); ok {
				n, _ := strconv.Atoi(s)
				committed = append(committed, n)
			}
		}
	}()
	if kill > 0 {
		time.Sleep(kill)
		_ = cmd.Process.Signal(syscall.SIGKILL)
	}
	wg.Wait()
	err = cmd.Wait()
	if kill == 0 && err != nil {
		t.Fatalf("writer child: %v\n%s", err, stderr.String())
	}
	if kill > 0 && err == nil && (len(committed) == 0 || committed[len(committed)-1] != crashBatches-1) {
		t.Fatalf("child exited cleanly after %d batches:\n%s", len(committed), stderr.String())
	}
	return committed
}

// verifyCrashDB checks a database after a crash: it opens, passes Check, holds every
// committed batch, and each alert is in the outbox once.
func verifyCrashDB(t *testing.T, path string, committed map[int]bool) (alerts int) {
	t.Helper()
	db, err := Open(path, Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	defer db.Close()
	ctx := context.Background()
	mustCheck(t, db)
	for b := range committed {
		for _, a := range crashBatch(b) {
			got, err := db.Article(ctx, a.ID)
			if err != nil {
				t.Fatalf("batch %d was reported committed but article %s is missing: %v", b, a.ID, err)
			}
			if !strings.Contains(strings.Join(got.Sources, " "), fmt.Sprintf("batch-%d", b)) {
				t.Fatalf("batch %d: article %s lacks its source (sources %v)", b, a.ID, got.Sources)
			}
		}
	}
	entries, err := db.Outbox(ctx, callwatch.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if seen[e.Alert.ID] {
			t.Fatalf("alert %s is in the outbox twice", e.Alert.ID)
		}
		seen[e.Alert.ID] = true
		if len(e.Deliveries) != 2 {
			t.Fatalf("alert %s has %d deliveries", e.Alert.ID, len(e.Deliveries))
		}
		s, ok, err := db.Signatory(ctx, e.Alert.Entity.ID)
		if err != nil || !ok || s.Alerted[callwatch.AlertReported].IsZero() {
			t.Fatalf("alert %s: its signatory does not record it (%v %v)", e.Alert.ID, ok, err)
		}
	}
	sigs, err := db.Signatories(ctx, callwatch.SignatoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sigs {
		if !s.Alerted[callwatch.AlertReported].IsZero() && !seen[callwatch.AlertID(callwatch.AlertReported, s.ID)] {
			t.Fatalf("signatory %s is marked alerted but its alert is not in the outbox", s.ID)
		}
	}
	return len(entries)
}

func TestCrashSafety(t *testing.T) {
	path := filepath.Join(t.TempDir(), "callwatch.db")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
	const kills = 22
	all := map[int]bool{}
	next := 0
	for i := range kills {
		// Early kills hit Open and the first transactions; later ones land anywhere.
		delay := time.Duration(5+rng.IntN(250)) * time.Millisecond
		t0 := time.Now()
		committed := runCrashChild(t, path, next, delay)
		t1 := time.Now()
		for _, b := range committed {
			all[b] = true
			// The next run starts again at the last committed batch: saving it twice must
			// change nothing.
			next = min(b, crashBatches-5)
		}
		verifyCrashDB(t, path, all)
		t.Logf("kill %d after %v: %d batches committed in this run (child %v, verify %v)", i+1, delay, len(committed), t1.Sub(t0), time.Since(t1))
	}
	// A last run completes the work: every batch, each entity alerted exactly once.
	committed := runCrashChild(t, path, 0, 0)
	if len(committed) != crashBatches {
		t.Fatalf("final run committed %d batches, want %d", len(committed), crashBatches)
	}
	entities := map[string]bool{}
	for b := range crashBatches {
		all[b] = true
		for _, a := range crashBatch(b) {
			entities[a.Findings[1].Entity.ID] = true
		}
	}
	if n := verifyCrashDB(t, path, all); n != len(entities) {
		t.Errorf("%d alerts in the outbox, want one per entity (%d)", n, len(entities))
	}
}

// TestLockedByAnotherProcess holds the database in a child process: Open in this one
// waits its timeout and fails with a *LockedError, then succeeds once the child is gone.
func TestLockedByAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "callwatch.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envHoldChild+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("child said %q, %v", line, err)
	}
	for _, ro := range []bool{false, true} {
		_, err = Open(path, Options{Timeout: 100 * time.Millisecond, ReadOnly: ro})
		var le *LockedError
		if !errors.As(err, &le) || !errors.Is(err, callwatch.ErrLocked) || le.Path != path || le.Timeout != 100*time.Millisecond {
			t.Fatalf("ReadOnly=%t: err = %v, want a *LockedError for %s", ro, err, path)
		}
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	db, err := Open(path, Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("after the child exited: %v", err)
	}
	db.Close()
}
