package report

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Table is an aligned plain-text table for a terminal. Unlike text/tabwriter, which
// counts runes, it measures cells in terminal columns (a CJK character takes two, a
// combining accent none), so Japanese, Chinese and Korean titles stay aligned. Control
// characters (ANSI escapes in a crafted title, say) are replaced before printing.
type Table struct {
	Header []string
	Rows   [][]string
	Right  map[int]bool // right-aligned columns
	// Width is the terminal width the table must fit; 0 means 120.
	Width int
	// Flex lists the columns that give up width, in order, when the table is too wide.
	// Their cells are truncated with "…": first down to 24 columns, then, once every
	// Optional column is left out, down to 8.
	Flex []int
	// Optional lists the columns left out, in order, when shrinking the Flex columns is
	// not enough.
	Optional []int
}

const colGap = 2

// Write writes the table to w.
func (t *Table) Write(w io.Writer) error {
	width := t.Width
	if width <= 0 {
		width = 120
	}
	n := len(t.Header)
	cells := make([][]string, 0, len(t.Rows)+1)
	cells = append(cells, t.Header)
	cells = append(cells, t.Rows...)
	widths := make([]int, n)
	for _, row := range cells {
		for i := 0; i < n && i < len(row); i++ {
			row[i] = sanitizeTerminal(row[i])
			if cw := uniseg.StringWidth(row[i]); cw > widths[i] {
				widths[i] = cw
			}
		}
	}
	total := colGap * (n - 1)
	for _, cw := range widths {
		total += cw
	}
	// Shrink the Flex columns to a comfortable width, then leave Optional columns out,
	// then shrink the Flex columns down to 8.
	shrink := func(floorMax int) {
		for _, col := range t.Flex {
			if total <= width {
				return
			}
			if col < 0 || col >= n {
				continue
			}
			floor := min(widths[col], max(floorMax, uniseg.StringWidth(t.Header[col])))
			cut := min(total-width, widths[col]-floor)
			if cut > 0 {
				widths[col] -= cut
				total -= cut
			}
		}
	}
	shrink(24)
	hidden := make([]bool, n)
	for _, col := range t.Optional {
		if total <= width {
			break
		}
		if col >= 0 && col < n && !hidden[col] {
			hidden[col] = true
			total -= widths[col] + colGap
		}
	}
	shrink(8)
	last := n - 1
	for last > 0 && hidden[last] {
		last--
	}
	var b strings.Builder
	for _, row := range cells {
		b.Reset()
		for i := 0; i < n; i++ {
			if hidden[i] {
				continue
			}
			cell := ""
			if i < len(row) {
				cell = truncateWidth(row[i], widths[i])
			}
			pad := widths[i] - uniseg.StringWidth(cell)
			if t.Right[i] {
				b.WriteString(strings.Repeat(" ", pad))
				b.WriteString(cell)
			} else {
				b.WriteString(cell)
				if i != last {
					b.WriteString(strings.Repeat(" ", pad))
				}
			}
			if i != last {
				b.WriteString(strings.Repeat(" ", colGap))
			}
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(w, strings.TrimRightFunc(b.String(), unicode.IsSpace)+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// truncateWidth cuts s to at most w terminal columns, ending with "…" when cut, without
// splitting a grapheme cluster.
func truncateWidth(s string, w int) string {
	if uniseg.StringWidth(s) <= w {
		return s
	}
	if w <= 0 {
		return ""
	}
	var b strings.Builder
	used := 0
	state := -1
	rest := s
	for len(rest) > 0 {
		var cluster string
		var cw int
		cluster, rest, cw, state = uniseg.FirstGraphemeClusterInString(rest, state)
		if used+cw > w-1 {
			break
		}
		b.WriteString(cluster)
		used += cw
	}
	return b.String() + "…"
}

// sanitizeTerminal removes ANSI escape sequences (ESC [ ... final byte), replaces other
// control characters (C0, C1, DEL) and bidirectional overrides with a space and collapses
// runs of white space, so a cell is one safe line.
func sanitizeTerminal(s string) string {
	clean := utf8.ValidString(s)
	for _, r := range s {
		if unsafeRune(r) || r == '\n' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = stripCSI(s)
	s = strings.Map(func(r rune) rune {
		if unsafeRune(r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings, overrides, isolates
		return true
	}
	return false
}

// stripCSI removes ANSI control sequences: ESC [ parameters and a final byte 0x40-0x7E.
func stripCSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			i = j // skip the final byte too
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
