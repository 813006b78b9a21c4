package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func reflectTypeOfCrawl() reflect.Type { return reflect.TypeFor[Crawl]() }

// readmePaths lists every option of Config as written in the README table:
// "crawl.per_host", "sources[].url", "alerts.channels[].smtp_host".
func readmePaths() []string { return optionPaths("[]") }

// TestREADMEDocumentsEveryOption keeps the README's configuration table complete: every
// option of Config must have a row "| `path` | default | meaning |".
func TestREADMEDocumentsEveryOption(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	re := regexp.MustCompile("(?m)^\\| `([a-z_.\\[\\]]+)` \\|")
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		rows[m[1]] = true
	}
	for _, p := range readmePaths() {
		if !rows[p] {
			t.Errorf("README.md has no configuration table row for `%s`", p)
		}
	}
	known := map[string]bool{}
	for _, p := range readmePaths() {
		known[p] = true
	}
	for r := range rows {
		if !known[r] && strings.Contains(r, "_") || !known[r] && strings.Contains(r, ".") {
			t.Errorf("README.md documents `%s`, which is not an option", r)
		}
	}
}

// TestREADMEAndCIAgree keeps the README's fresh-machine commands and CI in step.
func TestREADMEAndCIAgree(t *testing.T) {
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join("..", p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	readme, script, ci := read("README.md"), read("scripts/test"), read(".ci/run")
	for _, want := range []string{"go run ./cmd/callwatch run", "scripts/test", "go install github.com/callwatch/callwatch/cmd/callwatch@latest", "## Commands"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
	for _, want := range []string{"go test -race -shuffle=on -timeout 20m", "apt-get update", "chromium-driver", "github.com/axllent/mailpit@v1.33.1"} {
		if !strings.Contains(script, want) || !strings.Contains(readme, strings.Fields(want)[0]) {
			t.Errorf("scripts/test or README.md lacks %q", want)
		}
	}
	for _, want := range []string{"gofmt -l", "go vet ./...", "scripts/test"} {
		if !strings.Contains(ci, want) {
			t.Errorf(".ci/run lacks %q", want)
		}
	}
	for _, p := range []string{"scripts/test", ".ci/run"} {
		st, err := os.Stat(filepath.Join("..", p))
		if err != nil || st.Mode().Perm()&0o111 == 0 {
			t.Errorf("%s is not executable", p)
		}
	}
}
