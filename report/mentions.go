package report

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/callwatch/callwatch"
)

// DefaultMentions is how many findings WriteMentions lists when the filter sets no limit.
const DefaultMentions = 20

// MentionsQuery says which findings WriteMentions lists.
type MentionsQuery struct {
	// Filter selects the findings; they are always listed newest first, and Limit 0
	// means DefaultMentions.
	Filter callwatch.FindingFilter
	// Width is the terminal width in columns; 0 means 120. Titles are cut to fit.
	Width int
}

// WriteMentions writes the latest findings as an aligned terminal table: date, kind,
// entity, outlet and title (cut to the terminal's width, by display width).
func WriteMentions(ctx context.Context, w io.Writer, src Source, q MentionsQuery) error {
	f := q.Filter
	f.Newest = true
	if f.Limit <= 0 {
		f.Limit = DefaultMentions
	}
	t := &Table{
		Header: []string{"DATE", "KIND", "ENTITY", "OUTLET", "TITLE"},
		Width:  q.Width,
		Flex:   []int{2, 3, 4},
	}
	err := src.ScanFindings(ctx, f, func(fr callwatch.FindingRow) error {
		entity := ""
		if fr.Finding.Entity != nil {
			entity = fr.Finding.Entity.Name
		}
		title := fr.Article.Title
		if title == "" {
			title = fr.Article.URL
		}
		t.Rows = append(t.Rows, []string{formatDate(fr.Article.Published), string(fr.Finding.Kind), entity, fr.Article.Outlet, title})
		return nil
	})
	if err != nil {
		return fmt.Errorf("report: reading findings: %w", err)
	}
	bw := bufio.NewWriter(w)
	if len(t.Rows) == 0 {
		fmt.Fprintln(bw, "No findings match.")
		return bw.Flush()
	}
	if err := t.Write(bw); err != nil {
		return err
	}
	return bw.Flush()
}
