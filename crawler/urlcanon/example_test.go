package urlcanon_test

import (
	"fmt"

	"github.com/callwatch/callwatch/crawler/urlcanon"
)

func ExampleCanonical() {
	u, _ := urlcanon.Canonical("HTTPS://www.Example.com:443/news/paris-call.html?utm_source=rss&id=7&fbclid=x#top")
	fmt.Println(u)
	// Output: https://www.example.com/news/paris-call.html?id=7
}

func ExampleAMPToCanonical() {
	fmt.Println(urlcanon.AMPToCanonical("https://www.example.com/amp/news/paris-call.html"))
	fmt.Println(urlcanon.AMPToCanonical("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/a.html"))
	// Output:
	// https://www.example.com/news/paris-call.html
	// https://www.example.com/news/a.html
}

func ExampleResolve() {
	fmt.Println(urlcanon.Resolve("https://example.com/feeds/rss.xml", "../news/a.html"))
	// Output: https://example.com/news/a.html
}
