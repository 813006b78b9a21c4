package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newAlertsCmd) }

func newAlertsCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "alerts",
		Short: "List, retry and test alert deliveries",
		Long: `Alerts shows the alerts callwatch raised and the state of their delivery on each channel
(pending, delivered, or dead after alerts.max_attempts failures), resends dead ones, and
sends a test alert on a channel. docs/alerts.md describes what fires, the channels, the
JSON body, its signature and the idempotency key.`,
		Example: `  callwatch alerts list --failed
  callwatch alerts retry
  callwatch alerts test slack`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newAlertsListCmd(app), newAlertsRetryCmd(app), newAlertsTestCmd(app))
	return cmd
}

func newAlertsListCmd(app *App) *cobra.Command {
	var failed, pending bool
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List alerts with their delivery state on each channel",
		Long: `List prints every alert, oldest first: its id, when it was raised (UTC), its kind, the
entity, and for each channel the delivery state (with the next attempt's time, in UTC,
for a pending delivery that failed before), the number of attempts and the last error.
--failed keeps alerts with a dead delivery, --pending those with a delivery still to
make; both together keep either.`,
		Example: `  callwatch alerts list
  callwatch alerts list --failed
  callwatch alerts list --pending --format json | jq '.[].entity.name'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageError("invalid --format %q: want table or json", format)
			}
			ctx := cmd.Context()
			db, err := app.openReadStore(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			entries, err := db.Outbox(ctx, callwatch.OutboxFilter{})
			if err != nil {
				return err
			}
			var kept []callwatch.OutboxEntry
			for _, e := range entries {
				if keepEntry(e, failed, pending) {
					kept = append(kept, e)
				}
			}
			if format == "json" {
				return writeAlertsJSON(app.Stdout, kept)
			}
			return writeAlertsTable(app.Stdout, kept)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&failed, "failed", false, "only alerts with a dead (given up) delivery")
	f.BoolVar(&pending, "pending", false, "only alerts with a delivery still pending")
	f.StringVar(&format, "format", "table", "table or json")
	return cmd
}

// keepEntry applies --failed and --pending.
func keepEntry(e callwatch.OutboxEntry, failed, pending bool) bool {
	if !failed && !pending {
		return true
	}
	for _, d := range e.Deliveries {
		if (failed && d.State == callwatch.DeliveryDead) || (pending && d.State == callwatch.DeliveryPending) {
			return true
		}
	}
	return false
}

// alertRow is one alert of `alerts list --format json`.
type alertRow struct {
	ID         string              `json:"id"`
	Kind       callwatch.AlertKind `json:"kind"`
	Created    time.Time           `json:"created"`
	Entity     callwatch.Entity    `json:"entity"`
	Confidence float64             `json:"confidence"`
	ArticleURL string              `json:"article_url,omitempty"`
	FollowUp   bool                `json:"follow_up,omitempty"`
	Deliveries []deliveryRow       `json:"deliveries"`
}

// deliveryRow is one channel's delivery state in alertRow.
type deliveryRow struct {
	Channel     string                  `json:"channel"`
	State       callwatch.DeliveryState `json:"state"`
	Attempts    int                     `json:"attempts"`
	LastError   string                  `json:"last_error,omitempty"`
	LastAttempt time.Time               `json:"last_attempt,omitzero"`
	NextAttempt time.Time               `json:"next_attempt,omitzero"`
	DeliveredAt time.Time               `json:"delivered_at,omitzero"`
}

func writeAlertsJSON(w io.Writer, entries []callwatch.OutboxEntry) error {
	rows := make([]alertRow, 0, len(entries))
	for _, e := range entries {
		r := alertRow{ID: e.Alert.ID, Kind: e.Alert.Kind, Created: e.Alert.Created.UTC(), Entity: e.Alert.Entity,
			Confidence: e.Alert.Confidence, ArticleURL: e.Alert.Article.URL, FollowUp: e.Alert.FollowUp, Deliveries: []deliveryRow{}}
		for _, d := range e.Deliveries {
			r.Deliveries = append(r.Deliveries, deliveryRow{Channel: d.Channel, State: d.State, Attempts: d.Attempts, LastError: d.LastError,
				LastAttempt: d.LastAttempt.UTC(), NextAttempt: d.NextAttempt.UTC(), DeliveredAt: d.DeliveredAt.UTC()})
		}
		rows = append(rows, r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

func writeAlertsTable(w io.Writer, entries []callwatch.OutboxEntry) error {
	if len(entries) == 0 {
		_, err := fmt.Fprintln(w, "No alerts.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCREATED\tKIND\tENTITY\tCHANNEL\tSTATE\tATTEMPTS\tLAST ERROR")
	for _, e := range entries {
		a := e.Alert
		kind := string(a.Kind)
		if a.FollowUp {
			kind += " (follow-up)"
		}
		first := []string{a.ID, a.Created.UTC().Format("2006-01-02 15:04"), kind, cell(a.Entity.Name, 40)}
		if len(e.Deliveries) == 0 {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t-\t-\t-\t\n", first[0], first[1], first[2], first[3])
			continue
		}
		for i, d := range e.Deliveries {
			if i > 0 {
				first = []string{"", "", "", ""}
			}
			state := string(d.State)
			if d.State == callwatch.DeliveryPending && d.Attempts > 0 && !d.NextAttempt.IsZero() {
				state += " (next " + d.NextAttempt.UTC().Format("01-02 15:04") + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", first[0], first[1], first[2], first[3],
				cell(d.Channel, 24), state, d.Attempts, cell(d.LastError, 80))
		}
	}
	return tw.Flush()
}

// cell makes s safe and short for one table cell: no tabs or line breaks, at most n runes.
func cell(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return s
}

func newAlertsRetryCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "retry [ID]",
		Short: "Revive dead alert deliveries and deliver them now",
		Long: `Retry sets the dead deliveries of one alert (by id, or an unambiguous prefix of it), or of
every alert, back to pending with a fresh attempt count, then delivers every pending alert
that is due. It exits with status 1 if a delivery still fails.`,
		Example: `  callwatch alerts retry
  callwatch alerts retry 3f1c0a9e5b7d2c41`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			cfg, err := app.Config()
			if err != nil {
				return err
			}
			policy, err := app.alertPolicy(cfg)
			if err != nil {
				return err
			}
			db, err := app.OpenStore(ctx, policy)
			if err != nil {
				return err
			}
			defer db.Close()
			id := ""
			if len(args) == 1 {
				if id, err = resolveAlertID(ctx, db, args[0]); err != nil {
					return err
				}
			}
			revived, err := db.RetryAlert(ctx, id)
			if err != nil {
				return err
			}
			n, err := app.notifier(cfg, db)
			if err != nil {
				return err
			}
			stats, err := n.Deliver(ctx)
			if !app.Quiet || stats.Failed+stats.Dead > 0 {
				fmt.Fprintf(app.Stdout, "revived %d dead deliveries; sent %d, failed %d, dead %d, pending %d\n",
					revived, stats.Sent, stats.Failed, stats.Dead, stats.Pending)
			}
			if err != nil {
				return err
			}
			if stats.Failed+stats.Dead > 0 {
				return withCode(ExitPartial, errors.New("some deliveries failed: see callwatch alerts list --pending"))
			}
			return nil
		},
	}
	return cmd
}

// resolveAlertID returns the alert id that arg names: an id, or an unambiguous prefix.
func resolveAlertID(ctx context.Context, db callwatch.Store, arg string) (string, error) {
	exact, err := db.Outbox(ctx, callwatch.OutboxFilter{AlertID: arg})
	if err != nil {
		return "", err
	}
	if len(exact) == 1 {
		return arg, nil
	}
	all, err := db.Outbox(ctx, callwatch.OutboxFilter{})
	if err != nil {
		return "", err
	}
	var matches []string
	for _, e := range all {
		if arg != "" && strings.HasPrefix(e.Alert.ID, arg) {
			matches = append(matches, e.Alert.ID)
		}
	}
	switch len(matches) {
	case 0:
		return "", usageError("no alert %q: see callwatch alerts list", arg)
	case 1:
		return matches[0], nil
	}
	return "", usageError("%q is the start of %d alert ids: give more of it", arg, len(matches))
}

func newAlertsTestCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "test CHANNEL",
		Short: "Send a sample alert, marked as a test, on one channel",
		Long: `Test sends a sample alert on the named channel (see alerts.channels; unnamed channels are
named after their type) and reports whether the channel confirmed it. The sample says
it is a test ("test": true in JSON bodies, X-Callwatch-Test: true, a [TEST] prefix), has
an id of its own each time, and is not stored. The database is not opened.`,
		Example: `  callwatch alerts test webhook
  callwatch alerts test email --config callwatch.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := app.Config()
			if err != nil {
				return err
			}
			n, err := app.alertNotifier(cfg, nil)
			if err != nil {
				return err
			}
			known := false
			for _, name := range n.Channels() {
				known = known || name == args[0]
			}
			if !known {
				return usageError("no channel named %q (configured: %s)", args[0], strings.Join(n.Channels(), ", "))
			}
			if err := n.SendTest(cmd.Context(), args[0]); err != nil {
				return err
			}
			if !app.Quiet {
				fmt.Fprintf(app.Stdout, "sent a test alert on channel %s\n", args[0])
			}
			return nil
		},
	}
	return cmd
}
