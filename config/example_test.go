package config_test

import (
	"errors"
	"fmt"

	"github.com/callwatch/callwatch/config"
)

// Load reports every problem of a configuration at once, each with its place.
func ExampleLoad() {
	file := []byte(`crawl:
  per_hots: 4
  timeout: soon
sources:
  - kind: feed
    url: ftp://example.org/feed.xml
`)
	env := map[string]string{"HOME": "/home/ana"}
	_, err := config.Load(config.Options{
		Name:   "callwatch.yaml",
		Data:   file,
		Getenv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
	})
	var errs config.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Println(e)
		}
	}
	// Output:
	// callwatch.yaml:2:3: crawl.per_hots: unknown option "per_hots" in crawl (did you mean "per_host"?)
	// callwatch.yaml:3:12: crawl.timeout: invalid duration "soon": want e.g. 30s, 15m, 24h or 7d
	// callwatch.yaml:6:10: sources[0].url: want an http or https URL, got "ftp://example.org/feed.xml"
}

// Environment variables override options; their names follow the option's path.
func ExampleLoad_environment() {
	env := map[string]string{
		"HOME":                     "/home/ana",
		"CALLWATCH_CRAWL_PER_HOST": "4",
		"CALLWATCH_DATABASE":       "/var/lib/callwatch/callwatch.db",
	}
	cfg, err := config.Load(config.Options{Getenv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	if err != nil {
		panic(err)
	}
	fmt.Println(cfg.Crawl.PerHost, cfg.Database)
	// Output: 4 /var/lib/callwatch/callwatch.db
}

func ExampleEnvName() {
	fmt.Println(config.EnvName("crawl.per_host"))
	fmt.Println(config.EnvName("alerts.channels[0].url"))
	// Output:
	// CALLWATCH_CRAWL_PER_HOST
	// CALLWATCH_ALERTS_CHANNELS_0_URL
}

func ExampleSearchURL() {
	fmt.Println(config.SearchURL(config.EngineBing, `"Appel de Paris" cyberespace`, "fr"))
	// Output: https://www.bing.com/news/search?q=%22Appel+de+Paris%22+cyberespace&format=rss&setlang=fr&mkt=fr-FR
}
