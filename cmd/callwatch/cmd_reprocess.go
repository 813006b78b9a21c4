package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/callwatch/callwatch"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newReprocessCmd) }

// reprocessReport is what `callwatch reprocess` did; --format json prints it as is.
type reprocessReport struct {
	Articles        int                           `json:"articles"`         // articles scanned
	Changed         int                           `json:"articles_changed"` // articles whose findings changed
	Added           map[callwatch.FindingKind]int `json:"findings_added"`
	Removed         map[callwatch.FindingKind]int `json:"findings_removed"`
	NewSignatories  int                           `json:"new_signatories"`
	StatusChanges   int                           `json:"status_changes"`
	AlertsEnqueued  int                           `json:"alerts_enqueued"`
	AlertsDelivered int                           `json:"alerts_delivered"`
	DryRun          bool                          `json:"dry_run,omitempty"`
}

func newReprocessCmd(app *App) *cobra.Command {
	var dryRun, noDeliver bool
	var format string
	cmd := &cobra.Command{
		Use:   "reprocess [--dry-run] [--no-deliver] [--format text|json]",
		Short: "Re-run detection over every stored article after the rules changed",
		Long: `Run the current detector again over every article in the database and replace the
findings of each article whose findings changed. Signatories are updated from the new
findings; an entity found for the first time raises the alerts your alert policy asks for,
but an entity already alerted is never alerted again (the database records every alert
raised). The alerts raised are then delivered, as by 'callwatch run', unless --no-deliver.

With --dry-run nothing is written: the counts say what would change.

It prints how many articles were scanned and changed, the findings added and removed by
kind, and the new signatories, status changes and alerts. Exit status: 0, or 1 when a
delivery failed, 75 when another process holds the database.`,
		Example: `  callwatch reprocess --dry-run
  callwatch reprocess
  callwatch reprocess --no-deliver --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageError("invalid --format %q: want text or json", format)
			}
			ctx := cmd.Context()
			cfg, err := app.Config()
			if err != nil {
				return err
			}
			policy, err := app.alertPolicy(cfg)
			if err != nil {
				return err
			}
			det, err := app.detector()
			if err != nil {
				return err
			}
			db, err := app.OpenStore(ctx, policy)
			if err != nil {
				return err
			}
			defer db.Close()
			rep := reprocessReport{Added: map[callwatch.FindingKind]int{}, Removed: map[callwatch.FindingKind]int{}, DryRun: dryRun}
			var all callwatch.Changes
			err = db.ScanArticles(ctx, func(art *callwatch.Article) error {
				rep.Articles++
				found := det.Detect(art.Document())
				added, removed := diffFindings(art.Findings, found)
				if len(added)+len(removed) == 0 {
					return nil
				}
				rep.Changed++
				for _, f := range added {
					rep.Added[f.Kind]++
				}
				for _, f := range removed {
					rep.Removed[f.Kind]++
				}
				app.Logger.Debug("findings changed", "article_url", art.URL, "added", len(added), "removed", len(removed))
				if dryRun {
					return nil
				}
				ch, err := db.ReplaceFindings(ctx, art.ID, found)
				if err != nil {
					return fmt.Errorf("article %s: %w", art.URL, err)
				}
				all.Merge(ch)
				return nil
			})
			if err != nil {
				return err
			}
			rep.NewSignatories, rep.StatusChanges, rep.AlertsEnqueued = len(all.NewSignatories), len(all.StatusChanges), len(all.Alerts)
			var deliverErr error
			if !dryRun && !noDeliver && len(all.Alerts) > 0 {
				n, err := app.notifier(cfg, db)
				if err != nil {
					return err
				}
				stats, err := n.Deliver(ctx)
				rep.AlertsDelivered = stats.Sent
				switch {
				case err != nil:
					deliverErr = err
				case stats.Failed+stats.Dead > 0:
					deliverErr = withCode(ExitPartial, errors.New("some deliveries failed: see callwatch alerts list --pending"))
				}
			}
			if format == "json" {
				enc := json.NewEncoder(app.Stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return err
				}
			} else if !app.Quiet {
				printReprocess(app.Stdout, rep)
			}
			return deliverErr
		},
	}
	f := cmd.Flags()
	f.BoolVar(&dryRun, "dry-run", false, "count what would change, write nothing")
	f.BoolVar(&noDeliver, "no-deliver", false, "enqueue the alerts raised but do not deliver them now")
	f.StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// findingKey identifies a finding for the comparison of old and new findings: what it says
// and where, not its confidence wording.
func findingKey(f callwatch.Finding) string {
	id := ""
	if f.Entity != nil {
		id = f.Entity.ID
	}
	return fmt.Sprintf("%s|%s|%s|%s|%s|%d|%d|%.2f", f.Kind, f.Strength, id, f.Rule, f.Field, f.Start, f.End, f.Confidence)
}

// diffFindings returns the findings of now that were not in before, and those of before
// that are not in now (as multisets).
func diffFindings(before, now []callwatch.Finding) (added, removed []callwatch.Finding) {
	count := map[string]int{}
	for _, f := range before {
		count[findingKey(f)]++
	}
	for _, f := range now {
		k := findingKey(f)
		if count[k] > 0 {
			count[k]--
			continue
		}
		added = append(added, f)
	}
	left := map[string]int{}
	for _, f := range now {
		left[findingKey(f)]++
	}
	for _, f := range before {
		k := findingKey(f)
		if left[k] > 0 {
			left[k]--
			continue
		}
		removed = append(removed, f)
	}
	return added, removed
}

// printReprocess writes the text summary.
func printReprocess(w io.Writer, rep reprocessReport) {
	verb := "changed"
	if rep.DryRun {
		verb = "would change"
	}
	fmt.Fprintf(w, "%d articles scanned, %d %s\n", rep.Articles, rep.Changed, verb)
	fmt.Fprintf(w, "findings added: %s; removed: %s\n", kindCounts(rep.Added), kindCounts(rep.Removed))
	if !rep.DryRun {
		fmt.Fprintf(w, "%d new signatories, %d status changes, %d alerts raised, %d delivered\n",
			rep.NewSignatories, rep.StatusChanges, rep.AlertsEnqueued, rep.AlertsDelivered)
	}
}

func kindCounts(m map[callwatch.FindingKind]int) string {
	var parts []string
	for _, k := range callwatch.FindingKinds {
		if n := m[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
