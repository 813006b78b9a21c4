package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// boilerplateClassRE matches class and id words that name page furniture wherever they
// stand in a class token: comments sections, related and recommended articles, share bars,
// newsletter and subscription prompts, cookie and consent banners, breadcrumbs, sidebars.
var boilerplateClassRE = regexp.MustCompile(`(?i)(^|[-_\s])(comments|commentlist|comment-?list|comment-?section|comments?-?area|disqus|related|relatedposts|related-?(posts?|articles?|stories|content|links)|sharing|sharebar|share-?(buttons|bar|tools|links)|social-?(links|media|share|icons|buttons)|newsletter|subscribe|subscription|cookie|cookies|cookie-?(banner|notice|bar)|consent|gdpr|breadcrumbs?|sidebar|outbrain|taboola|recommended|recommendations|more-?stories|most-?(read|popular|viewed)|popular-?posts|trending|read-?also|see-?also|author-?(box|bio)|newsticker)($|[-_\s])`)

// weakClassRE matches furniture words that are ambiguous inside compound names
// ("live-match-comment" is the article; "TestReport__Section--Ads" may hold it): they count
// only at the start of a class token ("comment-body", "ad-slot", "share").
var weakClassRE = regexp.MustCompile(`(?i)(^|\s)(comment|respond|replies|share|social|promo|advert|advertisement|ad|ads)($|[-_\s])`)

// boilerplateRoles are ARIA landmark roles of page furniture.
var boilerplateRoles = map[string]bool{
	"navigation": true, "complementary": true, "contentinfo": true, "banner": true,
	"dialog": true, "alertdialog": true, "search": true, "menu": true, "menubar": true,
}

// maxPruneShare is the largest share of the page's text a pruned block may hold: a wrapper
// whose class says "sidebar" but that holds most of the text is the page's own layout.
const maxPruneShare = 0.35

// pruneBoilerplate removes navigation, asides, footers, comment sections, related-article
// blocks, share widgets and banners from the parsed page before readability scores it.
func pruneBoilerplate(doc *html.Node) {
	for _, n := range findBoilerplate(doc) {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// findBoilerplate returns the outermost furniture blocks of doc.
func findBoilerplate(doc *html.Node) []*html.Node {
	lengths := map[*html.Node]int{}
	var measure func(n *html.Node, depth int) int
	measure = func(n *html.Node, depth int) int {
		if depth > maxDepth {
			return 0
		}
		switch n.Type {
		case html.TextNode:
			return len(strings.TrimSpace(n.Data))
		case html.ElementNode:
			if elemAtom(n) == atom.Script || elemAtom(n) == atom.Style || elemAtom(n) == atom.Noscript || elemAtom(n) == atom.Template {
				return 0
			}
		}
		total := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			total += measure(c, depth+1)
		}
		if n.Type == html.ElementNode {
			lengths[n] = total
		}
		return total
	}
	all := measure(doc, 0)
	if all == 0 {
		return nil
	}
	limit := int(float64(all) * maxPruneShare)
	cache := map[string]bool{} // class and id values already judged

	var doomed []*html.Node
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		if n.Type == html.ElementNode && lengths[n] <= limit && isBoilerplate(n, cache) {
			doomed = append(doomed, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return doomed
}

func isBoilerplate(n *html.Node, cache map[string]bool) bool {
	switch elemAtom(n) {
	case atom.Html, atom.Body, atom.Main, atom.Article, atom.Head:
		return false
	case atom.Nav, atom.Aside, atom.Footer, atom.Dialog:
		return true
	}
	if boilerplateRoles[strings.ToLower(attr(n, "role"))] {
		return true
	}
	if strings.EqualFold(attr(n, "aria-modal"), "true") {
		return true
	}
	id, class := attr(n, "id"), attr(n, "class")
	if id == "" && class == "" {
		return false
	}
	return (!isSlug(id) && furnitureName(id, cache)) || furnitureName(class, cache)
}

// isSlug reports whether an id looks like an anchor made from a heading
// ("sharing-with-a-single-developer"): more than three words. Such ids name a section of
// the article, not a widget.
func isSlug(id string) bool {
	return len(strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' })) > 3
}

// furnitureName reports whether a class or id value names page furniture (and not also the
// article body), remembering the answers in cache.
func furnitureName(s string, cache map[string]bool) bool {
	if s == "" {
		return false
	}
	v, ok := cache[s]
	if !ok {
		v = !isContentClass(s) && (boilerplateClassRE.MatchString(s) || weakClassRE.MatchString(s))
		cache[s] = v
	}
	return v
}

// contentClassRE marks blocks that are the article itself even if another token looks
// like furniture ("article-body sharing-enabled").
var contentClassRE = regexp.MustCompile(`(?i)(^|[-_\s])(article-?(body|content|text)|story-?(body|content)|post-?(body|content)|entry-?content|main-?content|body-?text)($|[-_\s])`)

func isContentClass(s string) bool { return s != "" && contentClassRE.MatchString(s) }

// Labels of "related articles" blocks and teaser paragraphs, in the languages callwatch
// reads most. They are matched on the start of a short block's text, case-insensitively.
const relatedLabels = `read more|read also|also read|related|related (articles?|stories|posts|content|coverage|news|topics)|see also|more on this( story| topic)?|more from [^:]{1,40}|more stories|you may also like|you might also like|recommended( for you| stories| articles)?|most (read|popular|viewed)|trending|editor'?s picks|` +
	`lire aussi|à lire aussi|a lire aussi|lire également|à lire également|voir aussi|sur le même sujet|dans la même rubrique|les plus lus|nos articles|articles similaires|` +
	`lesen sie auch|lesen sie mehr|lesen sie hier|auch interessant|das könnte sie auch interessieren|das könnte dich auch interessieren|mehr zum thema|mehr themen|mehr dazu|weitere artikel|weitere beiträge|weitere nachrichten|weiterführende links|siehe auch|empfohlene beiträge|empfohlene artikel|ähnliche artikel|ähnliche beiträge|verwandte artikel|verwandte themen|zum weiterlesen|schon gelesen\??|auch lesen|meistgelesen|neueste artikel|beiträge zum thema|` +
	`le puede interesar|te puede interesar|lea también|lee también|lea más|lea|lee|vea también|ver también|mira|mire|puedes ver|noticias relacionadas|también te puede interesar|más noticias|` +
	`veja também|leia também|leia mais|saiba mais|notícias relacionadas|zobacz też|zobacz także|czytaj też|czytaj także|przeczytaj także|leggi anche|potrebbe interessarti`

// relatedHeadingRE matches a block that is only a related-articles label.
var relatedHeadingRE = regexp.MustCompile(`(?i)^\s*(` + relatedLabels + `)\s*[:：.!?»>›…-]*\s*$`)

// teaserHeadRE matches a heading that starts with a related-articles label of two words or
// more ("Mehr zum Thema Cyberpolitik"; not "Related concerns in Brussels").
var teaserHeadRE = regexp.MustCompile(`(?i)^\s*(` + multiWordLabels(relatedLabels) + `)\b`)

// multiWordLabels keeps the alternatives of labels that hold a space and no pattern syntax.
func multiWordLabels(labels string) string {
	var keep []string
	for _, l := range strings.Split(labels, "|") {
		if strings.Contains(l, " ") && !strings.ContainsAny(l, "()[]?{}^$\\") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "|")
}

func isHeading(n *html.Node) bool {
	switch elemAtom(n) {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// teaserRE matches a paragraph that starts with a related-articles label and a colon.
var teaserRE = regexp.MustCompile(`(?i)^\s*(` + relatedLabels + `)\s*[:：|»›>]`)

// creditRE matches photo credits and captions' source lines.
var creditRE = regexp.MustCompile(`(?i)^\s*(\(?\s*(foto|fotos|photo|photos|bild|bilder|image|images|credit|credits|crédit|crédits|crédito|créditos|titelbild|beitragsbild|quelle|fuente|source|zdjęcie|fot\.)\s*(:|via\b|/)|©|\(c\)\s)`)

// ctaPhrases mark calls to action (newsletter, subscription, follow and share prompts) and
// copyright lines; matched in lower case anywhere in a short block.
var ctaPhrases = []string{
	"newsletter", "subscribe", "subscriber", "sign up", "signing up", "follow us", "follow the ",
	"follow me on", "share this", "share on", "share the", "all rights reserved",
	"abonnez-vous", "inscrivez-vous", "suivez-nous", "partager", "tous droits réservés",
	"abonnieren", "abonniere", "jetzt anmelden", "folgen sie uns", "folge uns", "teilen sie",
	"artikel teilen", "zu teilen", "alle rechte vorbehalten",
	"suscríbete", "suscribete", "síguenos", "siguenos", "únete", "comparte", "derechos reservados",
	"assine", "inscreva-se", "siga-nos", "compartilhe",
	"zapisz się", "subskrybuj", "udostępnij",
}

// isCallToAction reports whether text holds one of ctaPhrases.
func isCallToAction(text string) bool {
	l := strings.ToLower(text)
	for _, p := range ctaPhrases {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}

// metaLineRE matches the furniture lines of blogs and news sites: categories, tags, "posted
// on", view and comment counters, print and back links, source lines, pagination teasers.
var metaLineRE = regexp.MustCompile(`(?i)^\s*(category|categories|kategorie|kategorien|catégorie|categoría|tags?|schlagwörter|schlagworte|stichwörter|étiquettes|etiquetas|` +
	`this (entry|post) was posted|posted (on|in|by)|filed under|erstellt am|aktualisiert am|veröffentlicht am|zuletzt aktualisiert|publié le|mis à jour le|publicado (el|en)|actualizado|opublikowano|aktualizacja|` +
	`views?|aufrufe|zugriffe|comments?|kommentare?|commentaires?|comentarios?|leave a (comment|reply)|kommentar schreiben|kommentare schreiben|kommentare geschlossen|comments are closed|laisser un commentaire|deja un comentario|` +
	`print|drucken|rezept drucken|artikel drucken|imprimer|imprimir|bild anzeigen|zurück|back to|retour|volver|weiter zu|vorschau auf|nächster artikel|vorheriger artikel|previous (post|article)|next (post|article)|article suivant|article précédent|` +
	`źródło|quellen(angaben)?|sources?|fuentes?|materiał chroniony|ten tekst przeczytasz|pour lire la suite|to read the full|to view the full|continue reading|weiterlesen|seguir leyendo|` +
	`if you (enjoyed|liked)|did you (enjoy|like)|war (der|dieser) (artikel|beitrag)|hat (dir|ihnen) (der|dieser) (artikel|beitrag)|artikel gefallen|hier können sie (den|diesen) artikel|den artikel mit anderen)\b`)

// dateLineRE matches a block that is only a date or a time ("23.10.2018", "19:49", "3:59 PM").
var dateLineRE = regexp.MustCompile(`(?i)^\s*[\d./:\-]+\s*(am|pm|uhr|h)?\s*$`)

// maxBoilerWords is the longest block (in words) that the label, credit and call-to-action
// rules may drop: real paragraphs that merely mention a newsletter are longer.
const maxBoilerWords = 30

// cleanContent removes, from readability's article node, the page furniture that survived
// its scoring: related-article headings with the link lists that follow them, teaser
// paragraphs ("Read more: ..."), photo credits, figure captions, meta lines (categories,
// counters, print and back links), bare dates, and short calls to action.
func cleanContent(root *html.Node) {
	// One post-order pass finds the elements that hold block elements; the others are the
	// paragraph-like leaves the rules look at.
	hasBlock := map[*html.Node]bool{}
	var mark func(n *html.Node, depth int) bool
	mark = func(n *html.Node, depth int) bool {
		if depth > maxDepth {
			return false
		}
		inner := false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (mark(c, depth+1) || blockAtoms[elemAtom(c)]) {
				inner = true
			}
		}
		if inner {
			hasBlock[n] = true
		}
		return inner
	}
	mark(root, 0)

	var doomed []*html.Node
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxDepth {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if elemAtom(c) == atom.Figcaption {
				doomed = append(doomed, c)
				continue
			}
			if hasBlock[c] && !isParagraph(c) {
				walk(c, depth+1)
				continue
			}
			if drop, withLinks := boilerBlock(c); drop {
				doomed = append(doomed, c)
				if withLinks {
					// The links that follow a label are the related articles.
					for s := c.NextSibling; s != nil; s = s.NextSibling {
						if s.Type == html.TextNode && strings.TrimSpace(s.Data) == "" {
							continue
						}
						if s.Type != html.ElementNode || !isLinkList(s) {
							break
						}
						doomed = append(doomed, s)
					}
				}
			}
		}
	}
	walk(root, 0)
	for _, n := range doomed {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// boilerBlock decides whether the paragraph-like block c is furniture, and whether it is a
// related-articles label whose following link lists go with it.
func boilerBlock(c *html.Node) (drop, withLinks bool) {
	text := cleanLine(nodeText(c))
	words := len(strings.Fields(text))
	if words == 0 {
		return false, false
	}
	// The label rules look at the start of the block only: a long block costs no more.
	head := text
	if len(head) > 100 {
		cut := 100
		for cut > 0 && !utf8.RuneStart(head[cut]) {
			cut--
		}
		head = head[:cut]
	}
	switch {
	case words <= 8 && relatedHeadingRE.MatchString(text),
		words <= 6 && isHeading(c) && teaserHeadRE.MatchString(text):
		return true, true
	case (words <= maxBoilerWords || linkDensity(c) > 0.5) && teaserRE.MatchString(head):
		return true, false
	case words <= 12 && (creditRE.MatchString(head) || metaLineRE.MatchString(head)):
		return true, false
	case words <= 3 && dateLineRE.MatchString(text):
		return true, false
	case words <= maxBoilerWords && isCallToAction(text):
		return true, false
	case words <= 15 && elemAtom(c) == atom.P && linkDensity(c) >= 0.9:
		// A paragraph that is only a link, between paragraphs of the body, is an inline
		// teaser for another article.
		return true, false
	}
	return false, false
}

// isParagraph reports whether n is a heading, paragraph or list item: judged whole even when
// it holds blocks.
func isParagraph(n *html.Node) bool {
	switch elemAtom(n) {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Dt, atom.Dd:
		return true
	}
	return false
}

// isLinkList reports whether n is a list (or block) whose text is mostly links.
func isLinkList(n *html.Node) bool {
	switch elemAtom(n) {
	case atom.Ul, atom.Ol, atom.Div, atom.P, atom.Section:
		return linkDensity(n) > 0.6
	}
	return false
}

// linkDensity is the share of n's text that sits inside links.
func linkDensity(n *html.Node) float64 {
	var all, linked int
	var walk func(n *html.Node, inLink bool, depth int)
	walk = func(n *html.Node, inLink bool, depth int) {
		if depth > maxDepth {
			return
		}
		if n.Type == html.TextNode {
			l := utf8.RuneCountInString(strings.TrimSpace(n.Data))
			all += l
			if inLink {
				linked += l
			}
			return
		}
		if n.Type == html.ElementNode && elemAtom(n) == atom.A {
			inLink = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink, depth+1)
		}
	}
	walk(n, false, 0)
	if all == 0 {
		return 0
	}
	return float64(linked) / float64(all)
}
