package testnet

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ConfigOptions shapes the configuration that Net.Config writes.
type ConfigOptions struct {
	// Database is the database path (required).
	Database string
	// Faults adds every started faulty host as a feed source named "fault-<fault>".
	Faults bool
	// Timeout is crawl.timeout; default 5s.
	Timeout time.Duration
	// Retries is crawl.retries; default 1.
	Retries int
	// Email adds an email channel to the mailpit server (Start with SMTP).
	Email bool
	// RegisterPage adds the register's HTML page as a second register source.
	RegisterPage bool
	// MinSources is alerts.min_sources; 0 leaves callwatch's default (1).
	MinSources int
}

// Config returns a callwatch configuration (YAML) that points callwatch at this loopback
// internet: every site's feed, the news search, the register's CSV, one listing page, the
// faulty hosts if asked, and the webhook receiver (plus email through mailpit if asked).
// It allows loopback addresses, since every host is on one, and uses the embedded
// baseline, so that known supporters raise no alert.
func (n *Net) Config(o ConfigOptions) string {
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	if o.Retries <= 0 {
		o.Retries = 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# callwatch configuration for the testnet loopback internet.\ndatabase: %s\n", strconv.Quote(o.Database))
	fmt.Fprintf(&b, "crawl:\n  allow_loopback: true\n  delay: 0s\n  per_host: 4\n  concurrency: 8\n  timeout: %s\n  retries: %d\n", o.Timeout, o.Retries)
	b.WriteString("alerts:\n  baseline: embedded\n  backoff: 1s\n  max_backoff: 5s\n")
	if o.MinSources > 0 {
		fmt.Fprintf(&b, "  min_sources: %d\n", o.MinSources)
	}
	b.WriteString("  channels:\n")
	fmt.Fprintf(&b, "    - {name: webhook, type: webhook, url: %s, secret: %s}\n", strconv.Quote(n.Webhook.URL()), strconv.Quote(n.Webhook.Secret()))
	if o.Email && n.Mail != nil {
		fmt.Fprintf(&b, "    - {name: email, type: email, smtp_host: %s, smtp_port: %d, tls: none, from: callwatch@testnet.example, to: [analysts@testnet.example]}\n", n.Mail.SMTPHost, n.Mail.SMTPPort)
	}
	b.WriteString("sources:\n")
	for _, s := range n.corpus.Sites {
		fmt.Fprintf(&b, "  - {name: %s, kind: feed, url: %s, language: %s}\n", strconv.Quote(s.ID), strconv.Quote(n.FeedURL(s.ID)), s.Lang)
	}
	if len(n.corpus.Sites) > 0 {
		s := n.corpus.Sites[len(n.corpus.Sites)-1]
		fmt.Fprintf(&b, "  - {name: %s, kind: page, url: %s, selector: \"a.story\", language: %s}\n", strconv.Quote(s.ID+"-front"), strconv.Quote(n.SiteURL(s.ID)+"/"), s.Lang)
	}
	fmt.Fprintf(&b, "  - {name: search, kind: search, url: %s, language: en}\n", strconv.Quote(n.SearchURL()))
	fmt.Fprintf(&b, "  - {name: register, kind: register, url: %s}\n", strconv.Quote(n.RegisterURL()))
	if o.RegisterPage {
		fmt.Fprintf(&b, "  - {name: register-page, kind: register, url: %s}\n", strconv.Quote(n.RegisterPageURL()))
	}
	if o.Faults {
		for _, f := range AllFaults {
			if u := n.FaultURL(f); u != "" {
				fmt.Fprintf(&b, "  - {name: %s, kind: feed, url: %s, language: en}\n", strconv.Quote("fault-"+string(f)), strconv.Quote(u))
			}
		}
	}
	return b.String()
}
