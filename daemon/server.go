package daemon

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
)

// Content-Security-Policy of the daemon's own pages: no script at all, styles only from
// the daemon, no frames, forms only to the daemon.
const pageCSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// exportCSP is the policy of /export downloads: the HTML report carries its styles inline.
const exportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

// Handler returns the daemon's HTTP handler: /healthz, /readyz, /metrics, the JSON API
// under /api/v1/, /export downloads and the dashboard at /. Every answer carries the
// security headers; with a token, every request except /healthz and /readyz must send
// it (Authorization: Bearer TOKEN, or Basic with the token as password, for browsers).
func (d *Daemon) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", d.healthz)
	mux.HandleFunc("GET /readyz", d.readyz)
	mux.Handle("GET /metrics", d.metrics.Handler())
	mux.HandleFunc("GET /api/v1/info", d.apiInfo)
	mux.HandleFunc("GET /api/v1/status", d.apiStatus)
	mux.HandleFunc("GET /api/v1/findings", d.apiFindings)
	mux.HandleFunc("GET /api/v1/signatories", d.apiSignatories)
	mux.HandleFunc("GET /api/v1/sources", d.apiSources)
	mux.HandleFunc("GET /api/v1/outbox", d.apiOutbox)
	mux.HandleFunc("GET /api/v1/db/stats", d.apiStats)
	mux.HandleFunc("GET /export", d.export)
	mux.HandleFunc("GET /static/dashboard.css", serveCSS)
	mux.HandleFunc("GET /favicon.ico", serveIcon)
	mux.HandleFunc("GET /{$}", d.dashboard)
	return d.secure(d.authorize(mux))
}

// secure sets the security headers every answer carries.
func (d *Daemon) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// authorize checks the token when one is set. /healthz and /readyz stay open: they say
// only "ok" or "not ready", and container and service managers probe them without
// credentials.
func (d *Daemon) authorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := d.Current().Token
		if token == "" || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || tokenMatches(r, token) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Add("WWW-Authenticate", `Bearer realm="callwatch"`)
		w.Header().Add("WWW-Authenticate", `Basic realm="callwatch", charset="UTF-8"`)
		writeError(w, http.StatusUnauthorized, "unauthorized: send Authorization: Bearer <http.token>")
	})
}

// tokenMatches compares the request's credentials with token in constant time (over
// SHA-256 digests, so the comparison does not reveal the token's length either).
func tokenMatches(r *http.Request, token string) bool {
	auth := r.Header.Get("Authorization")
	var given string
	switch scheme, rest, _ := strings.Cut(auth, " "); strings.ToLower(scheme) {
	case "bearer":
		given = strings.TrimSpace(rest)
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest))
		if err != nil {
			return false
		}
		_, given, _ = strings.Cut(string(raw), ":")
	default:
		return false
	}
	a, b := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

func (d *Daemon) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func (d *Daemon) readyz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	switch {
	case d.stopping.Load():
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("not ready: shutting down\n"))
	case !d.ready.Load():
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("not ready: starting\n"))
	default:
		w.Write([]byte("ready\n"))
	}
}

// apiError is the body of every API error.
type apiError struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(apiError{Error: msg})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
