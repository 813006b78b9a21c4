package store

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"sync"
)

// Article texts are stored DEFLATE-compressed at flate.BestSpeed: news text shrinks to
// about 40 % of its size at several hundred MB/s. The writers are pooled because each
// holds about 1 MB of state.
var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

var flateReaders = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}

// compressText returns the compressed form of s.
func compressText(s string) []byte {
	var buf bytes.Buffer
	buf.Grow(len(s)/2 + 64)
	w := flateWriters.Get().(*flate.Writer)
	w.Reset(&buf)
	_, _ = io.WriteString(w, s) // writes to a bytes.Buffer never fail
	_ = w.Close()
	flateWriters.Put(w)
	return buf.Bytes()
}

// decompressText returns the text compressed in b.
func decompressText(b []byte) (string, error) {
	r := flateReaders.Get().(io.ReadCloser)
	defer flateReaders.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(b), nil); err != nil {
		return "", err
	}
	var out bytes.Buffer
	out.Grow(len(b) * 3)
	if _, err := io.Copy(&out, r); err != nil {
		return "", fmt.Errorf("store: corrupt article text: %w", err)
	}
	return out.String(), nil
}
