package extract

import (
	"net/url"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
)

// readabilityOnly is go-readability v2 alone on the parsed page.
func readabilityOnly(b []byte, pageURL string) (string, error) {
	doc, err := parseHTML(b)
	if err != nil {
		return "", err
	}
	u, _ := url.Parse(pageURL)
	p := readability.NewParser()
	a, err := p.ParseDocument(doc, u)
	if err != nil {
		return "", err
	}
	return nodeText(a.Node), nil
}

// trafilaturaWith is go-trafilatura with comments excluded, with or without its own
// readability/dom-distiller fallback.
func trafilaturaWith(fallback bool) func(b []byte, pageURL string) (string, error) {
	return func(b []byte, pageURL string) (string, error) {
		doc, err := parseHTML(b)
		if err != nil {
			return "", err
		}
		u, _ := url.Parse(pageURL)
		res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
			OriginalURL: u, EnableFallback: fallback, ExcludeComments: true,
			HtmlDateMode: trafilatura.Fast,
		})
		if err != nil {
			return "", err
		}
		return nodeText(res.ContentNode), nil
	}
}

// candidates are the extractors compared with -eval.candidates.
func candidates() []extractor {
	return []extractor{
		{"readability", readabilityOnly},
		{"trafilatura", trafilaturaWith(false)},
		{"trafilatura+fallback", trafilaturaWith(true)},
		{"readability+prune", readabilityRules(true, false)},
		{"readability+clean", readabilityRules(false, true)},
	}
}

// readabilityRules is go-readability with our pruning before it and/or our cleaning after it.
func readabilityRules(prune, clean bool) func(b []byte, pageURL string) (string, error) {
	return func(b []byte, pageURL string) (string, error) {
		doc, err := parseHTML(b)
		if err != nil {
			return "", err
		}
		u, _ := url.Parse(pageURL)
		if prune {
			pruneBoilerplate(doc)
		}
		p := readability.NewParser()
		a, err := p.ParseAndMutate(doc, u)
		if err != nil {
			return "", err
		}
		if clean && a.Node != nil {
			cleanContent(a.Node)
		}
		return nodeText(a.Node), nil
	}
}

// chosen is what callwatch uses: Extract's text.
func chosen(b []byte, pageURL string) (string, error) {
	a, err := Extract(b, pageURL)
	return a.Text, err
}
