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
	if !plainHost(host) && !dottedQuad(host) {
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

// dottedQuad accepts an IPv4 address written as the WHATWG parser serialises it: four
// decimal parts of 0 to 255 without leading zeros and without a trailing dot. Every other
// spelling ("127.1", "0x7f.0.0.1", "010.0.0.1") is rewritten by the parser and takes the
// full path. Loopback and intranet feeds link to such hosts.
func dottedQuad(h string) bool {
	parts := 0
	for len(h) > 0 {
		end := strings.IndexByte(h, '.')
		if end < 0 {
			end = len(h)
		}
		part := h[:end]
		if len(part) == 0 || len(part) > 3 || (len(part) > 1 && part[0] == '0') {
			return false
		}
		v := 0
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
			v = v*10 + int(part[i]-'0')
		}
		if v > 255 {
			return false
		}
		parts++
		if end == len(h) {
			break
		}
		h = h[end+1:]
		if h == "" {
			return false // a trailing dot
		}
	}
	return parts == 4
}

// serialized reports whether raw is an absolute http(s) URL exactly as the WHATWG parser
// serialises it (Href), so that parsing it, or resolving it against any base, gives raw
// back: a lower-case scheme followed by "//", a lower-case plain DNS host (see plainHost;
// no trailing dot) or a dotted-quad IPv4 address, a non-default port without leading
// zeros, a path that starts with "/" and holds no dot segments or empty segments, and a
// non-empty query and fragment, every part made of characters no parser changes (see
// plainPart). It reports false for anything else, which then goes through the parser.
// FuzzSerialized checks it against the parser.
func serialized(raw string) bool {
	var rest string
	var defPort string
	switch {
	case strings.HasPrefix(raw, "http://"):
		rest, defPort = raw[len("http://"):], "80"
	case strings.HasPrefix(raw, "https://"):
		rest, defPort = raw[len("https://"):], "443"
	default:
		return false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 || rest[end] != '/' {
		return false // no path: the parser adds "/"
	}
	hostport, tail := rest[:end], rest[end:]
	host, port, hasPort := strings.Cut(hostport, ":")
	if strings.HasSuffix(host, ".") || (!plainHost(host) && !dottedQuad(host)) {
		return false
	}
	if hasPort {
		if port == "" || len(port) > 5 || port[0] == '0' || port == defPort || (len(port) == 5 && port > "65535") {
			return false
		}
		for i := 0; i < len(port); i++ {
			if port[i] < '0' || port[i] > '9' {
				return false
			}
		}
	}
	tail, frag, hasFrag := strings.Cut(tail, "#")
	path, query, hasQuery := strings.Cut(tail, "?")
	if (hasFrag && (frag == "" || !plainPart(frag, true))) || (hasQuery && (query == "" || !plainPart(query, true))) {
		return false
	}
	return plainPart(path, false) && !strings.Contains(path, "/.") && !strings.Contains(path, "//") &&
		!strings.Contains(strings.ToLower(path), "%2e")
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
