package config

import (
	"net/url"
	"strings"
)

// Search engines a search source may name instead of a URL.
const (
	EngineGoogle = "google" // Google News RSS search
	EngineBing   = "bing"   // Bing News RSS
	EngineGDELT  = "gdelt"  // GDELT DOC 2.0 article list as RSS
)

// Engines lists the search engines, in documentation order.
var Engines = []string{EngineGoogle, EngineBing, EngineGDELT}

// googleEditions maps a language to Google News' hl, gl and ceid parameters.
var googleEditions = map[string][3]string{
	"en": {"en-US", "US", "US:en"},
	"fr": {"fr", "FR", "FR:fr"},
	"de": {"de", "DE", "DE:de"},
	"es": {"es", "ES", "ES:es"},
	"it": {"it", "IT", "IT:it"},
	"pt": {"pt-PT", "PT", "PT:pt-150"},
	"nl": {"nl", "NL", "NL:nl"},
	"ro": {"ro", "RO", "RO:ro"},
	"ru": {"ru", "RU", "RU:ru"},
	"ja": {"ja", "JP", "JP:ja"},
	"ko": {"ko", "KR", "KR:ko"},
	"zh": {"zh-CN", "CN", "CN:zh-Hans"},
	"ar": {"ar", "EG", "EG:ar"},
}

// bingMarkets maps a language to Bing's market code.
var bingMarkets = map[string]string{
	"en": "en-US", "fr": "fr-FR", "de": "de-DE", "es": "es-ES", "it": "it-IT", "pt": "pt-PT",
	"nl": "nl-NL", "ro": "ro-RO", "ru": "ru-RU", "ja": "ja-JP", "ko": "ko-KR", "zh": "zh-CN", "ar": "ar-SA",
}

// gdeltLanguages maps a language to GDELT's sourcelang name.
var gdeltLanguages = map[string]string{
	"en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian",
	"pt": "portuguese", "nl": "dutch", "ro": "romanian", "ru": "russian", "ja": "japanese",
	"ko": "korean", "zh": "chinese", "ar": "arabic",
}

// SearchURL builds the RSS URL of a news search: engine is google, bing or gdelt, query
// the search words, language an ISO 639-1 code choosing the edition (Google, Bing) or the
// source language (GDELT); an empty or unknown language gives the English edition
// (Google, Bing) or every language (GDELT). It returns "" for an unknown engine. The URL
// is the same for the same arguments, so the source's ID stays stable.
func SearchURL(engine, query, language string) string {
	q := url.QueryEscape(query)
	language = strings.ToLower(language)
	switch engine {
	case EngineGoogle:
		ed, ok := googleEditions[language]
		if !ok {
			ed = googleEditions["en"]
		}
		return "https://news.google.com/rss/search?q=" + q + "&hl=" + ed[0] + "&gl=" + ed[1] + "&ceid=" + url.QueryEscape(ed[2])
	case EngineBing:
		u := "https://www.bing.com/news/search?q=" + q + "&format=rss"
		if mkt, ok := bingMarkets[language]; ok {
			u += "&setlang=" + language + "&mkt=" + mkt
		}
		return u
	case EngineGDELT:
		if name, ok := gdeltLanguages[language]; ok {
			q = url.QueryEscape(query + " sourcelang:" + name)
		}
		return "https://api.gdeltproject.org/api/v2/doc/doc?query=" + q + "&mode=artlist&format=rss&maxrecords=250&sort=datedesc"
	}
	return ""
}
