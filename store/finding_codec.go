package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	"github.com/callwatch/callwatch"
)

// Findings are read once per row by every export, so they share the article records'
// binary form: a findingV1 byte, then each field in order (strings as a uvarint length and
// bytes, integers as varints, the confidence as 8 bytes). A value starting with '{' is
// JSON. TestFindingCodec fails when Finding, Entity or Span gains a field this codec does
// not carry.
const findingV1 = 0x01

// encodeFinding returns the stored form of f.
func encodeFinding(f *callwatch.Finding) []byte {
	b := make([]byte, 0, 64+len(f.Evidence)+len(f.Subject)+len(f.Rule))
	b = append(b, findingV1)
	b = appendString(b, string(f.Kind))
	b = appendString(b, string(f.Strength))
	if e := f.Entity; e != nil {
		b = append(b, 1)
		for _, s := range []string{e.ID, e.Name, string(e.Category), e.Country} {
			b = appendString(b, s)
		}
		b = appendBool(b, e.Verified)
	} else {
		b = append(b, 0)
	}
	b = appendString(b, f.Subject)
	b = appendString(b, f.Evidence)
	b = appendString(b, string(f.Field))
	b = binary.AppendVarint(b, int64(f.Start))
	b = binary.AppendVarint(b, int64(f.End))
	b = binary.AppendUvarint(b, uint64(len(f.Spans)))
	for _, s := range f.Spans {
		b = binary.AppendVarint(b, int64(s.Start))
		b = binary.AppendVarint(b, int64(s.End))
		b = appendString(b, s.Role)
	}
	b = appendString(b, f.Rule)
	return binary.BigEndian.AppendUint64(b, math.Float64bits(f.Confidence))
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// decodeFinding decodes a stored finding.
func decodeFinding(v []byte) (callwatch.Finding, error) {
	var f callwatch.Finding
	if len(v) == 0 {
		return f, errShortRecord
	}
	if v[0] == '{' {
		err := json.Unmarshal(v, &f)
		return f, err
	}
	if v[0] != findingV1 {
		return f, fmt.Errorf("unknown finding format %#x", v[0])
	}
	d := &recordReader{b: v[1:]}
	f.Kind = callwatch.FindingKind(d.str())
	f.Strength = callwatch.Strength(d.str())
	if d.byte1() == 1 {
		e := &callwatch.Entity{ID: d.str(), Name: d.str()}
		e.Category = callwatch.Category(d.str())
		e.Country = d.str()
		e.Verified = d.byte1() == 1
		f.Entity = e
	}
	f.Subject, f.Evidence = d.str(), d.str()
	f.Field = callwatch.Field(d.str())
	f.Start, f.End = int(d.varint()), int(d.varint())
	if n := d.uvarint(); n > 0 && d.err == nil {
		if n > uint64(len(d.b)) {
			return f, errShortRecord
		}
		f.Spans = make([]callwatch.Span, n)
		for i := range f.Spans {
			f.Spans[i] = callwatch.Span{Start: int(d.varint()), End: int(d.varint()), Role: d.str()}
		}
	}
	f.Rule = d.str()
	if d.err == nil && len(d.b) < 8 {
		d.err = errShortRecord
	}
	if d.err != nil {
		return f, d.err
	}
	f.Confidence = math.Float64frombits(binary.BigEndian.Uint64(d.b))
	if !(f.Confidence >= 0 && f.Confidence <= 1) { // NaN too: only a damaged record holds it
		return f, fmt.Errorf("confidence %v out of [0, 1]", f.Confidence)
	}
	if len(d.b) != 8 {
		return f, fmt.Errorf("%d bytes after the finding", len(d.b)-8)
	}
	return f, nil
}
