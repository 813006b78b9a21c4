// Package corpus is the demo corpus of callwatch's loopback internet: news articles
// written for this project in English, French, German and Spanish, the news sites that
// publish them, two versions of the official register, and, for every article, the
// findings callwatch must make (the stance of each entity, whether the Call is mentioned)
// and the alerts it must raise.
//
// The corpus is embedded (about 20 KB) so that `callwatch demo` works from the binary
// alone. Its cases: new signatories that are not in the official baseline (Kenya, Rwanda,
// India, Brazil, then Nigeria in the second pass), which alert; known supporters
// (Microsoft, Spain), which do not; a refusal (Russia); a passing mention; look-alikes
// (the Christchurch Call, the Paris climate Agreement); organisations unknown to the
// gazetteer (Lumen Grid Systems, Fondation Cyberpaix, Kestrel Analytics), whose news
// reports stay below the alert threshold until the register confirms one of them.
package corpus

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

//go:embed manifest.json register_v1.csv register_v2.csv articles/*.txt
var files embed.FS

// Site is one news site of the corpus.
type Site struct {
	ID   string `json:"id"`   // short name, also the source's name in configurations
	Name string `json:"name"` // the publication's name
	Lang string `json:"lang"` // ISO 639-1
	Feed string `json:"feed"` // rss, atom or json
}

// Stance is one expected stance finding: an entity id and signed, declined or announced.
type Stance struct {
	Entity string `json:"entity"`
	Stance string `json:"stance"`
}

// Article is one article of the corpus with what callwatch must find in it.
type Article struct {
	ID         string    `json:"id"`
	Site       string    `json:"site"`
	Title      string    `json:"title"`
	Published  time.Time `json:"published"`
	SearchOnly bool      `json:"search_only"` // listed by the news search only, not by its site's feed
	SecondPass bool      `json:"second_pass"` // published by Net.Advance
	Mention    bool      `json:"mention"`     // at least one mention finding
	Stances    []Stance  `json:"stances"`     // every stance finding (confidence >= 0.5), no more
	Alerts     []string  `json:"alerts"`      // alert kinds raised for the article's entities
	Paragraphs []string  `json:"-"`           // the body, read from articles/ID.txt
}

// RegisterEntry is an entry that the second version of the register adds.
type RegisterEntry struct {
	Name     string `json:"name"`
	Entity   string `json:"entity"`
	Alert    string `json:"alert"`
	FollowUp bool   `json:"follow_up"`
}

// Corpus is the whole demo corpus.
type Corpus struct {
	Sites         []Site          `json:"sites"`
	Articles      []Article       `json:"articles"`
	RegisterAdded []RegisterEntry `json:"register_added"`
	RegisterV1    []byte          `json:"-"` // the official register's CSV before Advance
	RegisterV2    []byte          `json:"-"` // and after
}

// Load reads the embedded corpus. It fails only if the embedded files are inconsistent,
// which the package's tests rule out.
func Load() (*Corpus, error) {
	data, err := files.ReadFile("manifest.json")
	if err != nil {
		return nil, err
	}
	var c Corpus
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("corpus: manifest: %w", err)
	}
	sites := map[string]bool{}
	for _, s := range c.Sites {
		sites[s.ID] = true
	}
	for i := range c.Articles {
		a := &c.Articles[i]
		if !sites[a.Site] {
			return nil, fmt.Errorf("corpus: article %s: unknown site %q", a.ID, a.Site)
		}
		body, err := files.ReadFile("articles/" + a.ID + ".txt")
		if err != nil {
			return nil, fmt.Errorf("corpus: article %s: %w", a.ID, err)
		}
		for _, p := range strings.Split(strings.TrimSpace(string(body)), "\n\n") {
			a.Paragraphs = append(a.Paragraphs, strings.Join(strings.Fields(p), " "))
		}
	}
	if c.RegisterV1, err = files.ReadFile("register_v1.csv"); err != nil {
		return nil, err
	}
	if c.RegisterV2, err = files.ReadFile("register_v2.csv"); err != nil {
		return nil, err
	}
	return &c, nil
}

// Site returns the site with id, or false.
func (c *Corpus) Site(id string) (Site, bool) {
	for _, s := range c.Sites {
		if s.ID == id {
			return s, true
		}
	}
	return Site{}, false
}

// ExpectedAlerts lists the alerts that the first pass (second false) or the pass after
// Net.Advance (second true) must raise, as "kind entity" strings.
func (c *Corpus) ExpectedAlerts(second bool) []string {
	var out []string
	for _, a := range c.Articles {
		if a.SecondPass != second {
			continue
		}
		for _, k := range a.Alerts {
			for _, s := range a.Stances {
				out = append(out, k+" "+s.Entity)
			}
		}
	}
	if second {
		for _, r := range c.RegisterAdded {
			out = append(out, r.Alert+" "+r.Entity)
		}
	}
	return out
}
