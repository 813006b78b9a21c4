package callwatch

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors that callers test with errors.Is.
var (
	// ErrLocked: another process holds the database. It is safe to retry later.
	ErrLocked = errors.New("database is in use by another callwatch process")
	// ErrNotFound: no such record.
	ErrNotFound = errors.New("not found")
	// ErrSchemaTooNew: the database was written by a newer callwatch.
	ErrSchemaTooNew = errors.New("database written by a newer callwatch")
)

// ErrorKind classifies a failure into what a user understands.
type ErrorKind string

// Error kinds.
const (
	ErrKindNetwork  ErrorKind = "network"     // DNS, connection refused or reset
	ErrKindTimeout  ErrorKind = "timeout"     // no answer in time
	ErrKindHTTP     ErrorKind = "http_status" // a 4xx or 5xx answer
	ErrKindParse    ErrorKind = "parse"       // not a feed, invalid XML, undecodable
	ErrKindRobots   ErrorKind = "robots"      // robots.txt disallows it
	ErrKindTooLarge ErrorKind = "too_large"   // over the body cap
	ErrKindBlocked  ErrorKind = "blocked"     // a private or non-HTTP address
	ErrKindRedirect ErrorKind = "redirect"    // too many redirects or a loop
	ErrKindCanceled ErrorKind = "canceled"    // the run was interrupted
	ErrKindInternal ErrorKind = "internal"
)

// FetchError is a failure to fetch or read a URL, classified.
type FetchError struct {
	Kind       ErrorKind
	URL        string
	Status     int           // HTTP status, for ErrKindHTTP
	RetryAfter time.Duration // from a Retry-After header, if any
	Err        error
}

func (e *FetchError) Error() string {
	switch {
	case e.Status != 0:
		return fmt.Sprintf("%s: %s: HTTP %d", e.Kind, e.URL, e.Status)
	case e.Err != nil:
		return fmt.Sprintf("%s: %s: %v", e.Kind, e.URL, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.URL)
}

func (e *FetchError) Unwrap() error { return e.Err }

// KindOf returns the kind of a FetchError in err's chain, or ErrKindInternal.
func KindOf(err error) ErrorKind {
	var fe *FetchError
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return ErrKindInternal
}
