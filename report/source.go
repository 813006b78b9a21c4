package report

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/callwatch/callwatch"
)

// Source is the read side of the store that reports need. callwatch.Store satisfies it, so
// the CLI passes its store and the daemon can serve the same reports over HTTP.
type Source interface {
	// ScanFindings calls fn for each finding that passes the filter, reading in pages.
	ScanFindings(ctx context.Context, f callwatch.FindingFilter, fn func(callwatch.FindingRow) error) error
	// Signatories returns the entities that pass the filter, first seen newest first.
	Signatories(ctx context.Context, f callwatch.SignatoryFilter) ([]callwatch.Signatory, error)
	// Sources returns every stored source state, ordered by name.
	Sources(ctx context.Context) ([]callwatch.SourceState, error)
}

var _ Source = callwatch.Store(nil)

// ErrUnknownSource is returned by ResolveSource when no stored source has the name or ID.
var ErrUnknownSource = errors.New("report: unknown source")

// ResolveSource maps a source name (case-insensitive) or ID to the source's ID, as
// FindingFilter.Source wants it. An exact ID wins over a name; a name shared by several
// sources is an error that lists their IDs.
func ResolveSource(ctx context.Context, src Source, nameOrID string) (string, error) {
	states, err := src.Sources(ctx)
	if err != nil {
		return "", fmt.Errorf("report: listing sources: %w", err)
	}
	for _, s := range states {
		if s.ID == nameOrID {
			return s.ID, nil
		}
	}
	var ids, names []string
	for _, s := range states {
		names = append(names, s.Name)
		if strings.EqualFold(strings.TrimSpace(s.Name), strings.TrimSpace(nameOrID)) {
			ids = append(ids, s.ID)
		}
	}
	switch len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		if len(names) == 0 {
			return "", fmt.Errorf("%w %q: the database holds no sources yet", ErrUnknownSource, nameOrID)
		}
		return "", fmt.Errorf("%w %q: want one of %s (or a source ID)", ErrUnknownSource, nameOrID, quoteList(names))
	}
	return "", fmt.Errorf("%w %q: several sources have that name (IDs %s): give an ID", ErrUnknownSource, nameOrID, strings.Join(ids, ", "))
}

// sourceNames maps source IDs to their names.
func sourceNames(ctx context.Context, src Source) (map[string]string, error) {
	states, err := src.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("report: listing sources: %w", err)
	}
	m := make(map[string]string, len(states))
	for _, s := range states {
		m[s.ID] = s.Name
	}
	return m, nil
}

func quoteList(names []string) string {
	const max = 12
	q := make([]string, 0, min(len(names), max)+1)
	for i, n := range names {
		if i == max {
			q = append(q, fmt.Sprintf("… (%d more)", len(names)-max))
			break
		}
		q = append(q, fmt.Sprintf("%q", n))
	}
	return strings.Join(q, ", ")
}
