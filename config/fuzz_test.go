package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzConfigParse feeds arbitrary bytes to the loader: it must never panic, every error
// must be a config.Errors naming the file, and a configuration it accepts must print as
// YAML.
func FuzzConfigParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(DefaultYAML())
	f.Add([]byte("crawl: &a {per_host: *a}\n"))
	f.Add([]byte("sources: [{kind: search, engine: google, query: '${X}'}]\n"))
	f.Add([]byte("\t- [\n"))
	f.Add([]byte("alerts: {channels: [{type: email, to: [1, {a: b}]}]}\n"))
	e := env{"HOME": "/home/fuzz", "X": "x"}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Load(Options{Name: "fuzz.yaml", Data: data, Getenv: e.get})
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %T %v is not a non-empty config.Errors", err, err)
			}
			for _, x := range es {
				if x.File != "fuzz.yaml" && x.File != EnvFile {
					t.Fatalf("error names file %q: %v", x.File, x)
				}
				if x.Line < 0 || x.Col < 0 || strings.TrimSpace(x.Msg) == "" {
					t.Fatalf("malformed error %+v", x)
				}
			}
			return
		}
		out, err := cfg.YAML()
		if err != nil {
			t.Fatalf("an accepted configuration does not print: %v", err)
		}
		// What config show prints loads back to the same configuration (secrets aside).
		back, err := Load(Options{Name: "fuzz.yaml", Data: out, Getenv: e.get})
		if err != nil {
			t.Fatalf("config show output does not load back: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back.Redacted(), cfg.Redacted()) {
			t.Fatalf("config show output loads back differently:\n%s", out)
		}
	})
}
