package daemon

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

// serve starts the daemon's handler on a loopback test server.
func serve(t *testing.T, st Store, token string) (*Daemon, *httptest.Server) {
	t.Helper()
	d, err := New(Options{Settings: Settings{Schedule: "@every 30m", Token: token, Pass: func(context.Context) (callwatch.RunSummary, error) {
		return callwatch.RunSummary{}, nil
	}}, Store: st, Logger: discard, Info: Info{Database: "/var/lib/callwatch/callwatch.db", Version: "v1.2.3"},
		Stats: func(context.Context) (any, error) { return map[string]int{"schema_version": 2}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(d.Handler())
	t.Cleanup(srv.Close)
	return d, srv
}

func get(t *testing.T, srv *httptest.Server, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	_, srv := serve(t, fixtureStore(), "")
	for _, path := range []string{"/", "/healthz", "/readyz", "/metrics", "/api/v1/findings", "/api/v1/nope", "/export?format=csv", "/static/dashboard.css"} {
		resp, _ := get(t, srv, path)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
	resp, _ := get(t, srv, "/api/v1/findings")
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("API answers may be cached: %q", resp.Header.Get("Cache-Control"))
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/findings", nil)
	if resp, err := srv.Client().Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/v1/findings: %v %v, want 405 (the API is read-only)", resp.Status, err)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	d, srv := serve(t, fixtureStore(), "")
	if resp, body := get(t, srv, "/healthz"); resp.StatusCode != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", resp.StatusCode, body)
	}
	if resp, body := get(t, srv, "/readyz"); resp.StatusCode != 503 || !strings.Contains(body, "starting") {
		t.Errorf("/readyz before the first schedule: %d %q", resp.StatusCode, body)
	}
	d.ready.Store(true)
	if resp, body := get(t, srv, "/readyz"); resp.StatusCode != 200 || body != "ready\n" {
		t.Errorf("/readyz once scheduled: %d %q", resp.StatusCode, body)
	}
	d.stopping.Store(true)
	if resp, body := get(t, srv, "/readyz"); resp.StatusCode != 503 || !strings.Contains(body, "shutting down") {
		t.Errorf("/readyz while stopping: %d %q", resp.StatusCode, body)
	}
}

func TestFindingsAPIFilters(t *testing.T) {
	st := fixtureStore()
	_, srv := serve(t, st, "")
	now := time.Now()
	resp, body := get(t, srv, "/api/v1/findings?since=7d&until=2030-01-31&kind=signed,declined&kind=announced&source=the+record&lang=EN&entity=state:EST&min_confidence=0.8&limit=2&newest=true")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, type %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	f := st.lastFilter()
	want := callwatch.FindingFilter{
		Since: f.Since, Until: time.Date(2030, 2, 1, 0, 0, 0, 0, time.UTC),
		Kinds:  []callwatch.FindingKind{callwatch.FindingSigned, callwatch.FindingDeclined, callwatch.FindingAnnounced},
		Source: srcRecord.ID, Language: "en", Entity: "state:EST", MinConfidence: 0.8, Limit: 2, Newest: true,
	}
	if d := f.Since.Sub(now.Add(-7 * 24 * time.Hour)); d < 0 || d > time.Minute {
		t.Errorf("since=7d gave %s", f.Since)
	}
	if !f.Until.Equal(want.Until) || !slices.Equal(f.Kinds, want.Kinds) || f.Source != want.Source || f.Language != want.Language ||
		f.Entity != want.Entity || f.MinConfidence != want.MinConfidence || f.Limit != want.Limit || f.Newest != want.Newest {
		t.Errorf("filter\n got %+v\nwant %+v", f, want)
	}
	var rows []callwatch.FindingRow
	if err := json.Unmarshal([]byte(body), &rows); err != nil {
		t.Fatalf("not a JSON array of rows: %v\n%s", err, body)
	}
	if len(rows) != 2 || rows[0].Article.ID != "a3" || rows[1].Finding.Entity == nil || rows[1].Finding.Entity.ID != "state:EST" {
		t.Errorf("rows: %+v", rows)
	}

	// Everything, oldest first, with full findings (spans included).
	_, body = get(t, srv, "/api/v1/findings")
	rows = nil
	if err := json.Unmarshal([]byte(body), &rows); err != nil || len(rows) != 3 || len(rows[1].Finding.Spans) != 3 {
		t.Fatalf("all findings: %v %+v", err, rows)
	}
	// No match is an empty array, not null.
	st.rows = nil
	if _, body := get(t, srv, "/api/v1/findings"); strings.TrimSpace(body) != "[]" {
		t.Errorf("no findings: %q, want []", body)
	}
}

func TestAPIRefusesBadParameters(t *testing.T) {
	_, srv := serve(t, fixtureStore(), "")
	for _, tc := range []struct{ path, msg string }{
		{"/api/v1/findings?sinse=7d", `unknown parameter "sinse"`},
		{"/api/v1/findings?since=yesterday", "invalid since"},
		{"/api/v1/findings?since=2026-11-20&until=2026-11-01", "the period is empty"},
		{"/api/v1/findings?kind=signature", "invalid kind"},
		{"/api/v1/findings?lang=french", "invalid lang"},
		{"/api/v1/findings?min_confidence=2", "invalid min_confidence"},
		{"/api/v1/findings?min_confidence=NaN", "invalid min_confidence"},
		{"/api/v1/findings?limit=-1", "invalid limit"},
		{"/api/v1/findings?newest=maybe", "invalid newest"},
		{"/api/v1/findings?source=nowhere", `invalid source: unknown source "nowhere"`},
		{"/api/v1/signatories?status=famous", "invalid status"},
		{"/api/v1/signatories?kind=signed", `unknown parameter "kind"`},
		{"/api/v1/outbox?state=lost", "invalid state"},
		{"/export?format=pdf", "invalid format"},
		{"/export?format=json&bom=true", "invalid bom"},
		{"/export?max_rows=0", "invalid max_rows"},
		{"/?x=1", "takes no parameters"},
	} {
		resp, body := get(t, srv, tc.path)
		var e apiError
		if resp.StatusCode != http.StatusBadRequest || json.Unmarshal([]byte(body), &e) != nil || !strings.Contains(e.Error, tc.msg) {
			t.Errorf("%s: %d %s, want 400 with %q", tc.path, resp.StatusCode, body, tc.msg)
		}
	}
}

func TestAPIStoreErrors(t *testing.T) {
	st := fixtureStore()
	st.scanErr = errStore
	_, srv := serve(t, st, "")
	for _, path := range []string{"/api/v1/findings", "/export?format=csv", "/"} {
		resp, body := get(t, srv, path)
		if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "disk on fire") {
			t.Errorf("%s with a failing store: %d %q", path, resp.StatusCode, body)
		}
	}
}

func TestSignatoriesSourcesOutboxStatusAPI(t *testing.T) {
	st := fixtureStore()
	d, srv := serve(t, st, "")
	var sigs []callwatch.Signatory
	_, body := get(t, srv, "/api/v1/signatories?status=signed,declined&since=2026-01-01&entity=eston&limit=5")
	if err := json.Unmarshal([]byte(body), &sigs); err != nil || len(sigs) != 1 || sigs[0].ID != "state:EST" {
		t.Fatalf("signatories: %v %s", err, body)
	}
	f := st.sigCalls[len(st.sigCalls)-1]
	if !slices.Equal(f.Statuses, []callwatch.Status{callwatch.StatusSigned, callwatch.StatusDeclined}) || !f.Since.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("signatory filter %+v", f)
	}
	_, body = get(t, srv, "/api/v1/signatories?limit=1")
	if err := json.Unmarshal([]byte(body), &sigs); err != nil || len(sigs) != 1 {
		t.Fatalf("limit=1: %v %s", err, body)
	}
	var srcs []callwatch.SourceState
	if _, body = get(t, srv, "/api/v1/sources"); json.Unmarshal([]byte(body), &srcs) != nil || len(srcs) != 2 || srcs[0].Failures != 3 {
		t.Errorf("sources: %s", body)
	}
	var ob []callwatch.OutboxEntry
	if _, body = get(t, srv, "/api/v1/outbox?state=dead&limit=10"); json.Unmarshal([]byte(body), &ob) != nil || len(ob) != 2 {
		t.Errorf("outbox: %s", body)
	}
	var info Info
	if _, body = get(t, srv, "/api/v1/info"); json.Unmarshal([]byte(body), &info) != nil || info.Database != "/var/lib/callwatch/callwatch.db" || info.Version != "v1.2.3" {
		t.Errorf("info: %s", body)
	}
	if _, body = get(t, srv, "/api/v1/db/stats"); !strings.Contains(body, `"schema_version": 2`) {
		t.Errorf("db stats: %s", body)
	}
	d.ready.Store(true)
	var status struct {
		Ready    bool                  `json:"ready"`
		Schedule string                `json:"schedule"`
		LastRun  *callwatch.RunSummary `json:"last_run"`
	}
	if _, body = get(t, srv, "/api/v1/status"); json.Unmarshal([]byte(body), &status) != nil || !status.Ready || status.Schedule != "@every 30m" || status.LastRun == nil || status.LastRun.ArticlesNew != 3 {
		t.Errorf("status: %s", body)
	}
}

func TestExportDownloads(t *testing.T) {
	_, srv := serve(t, fixtureStore(), "")
	for _, tc := range []struct {
		format, ctype, ext string
		check              func(body string) error
	}{
		{"csv", "text/csv; charset=utf-8", "csv", func(b string) error {
			recs, err := csv.NewReader(strings.NewReader(b)).ReadAll()
			if err == nil && len(recs) != 3 { // header and the two findings of the last 30 days
				err = errors.New("want 3 records, got " + strings.Repeat("x", len(recs)))
			}
			return err
		}},
		{"jsonl", "application/x-ndjson", "jsonl", func(b string) error {
			if n := strings.Count(b, "\n"); n != 2 {
				return errors.New("want 2 lines")
			}
			return nil
		}},
		{"json", "application/json", "json", func(b string) error { var v any; return json.Unmarshal([]byte(b), &v) }},
		{"markdown", "text/markdown; charset=utf-8", "md", func(b string) error {
			if !strings.Contains(b, "|") {
				return errors.New("no table")
			}
			return nil
		}},
		{"html", "text/html; charset=utf-8", "html", func(b string) error {
			if !strings.Contains(b, `<svg class="chart"`) || strings.Contains(b, `<script>document`) {
				return errors.New("no chart, or an unescaped title")
			}
			return nil
		}},
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", func(b string) error {
			_, err := zip.NewReader(strings.NewReader(b), int64(len(b)))
			return err
		}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			resp, body := get(t, srv, "/export?format="+tc.format+"&since=30d&kind=all")
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != tc.ctype {
				t.Fatalf("status %d, type %q: %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			cd := resp.Header.Get("Content-Disposition")
			if !regexp.MustCompile(`^attachment; filename="callwatch-findings-\d{8}-\d{6}\.` + tc.ext + `"$`).MatchString(cd) {
				t.Errorf("Content-Disposition %q", cd)
			}
			if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
				t.Errorf("CSP %q", resp.Header.Get("Content-Security-Policy"))
			}
			if err := tc.check(body); err != nil {
				t.Errorf("%s: %v", tc.format, err)
			}
		})
	}
	resp, body := get(t, srv, "/export?bom=true")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "\ufeff") {
		t.Errorf("bom=true: %d %q", resp.StatusCode, body[:min(10, len(body))])
	}
}

func TestMetricsEndpoint(t *testing.T) {
	d, srv := serve(t, fixtureStore(), "")
	d.metrics.observePass(callwatch.RunSummary{SourcesOK: 3, SourcesUnchanged: 2, SourcesFailed: 1, SourcesSkipped: 4, ArticlesNew: 5,
		Failures: []callwatch.SourceFailure{{Kind: callwatch.ErrKindTimeout}}}, OutcomePartial, 90*time.Second)
	resp, body := get(t, srv, "/metrics")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`callwatch_passes_total{outcome="partial"} 1`,
		`callwatch_passes_total{outcome="panic"} 0`,
		`callwatch_source_fetches_total{outcome="ok"} 3`,
		`callwatch_source_fetches_total{outcome="unchanged"} 2`,
		`callwatch_source_fetches_total{outcome="failed"} 1`,
		`callwatch_source_fetches_total{outcome="skipped"} 4`,
		`callwatch_source_failures_total{kind="timeout"} 1`,
		`callwatch_articles_total{outcome="new"} 5`,
		`callwatch_findings_total{kind="signed"} 0`,
		`callwatch_alerts_pending 0`,
		`callwatch_pass_duration_seconds_bucket{le="120"} 1`,
		`callwatch_fetch_duration_seconds_count{phase="first_byte"} 0`,
		`callwatch_last_successful_pass_timestamp_seconds 0`,
		"# TYPE callwatch_alerts_sent_total counter",
		"# TYPE callwatch_alerts_failed_total counter",
		"go_goroutines ",
		"process_open_fds ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestTokenRule(t *testing.T) {
	pass := func(context.Context) (callwatch.RunSummary, error) { return callwatch.RunSummary{}, nil }
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.10:8765", "[::]:8765", ":8765", "example.org:8765"} {
		_, err := New(Options{Settings: Settings{Schedule: "@every 1h", Pass: pass}, Store: fixtureStore(), Listen: addr})
		if !errors.Is(err, ErrNeedsToken) || !strings.Contains(err.Error(), "http.token") {
			t.Errorf("listen %s without a token: %v, want ErrNeedsToken", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:8765", "[::1]:8765", "127.1.2.3:80"} {
		if _, err := New(Options{Settings: Settings{Schedule: "@every 1h", Pass: pass}, Store: fixtureStore(), Listen: addr}); err != nil {
			t.Errorf("listen %s without a token: %v", addr, err)
		}
	}
	if _, err := New(Options{Settings: Settings{Schedule: "@every 1h", Pass: pass}, Store: fixtureStore(), Listen: "8765"}); err == nil {
		t.Error("a listen address without a port was accepted")
	}

	// On every address, with a token: the real listener, reached over loopback.
	d, err := New(Options{Settings: Settings{Schedule: "@every 1h", Pass: pass, Token: "s3cret-t0ken"}, Store: fixtureStore(), Listen: "0.0.0.0:0", Logger: discard})
	if err != nil {
		t.Fatal(err)
	}
	addr, err := d.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	_, port, _ := net.SplitHostPort(addr.String())
	base := "http://127.0.0.1:" + port
	do := func(path string, header ...string) (int, http.Header) {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header
	}
	for _, path := range []string{"/", "/api/v1/findings", "/metrics", "/export?format=csv"} {
		code, h := do(path)
		if code != http.StatusUnauthorized || !slices.Contains(h.Values("WWW-Authenticate"), `Bearer realm="callwatch"`) {
			t.Errorf("%s without a token: %d %v", path, code, h)
		}
		for _, bad := range []string{"Bearer wrong", "Bearer s3cret-t0ken-and-more", "Bearer ", "s3cret-t0ken", "Basic " + b64("u:wrong")} {
			if code, _ := do(path, "Authorization", bad); code != http.StatusUnauthorized {
				t.Errorf("%s with %q: %d, want 401", path, bad, code)
			}
		}
		if code, _ := do(path, "Authorization", "Bearer s3cret-t0ken"); code != http.StatusOK {
			t.Errorf("%s with the token: %d, want 200", path, code)
		}
		if code, _ := do(path, "Authorization", "Basic "+b64("analyst:s3cret-t0ken")); code != http.StatusOK {
			t.Errorf("%s with the token as a Basic password: %d, want 200", path, code)
		}
	}
	if code, _ := do("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz without a token: %d, want 200 (probes carry no credentials)", code)
	}
}

func b64(s string) string {
	var b bytes.Buffer
	enc := base64Encoder(&b)
	enc.Write([]byte(s))
	enc.Close()
	return b.String()
}

func TestDashboard(t *testing.T) {
	_, srv := serve(t, fixtureStore(), "")
	resp, page := get(t, srv, "/")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("/: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if strings.Contains(page, "<script") || strings.Contains(page, `document.title="pwned"`) {
		t.Error("the page contains a script (the hostile article title must be escaped)")
	}
	if !strings.Contains(page, "&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt; Estonia signs") {
		t.Error("the hostile title is not shown as text")
	}
	for _, want := range []string{
		`<mark class="entity">Estonia</mark> has <mark class="verb">signed</mark> the <mark class="name">Paris Call for Trust and Security in Cyberspace</mark>.`,
		`<svg class="chart"`, `class="bar k-signed"`, `class="bar k-mention"`, // the report's chart, reused
		`<tr class="new"><td>Estonia <span class="badge new">new</span>`,
		`Acme &lt;Corp&gt;`,
		`<tr class="failing"><td>Down Feed</td>`, `<span class="badge bad">3 failures</span>`, `<code>http_status</code> https://down.example/feed: HTTP 503`,
		`<td>slack</td><td class="num">1</td><td class="num">0</td><td class="num">1</td>`,
		`<td>email</td><td class="num">0</td><td class="num">1</td><td class="num">0</td>`,
		`slack: pending (1 attempts)`, `slack: dead (8 attempts)`,
		`<a href="/export?format=xlsx">XLSX</a>`,
		`href="https://news.example/a2" rel="noopener noreferrer"`,
		`<link rel="stylesheet" href="/static/dashboard.css">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	// New signatories first, though the store lists Acme first.
	sigs := page[strings.Index(page, `<section id="signatories">`):strings.Index(page, `<section id="sources">`)]
	if strings.Index(sigs, ">Estonia <span") > strings.Index(sigs, ">Acme &lt;Corp&gt;<") || !strings.Contains(sigs, ">Acme &lt;Corp&gt;<") {
		t.Error("the new signatory is not listed first")
	}
	for _, ext := range regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		u, _ := url.Parse(ext[1])
		if u.Host != "" && u.Host != "news.example" {
			t.Errorf("the page refers to %s", ext[1])
		}
	}
	resp, css := get(t, srv, "/static/dashboard.css")
	if resp.Header.Get("Content-Type") != "text/css; charset=utf-8" || !strings.Contains(css, "svg.chart") || strings.Contains(css, "url(") || strings.Contains(css, "@import") {
		t.Errorf("stylesheet: %q, loads something: %v", resp.Header.Get("Content-Type"), strings.Contains(css, "url("))
	}
}

func TestDashboardEmptyStore(t *testing.T) {
	_, srv := serve(t, &fakeStore{}, "")
	resp, page := get(t, srv, "/")
	if resp.StatusCode != 200 {
		t.Fatalf("/ on an empty store: %d", resp.StatusCode)
	}
	for _, want := range []string{"No findings yet.", "No signatories known yet.", "No source has been read yet.", "no pass yet", "Nothing waiting", `<svg class="chart"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the empty dashboard lacks %q", want)
		}
	}
}

func TestEvidenceSegments(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    callwatch.Finding
		want string
	}{
		{"no spans", callwatch.Finding{Evidence: "plain"}, "plain"},
		{"marks", callwatch.Finding{Evidence: "Japan signed it", Start: 5, Spans: []callwatch.Span{{Start: 5, End: 10}, {Start: 11, End: 17}}}, "[Japan] [signed] it"},
		{"unsorted", callwatch.Finding{Evidence: "ab cd", Spans: []callwatch.Span{{Start: 3, End: 5}, {Start: 0, End: 2}}}, "[ab] [cd]"},
		{"overlap and outside ignored", callwatch.Finding{Evidence: "abcdef", Start: 10, Spans: []callwatch.Span{{Start: 10, End: 13}, {Start: 12, End: 14}, {Start: 2, End: 4}, {Start: 15, End: 30}, {Start: 14, End: 14}}}, "[abc]def"},
		{"inside a character", callwatch.Finding{Evidence: "été ok", Spans: []callwatch.Span{{Start: 1, End: 3}, {Start: 6, End: 8}}}, "été [ok]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			for _, s := range evidenceSegments(tc.f) {
				if s.Mark {
					b.WriteString("[" + s.Text + "]")
				} else {
					b.WriteString(s.Text)
				}
			}
			if b.String() != tc.want {
				t.Errorf("got %q, want %q", b.String(), tc.want)
			}
		})
	}
}

func base64Encoder(w io.Writer) io.WriteCloser { return base64.NewEncoder(base64.StdEncoding, w) }
