package alert

import (
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
)

// Channel types.
const (
	TypeWebhook = "webhook" // POST of the JSON body, signed with HMAC-SHA256
	TypeSlack   = "slack"   // a Slack incoming webhook (Block Kit message)
	TypeTeams   = "teams"   // a Microsoft Teams incoming webhook / workflow (Adaptive Card)
	TypeEmail   = "email"   // SMTP, text and HTML parts
	TypeExec    = "exec"    // a command that reads the JSON body on stdin
	TypeLog     = "log"     // a structured log line (the default channel)
)

// ChannelTypes lists every channel type, in documentation order.
var ChannelTypes = []string{TypeWebhook, TypeSlack, TypeTeams, TypeEmail, TypeExec, TypeLog}

// TLS modes of an email channel.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, which is required (default)
	TLSImplicit = "tls"      // TLS from the first byte (SMTPS, usually port 465)
	TLSNone     = "none"     // no encryption: only for a relay on loopback or a trusted network
)

// Defaults applied by NewPolicy and NewNotifier to zero fields.
const (
	DefaultMaxAttempts    = 10
	DefaultBackoff        = 30 * time.Second
	DefaultMaxBackoff     = 6 * time.Hour
	DefaultAttemptsPerRun = 3
	DefaultRunBackoff     = time.Second
	DefaultTimeout        = 15 * time.Second // per send, on channels without a Timeout
	DefaultExecTimeout    = 30 * time.Second
)

// DefaultKinds are the alert kinds raised when Options.Kinds is empty.
var DefaultKinds = []callwatch.AlertKind{callwatch.AlertReported, callwatch.AlertConfirmed}

// Options configures the alert policy and the notifier. Secrets are resolved already (the
// configuration loader reads secret_file and password_file).
type Options struct {
	// Baseline lists the entity IDs known already (alerts.baseline): never alerted as
	// reported, confirmed or announced.
	Baseline []string
	// MinConfidence is the lowest stance confidence that raises a news alert (reported,
	// declined, announced). Zero accepts any confidence.
	MinConfidence float64
	// MinSources is the number of distinct outlets that must report the same entity and
	// stance before a news alert fires. Zero means 1.
	MinSources int
	// Kinds are the alert kinds raised. Empty means DefaultKinds (reported and confirmed).
	Kinds []callwatch.AlertKind
	// Channels deliver the alerts. Empty means one channel named "log" of type log.
	Channels []Channel
	// MaxAttempts is the number of failed attempts on one channel after which a delivery is
	// dead-lettered. Zero means DefaultMaxAttempts.
	MaxAttempts int
	// Backoff is the wait before the next run retries a failed delivery; it doubles with
	// every failed attempt (with jitter) up to MaxBackoff. Zero means DefaultBackoff.
	Backoff time.Duration
	// MaxBackoff caps Backoff. Zero means DefaultMaxBackoff.
	MaxBackoff time.Duration
	// AttemptsPerRun is how many times one Deliver call tries a delivery before leaving it
	// to a later run. Zero means DefaultAttemptsPerRun.
	AttemptsPerRun int
	// RunBackoff is the wait between the attempts of one Deliver call; it doubles with every
	// attempt and never exceeds Backoff. Zero means DefaultRunBackoff.
	RunBackoff time.Duration
	// Logger receives diagnostics and the log channel's lines. Nil discards them.
	Logger *slog.Logger
	// Now is the clock. Nil means time.Now.
	Now func() time.Time
}

// Channel is one way of delivering alerts, with its own filters.
type Channel struct {
	Name          string                // unique; the configuration loader defaults it to the type
	Type          string                // webhook | slack | teams | email | exec | log
	URL           string                // webhook, slack, teams
	Secret        string                // webhook: the HMAC-SHA256 key of X-Callwatch-Signature
	Kinds         []callwatch.AlertKind // empty: every kind the policy raises
	MinConfidence float64               // alerts below it are not sent on this channel
	Digest        bool                  // one message per run listing every due alert
	Timeout       time.Duration         // per send; zero means DefaultTimeout (DefaultExecTimeout for exec)

	// email
	SMTPHost string
	SMTPPort int    // zero: 587 for starttls, 465 for tls, 25 for none
	TLS      string // starttls (default) | tls | none
	Username string // empty: no authentication
	Password string
	From     string
	To       []string

	// exec
	Command []string // program and arguments, run without a shell
}

// withDefaults returns o with every zero field set to its default.
func (o Options) withDefaults() Options {
	if o.MinSources <= 0 {
		o.MinSources = 1
	}
	if len(o.Kinds) == 0 {
		o.Kinds = slices.Clone(DefaultKinds)
	}
	if len(o.Channels) == 0 {
		o.Channels = []Channel{{Name: TypeLog, Type: TypeLog}}
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Backoff <= 0 {
		o.Backoff = DefaultBackoff
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.MaxBackoff < o.Backoff {
		o.MaxBackoff = o.Backoff
	}
	if o.AttemptsPerRun <= 0 {
		o.AttemptsPerRun = DefaultAttemptsPerRun
	}
	if o.RunBackoff <= 0 {
		o.RunBackoff = DefaultRunBackoff
	}
	if o.RunBackoff > o.Backoff {
		o.RunBackoff = o.Backoff
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Validate reports the first problem with the options: an unknown kind, a channel without
// what its type needs, or two channels with one name.
func (o Options) Validate() error {
	for _, k := range o.Kinds {
		if !validKind(k) {
			return fmt.Errorf("alert: unknown alert kind %q (want %s)", k, kindList())
		}
	}
	if o.MinConfidence < 0 || o.MinConfidence > 1 {
		return fmt.Errorf("alert: min_confidence %v is outside [0, 1]", o.MinConfidence)
	}
	seen := map[string]bool{}
	for i, ch := range o.Channels {
		if err := ch.validate(); err != nil {
			return fmt.Errorf("alert: channel %d (%s): %w", i+1, ch.Name, err)
		}
		if seen[ch.Name] {
			return fmt.Errorf("alert: two channels are named %q", ch.Name)
		}
		seen[ch.Name] = true
	}
	return nil
}

func (ch Channel) validate() error {
	if ch.Name == "" {
		return fmt.Errorf("no name")
	}
	for _, k := range ch.Kinds {
		if !validKind(k) {
			return fmt.Errorf("unknown alert kind %q (want %s)", k, kindList())
		}
	}
	if ch.MinConfidence < 0 || ch.MinConfidence > 1 {
		return fmt.Errorf("min_confidence %v is outside [0, 1]", ch.MinConfidence)
	}
	if ch.Timeout < 0 {
		return fmt.Errorf("negative timeout")
	}
	switch ch.Type {
	case TypeWebhook, TypeSlack, TypeTeams:
		if ch.URL == "" {
			return fmt.Errorf("%s channel needs a url", ch.Type)
		}
		if !strings.HasPrefix(ch.URL, "https://") && !strings.HasPrefix(ch.URL, "http://") {
			return fmt.Errorf("url %q must start with https:// or http://", ch.URL)
		}
	case TypeEmail:
		if ch.SMTPHost == "" {
			return fmt.Errorf("email channel needs smtp_host")
		}
		if ch.From == "" || len(ch.To) == 0 {
			return fmt.Errorf("email channel needs from and to")
		}
		if ch.SMTPPort < 0 || ch.SMTPPort > 65535 {
			return fmt.Errorf("smtp_port %d is out of range", ch.SMTPPort)
		}
		switch ch.TLS {
		case "", TLSStartTLS, TLSImplicit, TLSNone:
		default:
			return fmt.Errorf("tls %q: want starttls, tls or none", ch.TLS)
		}
		if ch.Password != "" && ch.Username == "" {
			return fmt.Errorf("email channel has a password but no username")
		}
	case TypeExec:
		if len(ch.Command) == 0 || ch.Command[0] == "" {
			return fmt.Errorf("exec channel needs a command")
		}
	case TypeLog:
	default:
		return fmt.Errorf("unknown type %q (want %s)", ch.Type, strings.Join(ChannelTypes, ", "))
	}
	return nil
}

func validKind(k callwatch.AlertKind) bool {
	return k != callwatch.AlertTest && slices.Contains(callwatch.AlertKinds, k)
}

func kindList() string {
	var s []string
	for _, k := range callwatch.AlertKinds {
		if k != callwatch.AlertTest {
			s = append(s, string(k))
		}
	}
	return strings.Join(s, ", ")
}

// accepts reports whether the channel's filters let the alert through. A follow-up
// confirmation goes to every channel that takes reported alerts, so whoever heard the
// report also hears the confirmation.
func (ch Channel) accepts(a callwatch.Alert) bool {
	if a.Confidence < ch.MinConfidence {
		return false
	}
	if len(ch.Kinds) == 0 || slices.Contains(ch.Kinds, a.Kind) {
		return true
	}
	return a.FollowUp && slices.Contains(ch.Kinds, callwatch.AlertReported)
}
