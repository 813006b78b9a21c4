package urlcanon

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	whatwg "github.com/nlnwa/whatwg-url/url"
)

// ErrNotHTTP is returned by Canonical for URLs that are not absolute http(s) URLs.
var ErrNotHTTP = errors.New("urlcanon: not an absolute http or https URL")

var parser = whatwg.NewParser()

// trackingParams are query parameters that identify a campaign, a click or a share and never
// select content. Keys are compared case-insensitively; every "utm_" key is dropped too.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "mc_cid": true, "mc_eid": true, "igshid": true, "_ga": true, "_gl": true,
	"yclid": true, "ref_src": true, "ref_url": true, "ocid": true, "cmpid": true, "cmp": true,
	"icid": true, "ncid": true, "xtor": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true,
	"oly_anon_id": true, "oly_enc_id": true, "vero_id": true, "vero_conv": true,
	"wt.mc_id": true, "wt_mc_id": true, "s_cid": true, "sr_share": true, "smid": true, "smtyp": true,
	"__twitter_impression": true, "guccounter": true, "guce_referrer": true,
	"guce_referrer_sig": true, "soc_src": true, "soc_trk": true, "ito": true, "at_medium": true,
	"at_campaign": true, "at_custom1": true, "at_custom2": true, "at_custom3": true,
	"at_custom4": true, "twclid": true, "ttclid": true, "li_fat_id": true, "rb_clickid": true,
	"ns_mchannel": true, "ns_source": true, "ns_campaign": true, "ns_linkname": true,
	"ns_fee": true, "spm": true,
}

// IsTracking reports whether a query parameter key is a tracking parameter Canonical drops.
func IsTracking(key string) bool {
	k := strings.ToLower(key)
	return strings.HasPrefix(k, "utm_") || trackingParams[k]
}

// Canonical returns the canonical form of an http(s) URL, used as an article's identity:
// scheme and host lower-cased, the host in ASCII (IDNA) without a trailing dot, default
// ports, user info and the fragment dropped, dot segments resolved, an empty path written
// "/", percent escapes upper-cased and unreserved characters unescaped, tracking parameters
// removed and the remaining query parameters sorted by key (repeated keys keep their order),
// and an empty query dropped. Trailing "index.html" is kept: a server is not bound to serve
// a directory's index at "dir/", and canonical URLs are fetched. Canonical is idempotent.
func Canonical(raw string) (string, error) {
	if c, ok := canonicalFast(raw); ok {
		return c, nil
	}
	c, err := canonical(raw)
	if err != nil {
		return "", err
	}
	// A second pass settles the rare inputs whose first serialisation still parses to
	// something else (WHATWG parsing is not idempotent on every pathological input).
	c2, err := canonical(c)
	if err != nil {
		// Only hosts like ".0.." get here: their cleaned form is not a valid host.
		return "", err
	}
	return c2, nil
}

func canonical(raw string) (string, error) {
	u, err := parser.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNotHTTP, err)
	}
	scheme := u.Scheme()
	if scheme != "http" && scheme != "https" {
		return "", fmt.Errorf("%w: scheme %q", ErrNotHTTP, scheme)
	}
	host := strings.TrimRight(u.Hostname(), ".")
	if host == "" {
		return "", fmt.Errorf("%w: no host", ErrNotHTTP)
	}
	var b strings.Builder
	b.Grow(len(raw))
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	if p := u.Port(); p != "" {
		b.WriteByte(':')
		b.WriteString(p)
	}
	path := normalizeEscapes(u.Pathname())
	if path == "" || path[0] != '/' {
		path = "/" + path
	}
	b.WriteString(path)
	if q := cleanQuery(u.Query()); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), nil
}

// cleanQuery drops empty and tracking parameters and sorts the rest stably by key.
func cleanQuery(q string) string {
	if q == "" {
		return ""
	}
	type param struct{ key, pair string }
	var params []param
	for _, pair := range strings.Split(q, "&") {
		if pair == "" {
			continue
		}
		pair = normalizeEscapes(pair)
		key, _, _ := strings.Cut(pair, "=")
		dk := strings.ReplaceAll(key, "+", " ")
		dk = unescapeAll(dk)
		if IsTracking(dk) {
			continue
		}
		params = append(params, param{key: key, pair: pair})
	}
	sort.SliceStable(params, func(i, j int) bool { return params[i].key < params[j].key })
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.pair)
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// normalizeEscapes upper-cases percent escapes and decodes those of unreserved characters
// (RFC 3986 section 6.2.2), which never changes what a URL means.
func normalizeEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(upper(s[i+1]))
				b.WriteByte(upper(s[i+2]))
			}
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// unescapeAll decodes every valid percent escape, leaving invalid ones as they are.
func unescapeAll(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Resolve resolves ref against base as a browser does (WHATWG URL parsing: backslashes,
// surrounding spaces, protocol-relative references). It returns ref trimmed when base is
// empty or unparsable and ref is absolute, and "" when nothing sensible results.
//
// The WHATWG parser costs some 15 µs per URL and feeds hold one link per item, mostly
// absolute or site-absolute ("/news/a.html"): an absolute URL already in the parser's
// serialised form (see serialized) is returned as it is (a home page gets its "/"), and a
// site-absolute path is appended to such a base's origin when the result is in serialised
// form too.
// FuzzResolveFast checks both shortcuts against the parser.
func Resolve(base, ref string) string {
	if r, ok := resolveFast(base, ref); ok {
		return r
	}
	return resolve(base, ref)
}

// resolveFast is Resolve without the parser, for the cases described there.
func resolveFast(base, ref string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if serialized(ref) {
		return ref, true
	}
	if bare := ref + "/"; !strings.ContainsAny(ref[min(len(ref), len("https://")):], "/?#") && serialized(bare) {
		return bare, true // a site's home page without its "/" ("https://example.com")
	}
	if ref == "" || ref[0] != '/' || (len(ref) > 1 && (ref[1] == '/' || ref[1] == '\\')) {
		return "", false
	}
	base = strings.TrimSpace(base)
	if !serialized(base) {
		return "", false
	}
	authority := strings.Index(base, "://") + len("://")
	origin := base[:authority+strings.IndexByte(base[authority:], '/')]
	if r := origin + ref; serialized(r) {
		return r, true
	}
	return "", false
}

// resolve is Resolve through the WHATWG parser.
func resolve(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	var u *whatwg.Url
	var err error
	if strings.TrimSpace(base) != "" {
		u, err = parser.ParseRef(strings.TrimSpace(base), ref)
	}
	if u == nil || err != nil {
		if u, err = parser.Parse(ref); err != nil {
			return ""
		}
	}
	return u.Href(false)
}
