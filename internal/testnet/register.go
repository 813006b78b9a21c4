package testnet

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"strings"
	"time"
)

// registerV1Time and registerV2Time are the Last-Modified of the register's two versions.
var (
	registerV1Time = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	registerV2Time = time.Date(2026, 11, 14, 0, 0, 0, 0, time.UTC)
)

// serveRegister is a copy of the official register: /supporters.csv in the official
// site's columns, and /en/supporters as an HTML page of supporter cards. Advance adds
// the corpus's new entries.
func (n *Net) serveRegister(w http.ResponseWriter, r *http.Request) {
	data, mod := n.corpus.RegisterV1, registerV1Time
	if n.Advanced() {
		data, mod = n.corpus.RegisterV2, registerV2Time
	}
	switch r.URL.Path {
	case "/robots.txt":
		n.count("robots", http.StatusOK)
		fmt.Fprint(w, "User-agent: *\nDisallow:\n")
	case "/supporters.csv":
		n.serveConditional(w, r, "register", "text/csv; charset=utf-8", data, mod)
	case "/en/supporters":
		n.serveConditional(w, r, "register", "text/html; charset=utf-8", registerPage(data), mod)
	default:
		http.NotFound(w, r)
	}
}

// registerPage renders the register's CSV as the official site's supporter cards.
func registerPage(data []byte) []byte {
	rows, _ := csv.NewReader(bytes.NewReader(data)).ReadAll()
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Supporters | Paris Call</title></head><body><main><h1>Supporters</h1><div class="supporters">`)
	for _, r := range rows[1:] {
		fmt.Fprintf(&b, `<div data-supporter-name="%s" class="supporter-card"><h3 class="title">%s</h3><p class="subtitle">%s</p><div class="card-footer">%s</div></div>`,
			html.EscapeString(r[0]), html.EscapeString(r[0]), html.EscapeString(r[3]), html.EscapeString(r[1]+" ("+r[2]+")"))
	}
	b.WriteString(`</div></main></body></html>`)
	return []byte(b.String())
}
