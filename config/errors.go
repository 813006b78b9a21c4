package config

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// EnvFile is the File of an Error caused by a CALLWATCH_* environment variable.
const EnvFile = "environment"

// Error is one problem in a configuration, located in its file.
type Error struct {
	File string // the configuration file, "default.yaml (embedded)", or EnvFile
	Line int    // 1-based; 0 when the problem has no place in the file
	Col  int    // 1-based; 0 when Line is 0
	Path string // the option, e.g. "crawl.per_host" or "sources[2].url"; may be empty
	Msg  string
}

// Error formats the problem as "file:line:column: path: message".
func (e Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in one configuration, in file order. Load returns it
// (as an error) when the configuration is invalid; use errors.As to list the problems.
type Errors []Error

// Error lists the problems, one a line.
func (es Errors) Error() string {
	if len(es) == 1 {
		return es[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d configuration errors:", len(es))
	for _, e := range es {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return b.String()
}

// sortErrors orders errors by file position; errors without a position (environment,
// whole-file problems) come last, in the order they were found.
func sortErrors(es Errors) {
	slices.SortStableFunc(es, func(a, b Error) int {
		ak, bk := a.Line == 0, b.Line == 0
		switch {
		case ak && bk:
			return 0
		case ak:
			return 1
		case bk:
			return -1
		}
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// suggest returns the candidate closest to s by edit distance, if it is close enough to
// be a likely typo ("per_hots" -> "per_host"), or "".
func suggest(s string, candidates []string) string {
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), c); d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(2, len(s)/3)
	if bestDist <= limit {
		return best
	}
	return ""
}

// editDistance is the Damerau-Levenshtein distance (optimal string alignment) of a and b,
// counted in bytes: keys are ASCII.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
