package report

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// writeMarkdown writes the report as GitHub-flavoured Markdown: the same sections as the
// HTML report, as tables.
func writeMarkdown(ctx context.Context, w io.Writer, src Source, q Query, m *rowMaker) error {
	o, err := buildOverview(ctx, src, q, m)
	if err != nil {
		return err
	}
	s := o.Sum
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "# %s\n\n", mdText(o.Title))
	fmt.Fprintf(b, "- Period: %s\n", mdText(o.periodText()))
	fmt.Fprintf(b, "- Generated: %s\n", o.Generated.Format("2006-01-02 15:04 UTC"))
	if ft := filterText(q.Filter, m); ft != "" {
		fmt.Fprintf(b, "- Filter: %s\n", mdText(ft))
	}
	fmt.Fprintf(b, "- Findings: %d (mentions %d, signed %d, declined %d, announced %d) from %d outlets\n",
		s.Total, s.Counts[0], s.Counts[1], s.Counts[2], s.Counts[3], s.Outlets())
	if q.Filter.Since.IsZero() {
		fmt.Fprintf(b, "- Signatories: %d (%d in the official register)\n\n", o.SigTotal, o.SigOfficial)
	} else {
		fmt.Fprintf(b, "- Signatories: %d (%d in the official register, %d new in the period, in bold)\n\n", o.SigTotal, o.SigOfficial, o.SigNew)
	}

	b.WriteString("## Findings per week\n\n")
	weeks := s.Weeks(false)
	if len(weeks) == 0 {
		b.WriteString("No findings in the period.\n\n")
	} else {
		b.WriteString("| Week of | Mentions | Signed | Declined | Announced | Total |\n|---|---:|---:|---:|---:|---:|\n")
		for _, wk := range weeks {
			c := wk.Counts
			fmt.Fprintf(b, "| %s | %d | %d | %d | %d | %d |\n", wk.Start.Format("2006-01-02"), c[0], c[1], c[2], c[3], c.Total())
		}
		b.WriteString("\n")
	}

	b.WriteString("## Signatories\n\n")
	if len(o.Signatories) == 0 {
		b.WriteString("No signatories known.\n\n")
	} else {
		if len(o.Signatories) < o.SigTotal {
			fmt.Fprintf(b, "Showing %d of %d signatories.\n\n", len(o.Signatories), o.SigTotal)
		}
		b.WriteString("| Entity | Category | Country | Status | Official register | First seen | Outlets | Evidence |\n|---|---|---|---|---|---|---:|---|\n")
		for _, r := range o.Signatories {
			name := mdText(r.Name)
			if r.New {
				name = "**" + name + "** (new)"
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %d | %s |\n", name, mdText(r.Category), mdText(r.Country),
				mdText(r.Status), yesNo(r.InRegister), formatDate(r.FirstSeen), r.Outlets, evidenceLink(r.EvidenceURL))
		}
		b.WriteString("\n")
	}

	b.WriteString("## Findings\n\n")
	if s.Total == 0 {
		b.WriteString("No findings in the period.\n")
	} else {
		if s.Truncated() {
			fmt.Fprintf(b, "Showing the latest %d of %d findings; the counts above include all of them.\n\n", len(s.Rows), s.Total)
		}
		b.WriteString("| Published | Kind | Entity | Title | Outlet | Evidence | Confidence |\n|---|---|---|---|---|---|---:|\n")
		for _, r := range s.Rows {
			entity := ""
			if r.Entity != nil {
				entity = r.Entity.Name
			}
			title := r.Title
			if title == "" {
				title = r.URL
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s |\n", formatDate(r.Published), mdText(r.Kind), mdText(entity),
				mdLink(title, r.URL), mdText(r.Outlet), mdText(r.Evidence), strconv.FormatFloat(r.Confidence, 'f', 2, 64))
		}
	}
	return b.Flush()
}

// mdReplacer escapes text for a Markdown table cell: the characters that start emphasis,
// code, links, HTML or break the table are backslash-escaped, and line breaks become spaces.
var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`|`, `\|`, `~`, `\~`, `!`, `\!`, "\r\n", " ", "\n", " ", "\r", " ", "\t", " ",
)

// mdText escapes s for a Markdown table cell.
func mdText(s string) string {
	return mdReplacer.Replace(s)
}

// mdLink writes a link to u with the given text, or the text alone when u is not an
// absolute http or https URL (so javascript: and data: URLs never become links).
func mdLink(text, u string) string {
	safe, ok := safeURL(u)
	if !ok {
		return mdText(text)
	}
	safe = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "|", "%7C").Replace(safe)
	return "[" + mdText(text) + "](" + safe + ")"
}

// safeURL returns u normalised when it is an absolute http or https URL with a host.
func safeURL(u string) (string, bool) {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return "", false
	}
	return p.String(), true
}

// evidenceLink links a signatory's evidence article, or writes nothing when its URL is not
// a safe http or https URL.
func evidenceLink(u string) string {
	if _, ok := safeURL(u); !ok {
		return ""
	}
	return mdLink("article", u)
}
