package urlcanon

import (
	"strings"

	whatwg "github.com/nlnwa/whatwg-url/url"
)

// AMPToCanonical guesses the canonical URL of an AMP page from its URL alone, for when the
// page itself gives no <link rel=canonical>. It recognises, in this order:
//
//   - the Google AMP cache: https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a
//     becomes https://www.example.com/a (/c/ without /s/ means http);
//   - an "amp." sub-domain: amp.example.com becomes example.com;
//   - an "amp" path segment: /news/amp/story, /news/story/amp and /amp/news/story;
//   - an ".amp" suffix of the last segment: story.amp and story.amp.html;
//   - query switches: amp, amp=1, amp=true, outputType=amp, output=amp.
//
// The result is not canonicalised further; u is returned unchanged when nothing matches or
// it does not parse. A URL that cannot match (see notAMP) is returned without parsing.
func AMPToCanonical(u string) string {
	if notAMP(u) {
		return u
	}
	return ampToCanonical(u)
}

// notAMP reports whether u certainly has none of the shapes AMPToCanonical recognises.
// Each holds "amp", in some case, right after a character that is not a letter or digit:
// "//amp." or "@amp." (host), ".ampproject.org", "/amp" (segment), ".amp" (suffix),
// "?amp", "&amp" and "=amp" (query). So a URL without such an "amp" ("example.com",
// "/campaign/") cannot match, provided the parser cannot make one appear: it does that
// only by removing tabs and newlines, by decoding percent escapes in the host, or by
// mapping non-ASCII host characters (IDNA), so u must be printable ASCII without a
// percent sign before its path. A URL that is not http(s) is returned unchanged anyway.
// FuzzNotAMP checks it against the parser.
func notAMP(u string) bool {
	s := strings.TrimSpace(u)
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	var rest string
	switch {
	case len(s) >= 5 && strings.EqualFold(s[:5], "http:"):
		rest = s[5:]
	case len(s) >= 6 && strings.EqualFold(s[:6], "https:"):
		rest = s[6:]
	default:
		return true // not http(s): returned unchanged
	}
	rest = strings.TrimLeft(rest, `/\`)
	if end := strings.IndexAny(rest, `/\?#`); end >= 0 {
		rest = rest[:end]
	}
	if strings.IndexByte(rest, '%') >= 0 {
		return false
	}
	for i := 0; i+3 <= len(s); i++ {
		if s[i]|0x20 == 'a' && s[i+1]|0x20 == 'm' && s[i+2]|0x20 == 'p' && (i == 0 || !isAlnum(s[i-1])) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// ampToCanonical is AMPToCanonical through the WHATWG parser.
func ampToCanonical(u string) string {
	p, err := parser.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme() != "http" && p.Scheme() != "https") {
		return u
	}
	changed := false
	host := p.Hostname()

	if strings.HasSuffix(host, ".cdn.ampproject.org") {
		path := p.Pathname()
		scheme := ""
		switch {
		case strings.HasPrefix(path, "/c/s/"):
			scheme, path = "https", path[len("/c/s/"):]
		case strings.HasPrefix(path, "/v/s/"):
			scheme, path = "https", path[len("/v/s/"):]
		case strings.HasPrefix(path, "/c/"):
			scheme, path = "http", path[len("/c/"):]
		case strings.HasPrefix(path, "/v/"):
			scheme, path = "http", path[len("/v/"):]
		}
		if scheme != "" && path != "" {
			if q, err := parser.Parse(scheme + "://" + path + p.Search()); err == nil {
				p, changed = q, true
				host = p.Hostname()
			}
		}
	}

	if strings.HasPrefix(host, "amp.") && strings.Count(host, ".") >= 2 {
		p.SetHostname(strings.TrimPrefix(host, "amp."))
		changed = true
	}

	if path := p.Pathname(); path != "" {
		segs := strings.Split(path, "/")
		out := segs[:0:0]
		for i, s := range segs {
			if strings.EqualFold(s, "amp") && i > 0 {
				changed = true
				continue
			}
			out = append(out, s)
		}
		if last := len(out) - 1; last >= 0 {
			s := out[last]
			lower := strings.ToLower(s)
			switch {
			case strings.HasSuffix(lower, ".amp.html"):
				out[last] = s[:len(s)-len(".amp.html")] + ".html"
				changed = true
			case strings.HasSuffix(lower, ".amp") && len(s) > len(".amp"):
				out[last] = s[:len(s)-len(".amp")]
				changed = true
			}
		}
		np := strings.Join(out, "/")
		if np == "" {
			np = "/"
		}
		if np != path {
			p.SetPathname(np)
		}
	}

	if q := p.Query(); q != "" {
		if nq, ok := dropAMPParams(q); ok {
			p.SetSearch(nq)
			changed = true
		}
	}
	if !changed {
		return u
	}
	return href(p)
}

func href(p *whatwg.Url) string { return p.Href(false) }

// dropAMPParams removes the query switches that select an AMP rendering.
func dropAMPParams(q string) (string, bool) {
	pairs := strings.Split(q, "&")
	out := pairs[:0:0]
	dropped := false
	for _, pair := range pairs {
		k, v, _ := strings.Cut(pair, "=")
		k, v = strings.ToLower(k), strings.ToLower(v)
		switch {
		case k == "amp" && (v == "" || v == "1" || v == "true"),
			(k == "outputtype" || k == "output") && v == "amp":
			dropped = true
			continue
		}
		out = append(out, pair)
	}
	return strings.Join(out, "&"), dropped
}
