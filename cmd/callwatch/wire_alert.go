package main

import (
	"fmt"
	"os"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/alert"
	"github.com/callwatch/callwatch/config"
	"github.com/callwatch/callwatch/detect"
)

// alertOptions turns the alerts section of the configuration into alert.Options: the
// baseline ("embedded": the official list shipped in the binary; "none"; or a CSV path read
// with detect.ReadSupporters), the kinds, the retry settings and the channels (unnamed
// channels are named after their type, numbered if repeated).
func (a *App) alertOptions(cfg *config.Config) (alert.Options, error) {
	c := cfg.Alerts
	baseline, err := loadBaseline(c.Baseline)
	if err != nil {
		return alert.Options{}, err
	}
	o := alert.Options{
		Baseline:      baseline,
		MinConfidence: c.MinConfidence,
		MinSources:    c.MinSources,
		MaxAttempts:   c.MaxAttempts,
		Backoff:       c.Backoff.Std(),
		MaxBackoff:    c.MaxBackoff.Std(),
		Logger:        a.Logger,
	}
	if o.Kinds, err = alertKinds(c.Kinds, "alerts.kinds"); err != nil {
		return alert.Options{}, err
	}
	names := map[string]bool{}
	for _, ch := range c.Channels {
		if ch.Name != "" {
			names[ch.Name] = true
		}
	}
	count := map[string]int{}
	for i, ch := range c.Channels {
		name := ch.Name
		if name == "" {
			count[ch.Type]++
			name = ch.Type
			if n := count[ch.Type]; n > 1 {
				name = fmt.Sprintf("%s-%d", ch.Type, n)
			}
			for names[name] {
				count[ch.Type]++
				name = fmt.Sprintf("%s-%d", ch.Type, count[ch.Type])
			}
			names[name] = true
		}
		kinds, err := alertKinds(ch.Kinds, fmt.Sprintf("alerts.channels[%d].kinds", i))
		if err != nil {
			return alert.Options{}, err
		}
		o.Channels = append(o.Channels, alert.Channel{
			Name: name, Type: ch.Type, URL: ch.URL, Secret: ch.Secret, Kinds: kinds,
			MinConfidence: ch.MinConfidence, Digest: ch.Digest, Timeout: ch.Timeout.Std(),
			SMTPHost: ch.SMTPHost, SMTPPort: ch.SMTPPort, TLS: ch.TLS, Username: ch.Username,
			Password: ch.Password, From: ch.From, To: ch.To, Command: ch.Command,
		})
	}
	if err := o.Validate(); err != nil {
		return alert.Options{}, usageError("%v", err)
	}
	return o, nil
}

// alertPolicy returns the alert policy the store applies inside its write transactions.
func (a *App) alertPolicy(cfg *config.Config) (callwatch.AlertPolicy, error) {
	o, err := a.alertOptions(cfg)
	if err != nil {
		return nil, err
	}
	return alert.NewPolicy(o), nil
}

// notifier returns the notifier that delivers st's outbox on the configured channels.
func (a *App) notifier(cfg *config.Config, st callwatch.Store) (callwatch.Notifier, error) {
	return a.alertNotifier(cfg, st)
}

// alertNotifier is notifier with the concrete type, for `callwatch alerts test`.
func (a *App) alertNotifier(cfg *config.Config, st callwatch.Store) (*alert.Notifier, error) {
	o, err := a.alertOptions(cfg)
	if err != nil {
		return nil, err
	}
	n, err := alert.NewNotifier(st, o)
	if err != nil {
		return nil, usageError("%v", err)
	}
	return n, nil
}

// loadBaseline returns the entity IDs of alerts.baseline.
func loadBaseline(baseline string) ([]string, error) {
	var entries []callwatch.RegisterEntry
	switch baseline {
	case "", "embedded":
		entries = detect.Supporters()
	case "none":
		return nil, nil
	default:
		f, err := os.Open(baseline)
		if err != nil {
			return nil, usageError("alerts.baseline: %v", err)
		}
		defer f.Close()
		if entries, err = detect.ReadSupporters(f); err != nil {
			return nil, usageError("alerts.baseline %s: %v", baseline, err)
		}
	}
	ids := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.EntityID != "" {
			ids = append(ids, e.EntityID)
		}
	}
	return ids, nil
}

// alertKinds converts configured kind names; where names the option in errors.
func alertKinds(names []string, where string) ([]callwatch.AlertKind, error) {
	var kinds []callwatch.AlertKind
	for _, s := range names {
		k := callwatch.AlertKind(s)
		if k == callwatch.AlertTest || !validAlertKind(k) {
			return nil, usageError("%s: unknown alert kind %q (want reported, confirmed, declined, announced or removed)", where, s)
		}
		kinds = append(kinds, k)
	}
	return kinds, nil
}

func validAlertKind(k callwatch.AlertKind) bool {
	for _, v := range callwatch.AlertKinds {
		if v == k {
			return true
		}
	}
	return false
}
