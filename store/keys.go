package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"
)

// Key layout. Every time in a key is 8 bytes: the Unix time in nanoseconds with the sign
// bit flipped, big-endian, so that byte order is time order (times outside the years
// 1678–2262, and the zero time, are clamped to the ends of that range). Article ids are
// the 16 hex characters of callwatch.ArticleID. Variable-length ids (sources, entities)
// are followed by a 0x00 separator.
const (
	idLen       = 16 // len(callwatch.ArticleID(...))
	timeLen     = 8  // encoded time
	articleKLen = timeLen + idLen
	findingKLen = articleKLen + 2 // + finding index (uint16)
	maxFindings = math.MaxUint16  // findings per article
)

// timeNanos returns the sortable nanosecond value of t.
func timeNanos(t time.Time) int64 {
	switch {
	case t.IsZero():
		return math.MinInt64
	case t.Year() < 1678:
		return math.MinInt64 + 1
	case t.Year() > 2261:
		return math.MaxInt64
	}
	return t.UnixNano()
}

// putTime writes the sortable form of the nanosecond time n to b[:8].
func putTime(b []byte, n int64) { binary.BigEndian.PutUint64(b, uint64(n)^(1<<63)) }

// getTime reads a time written by putTime.
func getTime(b []byte) int64 { return int64(binary.BigEndian.Uint64(b) ^ (1 << 63)) }

// timeKey returns the 8-byte key of time t.
func timeKey(t time.Time) []byte {
	b := make([]byte, timeLen)
	putTime(b, timeNanos(t))
	return b
}

// articleKey returns time(8) | article id(16): the key in articles_by_time, and the prefix
// of the article's keys in findings.
func articleKey(tn int64, id string) []byte {
	k := make([]byte, articleKLen, findingKLen)
	putTime(k, tn)
	copy(k[timeLen:], id)
	return k
}

// findingKey returns time(8) | article id(16) | index(2).
func findingKey(tn int64, id string, i int) []byte {
	k := articleKey(tn, id)
	return binary.BigEndian.AppendUint16(k, uint16(i))
}

// prefixedKey returns prefix | 0x00 | rest.
func prefixedKey(prefix string, rest []byte) []byte {
	k := make([]byte, 0, len(prefix)+1+len(rest))
	k = append(k, prefix...)
	k = append(k, 0)
	return append(k, rest...)
}

// u64 encodes n big-endian.
func u64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

// validArticleID reports whether id can be used in keys.
func validArticleID(id string) error {
	if len(id) != idLen || bytes.IndexByte([]byte(id), 0) >= 0 {
		return fmt.Errorf("store: invalid article id %q (want callwatch.ArticleID of the canonical URL)", id)
	}
	return nil
}

// validPrefixID reports whether a source or entity id can prefix keys.
func validPrefixID(kind, id string) error {
	if id == "" || bytes.IndexByte([]byte(id), 0) >= 0 {
		return fmt.Errorf("store: invalid %s id %q", kind, id)
	}
	return nil
}

// copyBytes returns a copy of b, which bbolt owns only until the transaction ends.
func copyBytes(b []byte) []byte { return append([]byte(nil), b...) }

func dirOf(path string) string { return filepath.Dir(path) }

// syncDir fsyncs a directory so that a rename in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
