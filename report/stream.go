package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"github.com/callwatch/callwatch"
)

// writeCSV streams one CSV record per finding, after a header row.
func writeCSV(ctx context.Context, w io.Writer, src Source, q Query, m *rowMaker) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if q.BOM {
		if _, err := bw.WriteString("\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true // RFC 4180 line breaks; Excel expects them too
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	rec := make([]string, 0, len(csvHeader))
	err := src.ScanFindings(ctx, q.Filter, func(fr callwatch.FindingRow) error {
		r := m.row(fr)
		rec = r.record(rec)
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// writeJSONL streams one JSON object per line.
func writeJSONL(ctx context.Context, w io.Writer, src Source, q Query, m *rowMaker) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err := src.ScanFindings(ctx, q.Filter, func(fr callwatch.FindingRow) error {
		return enc.Encode(m.row(fr))
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// jsonHeader is the metadata that opens a JSON export.
type jsonHeader struct {
	SchemaVersion int        `json:"schema_version"`
	Generated     string     `json:"generated"`
	Period        jsonPeriod `json:"period"`
	Filter        jsonFilter `json:"filter"`
}

type jsonPeriod struct {
	Since string `json:"since,omitempty"`
	Until string `json:"until,omitempty"`
}

type jsonFilter struct {
	Kinds         []callwatch.FindingKind `json:"kinds,omitempty"`
	Source        string                  `json:"source,omitempty"`
	Language      string                  `json:"language,omitempty"`
	Entity        string                  `json:"entity,omitempty"`
	MinConfidence float64                 `json:"min_confidence,omitempty"`
	Limit         int                     `json:"limit,omitempty"`
	Newest        bool                    `json:"newest_first,omitempty"`
}

// writeJSON streams one JSON document: {"schema_version", "generated", "period", "filter",
// "findings": [...], "count"}. Rows are encoded one at a time as they are read.
func writeJSON(ctx context.Context, w io.Writer, src Source, q Query, m *rowMaker) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	f := q.Filter
	h := jsonHeader{
		SchemaVersion: SchemaVersion,
		Generated:     formatTime(q.Now),
		Period:        jsonPeriod{Since: formatTime(f.Since), Until: formatTime(f.Until)},
		Filter: jsonFilter{Kinds: f.Kinds, Source: m.nameIf(f.Source), Language: f.Language, Entity: f.Entity,
			MinConfidence: f.MinConfidence, Limit: f.Limit, Newest: f.Newest},
	}
	head, err := json.Marshal(h)
	if err != nil {
		return err
	}
	// Reopen the header object to append the findings array.
	bw.Write(head[:len(head)-1])
	bw.WriteString(`,"findings":[`)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	n := 0
	err = src.ScanFindings(ctx, f, func(fr callwatch.FindingRow) error {
		buf.Reset()
		if n > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
		n++
		if err := enc.Encode(m.row(fr)); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}))
		return err
	})
	if err != nil {
		return err
	}
	if n > 0 {
		bw.WriteByte('\n')
	}
	fmt.Fprintf(bw, "],\"count\":%d}\n", n)
	return bw.Flush()
}

func (m *rowMaker) nameIf(id string) string {
	if id == "" {
		return ""
	}
	return m.name(id)
}
