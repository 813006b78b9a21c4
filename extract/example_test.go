package extract_test

import (
	"fmt"

	"github.com/callwatch/callwatch/extract"
)

func ExampleExtract() {
	page := []byte(`<html lang="en"><head><title>Atlantis joins the Paris Call | Example News</title>
<link rel="canonical" href="/world/atlantis-paris-call"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Atlantis joins the Paris Call</h1>
<p>Atlantis on Monday endorsed the Paris Call for Trust and Security in Cyberspace, the 2018 declaration on responsible behaviour in cyberspace.</p>
<p>Read more: <a href="/world/b">Lemuria declines to sign the Paris Call</a></p>
<p>The foreign ministry said the country shared the nine principles of the Call and would join its working groups.</p>
</article>
<aside><h2>Related</h2><ul><li><a href="/x">Mu signs the Paris Call</a></li></ul></aside>
</body></html>`)
	a, err := extract.Extract(page, "https://news.example/world/atlantis-paris-call?utm_source=rss")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title)
	fmt.Println(a.Language, a.Canonical)
	fmt.Println(a.Text)
	// Output:
	// Atlantis joins the Paris Call
	// en https://news.example/world/atlantis-paris-call
	// Atlantis on Monday endorsed the Paris Call for Trust and Security in Cyberspace, the 2018 declaration on responsible behaviour in cyberspace.
	//
	// The foreign ministry said the country shared the nine principles of the Call and would join its working groups.
}
