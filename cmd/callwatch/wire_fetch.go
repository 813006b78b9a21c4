package main

import (
	"github.com/callwatch/callwatch/config"
	"github.com/callwatch/callwatch/crawler/fetch"
)

// fetchClient builds the process's one fetch.Client from the crawl settings. Create it once
// per invocation (or daemon) and share it: its per-host limits and robots.txt cache only
// work when every request goes through the same Client.
func (a *App) fetchClient(cfg *config.Config) *fetch.Client {
	c := cfg.Crawl
	return fetch.New(fetch.Options{
		UserAgent:     c.UserAgent,
		Timeout:       c.Timeout.Std(),
		MaxBodyBytes:  int64(c.MaxBodyBytes),
		MaxRedirects:  c.MaxRedirects,
		Retries:       c.Retries,
		Concurrency:   c.Concurrency,
		PerHost:       c.PerHost,
		Delay:         c.Delay.Std(),
		AllowPrivate:  c.AllowPrivateNetworks,
		AllowLoopback: c.AllowLoopback,
		IgnoreRobots:  c.IgnoreRobots,
		Logger:        a.Logger,
	})
}
