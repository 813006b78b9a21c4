package main

import (
	"time"

	"github.com/callwatch/callwatch/report"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newMentionsCmd) }

func newMentionsCmd(app *App) *cobra.Command {
	var ff findingFlags
	cmd := &cobra.Command{
		Use:   "mentions",
		Short: "Show the latest findings in a terminal table",
		Long: `Mentions shows the latest findings, newest first, for a quick look: date, kind, entity,
outlet and title. Titles are cut to fit the terminal ($COLUMNS, else the terminal's, else 120 columns), by
display width, so Japanese, Chinese and Korean titles stay aligned. For everything else,
use 'callwatch export'.`,
		Example: `  callwatch mentions
  callwatch mentions --limit 50 --since 7d
  callwatch mentions --kind signed,declined --lang fr`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := ff.filter(time.Now())
			if err != nil {
				return err
			}
			if f.Limit == 0 {
				return usageError("invalid --limit 0: want 1 or more")
			}
			ctx := cmd.Context()
			db, err := app.openReadSource(ctx) // the daemon's API while a daemon holds the database
			if err != nil {
				return err
			}
			defer db.Close()
			return report.WriteMentions(ctx, app.Stdout, db, report.MentionsQuery{Filter: f, Width: app.terminalWidth()})
		},
	}
	ff.register(cmd, false)
	cmd.Flags().IntVar(&ff.limit, "limit", report.DefaultMentions, "how many findings to show")
	return cmd
}
