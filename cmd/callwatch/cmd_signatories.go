package main

import (
	"os"
	"strconv"

	"github.com/callwatch/callwatch/report"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func init() { commands = append(commands, newSignatoriesCmd) }

func newSignatoriesCmd(app *App) *cobra.Command {
	var format string
	var statuses []string
	cmd := &cobra.Command{
		Use:   "signatories",
		Short: "List the entities known to support, decline or announce support for the Call",
		Long: `Signatories lists every entity callwatch knows of, newest first: its category and country,
its status (official: listed in the official register; signed, announced or declined: as
reported by the news), when it was first seen, the first article reporting it, how many
distinct outlets reported it, whether the official register lists it, and when callwatch
first alerted about it.

The table fits the terminal's width ($COLUMNS, else the terminal's, else 120 columns): long
names and URLs are cut, and on narrow terminals the evidence URL, alert time and category
columns are left out. CSV (neutralised against spreadsheet formulas like export's) and JSON
(an array of objects) always carry every field in full.`,
		Example: `  callwatch signatories
  callwatch signatories --status signed,announced
  callwatch signatories --status official --format csv > official.csv
  callwatch signatories --format json | jq '.[] | select(.in_register | not)'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var q report.SignatoryQuery
			switch report.SignatoryFormat(format) {
			case report.SignatoriesTable, report.SignatoriesCSV, report.SignatoriesJSON:
				q.Format = report.SignatoryFormat(format)
			default:
				return usageError("invalid --format %q: want table, csv or json", format)
			}
			sts, err := report.ParseStatuses(statuses)
			if err != nil {
				return usageError("invalid --status: %v", err)
			}
			q.Statuses = sts
			q.Width = app.terminalWidth()
			ctx := cmd.Context()
			db, err := app.openReadSource(ctx) // the daemon's API while a daemon holds the database
			if err != nil {
				return err
			}
			defer db.Close()
			return report.WriteSignatories(ctx, app.Stdout, db, q)
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "table", "table, csv or json")
	f.StringArrayVar(&statuses, "status", nil, "official, signed, declined, announced or all (repeatable, or comma-separated; default all)")
	return cmd
}

// terminalWidth returns $COLUMNS when it is a sensible number, else the width of the
// terminal standard output is, else 0 (the table default, 120).
func (a *App) terminalWidth() int {
	if s, ok := a.getenv("COLUMNS"); ok {
		if n, err := strconv.Atoi(s); err == nil && n >= 40 && n <= 1000 {
			return n
		}
	}
	if f, ok := a.Stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w >= 40 {
			return w
		}
	}
	return 0
}
