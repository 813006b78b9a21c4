package urlcanon

import (
	"errors"
	"testing"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"lower-case scheme and host", "HTTPS://WWW.Example.COM/Path", "https://www.example.com/Path"},
		{"default https port", "https://example.com:443/a", "https://example.com/a"},
		{"default http port", "http://example.com:80/a", "http://example.com/a"},
		{"other port kept", "http://example.com:8080/a", "http://example.com:8080/a"},
		{"fragment dropped", "https://example.com/a#comments", "https://example.com/a"},
		{"empty path", "https://example.com", "https://example.com/"},
		{"empty query dropped", "https://example.com/a?", "https://example.com/a"},
		{"dot segments", "https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"encoded dot segments", "https://example.com/a/%2e%2E/c", "https://example.com/c"},
		{"utm stripped", "https://example.com/a?utm_source=rss&utm_medium=feed&id=3", "https://example.com/a?id=3"},
		{"utm any case", "https://example.com/a?UTM_Campaign=x", "https://example.com/a"},
		{"click ids stripped", "https://example.com/a?fbclid=1&gclid=2&dclid=3&msclkid=4&mc_cid=5&mc_eid=6&igshid=7&_ga=8&yclid=9&ref_src=10&ocid=11&cmpid=12", "https://example.com/a"},
		{"xtor (AT Internet, French press)", "https://www.lemonde.fr/international/article/2018/11/12/x.html?xtor=RSS-3208", "https://www.lemonde.fr/international/article/2018/11/12/x.html"},
		{"params sorted", "https://example.com/a?z=1&b=2&a=3", "https://example.com/a?a=3&b=2&z=1"},
		{"repeated keys keep order", "https://example.com/a?t=2&a=1&t=1", "https://example.com/a?a=1&t=2&t=1"},
		{"empty params dropped", "https://example.com/a?&&a=1&", "https://example.com/a?a=1"},
		{"IDNA host", "https://Bücher.example/ü", "https://xn--bcher-kva.example/%C3%BC"},
		{"trailing dot host", "https://example.com./a", "https://example.com/a"},
		{"escapes upper-cased", "https://example.com/%c3%a9t%c3%a9", "https://example.com/%C3%A9t%C3%A9"},
		{"unreserved unescaped", "https://example.com/%7Euser/%41", "https://example.com/~user/A"},
		{"reserved escapes kept", "https://example.com/a%2Fb?q=a%26b", "https://example.com/a%2Fb?q=a%26b"},
		{"spaces encoded", "https://example.com/a b", "https://example.com/a%20b"},
		{"surrounding space", "  https://example.com/a \n", "https://example.com/a"},
		{"userinfo dropped", "https://user:pw@example.com/a", "https://example.com/a"},
		{"index.html kept", "https://example.com/news/index.html", "https://example.com/news/index.html"},
		{"content params kept", "https://example.com/article.php?id=42&page=2", "https://example.com/article.php?id=42&page=2"},
		{"IPv6 host", "http://[::1]:80/a", "http://[::1]/a"},
		{"backslashes", `https:\\example.com\a\b`, "https://example.com/a/b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonical(tt.in)
			if err != nil {
				t.Fatalf("Canonical(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
			again, err := Canonical(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: Canonical(%q) = %q, %v", got, again, err)
			}
		})
	}
}

func TestCanonicalRejects(t *testing.T) {
	for _, in := range []string{"", "mailto:a@example.com", "javascript:alert(1)", "ftp://example.com/a", "/relative/path", "http://", "file:///etc/passwd"} {
		if got, err := Canonical(in); !errors.Is(err, ErrNotHTTP) {
			t.Errorf("Canonical(%q) = %q, %v; want ErrNotHTTP", in, got, err)
		}
	}
}

func TestIsTracking(t *testing.T) {
	for _, k := range []string{"utm_source", "utm_whatever", "FBCLID", "gclid", "xtor"} {
		if !IsTracking(k) {
			t.Errorf("IsTracking(%q) = false", k)
		}
	}
	for _, k := range []string{"id", "page", "q", "ref", "source", "utm"} {
		if IsTracking(k) {
			t.Errorf("IsTracking(%q) = true", k)
		}
	}
}

func TestAMPToCanonical(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"amp segment", "https://www.example.com/news/amp/2026/story", "https://www.example.com/news/2026/story"},
		{"trailing amp segment", "https://www.example.com/2026/11/story/amp/", "https://www.example.com/2026/11/story/"},
		{"leading amp segment", "https://www.example.com/amp/news/story.html", "https://www.example.com/news/story.html"},
		{"amp=1", "https://www.example.com/story?id=3&amp=1", "https://www.example.com/story?id=3"},
		{"bare amp switch", "https://www.example.com/story?amp", "https://www.example.com/story"},
		{"outputType=amp", "https://www.example.com/story?outputType=amp", "https://www.example.com/story"},
		{"amp subdomain", "https://amp.example.com/story", "https://example.com/story"},
		{".amp suffix", "https://www.example.com/story.amp", "https://www.example.com/story"},
		{".amp.html suffix", "https://www.example.com/story.amp.html", "https://www.example.com/story.html"},
		{"AMP cache https", "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/story.html", "https://www.example.com/news/story.html"},
		{"AMP cache http", "https://www-example-com.cdn.ampproject.org/c/www.example.com/story", "http://www.example.com/story"},
		{"not AMP", "https://www.example.com/campaign/amplifier", "https://www.example.com/campaign/amplifier"},
		{"amp= other value kept", "https://www.example.com/story?amp=0", "https://www.example.com/story?amp=0"},
		{"amp host of two labels kept", "https://amp.dev/about", "https://amp.dev/about"},
		{"not a URL", "::not a url", "::not a url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AMPToCanonical(tt.in); got != tt.want {
				t.Errorf("AMPToCanonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	tests := []struct{ name, base, ref, want string }{
		{"relative path", "https://example.com/feeds/rss.xml", "../news/a.html", "https://example.com/news/a.html"},
		{"absolute path", "https://example.com/feeds/rss.xml", "/a", "https://example.com/a"},
		{"protocol relative", "https://example.com/", "//cdn.example.org/x", "https://cdn.example.org/x"},
		{"absolute ref", "https://example.com/", "http://other.example/y", "http://other.example/y"},
		{"spaces trimmed", "https://example.com/", "  /a  ", "https://example.com/a"},
		{"query only", "https://example.com/a?b=1", "?c=2", "https://example.com/a?c=2"},
		{"no base, absolute", "", "https://example.com/a", "https://example.com/a"},
		{"home page without a slash", "", "http://127.0.0.1:8080", "http://127.0.0.1:8080/"},
		{"no base, relative", "", "/a", ""},
		{"empty ref", "https://example.com/", "", ""},
		{"bad base, absolute ref", "::", "https://example.com/a", "https://example.com/a"},
		{"site-absolute against an IPv4 base", "http://127.0.0.1:8080/feed/1", "/article/1/2", "http://127.0.0.1:8080/article/1/2"},
		{"site-absolute with a dot segment", "https://example.com/feeds/rss.xml", "/a/../b", "https://example.com/b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Resolve(tt.base, tt.ref); got != tt.want {
				t.Errorf("Resolve(%q, %q) = %q, want %q", tt.base, tt.ref, got, tt.want)
			}
		})
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{
		"https://example.com/a?utm_source=x&b=1#f", "HTTP://EXAMPLE.com:80/%7e/./../a", "https://Bücher.example/",
		"http://[::1]:8080/a?b", "https://a.example/%zz%2", "https://a.example/?a=%41&a=1&&", `https:\\x\y`,
		"https://x.example/a b?c d#e", "http://1.2.3.4./", "https://example.com/%2e%2e/%2E",
		"https://xn--bcher-kva.example/?q=%C3%A9", "http://example.com:0/", "https://example.com/?%",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonical(s)
		if err != nil {
			return
		}
		c2, err := Canonical(c)
		if err != nil {
			t.Fatalf("Canonical(%q) = %q, which fails: %v", s, c, err)
		}
		if c2 != c {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, c, c2)
		}
	})
}

// FuzzCanonicalFast checks that the fast path agrees with the WHATWG path wherever it
// accepts a URL.
func FuzzCanonicalFast(f *testing.F) {
	for _, s := range []string{
		"https://example.com/a?utm_source=x&b=1#f", "HTTP://EXAMPLE.com:80/%7e/a", "http://ex.com:0080/",
		"https://a.example/%2e/x", "https://a.example/?a=%41&a=1&&", "http://1.2.3.4/", "http://a.b1/",
		"https://x.example:65536/", "https://x.example:/", "https://-x.example/", "https://x.example./a",
		"https://x.example/a;b=c,d!$'()*+", "https://x.example/a?b?c", "https://x.example/%zz",
		"http://127.0.0.1:8080/a/1", "http://10.0.0.255/", "http://256.1.1.1/", "http://1.2.3/", "http://01.2.3.4/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := canonicalFast(s)
		if !ok {
			return
		}
		slow, err := canonical(s)
		if err != nil {
			t.Fatalf("fast path accepts %q as %q, the WHATWG path fails: %v", s, fast, err)
		}
		if slow2, err := canonical(slow); err == nil {
			slow = slow2
		}
		if fast != slow {
			t.Fatalf("%q: fast %q, WHATWG %q", s, fast, slow)
		}
	})
}

func BenchmarkCanonical(b *testing.B) {
	const in = "HTTPS://www.Example.com:443/international/article/2026/11/12/paris-call_123.html?utm_source=rss&utm_medium=feed&xtor=RSS-3208&id=42#comments"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Canonical(in); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzSerialized checks that a URL serialized accepts is one the WHATWG parser gives back
// unchanged, alone and resolved against a base: Resolve returns such URLs unparsed.
func FuzzSerialized(f *testing.F) {
	for _, s := range []string{
		"http://127.0.0.1:8080/article/1/2", "https://www.example.com/a/b.html?id=3#top", "http://1.2.3.4./",
		"http://01.2.3.4/", "http://1.2.3.256/", "http://127.1/", "https://x.example:443/", "https://x.example:0443/",
		"http://x.example/a?", "http://x.example/a#", "http://x.example", "http://x.example?a", "http://X.example/",
		"http://x.example./", "http://x.example/%7e/%2e", "http://x.example/a/./b", "http://x.example//a",
		"http://x.example/a'b?c'd#e`f", "http://x.example:65535/", "http://x.example:65536/", "http://a.b1/c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !serialized(s) {
			return
		}
		u, err := parser.Parse(s)
		if err != nil {
			t.Fatalf("serialized accepts %q, the parser fails: %v", s, err)
		}
		if h := u.Href(false); h != s {
			t.Fatalf("serialized accepts %q, the parser gives %q", s, h)
		}
		if r, err := parser.ParseRef("https://base.example/feeds/rss.xml", s); err != nil || r.Href(false) != s {
			t.Fatalf("serialized accepts %q, resolving it gives %v, %v", s, r, err)
		}
	})
}

// FuzzNotAMP checks that AMPToCanonical's shortcut agrees with the WHATWG path wherever it
// is taken.
func FuzzNotAMP(f *testing.F) {
	for _, s := range []string{
		"https://www.example.com/news/story.html", "https://www.example.com/AMP/story", "https://%61mp.example.com/x",
		"https://a\tmp.example.com/x", "https://ａｍｐ.example.com/x", `https:\\amp.example.com\x`, "ftp://amp.example.com/",
		"https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a", "https://x.example/a?outputType=AMP",
		"https://x.example/story.amp", "https://x.example/%61mp/story", "  https://amp.x.example/  ", "::not a url",
		"https://www.example.com/campaign/amplifier", "https://x.example/a/b/../amp", "http:amp.x.example/a", "https://u@amp.x.example/", "https://x.example/story.amp.html", "https://x.example/s?q=1&amp", "https://x.example/s?output=amp",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !notAMP(s) {
			return
		}
		if got := ampToCanonical(s); got != s {
			t.Fatalf("notAMP(%q), but the WHATWG path gives %q", s, got)
		}
	})
}

func TestFastPathsTaken(t *testing.T) {
	for _, s := range []string{"http://127.0.0.1:38211/article/3/7", "https://www.example.com/news/2026/11/paris-call.html?id=3"} {
		if !serialized(s) {
			t.Errorf("serialized(%q) = false", s)
		}
		if !notAMP(s) {
			t.Errorf("notAMP(%q) = false", s)
		}
		if _, ok := canonicalFast(s); !ok {
			t.Errorf("canonicalFast(%q) refused", s)
		}
	}
	for _, s := range []string{"http://127.1/", "http://0x7f.0.0.1/", "http://127.000.0.1/", "http://1.2.3.4./"} {
		if dottedQuad(s[len("http://") : len(s)-1]) {
			t.Errorf("dottedQuad accepts the host of %q", s)
		}
	}
}

// FuzzResolveFast checks that Resolve's shortcuts agree with the WHATWG parser wherever
// they are taken.
func FuzzResolveFast(f *testing.F) {
	for _, s := range [][2]string{
		{"https://example.com/feeds/rss.xml", "/news/a.html"}, {"http://127.0.0.1:8080/feed/1", "/article/1/2?x=1#y"},
		{"https://example.com/feed", "//cdn.example.org/x"}, {"https://example.com/feed", `/\x`}, {"https://example.com/feed", "/a/../b"},
		{"https://example.com/feed", "/"}, {"https://u@example.com/feed", "/a"}, {"https://example.com:443/feed", "/a"},
		{"https://example.com/feed", " /a b "}, {"HTTPS://EXAMPLE.com/feed", "/a"}, {"https://example.com/feed", "https://other.example/a"},
		{"https://example.com/feed?x#y", "/a?"}, {"", "/a"}, {"::", "/a"},
		{"", "https://example.com"}, {"", "http://127.0.0.1:8080"}, {"", "https://example.com:443"}, {"", "https://example.com?a"}, {"", "http:/"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, base, ref string) {
		fast, ok := resolveFast(base, ref)
		if !ok {
			return
		}
		if slow := resolve(base, ref); fast != slow {
			t.Fatalf("Resolve(%q, %q): fast %q, WHATWG %q", base, ref, fast, slow)
		}
	})
}
