package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch/internal/testnet"
)

// binary is the callwatch binary built by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "callwatch-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "callwatch")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, "./cmd/callwatch")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build ./cmd/callwatch: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one finished invocation of the binary.
type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("exit %d after %s\nstdout:\n%s\nstderr:\n%s", r.code, r.took.Round(time.Millisecond), r.stdout, r.stderr)
}

// command prepares the binary with a clean environment: no CALLWATCH_* variables from
// the developer's shell, HOME in a temporary directory.
func command(ctx context.Context, t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.CommandContext(ctx, binary, args...)
	home := t.TempDir()
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TZ=UTC", "XDG_CONFIG_HOME=" + filepath.Join(home, ".config")}
	return cmd
}

// callwatch runs the binary to the end (at most 2 minutes) and returns what it did.
func callwatch(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := command(ctx, t, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), took: time.Since(start)}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("callwatch %v: %v", args, err)
		}
		r.code = ee.ExitCode()
	}
	return r
}

// setup starts a loopback internet and writes its configuration; it returns the net and
// the configuration's path.
func setup(t *testing.T, o testnet.Options, co testnet.ConfigOptions) (*testnet.Net, string) {
	t.Helper()
	n, err := testnet.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	dir := t.TempDir()
	if co.Database == "" {
		co.Database = filepath.Join(dir, "callwatch.db")
	}
	cfg := filepath.Join(dir, "callwatch.yaml")
	if err := os.WriteFile(cfg, []byte(n.Config(co)), 0o600); err != nil {
		t.Fatal(err)
	}
	return n, cfg
}

// row is one line of `callwatch export --format jsonl` (docs/export-schema.md).
type row struct {
	ArticleID string  `json:"article_id"`
	URL       string  `json:"url"`
	Title     string  `json:"title"`
	Source    string  `json:"source"`
	Published string  `json:"published"`
	Language  string  `json:"language"`
	Kind      string  `json:"kind"`
	Strength  string  `json:"strength"`
	Stance    string  `json:"stance"`
	Conf      float64 `json:"confidence"`
	Evidence  string  `json:"evidence"`
	Rule      string  `json:"rule"`
	Entity    *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"entity"`
}

// export returns every finding of the database, parsed, and the raw JSONL.
func export(t *testing.T, cfg string) ([]row, string) {
	t.Helper()
	r := callwatch(t, "--config", cfg, "export", "--format", "jsonl")
	if r.code != 0 {
		t.Fatalf("export: %s", r)
	}
	var rows []row
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var x row
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			t.Fatalf("export line %q: %v", sc.Text(), err)
		}
		rows = append(rows, x)
	}
	return rows, r.stdout
}

// byURL groups findings by article URL: "mention" for mentions, "stance entity" for
// stances.
func byURL(rows []row) map[string][]string {
	out := map[string][]string{}
	for _, r := range rows {
		k := r.Kind
		if r.Entity != nil {
			k = r.Stance + " " + r.Entity.ID
		}
		out[r.URL] = append(out[r.URL], k)
	}
	for u := range out {
		sort.Strings(out[u])
	}
	return out
}

// sortedLines returns s's lines sorted, for order-independent comparisons.
func sortedLines(s string) []string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	sort.Strings(lines)
	return lines
}
