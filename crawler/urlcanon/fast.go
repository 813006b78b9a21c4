package urlcanon

import "strings"

// canonicalFast handles the common case without the WHATWG parser, which costs some 15 µs
// per URL: an http(s) URL made only of characters that neither parser changes, with a
// plain lower-case-able DNS host, no dot segments and well-formed percent escapes. It
// reports false for anything else, which then takes the full path. FuzzCanonicalFast
// checks that both paths agree.
func canonicalFast(raw string) (string, bool) {
	rest, scheme, ok := cutScheme(raw)
	if !ok {
		return "", false
	}
	rest, ok = strings.CutPrefix(rest, "//")
	if !ok {
		return "", false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	hostport, tail := rest[:end], rest[end:]
	host, port, hasPort := strings.Cut(hostport, ":")
	host = strings.ToLower(host)
	if !plainHost(host) {
		return "", false
	}
	if hasPort {
		if port == "" || len(port) > 5 {
			return "", false
		}
		for i := 0; i < len(port); i++ {
			if port[i] < '0' || port[i] > '9' {
				return "", false
			}
		}
		port = strings.TrimLeft(port, "0")
		if port == "" {
			port = "0"
		}
		if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
			port = ""
		}
		if len(port) == 5 && port > "65535" {
			return "", false
		}
	}
	if i := strings.IndexByte(tail, '#'); i >= 0 {
		tail = tail[:i]
	}
	path, query, _ := strings.Cut(tail, "?")
	if !plainPart(path, false) || !plainPart(query, true) {
		return "", false
	}
	if strings.Contains(path, "/.") || strings.Contains(path, "//") || strings.Contains(strings.ToLower(path), "%2e") {
		return "", false
	}
	path = normalizeEscapes(path)
	if path == "" {
		path = "/"
	}
	var b strings.Builder
	b.Grow(len(raw))
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(strings.TrimRight(host, "."))
	if port != "" {
		b.WriteByte(':')
		b.WriteString(port)
	}
	b.WriteString(path)
	if q := cleanQuery(query); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), true
}

// cutScheme recognises "http:" and "https:" in any case.
func cutScheme(raw string) (rest, scheme string, ok bool) {
	switch {
	case len(raw) > 5 && strings.EqualFold(raw[:5], "http:"):
		return raw[5:], "http", true
	case len(raw) > 6 && strings.EqualFold(raw[:6], "https:"):
		return raw[6:], "https", true
	}
	return "", "", false
}

// plainHost accepts lower-case DNS names whose last label starts with a letter (the WHATWG
// parser reads a numeric last label as IPv4) and that hold no IDNA labels.
func plainHost(h string) bool {
	h = strings.TrimRight(h, ".")
	if h == "" || len(h) > 253 || strings.Contains(h, "xn--") || strings.Contains(h, "..") {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	last := h[strings.LastIndexByte(h, '.')+1:]
	return last != "" && 'a' <= last[0] && last[0] <= 'z' && h[0] != '.' && h[0] != '-'
}

// plainPart accepts path or query text that both parsers keep as it is: unreserved and
// sub-delimiter characters, ":@/", "?" in a query, and percent escapes with two hex digits.
func plainPart(s string, query bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~!$&()*+,;=:@/", c) >= 0:
		case c == '?' && query:
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
		default:
			return false
		}
	}
	return true
}
