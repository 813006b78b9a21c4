package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/daemon"
	"github.com/callwatch/callwatch/report"
	"github.com/callwatch/callwatch/store"
	"github.com/spf13/cobra"
)

// remoteProbeTimeout bounds the first request to a daemon's API: a daemon that does not
// answer this fast is treated as absent.
const remoteProbeTimeout = 3 * time.Second

// readSource is what the read-only commands (export, signatories, mentions) need: the
// local database, or a running daemon's API when the daemon holds the database.
type readSource interface {
	report.Source
	Close() error
}

var (
	_ readSource = (*store.DB)(nil)
	_ readSource = (*remoteClient)(nil)
)

// openReadSource opens the database read-only; when another process holds it
// (callwatch.ErrLocked) and a callwatch daemon holding the same database answers on
// http.listen, it returns that daemon's API instead, so reports work while the daemon
// runs. Otherwise the lock error stands (exit code 75), saying why the API was not used.
func (a *App) openReadSource(ctx context.Context) (readSource, error) {
	db, err := a.openReadStore(ctx)
	if err == nil || !errors.Is(err, callwatch.ErrLocked) {
		return db, err
	}
	rc, rerr := a.daemonAPI(ctx)
	if rerr != nil {
		return nil, fmt.Errorf("%w (and no callwatch daemon API could serve it instead: %v)", err, rerr)
	}
	a.Logger.Info("the database is held by a running callwatch daemon: reading through its API", "url", rc.base)
	return rc, nil
}

// dbStats returns the database's statistics for `db stats`: from the file, or from the
// daemon's API while a daemon holds it.
func (a *App) dbStats(cmd *cobra.Command, fl *dbFlags) (store.Stats, error) {
	db, err := fl.openExisting(cmd, a)
	if err == nil {
		defer db.Close()
		return db.Stats(cmd.Context())
	}
	if !errors.Is(err, callwatch.ErrLocked) {
		return store.Stats{}, err
	}
	rc, rerr := a.daemonAPI(cmd.Context())
	if rerr != nil {
		return store.Stats{}, fmt.Errorf("%w (and no callwatch daemon API could serve it instead: %v)", err, rerr)
	}
	defer rc.Close()
	a.Logger.Info("the database is held by a running callwatch daemon: reading through its API", "url", rc.base)
	var st store.Stats
	return st, rc.getJSON(cmd.Context(), "/api/v1/db/stats", nil, &st)
}

// daemonAPI returns a client of the daemon on http.listen after checking that it answers
// and holds the database this invocation would open.
func (a *App) daemonAPI(ctx context.Context) (*remoteClient, error) {
	rc, err := a.newRemote()
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, remoteProbeTimeout)
	defer cancel()
	var info daemon.Info
	if err := rc.getJSON(pctx, "/api/v1/info", nil, &info); err != nil {
		rc.Close()
		return nil, err
	}
	want, err := a.databasePath()
	if err != nil {
		rc.Close()
		return nil, err
	}
	if !samePath(info.Database, want) {
		rc.Close()
		return nil, fmt.Errorf("the daemon at %s holds %s, not %s", rc.base, info.Database, want)
	}
	return rc, nil
}

// samePath reports whether two paths name the same file.
func samePath(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if same, err := sameFile(a, b); err == nil {
		return same
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// remoteClient reads a running daemon's JSON API. It implements report.Source, so the
// report commands run unchanged over it.
type remoteClient struct {
	base  string // http://host:port
	token string
	hc    *http.Client
}

// newRemote returns a client of the daemon on the configured http.listen, with its token.
func (a *App) newRemote() (*remoteClient, error) {
	cfg, err := a.Config()
	if err != nil {
		return nil, err
	}
	host, port, err := net.SplitHostPort(cfg.HTTP.Listen)
	if err != nil {
		return nil, usageError("http.listen %q: want host:port", cfg.HTTP.Listen)
	}
	// A daemon listening on every address is reached on loopback.
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return &remoteClient{
		base:  "http://" + net.JoinHostPort(host, port),
		token: cfg.HTTP.Token,
		hc:    &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 2, IdleConnTimeout: 30 * time.Second}},
	}, nil
}

// Close releases the client's idle connections.
func (r *remoteClient) Close() error {
	r.hc.CloseIdleConnections()
	return nil
}

// get performs a GET and returns the response when its status is 200; an API error's
// message otherwise.
func (r *remoteClient) get(ctx context.Context, path string, q url.Values) (*http.Response, error) {
	u := r.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("daemon API: %w", err)
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	defer resp.Body.Close()
	var e struct {
		Error string `json:"error"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if json.Unmarshal(body, &e) != nil || e.Error == "" {
		e.Error = strings.TrimSpace(string(body))
	}
	if resp.StatusCode == http.StatusUnauthorized {
		return nil, fmt.Errorf("daemon API %s: %s (is http.token the daemon's?)", path, e.Error)
	}
	return nil, fmt.Errorf("daemon API %s: HTTP %d: %s", path, resp.StatusCode, e.Error)
}

// getJSON GETs path and decodes its JSON answer into v.
func (r *remoteClient) getJSON(ctx context.Context, path string, q url.Values, v any) error {
	resp, err := r.get(ctx, path, q)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("daemon API %s: reading the answer: %w", path, err)
	}
	return nil
}

// ready returns nil when the daemon answers /readyz with 200.
func (r *remoteClient) ready(ctx context.Context) error {
	resp, err := r.get(ctx, "/readyz", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// ScanFindings streams the findings that pass f from /api/v1/findings.
func (r *remoteClient) ScanFindings(ctx context.Context, f callwatch.FindingFilter, fn func(callwatch.FindingRow) error) error {
	resp, err := r.get(ctx, "/api/v1/findings", findingQuery(f))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return fmt.Errorf("daemon API /api/v1/findings: not a JSON array (%v)", err)
	}
	for dec.More() {
		var row callwatch.FindingRow
		if err := dec.Decode(&row); err != nil {
			return fmt.Errorf("daemon API /api/v1/findings: the list was cut short: %w", err)
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("daemon API /api/v1/findings: the list was cut short: %w", err)
	}
	return nil
}

// findingQuery encodes a filter as /api/v1/findings parameters; times are absolute.
func findingQuery(f callwatch.FindingFilter) url.Values {
	q := url.Values{}
	if !f.Since.IsZero() {
		q.Set("since", f.Since.Format(time.RFC3339Nano))
	}
	if !f.Until.IsZero() {
		q.Set("until", f.Until.Format(time.RFC3339Nano))
	}
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = string(k)
		}
		q.Set("kind", strings.Join(kinds, ","))
	}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("source", f.Source)
	set("lang", f.Language)
	set("entity", f.Entity)
	if f.MinConfidence > 0 {
		q.Set("min_confidence", strconv.FormatFloat(f.MinConfidence, 'g', -1, 64))
	}
	if f.Limit > 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	if f.Newest {
		q.Set("newest", "true")
	}
	return q
}

// Signatories reads /api/v1/signatories.
func (r *remoteClient) Signatories(ctx context.Context, f callwatch.SignatoryFilter) ([]callwatch.Signatory, error) {
	q := url.Values{}
	if len(f.Statuses) > 0 {
		s := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			s[i] = string(st)
		}
		q.Set("status", strings.Join(s, ","))
	}
	if !f.Since.IsZero() {
		q.Set("since", f.Since.Format(time.RFC3339Nano))
	}
	var out []callwatch.Signatory
	return out, r.getJSON(ctx, "/api/v1/signatories", q, &out)
}

// Sources reads /api/v1/sources.
func (r *remoteClient) Sources(ctx context.Context) ([]callwatch.SourceState, error) {
	var out []callwatch.SourceState
	return out, r.getJSON(ctx, "/api/v1/sources", nil, &out)
}
