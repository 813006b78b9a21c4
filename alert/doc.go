// Package alert decides which changes deserve an alert and delivers alerts, once, on
// webhook, Slack, Teams, email, exec and log channels.
//
// # Policy
//
// Policy implements callwatch.AlertPolicy. The store calls Decide inside the write
// transaction that records a change, and enqueues the alerts it returns in its outbox in
// that same transaction: an alert is committed with the news that raised it, or not at all.
// Decide is pure and cheap (map look-ups, no allocation beyond the alert), so it can run
// in every transaction. What fires:
//
//   - reported: the news says an entity signed, with confidence >= MinConfidence and at
//     least MinSources distinct outlets, and the entity is not known (baseline, official
//     register, or alerted already);
//   - confirmed: an entry appears in the official register between two snapshots; if the
//     news reported it first, the alert is a follow-up of that report (FollowUp, ReportedAt);
//   - declined (states and verified companies only), announced and removed: only when
//     Options.Kinds enables them.
//
// Alert IDs are stable (callwatch.AlertID of kind and entity), and an entity gets at most
// one alert of each kind: later articles add evidence to the store, never a second alert.
//
// # Delivery
//
// Notifier implements callwatch.Notifier. Deliver reads the due pending deliveries from the
// outbox after the commit, sends each on its channel (one goroutine per channel, alerts in
// order of creation), and records every outcome with Store.RecordDelivery. A failed send is
// retried AttemptsPerRun times in the run (RunBackoff, doubling), then left for later runs
// with a capped exponential backoff with jitter (Backoff doubling up to MaxBackoff); after
// MaxAttempts failures the delivery is dead until `callwatch alerts retry`. A crash between
// a send and its record resends on the next run with the same idempotency key
// (callwatch.IdempotencyKey of alert and channel): webhook receivers drop repeats by the
// Idempotency-Key header, mail clients by Message-ID. Nothing is deleted: an alert stays
// pending until its channel confirms it (HTTP 2xx, SMTP 250, exit status 0).
//
// A channel that is down does not hold a run up: after it fails a message, its next
// messages get one attempt each, and after three failed messages in a row the rest wait,
// untried, for the next run. Deliver calls are serialised, so no delivery is sent twice
// at once by one process. Channels with Digest send one message per run listing every due
// alert. A delivery for a channel the configuration no longer names stays pending.
//
// # Costs
//
// One outbox read per Deliver, one RecordDelivery write per outcome, one HTTP request,
// SMTP session or process per message. Each send has a timeout (Channel.Timeout, default
// 15 s; 30 s for exec). Defaults: 10 attempts, 30 s first backoff, 6 h cap, 3 attempts per
// run one second apart.
//
// # Libraries
//
// Email goes through github.com/wneessen/go-mail (v0.8.1; v0.8.2 needs a newer Go): a
// maintained SMTP client with STARTTLS, implicit TLS, SASL mechanisms (SCRAM, CRAM-MD5,
// PLAIN, LOGIN) and correct MIME encoding of headers, no dependencies beyond x/crypto and
// x/text. net/smtp is frozen and lacks SMTPS and modern authentication. Everything else is
// the standard library: net/http for webhooks, Slack and Teams, os/exec, log/slog,
// crypto/hmac, html/template (the HTML part escapes everything from an article).
package alert
