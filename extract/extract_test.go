package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExtractKeepsOnlyTheArticle checks, on realistic news pages, that the article body
// survives whole and that navigation, sidebars of related links (which mention the Paris
// Call and would be false alarms), comments, share and newsletter prompts, cookie banners,
// captions, footers, scripts and styles do not reach the text.
func TestExtractKeepsOnlyTheArticle(t *testing.T) {
	tests := []struct {
		file, url  string
		paragraphs int
		want       []string
		notWant    []string
	}{
		{
			file: "news_en.html", url: "https://www.dailyledger.example/world/ruritania-paris-call?utm_source=feed",
			paragraphs: 5,
			want: []string{
				"Ruritania on Tuesday became the latest country to endorse the Paris Call for Trust and Security in Cyberspace",
				"reflected the country's own approach to cyber security and international law.",
				`"We are proud to add our name to the more than one thousand supporters of this Call," the minister told reporters`,
				"several of whose members had already signed up as supporters in previous years.",
				"while some large powers still stay out of the initiative.",
			},
			notWant: []string{
				"France signs the Paris Call again", "Borduria joins the Paris Call", "Syldavia refused",
				"Neighbouring Borduria declines", "Read more", "Borduria should sign", "Syldavia signed",
				"42 comments", "cookies", "newsletter", "Politics", "Technology", "Share on", "All rights reserved",
				"About us", "Photo:", "signing ceremony.", "script", "style", "Related", "Jane Q. Reporter",
			},
		},
		{
			file: "news_fr.html", url: "https://www.lequotidien.example/monde/syldavie-appel-de-paris",
			paragraphs: 5,
			want: []string{
				"La Syldavie a annoncé mardi son adhésion à l’Appel de Paris pour la confiance et la sécurité dans le cyberespace",
				"lors du Forum sur la gouvernance de l'internet à l’UNESCO.",
				"« Nous partageons pleinement les neuf principes de l'Appel », a déclaré le ministre",
				"a précisé son porte-parole.",
			},
			notWant: []string{
				"La Bordurie refuse", "À lire aussi", "Sur le même sujet", "La France signe", "Le Japon rejoint",
				"Réagissez", "Accueil", "Numérique", "Tous droits réservés", "&rsquo;", "&#39;",
			},
		},
		{
			file: "news_de.html", url: "https://www.tagesblatt.example/politik/bordurien-pariser-appell",
			paragraphs: 3,
			want: []string{
				"Bordurien hat am Mittwoch den Pariser Appell für Vertrauen und Sicherheit im Cyberspace unterzeichnet.",
				"das Verbot privater Hackbacks.",
				"kommen hinzu.",
			},
			notWant: []string{
				"Mehr zum Thema", "Syldavien lehnt", "Frankreich unterzeichnet", "Diesen Artikel teilen",
				"Leserkommentar", "Startseite", "Impressum", "Alle Rechte vorbehalten", "Max Mustermann",
			},
		},
		{
			file: "script_style.html", url: "https://news.example/cyber-norms",
			paragraphs: 4,
			want: []string{
				"Diplomats met again this week",
				"agreed to meet again next spring.\nA final report is expected in June.\n\nThe chair thanked participants.",
				`the discussions were constructive & that progress on a shared vocabulary was "real", even if`,
			},
			notWant: []string{
				"Injected", "document.write", "Atlantis", "style text", "content:", "Enable JavaScript", "Template",
				"&amp;", "&quot;",
			},
		},
		{
			file: "amp.html", url: "https://www.diario.example/amp/internacional/espana-llamamiento-paris.html",
			paragraphs: 2,
			want: []string{
				"El Gobierno español reiteró este lunes su apoyo al Llamamiento de París",
				"la protección de los procesos electorales y a la higiene cibernética.",
			},
			notWant: []string{"Lea también", "Portugal se suma"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := Extract(readTestdata(t, tt.file), tt.url)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(a.Text, w) {
					t.Errorf("text lacks %q\ntext:\n%s", w, a.Text)
				}
			}
			for _, nw := range tt.notWant {
				if strings.Contains(a.Text, nw) {
					t.Errorf("text holds boilerplate %q\ntext:\n%s", nw, a.Text)
				}
			}
			paras := strings.Split(a.Text, "\n\n")
			if len(paras) != tt.paragraphs {
				t.Errorf("got %d paragraphs, want %d:\n%q", len(paras), tt.paragraphs, paras)
			}
			for i, p := range paras {
				if p != strings.TrimSpace(p) || p == "" || strings.Contains(p, "  ") {
					t.Errorf("paragraph %d is not clean: %q", i, p)
				}
			}
			assertNoMarkup(t, a.Text)
		})
	}
}

func assertNoMarkup(t *testing.T, text string) {
	t.Helper()
	for _, bad := range []string{"<p", "</", "<br", "<a ", "<div", "<script", "&lt;", "&gt;", "&nbsp;", "&#"} {
		if strings.Contains(text, bad) {
			t.Errorf("text holds markup %q:\n%s", bad, text)
		}
	}
}

func TestExtractMetadata(t *testing.T) {
	tests := []struct {
		file, url string
		want      Article // Text and Excerpt are not compared here
	}{
		{
			file: "news_en.html", url: "https://www.dailyledger.example/world/ruritania-paris-call?utm_source=feed",
			want: Article{
				Title: "Ruritania joins the Paris Call for Trust and Security in Cyberspace", Byline: "Jane Q. Reporter",
				Published:    time.Date(2026, 3, 10, 8, 30, 0, 0, time.UTC),
				PublishedRaw: "2026-03-10T09:30:00+01:00", Language: "en", SiteName: "The Daily Ledger",
				Canonical:  "https://www.dailyledger.example/world/ruritania-paris-call",
				Excerpt:    "Ruritania became the 82nd state to support the Paris Call on Tuesday.",
				Readerable: true,
			},
		},
		{
			file: "news_fr.html", url: "https://www.lequotidien.example/monde/syldavie",
			want: Article{
				Title: "La Syldavie rejoint l'Appel de Paris", Byline: "Marie Dupont",
				Published: time.Date(2026, 2, 3, 14, 5, 0, 0, time.UTC), PublishedRaw: "2026-02-03T14:05:00Z",
				Language: "fr", SiteName: "Le Quotidien", Excerpt: "La Syldavie a signé l'Appel de Paris mardi.",
				Readerable: true,
			},
		},
		{
			// og:url is the canonical when there is no <link rel=canonical>; a bare date is UTC midnight.
			file: "news_de.html", url: "https://m.tagesblatt.example/politik/bordurien-pariser-appell?ref=rss",
			want: Article{
				Title: "Bordurien tritt dem Pariser Appell bei", Byline: "Max Mustermann",
				Published: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), PublishedRaw: "2026-01-15",
				Language: "de", Canonical: "https://www.tagesblatt.example/politik/bordurien-pariser-appell",
			},
		},
		{
			// An AMP page (<html ⚡>) reports the regular article as its canonical.
			file: "amp.html", url: "https://www.diario.example/amp/internacional/espana-llamamiento-paris.html",
			want: Article{
				Title: "España respalda el Llamamiento de París", Language: "es", AMP: true,
				Canonical:  "https://www.diario.example/internacional/espana-llamamiento-paris.html",
				Excerpt:    "España respalda el Llamamiento de París para la confianza y la seguridad en el ciberespacio.",
				Readerable: true,
			},
		},
		{
			// No declared language: guessed from the text.
			file: "script_style.html", url: "https://news.example/cyber-norms",
			want: Article{Title: "Cyber norms debate continues", Language: "en", LanguageGuessed: true, Readerable: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := Extract(readTestdata(t, tt.file), tt.url)
			if err != nil {
				t.Fatal(err)
			}
			got := a
			got.Text = ""
			if tt.want.Excerpt == "" {
				got.Excerpt = ""
			}
			if got != tt.want {
				t.Errorf("metadata:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestExtractNoArticle(t *testing.T) {
	a, err := Extract(readTestdata(t, "empty.html"), "https://app.example/story/1?x=1")
	if !errors.Is(err, ErrNoArticle) {
		t.Fatalf("err = %v, want ErrNoArticle", err)
	}
	if a.Readerable || a.Text != "" {
		t.Errorf("Readerable=%v Text=%q, want false and empty", a.Readerable, a.Text)
	}
	if a.Title != "Loading…" || a.Canonical != "https://app.example/story/1" || a.Language != "en" {
		t.Errorf("metadata lost: %+v", a)
	}
	for _, in := range []string{"", "   ", "<html></html>", "<p> </p><script>var a=1</script>"} {
		if _, err := Extract([]byte(in), ""); !errors.Is(err, ErrNoArticle) {
			t.Errorf("Extract(%q) err = %v, want ErrNoArticle", in, err)
		}
	}
}

func TestExtractRefusesHugeInput(t *testing.T) {
	_, err := Extract(make([]byte, MaxInputSize+1), "")
	if err == nil || errors.Is(err, ErrNoArticle) || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("err = %v, want a size-limit error", err)
	}
}

// TestExtractGuessesFrench: a French page without any language declaration.
func TestExtractGuessesFrench(t *testing.T) {
	page := `<html><body><article><h1>Cyberespace</h1>
<p>Le gouvernement a annoncé qu'il soutiendrait l'Appel de Paris pour la confiance et la sécurité dans le cyberespace, lancé par le président de la République en novembre 2018.</p>
<p>Cette décision intervient après plusieurs mois de discussions avec les entreprises du secteur numérique et les associations de la société civile.</p>
</article></body></html>`
	a, err := Extract([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Language != "fr" || !a.LanguageGuessed {
		t.Errorf("Language=%q guessed=%v, want fr guessed", a.Language, a.LanguageGuessed)
	}
}

// TestExtractConcurrent runs Extract on several goroutines at once (meaningful under -race):
// each call must give the same article as a lone call.
func TestExtractConcurrent(t *testing.T) {
	files := []string{"news_en.html", "news_fr.html", "news_de.html", "script_style.html", "amp.html"}
	want := map[string]Article{}
	pages := map[string][]byte{}
	for _, f := range files {
		pages[f] = readTestdata(t, f)
		a, err := Extract(pages[f], "https://news.example/"+f)
		if err != nil {
			t.Fatal(err)
		}
		want[f] = a
	}
	errs := make(chan string, 4*len(files))
	done := make(chan struct{})
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for _, f := range files {
				a, err := Extract(pages[f], "https://news.example/"+f)
				if err != nil || a != want[f] {
					errs <- f
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
	close(errs)
	for f := range errs {
		t.Errorf("%s: concurrent result differs from a lone call", f)
	}
}

// TestExtractInvalidUTF8: stray non-UTF-8 bytes are replaced, never passed on.
func TestExtractInvalidUTF8(t *testing.T) {
	page := "<html><head><title>S\xe9curit\xe9</title></head><body><article><p>" +
		strings.Repeat("La s\xe9curit\xe9 du cyberespace est l'affaire de tous les \xc9tats. ", 6) + "</p></article></body></html>"
	a, err := Extract([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(a.Title) || !utf8.ValidString(a.Text) {
		t.Fatalf("invalid UTF-8 passed on: %q / %q", a.Title, a.Text)
	}
	if !strings.Contains(a.Text, "La s\uFFFDcurit\uFFFD du cyberespace") {
		t.Errorf("text = %q", a.Text)
	}
}
