package feed_test

import (
	"fmt"

	"github.com/callwatch/callwatch/crawler/feed"
)

func ExampleParse() {
	body := []byte(`<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0"><channel><title>Actualit&#233;s</title>
<item><title>L&apos;Appel de Paris &lt;b&gt;s&apos;&#233;largit&lt;/b&gt;</title>
<link>/2026/11/appel.html</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate>
<source url="https://journal.example">Le Journal</source></item>
</channel></rss>`)
	f, err := feed.Parse(body, "application/rss+xml", "https://journal.example/rss")
	if err != nil {
		fmt.Println(err)
		return
	}
	it := f.Items[0]
	fmt.Println(f.Title)
	fmt.Println(it.Title)
	fmt.Println(it.Link, it.GUID == it.Link)
	fmt.Println(it.Published, "|", it.PublishedRaw)
	fmt.Println(it.SourceName)
	// Output:
	// Actualités
	// L'Appel de Paris s'élargit
	// https://journal.example/2026/11/appel.html true
	// 2026-11-24 08:00:00 +0000 UTC | Tue, 24 Nov 2026 08:00:00 GMT
	// Le Journal
}
