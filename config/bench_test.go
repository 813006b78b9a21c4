package config

import "testing"

// BenchmarkLoadDefault measures loading the embedded default configuration with an
// environment: parse, overrides, derived defaults and validation.
func BenchmarkLoadDefault(b *testing.B) {
	e := home()
	for b.Loop() {
		if _, err := Load(Options{Getenv: e.get}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadFile measures loading a file: the default configuration as `config init`
// writes it (about 10 KB of YAML, mostly comments).
func BenchmarkLoadFile(b *testing.B) {
	data := DefaultYAML()
	e := home()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Load(Options{Name: "config.yaml", Data: data, Getenv: e.get}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadInvalid measures a file with many errors: the cost of reporting all of them.
func BenchmarkLoadInvalid(b *testing.B) {
	data := []byte("crawl:\n  per_hots: 3\n  concurrency: 0\n  timeout: 5x\nsources:\n  - kind: feed\n    url: ftp://x\n  - kind: serch\nalerts:\n  kinds: [reported, bogus]\n")
	e := home()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Load(Options{Name: "c.yaml", Data: data, Getenv: e.get}); err == nil {
			b.Fatal("no error")
		}
	}
}
