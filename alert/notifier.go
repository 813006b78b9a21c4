package alert

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/callwatch/callwatch"
)

// sender sends one message on one channel. A nil error means the receiver confirmed it
// (HTTP 2xx, SMTP 250, exit status 0).
type sender interface {
	send(ctx context.Context, m message) error
}

// permanentError marks a failure that retrying within the same run will not fix (an HTTP
// 4xx other than 408 and 429, a command that does not exist). It still counts as one
// attempt and is retried by later runs until MaxAttempts.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// retryAfterError carries a receiver's Retry-After.
type retryAfterError struct {
	err   error
	after time.Duration
}

func (e *retryAfterError) Error() string { return e.err.Error() }
func (e *retryAfterError) Unwrap() error { return e.err }

// Notifier delivers the store's pending alerts on their channels. It implements
// callwatch.Notifier and is safe for concurrent use: Deliver calls are serialised, so two
// callers (a daemon's pass and its HTTP trigger) never send one delivery at once. Each
// channel is served by its own goroutine, alerts in order of creation; Deliver waits for
// all of them.
type Notifier struct {
	st       callwatch.Store
	o        Options
	channels map[string]Channel
	senders  map[string]sender
	running  sync.Mutex // serialises Deliver calls, so no delivery is sent twice at once

	// test hooks
	sleep     func(ctx context.Context, d time.Duration) error
	afterSend func(alertIDs []string, channel string) // after a confirmed send, before it is recorded
	tlsConfig *tls.Config                             // email: trust a test CA
}

var _ callwatch.Notifier = (*Notifier)(nil)

// NewNotifier returns a notifier that delivers st's outbox on o.Channels (a log channel
// when there is none). It checks the options; nothing is sent or read until Deliver.
// st may be nil for a notifier that only sends tests (SendTest); Deliver then fails.
func NewNotifier(st callwatch.Store, o Options) (*Notifier, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	o = o.withDefaults()
	n := &Notifier{
		st:       st,
		o:        o,
		channels: map[string]Channel{},
		senders:  map[string]sender{},
		sleep:    sleepCtx,
	}
	for _, ch := range o.Channels {
		n.channels[ch.Name] = ch
		n.senders[ch.Name] = n.newSender(ch)
	}
	return n, nil
}

func (n *Notifier) newSender(ch Channel) sender {
	switch ch.Type {
	case TypeWebhook:
		return newWebhook(ch)
	case TypeSlack:
		return newSlack(ch)
	case TypeTeams:
		return newTeams(ch)
	case TypeEmail:
		return &emailSender{ch: ch, n: n}
	case TypeExec:
		return newExec(ch)
	default:
		return &logSender{ch: ch, logger: n.o.Logger}
	}
}

// Channels returns the names of the notifier's channels, in configuration order.
func (n *Notifier) Channels() []string {
	names := make([]string, len(n.o.Channels))
	for i, ch := range n.o.Channels {
		names[i] = ch.Name
	}
	return names
}

// job is one message to send on one channel and the deliveries it settles.
type job struct {
	msg   message
	items []item
}

// item is one alert's delivery on the job's channel, as read from the outbox.
type item struct {
	alert callwatch.Alert
	d     callwatch.Delivery
}

// Deliver sends every pending delivery that is due, records each outcome and returns the
// counts. Failed sends are retried up to AttemptsPerRun times within the call (waiting
// RunBackoff, doubling), then left for a later run at now + backoff; after MaxAttempts
// failures a delivery is dead. Once a channel has failed a message, its next messages get
// one attempt each in this call, and after three failed messages in a row the rest wait,
// untried, for the next run. When ctx ends, Deliver stops, leaves the rest pending and
// returns ctx's error. Deliveries on channels the configuration no longer names stay
// pending (and are logged).
//
// In the returned stats, Sent counts deliveries confirmed in this call; Failed counts
// failed attempts that will be retried (one delivery may fail several times in one call);
// Dead counts deliveries given up in this call; Pending counts every delivery still
// pending in the outbox afterwards, due or not, including those that failed in this call.
func (n *Notifier) Deliver(ctx context.Context) (callwatch.DeliveryStats, error) {
	if n.st == nil {
		return callwatch.DeliveryStats{}, errors.New("alert: Deliver needs a store")
	}
	n.running.Lock()
	defer n.running.Unlock()
	now := n.o.Now()
	entries, err := n.st.Outbox(ctx, callwatch.OutboxFilter{DueBy: now})
	if err != nil {
		return callwatch.DeliveryStats{}, fmt.Errorf("alert: reading the outbox: %w", err)
	}
	byChannel := map[string][]item{}
	var order []string
	unknown := map[string]int{}
	for _, e := range entries {
		for _, d := range e.Deliveries {
			if d.State != callwatch.DeliveryPending || (!d.NextAttempt.IsZero() && d.NextAttempt.After(now)) {
				continue
			}
			if _, ok := n.channels[d.Channel]; !ok {
				unknown[d.Channel]++
				continue
			}
			if _, ok := byChannel[d.Channel]; !ok {
				order = append(order, d.Channel)
			}
			byChannel[d.Channel] = append(byChannel[d.Channel], item{alert: e.Alert, d: d})
		}
	}
	for name, count := range unknown {
		n.o.Logger.Warn("alert deliveries wait for a channel that is not configured", "channel", name, "pending", count)
	}

	var (
		mu    sync.Mutex
		stats callwatch.DeliveryStats
		errs  []error
		wg    sync.WaitGroup
	)
	for _, name := range order {
		wg.Go(func() {
			s, err := n.deliverChannel(ctx, n.channels[name], byChannel[name])
			mu.Lock()
			defer mu.Unlock()
			stats.Sent += s.Sent
			stats.Failed += s.Failed
			stats.Dead += s.Dead
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	stats.Pending = n.countPending(ctx)
	if ctx.Err() != nil {
		return stats, ctx.Err()
	}
	return stats, errors.Join(errs...)
}

// countPending counts the pending deliveries left in the outbox, due or not.
func (n *Notifier) countPending(ctx context.Context) int {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	entries, err := n.st.Outbox(ctx, callwatch.OutboxFilter{State: callwatch.DeliveryPending})
	if err != nil {
		n.o.Logger.Warn("counting pending alert deliveries", "error", err)
		return 0
	}
	count := 0
	for _, e := range entries {
		for _, d := range e.Deliveries {
			if d.State == callwatch.DeliveryPending {
				count++
			}
		}
	}
	return count
}

// deliverChannel sends one channel's due deliveries: one message each, or one digest.
func (n *Notifier) deliverChannel(ctx context.Context, ch Channel, items []item) (callwatch.DeliveryStats, error) {
	var jobs []job
	if ch.Digest {
		alerts := make([]callwatch.Alert, len(items))
		for i, it := range items {
			alerts[i] = it.alert
		}
		jobs = []job{{msg: newMessage(ch.Name, true, alerts...), items: items}}
	} else {
		for _, it := range items {
			jobs = append(jobs, job{msg: newMessage(ch.Name, false, it.alert), items: []item{it}})
		}
	}
	var stats callwatch.DeliveryStats
	failedJobs := 0 // consecutive messages the channel did not take
	for i, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		if failedJobs >= channelDownAfter {
			left := 0
			for _, j := range jobs[i:] {
				left += len(j.items)
			}
			n.o.Logger.Warn("alert channel seems down: leaving its other deliveries for the next run",
				"channel", ch.Name, "failed_in_a_row", failedJobs, "left", left)
			break
		}
		attempts := n.o.AttemptsPerRun
		if failedJobs > 0 {
			attempts = 1 // the channel just failed: don't spend the run's time retrying it
		}
		s, err := n.runJob(ctx, ch, j, attempts)
		stats.Sent += s.Sent
		stats.Failed += s.Failed
		stats.Dead += s.Dead
		if err != nil {
			return stats, err
		}
		if s.Sent > 0 {
			failedJobs = 0
		} else if s.Failed+s.Dead > 0 {
			failedJobs++
		}
	}
	return stats, nil
}

// channelDownAfter is how many messages in a row a channel may fail in one run before
// Deliver leaves its remaining deliveries, untried, for the next run. It bounds the time
// a run spends on a channel that is down (each failed message costs its timeout).
const channelDownAfter = 3

// runJob sends one message with up to attempts attempts, recording each outcome. It
// returns an error only when the store cannot record an outcome.
func (n *Notifier) runJob(ctx context.Context, ch Channel, j job, attempts int) (callwatch.DeliveryStats, error) {
	var stats callwatch.DeliveryStats
	wait := n.o.RunBackoff
	for attempt := 1; ; attempt++ {
		err := n.sendOnce(ctx, ch, j.msg)
		if err != nil && ctx.Err() != nil {
			// Interrupted: not the channel's fault, so not an attempt. It stays pending.
			return stats, nil
		}
		now := n.o.Now()
		if err == nil {
			if n.afterSend != nil {
				n.afterSend(alertIDs(j.items), ch.Name)
			}
			for i := range j.items {
				d := &j.items[i].d
				d.Attempts++
				d.State = callwatch.DeliveryDelivered
				d.LastAttempt = now
				d.DeliveredAt = now
				d.NextAttempt = time.Time{}
				d.LastError = ""
				if rerr := n.record(ctx, j.items[i].alert.ID, *d); rerr != nil {
					return stats, rerr
				}
				stats.Sent++
				n.o.Logger.Info("alert delivered", "channel", ch.Name, "alert_id", j.items[i].alert.ID,
					"kind", j.items[i].alert.Kind, "entity", j.items[i].alert.Entity.Name, "attempts", d.Attempts)
			}
			return stats, nil
		}
		dead := 0
		for i := range j.items {
			d := &j.items[i].d
			d.Attempts++
			d.LastAttempt = now
			d.LastError = truncate(oneLine(err.Error()), 500)
			if d.Attempts >= n.o.MaxAttempts {
				d.State = callwatch.DeliveryDead
				d.NextAttempt = time.Time{}
				dead++
			} else {
				d.NextAttempt = now.Add(n.backoff(d.Attempts, err))
			}
			if rerr := n.record(ctx, j.items[i].alert.ID, *d); rerr != nil {
				return stats, rerr
			}
			if d.State == callwatch.DeliveryDead {
				stats.Dead++
				n.o.Logger.Error("alert delivery dead-lettered", "channel", ch.Name, "alert_id", j.items[i].alert.ID,
					"entity", j.items[i].alert.Entity.Name, "attempts", d.Attempts, "error", d.LastError)
			} else {
				stats.Failed++
				n.o.Logger.Warn("alert delivery failed", "channel", ch.Name, "alert_id", j.items[i].alert.ID,
					"entity", j.items[i].alert.Entity.Name, "attempts", d.Attempts, "next_attempt", d.NextAttempt, "error", d.LastError)
			}
		}
		if dead == len(j.items) || attempt >= attempts {
			return stats, nil
		}
		var perm *permanentError
		if errors.As(err, &perm) {
			return stats, nil
		}
		w := wait
		var ra *retryAfterError
		if errors.As(err, &ra) {
			if ra.after > n.o.Backoff {
				return stats, nil // the receiver asks for more patience than a run has
			}
			w = max(w, ra.after)
		}
		if n.sleep(ctx, w) != nil {
			return stats, nil
		}
		wait = min(wait*2, n.o.Backoff)
	}
}

// sendOnce sends m with the channel's timeout.
func (n *Notifier) sendOnce(ctx context.Context, ch Channel, m message) error {
	timeout := ch.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
		if ch.Type == TypeExec {
			timeout = DefaultExecTimeout
		}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := n.senders[ch.Name].send(ctx, m)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%s: timeout after %s: %w", ch.Type, timeout, err)
	}
	return err
}

// record stores one delivery outcome. It uses a context that survives ctx's cancellation
// for a few seconds, so an outcome already obtained is not thrown away by an interrupt.
func (n *Notifier) record(ctx context.Context, alertID string, d callwatch.Delivery) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := n.st.RecordDelivery(rctx, alertID, d); err != nil {
		return fmt.Errorf("alert: recording delivery of %s on %s: %w", alertID, d.Channel, err)
	}
	return nil
}

// backoff returns the wait before attempt number attempts+1 in a later run: Backoff
// doubled per failed attempt, capped at MaxBackoff, with "equal jitter" (between half and
// all of it) so that many failing alerts do not all retry at once. A longer Retry-After
// from the receiver wins, up to MaxBackoff.
func (n *Notifier) backoff(attempts int, err error) time.Duration {
	d := n.o.Backoff
	for i := 1; i < attempts && d < n.o.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, n.o.MaxBackoff)
	half := d / 2
	d = half + rand.N(d-half+1)
	var ra *retryAfterError
	if errors.As(err, &ra) && ra.after > d {
		d = min(ra.after, n.o.MaxBackoff)
	}
	return d
}

// SendTest sends a sample alert, marked as a test, on the named channel, once, and returns
// the channel's error. Nothing is stored.
func (n *Notifier) SendTest(ctx context.Context, channel string) error {
	ch, ok := n.channels[channel]
	if !ok {
		return fmt.Errorf("alert: no channel named %q (configured: %v)", channel, n.Channels())
	}
	err := n.sendOnce(ctx, ch, newMessage(ch.Name, ch.Digest, SampleAlert(n.o.Now())))
	if err != nil {
		return fmt.Errorf("alert: test on channel %s: %w", ch.Name, err)
	}
	return nil
}

// SampleAlert returns the sample alert of `callwatch alerts test`: a reported signatory
// marked Test, with an ID unique to now so that receivers do not drop it as a repeat.
func SampleAlert(now time.Time) callwatch.Alert {
	now = now.UTC()
	return callwatch.Alert{
		ID:         callwatch.AlertID(callwatch.AlertTest, "test:"+now.Format(time.RFC3339Nano)),
		Kind:       callwatch.AlertTest,
		Created:    now,
		Entity:     callwatch.Entity{ID: "test:example-org", Name: "Example Organisation (test)", Category: callwatch.CategoryCivilSociety, Country: "FRA"},
		Stance:     callwatch.FindingSigned,
		Confidence: 1,
		Evidence:   "This is a test alert sent by `callwatch alerts test`: Example Organisation has signed the Paris Call for Trust and Security in Cyberspace.",
		Rule:       "test",
		Article: callwatch.ArticleRef{
			ID: "test", Title: "Test alert from callwatch", URL: "https://example.org/callwatch-test",
			Outlet: "example.org", Published: now, Language: "en",
		},
		Outlets: []string{"example.org"},
		Test:    true,
	}
}

func alertIDs(items []item) []string {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.alert.ID
	}
	return ids
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// logAttrs are the slog attributes of an alert, shared by the log channel and diagnostics.
func logAttrs(a callwatch.Alert) []any {
	return []any{
		slog.String("alert_id", a.ID), slog.String("kind", string(a.Kind)),
		slog.String("entity", a.Entity.Name), slog.String("entity_id", a.Entity.ID),
		slog.String("category", string(a.Entity.Category)), slog.String("country", a.Entity.Country),
		slog.String("stance", string(a.Stance)), slog.Float64("confidence", a.Confidence),
		slog.String("article_url", a.Article.URL), slog.String("outlet", a.Article.Outlet),
		slog.Any("outlets", a.Outlets), slog.Bool("confirmed", a.Confirmed),
		slog.Bool("follow_up", a.FollowUp), slog.Bool("test", a.Test),
		slog.String("evidence", oneLine(a.Evidence)),
	}
}
