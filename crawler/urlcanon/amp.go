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
// it does not parse.
func AMPToCanonical(u string) string {
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
