package detect

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
)

func TestNormalizeOffsets(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"case and accents", "Appel de Paris pour la Confiance et la Sécurité", "appel de paris pour la confiance et la securite"},
		{"nbsp and line break", "Paris\u00a0Call for Trust\nand Security", "paris call for trust and security"},
		{"paragraph", "One.\n\nTwo.", "one.\ntwo."},
		{"soft hyphen and zero width", "Cyber\u00adspace Pa\u200bris", "cyberspace paris"},
		{"quotes and dashes", "l’Appel — «Paris»", "l'appel - \"paris\""},
		{"entities", "Trust &amp; Security&nbsp;in Cyberspace &#233;t&eacute;", "trust & security in cyberspace ete"},
		{"fullwidth and ligature", "ＰＡＲＩＳ ﬁle", "paris file"},
		{"german sharp s", "Großbritannien", "grossbritannien"},
		{"cyrillic", "Парижский Призыв", "парижскии призыв"},
		{"invalid utf-8", "Paris\xffCall", "paris call"},
		{"leading and trailing space", "  Paris  ", "paris"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nt := normalize(c.in)
			if strings.TrimSpace(nt.s) != c.want {
				t.Errorf("normalize(%q) = %q, want %q", c.in, nt.s, c.want)
			}
			if len(nt.src) != len(nt.s) {
				t.Fatalf("offset map has %d entries for %d bytes", len(nt.src), len(nt.s))
			}
			for i := range nt.src {
				if i > 0 && nt.src[i] < nt.src[i-1] {
					t.Fatalf("offset map not monotonic at %d", i)
				}
				if int(nt.src[i]) >= len(c.in) {
					t.Fatalf("offset %d out of range", nt.src[i])
				}
			}
			if e := nt.origEnd(len(nt.s)); len(nt.s) > 0 && e > len(c.in) {
				t.Errorf("origEnd = %d > %d", e, len(c.in))
			}
		})
	}
}

// normalizeASCIIRef is normalize for ASCII text without '&', one byte at a time: the
// reference for normalizeInto's fast path over ASCII runs.
func normalizeASCIIRef(s string) normText {
	var z normalizer
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n':
			z.startSpace(i, 1)
		case asciiFold[c] == ' ':
			z.startSpace(i, 0)
		default:
			z.emit(string(asciiFold[c]), i)
		}
	}
	return normText{orig: s, s: string(z.out), src: z.src, lines: z.lines}
}

// FuzzNormalizeASCII compares normalize with normalizeASCIIRef on ASCII text (bytes
// outside it become letters): the text, the offset map and the single line breaks.
func FuzzNormalizeASCII(f *testing.F) {
	for _, s := range []string{"Paris Call", "  a  b\n c\n\n d\t\te ", "A.B, C;\r\nD", "x", "\n", "a \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for i, c := range b {
			if c >= utf8.RuneSelf || c == '&' {
				b[i] = 'a' + c%26
			}
		}
		s = string(b)
		got, want := normalize(s), normalizeASCIIRef(s)
		if got.s != want.s || !slices.Equal(got.src, want.src) || !slices.Equal(got.lines, want.lines) {
			t.Fatalf("normalize(%q) = %q %v %v, want %q %v %v", s, got.s, got.src, got.lines, want.s, want.src, want.lines)
		}
	})
}

// TestOffsetsPointAtOriginal checks that every finding's offsets and spans address the
// original text, whatever normalisation did (entities, NBSP, accents, CJK).
func TestOffsetsPointAtOriginal(t *testing.T) {
	d := newTestDetector(t)
	for _, ld := range loadCorpus(t) {
		doc := ld.doc
		for _, f := range d.Detect(doc) {
			field := doc.Text
			if f.Field == callwatch.FieldTitle {
				field = doc.Title
			}
			if f.Start < 0 || f.End > len(field) || f.Start > f.End {
				t.Fatalf("%s: offsets [%d:%d] outside the %s (%d bytes)", ld.name, f.Start, f.End, f.Field, len(field))
			}
			if got := strings.TrimSpace(field[f.Start:f.End]); got != f.Evidence {
				t.Errorf("%s: %s[%d:%d] = %q, evidence %q", ld.name, f.Field, f.Start, f.End, got, f.Evidence)
			}
			for _, sp := range f.Spans {
				if sp.Start < f.Start || sp.End > f.End || sp.Start >= sp.End {
					t.Errorf("%s: span %+v outside the sentence [%d:%d]", ld.name, sp, f.Start, f.End)
				}
				if !utf8.ValidString(field[sp.Start:sp.End]) {
					t.Errorf("%s: span %+v cuts a character", ld.name, sp)
				}
			}
			if f.Confidence <= 0 || f.Confidence > 1 || f.Rule == "" || f.Evidence == "" {
				t.Errorf("%s: incomplete finding %+v", ld.name, f)
			}
		}
	}
}

func TestMentions(t *testing.T) {
	d := newTestDetector(t)
	cases := []struct {
		name     string
		doc      callwatch.Document
		strength callwatch.Strength // "" for no mention
		rule     string
	}{
		{"full en", callwatch.Document{Text: "The Paris Call for Trust and Security in Cyberspace was launched in 2018."}, callwatch.StrengthFull, "mention.full.en"},
		{"swapped words", callwatch.Document{Text: "It backs the Paris Call for Security and Trust in Cyberspace."}, callwatch.StrengthFull, "mention.full.en"},
		{"on for for", callwatch.Document{Text: "The Paris Call on Trust and Security in Cyberspace has nine principles."}, callwatch.StrengthFull, "mention.full.en"},
		{"dated form", callwatch.Document{Text: "The Paris Call of 12 November 2018 for Trust and Security in Cyberspace is open."}, callwatch.StrengthFull, "mention.full.en"},
		{"lower case", callwatch.Document{Text: "the paris call for trust and security in cyberspace"}, callwatch.StrengthFull, "mention.full.en"},
		{"french", callwatch.Document{Text: "L'Appel de Paris pour la confiance et la sécurité dans le cyberespace."}, callwatch.StrengthFull, "mention.full.fr"},
		{"german", callwatch.Document{Text: "Der Pariser Appell für Vertrauen und Sicherheit im Cyberspace."}, callwatch.StrengthFull, "mention.full.de"},
		{"spanish latam", callwatch.Document{Text: "El Llamado de París para la Confianza y la Seguridad en el Ciberespacio."}, callwatch.StrengthFull, "mention.full.es"},
		{"romanian", callwatch.Document{Text: "Apelul de la Paris pentru încredere şi securitate în spaţiul cibernetic."}, callwatch.StrengthFull, "mention.full.ro"},
		{"russian", callwatch.Document{Text: "Парижский призыв к доверию и безопасности в киберпространстве."}, callwatch.StrengthFull, "mention.full.ru"},
		{"japanese", callwatch.Document{Text: "サイバー空間における信頼と安全のためのパリ・コールに署名した。"}, callwatch.StrengthFull, "mention.full.ja"},
		{"chinese", callwatch.Document{Text: "网络空间信任与安全巴黎倡议"}, callwatch.StrengthFull, "mention.full.zh"},
		{"arabic", callwatch.Document{Text: "نداء باريس من أجل الثقة والأمن في الفضاء الإلكتروني"}, callwatch.StrengthFull, "mention.full.ar"},
		{"domain", callwatch.Document{Text: "See the list on pariscall.international today."}, callwatch.StrengthFull, "mention.domain"},
		{"headline only", callwatch.Document{Title: "Paris Call for Trust and Security in Cyberspace turns five", Text: "Nothing else here."}, callwatch.StrengthFull, "mention.full.en"},
		{"short with cyber context", callwatch.Document{Text: "The Paris Call aims to curb cyberattacks on hospitals."}, callwatch.StrengthShort, "mention.short.context.en"},
		{"short with full name elsewhere", callwatch.Document{Text: "The Paris Call for Trust and Security in Cyberspace is old.\n\nThe Paris Call was praised by many."}, callwatch.StrengthFull, ""},
		{"short without context", callwatch.Document{Text: "The Paris call lasted over an hour, the Elysee said."}, "", ""},
		{"paris called", callwatch.Document{Text: "Paris called, and the striker answered the call from Paris."}, "", ""},
		{"climate agreement", callwatch.Document{Text: "The Paris Agreement on climate was signed by nearly 200 countries."}, "", ""},
		{"christchurch", callwatch.Document{Text: "The Christchurch Call against terrorist content online was adopted in Paris."}, "", ""},
		{"unesco source code", callwatch.Document{Text: "UNESCO and Inria launched the Paris Call: Software Source Code as Heritage for Sustainable Development, on internet archives."}, "", ""},
		{"call centre", callwatch.Document{Text: "A cyber attack hit the Paris call centre of the insurer."}, "", ""},
		{"german abkommen in cyber sense", callwatch.Document{Text: "Deutschland hat das Pariser Abkommen zu Cybersicherheit unterzeichnet."}, callwatch.StrengthShort, ""},
		{"german klimaabkommen", callwatch.Document{Text: "Die USA kehren zum Pariser Klimaabkommen zurück."}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got callwatch.Strength
			var rule string
			for _, f := range d.Detect(c.doc) {
				if f.Kind == callwatch.FindingMention && (got == "" || f.Strength == callwatch.StrengthFull) {
					got, rule = f.Strength, f.Rule
				}
			}
			if got != c.strength {
				t.Fatalf("strength %q (%s), want %q", got, rule, c.strength)
			}
			if c.rule != "" && rule != c.rule {
				t.Errorf("rule %q, want %q", rule, c.rule)
			}
		})
	}
}

func TestStances(t *testing.T) {
	d := newTestDetector(t)
	const call = "the Paris Call for Trust and Security in Cyberspace"
	cases := []struct {
		name string
		doc  callwatch.Document
		want []string // "kind id", in any order
	}{
		{"list and count", callwatch.Document{Text: "Microsoft, Facebook, and Google as well as over 100 other companies signed " + call + "."},
			[]string{"signed org:microsoft", "signed org:facebook", "signed org:google"}},
		{"subject not object", callwatch.Document{Text: "Cisco joined 51 countries in signing " + call + "."}, []string{"signed org:cisco"}},
		{"polarity behind join", callwatch.Document{Text: "Israel joined Russia and China in rejecting " + call + "."},
			[]string{"declined state:ISR", "declined state:RUS", "declined state:CHN"}},
		{"passive", callwatch.Document{Text: "The text of " + call + " was backed by Japan and Siemens."}, []string{"signed state:JPN", "signed org:siemens"}},
		{"negation en", callwatch.Document{Text: "The United States has not signed " + call + "."}, []string{"declined state:USA"}},
		{"negation fr", callwatch.Document{Text: "La Russie n'a pas signé l'Appel de Paris pour la confiance et la sécurité dans le cyberespace."}, []string{"declined state:RUS"}},
		{"negation de", callwatch.Document{Text: "China hat den Pariser Appell für Vertrauen und Sicherheit im Cyberspace nicht unterzeichnet."}, []string{"declined state:CHN"}},
		{"negation es", callwatch.Document{Text: "Brasil no ha firmado el Llamamiento de París para la confianza y la seguridad en el ciberespacio."}, []string{"declined state:BRA"}},
		{"future", callwatch.Document{Text: "Ghana will join " + call + " next month."}, []string{"announced state:GHA"}},
		{"said it would", callwatch.Document{Text: "Kenya said it would sign " + call + "."}, []string{"announced state:KEN"}},
		{"urged is no stance", callwatch.Document{Text: "France urged India to join " + call + "."}, nil},
		{"whether is no stance", callwatch.Document{Text: "Officials did not say whether the United States would sign " + call + "."}, nil},
		{"declined to comment", callwatch.Document{Text: "Apple, asked about " + call + ", declined to comment."}, nil},
		{"self announcement", callwatch.Document{Text: "We are proud to be a signatory of " + call + ".", Publisher: "Orange"}, []string{"signed org:orange"}},
		{"self announcement by domain", callwatch.Document{Text: "Today we joined " + call + ".", Publisher: "www.siemens.com"}, []string{"signed org:siemens"}},
		{"headline without the name", callwatch.Document{Title: "USA signs no-hack pact", Text: "The United States joined " + call + " on Wednesday."}, []string{"signed state:USA"}},
		{"unverified organisation", callwatch.Document{Text: "Acme Cyber Defense Ltd signed " + call + "."}, []string{"signed unverified:acme-cyber-defense"}},
		{"among the signatories", callwatch.Document{Text: "Japan is among the signatories of " + call + ", unlike India."}, []string{"signed state:JPN"}},
		{"signatories include", callwatch.Document{Text: "Signatories of " + call + " include Nestlé and Swiss Re."}, []string{"signed org:nestle", "signed org:swiss-re"}},
		{"absent", callwatch.Document{Text: "Notable absentees from " + call + " include Amazon and Apple."}, []string{"declined org:amazon", "declined org:apple"}},
		{"members of is a complement", callwatch.Document{Text: call + " was backed by 51 countries, including all members of the European Union and Canada."}, []string{"signed state:CAN"}},
		{"quoted we is the speaker", callwatch.Document{Text: "\"We are proud to join " + call + ",\" said Brad Smith of Microsoft.", Publisher: "Reuters"},
			[]string{"signed org:microsoft"}},
		{"holdouts", callwatch.Document{Text: "Russia and China remain the main holdouts from " + call + "."}, []string{"declined state:RUS", "declined state:CHN"}},
		{"list does not include", callwatch.Document{Text: "The list of signatories of " + call + ", which does not include the United States, keeps growing."},
			[]string{"declined state:USA"}},
		{"other object", callwatch.Document{Text: "Russia signed the Budapest Convention but has rejected " + call + "."}, []string{"declined state:RUS"}},
		{"progressive", callwatch.Document{Text: "Germany is joining " + call + "."}, []string{"signed state:DEU"}},
		{"rejected something else", callwatch.Document{Text: "Microsoft signed " + call + ". China rejected the accusations of hacking."}, []string{"signed org:microsoft"}},
		{"inverted list", callwatch.Document{Text: "Among those who have not signed " + call + ": the United States and Israel."}, []string{"declined state:USA", "declined state:ISR"}},
		{"neither nor", callwatch.Document{Text: "Neither Russia nor China has joined " + call + "."}, []string{"declined state:RUS", "declined state:CHN"}},
		{"together with", callwatch.Document{Text: "The country signed " + call + " in 2018, together with Colombia and Chile."}, []string{"signed state:COL", "signed state:CHL"}},
		{"appositive", callwatch.Document{Text: "The United Kingdom, an early signatory of " + call + ", hosts the meeting."}, []string{"signed state:GBR"}},
		{"bulleted list", callwatch.Document{Text: "Early signatories of " + call + " include:\n- Microsoft\n- Nestlé\n- Japan\n\nMore followed."},
			[]string{"signed org:microsoft", "signed org:nestle", "signed state:JPN"}},
		{"lines without bullets", callwatch.Document{Text: "Signatories of " + call + " include:\nMicrosoft\nGoogle\n\nOthers hesitate."},
			[]string{"signed org:microsoft", "signed org:google"}},
		{"absent list after a colon", callwatch.Document{Text: "Notably absent from the signatories of " + call + " were the most aggressive cyber actors: China, Iran and Russia."},
			[]string{"declined state:CHN", "declined state:IRN", "declined state:RUS"}},
		{"attributive signatory", callwatch.Document{Text: "We are glad to join what we expect to be a growing signatory list of " + call + ".", Publisher: "Orange"},
			[]string{"signed org:orange"}},
		{"organisation as object", callwatch.Document{Text: "Microsoft backed the Paris Call for Trust and Security in Cyberspace. Google backed Mozilla in a lawsuit."},
			[]string{"signed org:microsoft"}},
		{"other events in an article about the Call", callwatch.Document{Text: "Five years of " + call + ".\n\nLast month, the United States and the United Kingdom signed a joint statement on ransomware. Google rejected claims that it had helped governments. China signed a memorandum with Brazil. Canada declined an invitation to speak. Russia joined China in proposing a treaty."},
			nil},
		{"but not", callwatch.Document{Title: "More than 50 nations, but not the US, sign the Paris cyber pact", Text: call + " was launched on Monday."},
			[]string{"declined state:USA"}},
		{"support of", callwatch.Document{Text: "El Llamamiento de París para la confianza y la seguridad en el ciberespacio tiene el apoyo de la UE, Canadá y Japón, así como los gigantes tecnológicos Facebook y Google."},
			[]string{"signed org:european-union", "signed state:CAN", "signed state:JPN", "signed org:facebook", "signed org:google"}},
		{"not among them", callwatch.Document{Text: "Fifty countries signed " + call + ". But the United States, Russia and China were not among them."},
			[]string{"declined state:USA", "declined state:RUS", "declined state:CHN"}},
		{"possessive absence", callwatch.Document{Text: "Washington's absence from " + call + " was noted. Microsoft's support for it was not."},
			[]string{"declined state:USA", "signed org:microsoft"}},
		{"become a supporter", callwatch.Document{Text: "Huawei has become a supporter of " + call + "."}, []string{"signed org:huawei"}},
		{"among the countries that signed", callwatch.Document{Text: "Japan and Germany are among the 51 countries that signed " + call + "."},
			[]string{"signed state:JPN", "signed state:DEU"}},
		{"entity object after a mention", callwatch.Document{Text: "Five years of " + call + ".\n\nFrance backs the EU's AI Act. Germany supports Ukraine."}, nil},
		{"a country inside a compound is not the country: the region is an authority", callwatch.Document{Text: "La Région Île-de-France a signé l'Appel de Paris pour la confiance et la sécurité dans le cyberespace."},
			[]string{"signed unverified:region-ile-de-france"}},
		// public authorities the gazetteer does not know
		{"city of", callwatch.Document{Text: "The city of Lyon has signed " + call + "."}, []string{"signed unverified:city-of-lyon"}},
		{"ville de", callwatch.Document{Text: "La ville de Lyon a signé l'Appel de Paris pour la confiance et la sécurité dans le cyberespace."}, []string{"signed unverified:ville-de-lyon"}},
		{"Stadt", callwatch.Document{Text: "Die Stadt Hamburg hat den Pariser Appell für Vertrauen und Sicherheit im Cyberspace unterzeichnet."}, []string{"signed unverified:stadt-hamburg"}},
		{"Ciudad de", callwatch.Document{Text: "La Ciudad de Buenos Aires se adhirió al Llamamiento de París para la confianza y la seguridad en el ciberespacio."},
			[]string{"signed unverified:ciudad-de-buenos-aires"}},
		{"région without de", callwatch.Document{Text: "La région Grand Est a signé l'Appel de Paris pour la confiance et la sécurité dans le cyberespace."}, []string{"signed unverified:region-grand-est"}},
		{"an adjective before a lower-case authority word", callwatch.Document{Text: "The Finnish city of Espoo signed " + call + "."}, []string{"signed unverified:city-of-espoo"}},
		{"a place before -based", callwatch.Document{Text: "Tallinn-based Acme Labs signed " + call + "."}, []string{"signed unverified:acme-labs"}},
		{"Ayuntamiento de", callwatch.Document{Text: "El Ayuntamiento de Madrid se ha adherido al Llamamiento de París para la confianza y la seguridad en el ciberespacio."},
			[]string{"signed unverified:ayuntamiento-de-madrid"}},
		{"a lone common noun is no name", callwatch.Document{Title: "Ministry signs Paris Call", Text: call + " turns five."}, nil},
		// appositions
		{"apposition", callwatch.Document{Text: "Telenor, the Norwegian telecommunications operator with activities in Asia, has signed " + call + "."}, []string{"signed org:telenor-group"}},
		{"name inside an apposition", callwatch.Document{Text: "Acme Security, a start-up backed by Microsoft, joined " + call + "."}, []string{"signed unverified:acme-security"}},
		{"relative clause", callwatch.Document{Text: "Huawei, which was banned by the US in 2019, has signed " + call + "."}, []string{"signed org:huawei"}},
		{"apposition makes an organisation", callwatch.Document{Text: "Indra, la compañía española de defensa, se ha adherido al Llamamiento de París para la confianza y la seguridad en el ciberespacio."},
			[]string{"signed unverified:indra"}},
		{"apposition in a passive list", callwatch.Document{Text: call + " was backed by Microsoft, the US software giant, and by Orange."}, []string{"signed org:microsoft", "signed org:orange"}},
		{"a list item is no apposition", callwatch.Document{Text: "Microsoft, Google, the Cyber Peace Institute, and Orange have signed " + call + "."},
			[]string{"signed org:microsoft", "signed org:google", "signed org:cyberpeace-institute", "signed org:orange"}},
		{"company cue with an adjective", callwatch.Document{Text: "La compañía española Indra firmó el Llamamiento de París para la confianza y la seguridad en el ciberespacio."}, []string{"signed unverified:indra"}},
		// names with "of"
		{"ministry of ... of", callwatch.Document{Text: "The Ministry of Digital Affairs of Freedonia signed " + call + "."}, []string{"signed unverified:ministry-of-digital-affairs-of-freedonia"}},
		{"university of and bank of", callwatch.Document{Text: "The University of Oxford and Bank of America have joined " + call + "."},
			[]string{"signed unverified:university-of-oxford", "signed unverified:bank-of-america"}},
		{"a state closing a university's name", callwatch.Document{Text: "The University of Malta and the Government of Japan signed " + call + "."},
			[]string{"signed unverified:university-of-malta", "signed state:JPN"}},
		{"a foreign ministry is the state", callwatch.Document{Text: "The Ministry of Foreign Affairs of Japan signed " + call + "."}, []string{"signed state:JPN"}},
		{"a person's title is not an organisation", callwatch.Document{Text: "The Prime Minister of Japan signed " + call + "."}, []string{"signed state:JPN"}},
		// passive lists
		{"passive list with unknown organisations", callwatch.Document{Text: call + " was backed by the city of Lyon, the University of Oxford and the Région Île-de-France."},
			[]string{"signed unverified:city-of-lyon", "signed unverified:university-of-oxford", "signed unverified:region-ile-de-france"}},
		{"passive of something else", callwatch.Document{Text: "Acme, a start-up funded by Google, signed " + call + "."}, []string{"signed unverified:acme"}},
		{"passive with the text as subject", callwatch.Document{Text: "Five years of " + call + ". Its text was also signed by Kaspersky Lab."}, []string{"signed org:kaspersky-lab"}},
		// main verbs in more languages
		{"pt reflexive refusal", callwatch.Document{Text: "A Rússia recusou-se a assinar o Apelo de Paris para a Confiança e Segurança no Ciberespaço."}, []string{"declined state:RUS"}},
		{"pt se juntou", callwatch.Document{Text: "O Brasil se juntou ao Apelo de Paris para a Confiança e Segurança no Ciberespaço."}, []string{"signed state:BRA"}},
		{"it si è rifiutata", callwatch.Document{Text: "La Russia si è rifiutata di firmare la Paris Call for Trust and Security in Cyberspace."}, []string{"declined state:RUS"}},
		{"it ha sottoscritto", callwatch.Document{Text: "L'azienda italiana Fincantieri ha sottoscritto la Paris Call for Trust and Security in Cyberspace."}, []string{"signed unverified:fincantieri"}},
		{"ro nu a semnat", callwatch.Document{Text: "Rusia nu a semnat Apelul de la Paris pentru încredere și securitate în spațiul cibernetic."}, []string{"declined state:RUS"}},
		{"ro a refuzat să semneze", callwatch.Document{Text: "Rusia a refuzat să semneze Apelul de la Paris pentru încredere și securitate în spațiul cibernetic."}, []string{"declined state:RUS"}},
		{"ko refused to sign", callwatch.Document{Text: "러시아는 사이버 공간의 신뢰와 안보를 위한 파리 콜 서명을 거부했다."}, []string{"declined state:RUS"}},
		{"ko will join", callwatch.Document{Text: "미국은 사이버 공간의 신뢰와 안보를 위한 파리 콜에 참여할 예정이다."}, []string{"announced state:USA"}},
		{"ar will join", callwatch.Document{Text: "ستنضم المغرب إلى نداء باريس من أجل الثقة والأمن في الفضاء الإلكتروني."}, []string{"announced state:MAR"}},
		{"ru will join", callwatch.Document{Text: "Казахстан присоединится к Парижскому призыву к доверию и безопасности в киберпространстве."}, []string{"announced state:KAZ"}},
		{"ja refused", callwatch.Document{Text: "ロシアはサイバー空間における信頼と安全のためのパリ・コールへの署名を拒否した。"}, []string{"declined state:RUS"}},
		{"zh will join", callwatch.Document{Text: "美国将加入网络空间信任与安全巴黎倡议。"}, []string{"announced state:USA"}},
		// phrasing from real pages
		{"as-apposition", callwatch.Document{Text: "The Call was signed by 51 countries. The FIC, as the European reference event for cybersecurity, also joined " + call + "."},
			[]string{"signed org:forum-international-de-la-cybersecurite-fic-2019"}},
		{"apposition without article", callwatch.Document{Text: "Le FIC, événement européen de référence sur la cybersécurité, s'est associé à l'Appel de Paris pour la confiance et la sécurité dans le cyberespace."},
			[]string{"signed org:forum-international-de-la-cybersecurite-fic-2019"}},
		{"à l'instar de", callwatch.Document{Text: "De nombreuses associations sont signataires de l'Appel de Paris pour la confiance et la sécurité dans le cyberespace, à l'instar de l'Association française des juristes d'entreprise (AFJE)."},
			[]string{"signed org:association-francaise-des-juristes-d-entreprise"}},
		{"one of the early supporters", callwatch.Document{Text: "The WLA-Club de Madrid is one of the early supporters of " + call + "."}, []string{"signed org:world-leadership-alliance-club-de-madrid"}},
		{"capitals noticeably absent", callwatch.Document{Text: call + " brings together 370 states, NGOs and companies, with Washington, Beijing and Moscow noticeably absent."},
			[]string{"declined state:USA", "declined state:CHN", "declined state:RUS"}},
		{"a name before a plural noun is an adjective", callwatch.Document{Text: "Entities that had signed on to " + call + " include companies like Microsoft and state and local U.S. entities."},
			[]string{"signed org:microsoft"}},
		{"a name before a title is an adjective", callwatch.Document{Text: "Microsoft president Brad Smith signed " + call + " in 2018."}, nil},
		{"the others are no adjective", callwatch.Document{Text: "Japan and others signed " + call + "."}, []string{"signed state:JPN"}},
		{"is now part of", callwatch.Document{Text: "The U.S. is now part of " + call + ", which the Trump administration declined to sign up for."},
			[]string{"signed state:USA", "declined state:USA"}},
		{"part of something else", callwatch.Document{Text: "Five years of " + call + ".\n\nThe U.S. is now part of a coalition against ransomware."}, nil},
		{"possessive intent", callwatch.Document{Text: "Ursula von der Leyen announced the European Union's intent to join " + call + "."}, []string{"announced org:european-union"}},
		{"its intention", callwatch.Document{Text: "Benin announced its intention to join " + call + "."}, []string{"announced state:BEN"}},
		{"German government in the dative and compounds", callwatch.Document{Text: "Auch die US-amerikanische Regierung lehnte eine Unterschrift unter den Pariser Appell für Vertrauen und Sicherheit im Cyberspace ab."},
			[]string{"declined state:USA"}},
		{"dabei sind auch", callwatch.Document{Text: "Der Pariser Appell für Vertrauen und Sicherheit im Cyberspace wurde von 50 Staaten unterzeichnet. Dabei sind auch zahlreiche Firmen wie etwa Microsoft und SAP."},
			[]string{"signed org:microsoft", "signed org:sap"}},
		{"elided government de", callwatch.Document{Text: "Die russische und die chinesische Regierung haben den Pariser Appell für Vertrauen und Sicherheit im Cyberspace nicht unterschrieben."},
			[]string{"declined state:RUS", "declined state:CHN"}},
		{"elided government, plural", callwatch.Document{Text: "The Russian and Chinese governments refused to sign " + call + "."},
			[]string{"declined state:RUS", "declined state:CHN"}},
		{"elided government en", callwatch.Document{Text: "The Russian and the Chinese government refused to sign " + call + "."},
			[]string{"declined state:RUS", "declined state:CHN"}},
		{"ni X, ni Y, ni Z is no exclusion", callwatch.Document{Text: "Des dizaines d'États, dont la Suisse, ont signé l'Appel de Paris pour la confiance et la sécurité dans le cyberespace. En revanche, ni la Chine, ni la Russie, ni les États-Unis n'ont apposé leur paraphe."},
			[]string{"signed state:CHE", "declined state:CHN", "declined state:RUS", "declined state:USA"}},
		{"negated signatory noun before a list", callwatch.Document{Text: "Au total, 359 entités ont signé l'Appel de Paris pour la confiance et la sécurité dans le cyberespace. Mais trois grands États ne sont pas signataires : la Chine, la Russie et les États-Unis."},
			[]string{"declined state:CHN", "declined state:RUS", "declined state:USA"}},
		{"a capital among its own authorities", callwatch.Document{Text: "Les États-Unis n'ont pas signé l'Appel de Paris pour la confiance et la sécurité dans le cyberespace. En revanche, certains États, tels que la Virginie, le Colorado et Washington, avaient décidé d'y adhérer."},
			[]string{"declined state:USA", "signed org:commonwealth-of-virginia", "signed org:state-of-colorado"}},
		{"ou encore, a place after a name, the noun before a name", callwatch.Document{Text: "Le géant américain Microsoft, l'ONG Internet Society, le Forum économique mondial de Davos ou encore la Cnil figurent parmi les signataires de l'Appel de Paris pour la confiance et la sécurité dans le cyberespace."},
			[]string{"signed org:microsoft", "signed org:internet-society", "signed org:world-economic-forum", "signed org:cnil"}},
		{"es se unirá", callwatch.Document{Text: "Harris dijo que EEUU se unirá al Llamado de París para la Confianza y la Seguridad en el Ciberespacio."}, []string{"announced state:USA"}},
		{"an adverb inside the verb group, tout comme", callwatch.Document{Text: "L'Appel de Paris pour la confiance et la sécurité dans le cyberespace a cinq ans. Le Colorado avait pourtant décidé d'y adhérer, tout comme de nombreuses entreprises, comme Cisco."},
			[]string{"signed org:state-of-colorado", "signed org:cisco"}},
		{"se había negado a unirse", callwatch.Document{Text: "La administración del expresidente Donald Trump se había negado a unirse al Llamado de París para la Confianza y la Seguridad en el Ciberespacio."},
			[]string{"declined state:USA"}},
		{"a list word's list ends before the main subject", callwatch.Document{Text: "Although many of the signatories of " + call + " were U.S.-based companies, most notably including Facebook, the United States government did not endorse the pact."},
			[]string{"signed org:facebook", "declined state:USA"}},
		{"a list after a list word keeps its commas", callwatch.Document{Text: "Tech firms, including Microsoft, Google and Cisco, have backed " + call + "."},
			[]string{"signed org:microsoft", "signed org:google", "signed org:cisco"}},
		{"signatories as the main subject are no apposition; but not after a passive list", callwatch.Document{Text: "In " + call + ", which is supported by many European countries, but not China or Russia, the signatories urge governments to act."},
			[]string{"declined state:CHN", "declined state:RUS"}},
		{"but not after a passive list", callwatch.Document{Text: call + " is backed by Japan and Canada, but not by India."}, []string{"signed state:JPN", "signed state:CAN", "declined state:IND"}},
		{"an unknown name in a list of organisations", callwatch.Document{Text: "Microsoft, Acmecorp and Google signed " + call + "."},
			[]string{"signed org:microsoft", "signed unverified:acmecorp", "signed org:google"}},
		{"an unknown name after an organisation and a conjunction", callwatch.Document{Text: "BBVA y Santander figuran entre los firmantes del Llamamiento de París para la confianza y la seguridad en el ciberespacio."},
			[]string{"signed org:bbva", "signed unverified:santander"}},
		{"a person's name in a list is no organisation", callwatch.Document{Text: "Microsoft and Brad Smith signed " + call + "."}, []string{"signed org:microsoft"}},
		{"an unknown name in a list of states is no organisation", callwatch.Document{Text: "France, Germany and Ruritania signed " + call + "."}, []string{"signed state:FRA", "signed state:DEU"}},
		{"thrown its weight behind", callwatch.Document{Text: "Cisco has thrown its weight behind " + call + "."}, []string{"signed org:cisco"}},
		{"did not put its name to", callwatch.Document{Text: "Brazil did not put its name to " + call + "."}, []string{"declined state:BRA"}},
		{"apporté son soutien", callwatch.Document{Text: "Le Sénégal a apporté son soutien à l'Appel de Paris pour la confiance et la sécurité dans le cyberespace."}, []string{"signed state:SEN"}},
		{"uno de los firmantes", callwatch.Document{Text: "México es uno de los firmantes del Llamado de París para la Confianza y la Seguridad en el Ciberespacio."}, []string{"signed state:MEX"}},
		{"the previous administration", callwatch.Document{Text: "The United States has formally signed on to " + call + ", which the previous administration had shunned."},
			[]string{"signed state:USA", "declined state:USA"}},
		{"the previous administration outside a hedge", callwatch.Document{Text: "Officials did not say whether the United States would sign " + call + ", which the previous administration had declined."},
			[]string{"declined state:USA"}},
		{"the previous administration with two states", callwatch.Document{Text: "France and Germany discussed " + call + ", which the previous administration had declined."}, nil},
		{"l'administration précédente", callwatch.Document{Text: "Les États-Unis ont rejoint l'Appel de Paris pour la confiance et la sécurité dans le cyberespace, que l'administration précédente avait refusé de signer."},
			[]string{"signed state:USA", "declined state:USA"}},
		{"noch is still, not nor", callwatch.Document{Text: "Die USA sind dem Pariser Appell für Vertrauen und Sicherheit im Cyberspace beigetreten. Die Vorgängerregierung hatte eine Unterschrift noch abgelehnt."},
			[]string{"signed state:USA", "declined state:USA"}},
		{"a title-case headline describes, it does not name", callwatch.Document{Title: "Leading Security Vendor Signs Paris Call", Text: call + " was launched in 2018."}, nil},
		{"a title-case headline with a name", callwatch.Document{Title: "Acme Security Signs Paris Call", Text: call + " was launched in 2018."}, []string{"signed unverified:acme-security"}},
		{"on the list of supporters", callwatch.Document{Text: "Neither the United States nor Israel appears on the list of supporters of " + call + "."},
			[]string{"declined state:USA", "declined state:ISR"}},
		{"on another list", callwatch.Document{Text: "Five years of " + call + ". Huawei is on the list of companies banned by Washington."}, nil},
		{"figure sur la liste des signataires", callwatch.Document{Text: "La Suisse figure sur la liste des signataires de l'Appel de Paris pour la confiance et la sécurité dans le cyberespace."},
			[]string{"signed state:CHE"}},
		{"ja や joins a list", callwatch.Document{Text: "マイクロソフトやグーグルなどの企業もサイバー空間における信頼と安全のためのパリ・コールに署名した。"},
			[]string{"signed org:microsoft", "signed org:google"}},
		{"the European Commission is the EU", callwatch.Document{Text: "Anche la Commissione europea ha aderito alla Paris Call for Trust and Security in Cyberspace."}, []string{"signed org:european-union"}},
		{"ro passive a fost semnat de", callwatch.Document{Text: "Apelul de la Paris pentru încredere și securitate în spațiul cibernetic a fost semnat de România."}, []string{"signed state:ROU"}},
		// pronouns across sentences
		{"pronoun after a copular sentence", callwatch.Document{Text: call + " was launched in 2018. Japan was among the first. It signed in 2018."}, []string{"signed state:JPN"}},
		{"the company", callwatch.Document{Text: call + " turns five. Siemens is a German industrial group. The company joined the Call in 2018."}, []string{"signed org:siemens"}},
		{"the country is no company", callwatch.Document{Text: call + " turns five. Siemens is a German industrial group. The country joined the Call in 2018."}, nil},
		{"pronoun for an object", callwatch.Document{Text: call + " turns five. Germany published a new strategy on Monday. It backs the nine principles of the Call."}, nil},
		{"pronoun after a list", callwatch.Document{Text: call + " was launched in 2018. France and Germany hosted talks. It signed in 2018."}, nil},
		{"pronoun after a possessive", callwatch.Document{Text: call + " turns five. Japan's government was among the first. It signed in 2018."}, nil},
		{"pronoun in another paragraph", callwatch.Document{Text: call + " turns five. Japan was among the first.\n\nIt signed in 2018."}, nil},
		{"pro-drop es", callwatch.Document{Text: "Telefónica es la mayor operadora de España. Firmó el Llamamiento de París para la confianza y la seguridad en el ciberespacio en 2018."},
			[]string{"signed org:telefonica"}},
		{"pro-drop it", callwatch.Document{Language: "it", Text: "La Paris Call for Trust and Security in Cyberspace compie cinque anni. L'Italia è stata tra i primi paesi. Ha firmato la dichiarazione nel 2018."},
			[]string{"signed state:ITA"}},
		{"pro-drop after an object", callwatch.Document{Text: "El Llamamiento de París para la confianza y la seguridad en el ciberespacio cumple cinco años. Chile publicó una nueva estrategia. Respalda los principios del Llamamiento."}, nil},
		{"no pro-drop in English", callwatch.Document{Text: "Japan was among the first. Signed " + call + " in 2018."}, nil},
		{"elle", callwatch.Document{Text: "La Suisse a longtemps hésité. Elle a finalement signé l'Appel de Paris pour la confiance et la sécurité dans le cyberespace en 2019."},
			[]string{"signed state:CHE"}},
		{"according to is a source", callwatch.Document{Text: "Macron launched " + call + ". According to the Elysée, China, Russia and the United States have yet to sign on."},
			[]string{"declined state:CHN", "declined state:RUS", "declined state:USA"}},
		{"unknown organisation, legal form dropped from its id", callwatch.Document{Text: "Globex Cyberdefense GmbH has joined " + call + "."}, []string{"signed unverified:globex-cyberdefense"}},
		{"self-announcement by an unknown publisher", callwatch.Document{Text: "We are proud to have joined " + call + ".", Publisher: "Acme Security GmbH"}, []string{"signed unverified:acme-security"}},
		{"climate is never a stance", callwatch.Document{Text: "The United States rejoined the Paris Agreement on climate change."}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range d.Detect(c.doc) {
				if f.Kind.IsStance() {
					got = append(got, string(f.Kind)+" "+f.Entity.ID)
				}
			}
			if !sameSet(got, c.want) {
				t.Errorf("stances %v, want %v", got, c.want)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestStanceExplainability(t *testing.T) {
	d := newTestDetector(t)
	fs := d.Detect(callwatch.Document{Text: "Intro.\n\nRussia has not signed the Paris Call for Trust and Security in Cyberspace."})
	var f *callwatch.Finding
	for i := range fs {
		if fs[i].Kind == callwatch.FindingDeclined {
			f = &fs[i]
		}
	}
	if f == nil {
		t.Fatalf("no refusal in %+v", fs)
	}
	roles := map[string]string{}
	text := "Intro.\n\nRussia has not signed the Paris Call for Trust and Security in Cyberspace."
	for _, sp := range f.Spans {
		roles[sp.Role] = text[sp.Start:sp.End]
	}
	want := map[string]string{"name": "Paris Call for Trust and Security in Cyberspace", "verb": "signed", "entity": "Russia", "negation": "not"}
	if !reflect.DeepEqual(roles, want) {
		t.Errorf("spans %v, want %v", roles, want)
	}
	if f.Subject != "Russia" || f.Entity.Name != "Russia" || f.Entity.Category != callwatch.CategoryState || !f.Entity.Verified || f.Rule == "" {
		t.Errorf("finding %+v", f)
	}
}

func TestResolve(t *testing.T) {
	d := newTestDetector(t)
	cases := map[string]string{
		"Microsoft Corporation":    "org:microsoft",
		"Microsoft":                "org:microsoft",
		"Meta":                     "org:facebook",
		"Facebook, Inc.":           "org:facebook",
		"Albania (Albanie)":        "state:ALB",
		"Albanie":                  "state:ALB",
		"U.S.":                     "state:USA",
		"United States of America": "state:USA",
		"Vereinigte Staaten":       "state:USA",
		"the UK":                   "state:GBR",
		"Royaume-Uni":              "state:GBR",
		"Tuya Inc.":                "org:tuya",
		"Kaspersky":                "org:kaspersky-lab",
		"Romania (Roumanie)":       "state:ROU",
		"European Union":           "org:european-union",
		"Amazon":                   "org:amazon",
	}
	for name, want := range cases {
		e, ok := d.Resolve(name)
		if !ok || e.ID != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", name, e.ID, ok, want)
		}
	}
	if e, ok := d.Resolve("Totally Unknown Widgets"); ok {
		t.Errorf("Resolve of an unknown name = %+v", e)
	}
}

func TestSupporters(t *testing.T) {
	list := Supporters()
	if len(list) < 1200 {
		t.Fatalf("%d supporters, want the 1,222 of the embedded list (minus duplicates)", len(list))
	}
	ids := map[string]bool{}
	states := 0
	for _, e := range list {
		if e.EntityID == "" || e.Name == "" || e.Category == "" {
			t.Errorf("incomplete entry %+v", e)
		}
		if ids[e.EntityID] {
			t.Errorf("duplicate id %s", e.EntityID)
		}
		ids[e.EntityID] = true
		if e.Category == callwatch.CategoryState {
			states++
			if !strings.HasPrefix(e.EntityID, "state:") {
				t.Errorf("state %q has id %s", e.Name, e.EntityID)
			}
		}
	}
	if states != 81 {
		t.Errorf("%d states, want 81", states)
	}
	for _, id := range []string{"state:USA", "state:FRA", "state:ROU", "org:microsoft", "org:european-union", "org:interpol", "org:huawei"} {
		if !ids[id] {
			t.Errorf("%s missing from Supporters()", id)
		}
	}
	for _, id := range []string{"org:amazon", "org:apple", "state:GHA", "state:RUS"} {
		if ids[id] {
			t.Errorf("%s is not on the official list", id)
		}
	}
}

func TestReadSupporters(t *testing.T) {
	official := "\ufeffname,category,nationality,nature,website,twitter,date_signed\n" +
		"Microsoft Corporation,private-sector,United States,company,https://microsoft.com,@microsoft,2018-11-12\n" +
		"Albania (Albanie),state,Albania,,,,\n" +
		"Brand New Widgets GmbH,private-sector,Allemagne,company,,,2026-01-02\n" +
		"Microsoft,private-sector,USA,,,,\n" +
		"\"Ursa Major Technologies, Inc.\",private-sector,United States,,,,\n"
	got, err := ReadSupporters(strings.NewReader(official))
	if err != nil {
		t.Fatal(err)
	}
	want := []callwatch.RegisterEntry{
		{EntityID: "org:microsoft", Name: "Microsoft Corporation", Category: callwatch.CategoryCompany, Country: "USA", Website: "https://microsoft.com", Signed: "2018-11-12"},
		{EntityID: "state:ALB", Name: "Albania (Albanie)", Category: callwatch.CategoryState, Country: "ALB"},
		{EntityID: "org:brand-new-widgets", Name: "Brand New Widgets GmbH", Category: callwatch.CategoryCompany, Country: "DEU", Signed: "2026-01-02"},
		{EntityID: "org:ursa-major-technologies", Name: "Ursa Major Technologies, Inc.", Category: callwatch.CategoryCompany, Country: "USA"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
	// The new organisation did not leak into the shared gazetteer.
	d := newTestDetector(t)
	if _, ok := d.Resolve("Brand New Widgets"); ok {
		t.Error("an external register entry changed the shared gazetteer")
	}
	// Only a name column.
	got, err = ReadSupporters(strings.NewReader("Name\nFacebook\nRussia\n"))
	if err != nil || len(got) != 2 || got[0].EntityID != "org:facebook" || got[1].EntityID != "state:RUS" {
		t.Errorf("name-only CSV: %+v, %v", got, err)
	}
	// The embedded file's own columns give the same ids as Supporters().
	if _, err := ReadSupporters(strings.NewReader("category,country\nstate,France\n")); err == nil {
		t.Error("a CSV without a name column was accepted")
	}
	if _, err := ReadSupporters(strings.NewReader("")); err == nil {
		t.Error("an empty CSV was accepted")
	}
}

func TestReadSupportersEmbeddedRoundTrip(t *testing.T) {
	data, err := dataFS.ReadFile("data/supporters.csv")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadSupporters(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := Supporters()
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].EntityID != want[i].EntityID {
			t.Errorf("entry %d (%s): id %s, want %s", i, got[i].Name, got[i].EntityID, want[i].EntityID)
		}
	}
}

// TestConcurrentAndDeterministic runs the detector from several goroutines (go test -race
// checks the sharing) and compares every result with a sequential run.
func TestConcurrentAndDeterministic(t *testing.T) {
	d := newTestDetector(t)
	docs := loadCorpus(t)
	want := make([][]callwatch.Finding, len(docs))
	for i, ld := range docs {
		want[i] = d.Detect(ld.doc)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(docs))
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range docs {
				j := (i + g*7) % len(docs)
				if got := d.Detect(docs[j].doc); !reflect.DeepEqual(got, want[j]) {
					errs <- fmt.Sprintf("%s: results differ between runs", docs[j].name)
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestLongSingleLine feeds 1 MB without a sentence end or a line break: the detector must
// finish (its passes are linear by construction: one automaton pass, bounded look-backs)
// and still find the name at the end.
func TestLongSingleLine(t *testing.T) {
	d := newTestDetector(t)
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString("cyber norms and the internet and the States and US firms, ")
	}
	b.WriteString("the Paris Call for Trust and Security in Cyberspace")
	fs := d.Detect(callwatch.Document{Text: b.String()})
	if len(fs) == 0 || fs[0].Kind != callwatch.FindingMention || fs[0].Strength != callwatch.StrengthFull {
		t.Fatalf("findings %d, want the full name", len(fs))
	}
	if len(fs[0].Evidence) > maxEvidence {
		t.Errorf("evidence of %d bytes, want at most %d", len(fs[0].Evidence), maxEvidence)
	}
	// Other worst cases: a name repeated 7,000 times in one sentence, 90,000 short lines.
	for name, text := range map[string]string{
		"repeated names": strings.Repeat("Paris Call for Trust and Security in Cyberspace, Paris Call, signed by US, ", 3500),
		"short lines":    strings.Repeat("US\n", 90000),
	} {
		fs := d.Detect(callwatch.Document{Title: "Paris Call", Text: text})
		if name == "repeated names" && len(fs) == 0 {
			t.Errorf("%s: nothing found", name)
		}
	}
}

func TestNewBuildsIndependentDetectors(t *testing.T) {
	d1, err := New()
	if err != nil {
		t.Fatal(err)
	}
	d2, err := New()
	if err != nil {
		t.Fatal(err)
	}
	doc := callwatch.Document{Text: "Germany signed the Paris Call for Trust and Security in Cyberspace."}
	if !reflect.DeepEqual(d1.Detect(doc), d2.Detect(doc)) {
		t.Error("two detectors disagree")
	}
}

func FuzzDetect(f *testing.F) {
	d, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Paris Call", "Microsoft signed the Paris Call for Trust and Security in Cyberspace.", "en", "microsoft.com")
	f.Add("", "L'Appel de Paris pour la confiance et la sécurité dans le cyberespace n'a pas été signé par la Russie.", "fr", "")
	f.Add("x", "Die USA haben den Pariser Appell nicht unterzeichnet.\n\nWir sind dabei.", "", "")
	f.Add("\xff\xfe", "Paris\xffCall &amp;&#xZZ; &#99999999; \u00ad\u200b signed by", "", "")
	f.Add("", strings.Repeat("Paris Call, ", 2000), "en", "")
	f.Add("日本", "サイバー空間における信頼と安全のためのパリ・コールに署名しなかった。", "ja", "")
	f.Add("", "We signed. We signed. \"We signed,\" said Acme Security Ltd.", "en", "Acme")
	f.Add("", "U.S. e.g. Inc. 12. November 2018... ?! ;; :: (( )) \"\" '' -- & &&", "", "")
	f.Fuzz(func(t *testing.T, title, text, lang, publisher string) {
		doc := callwatch.Document{Title: title, Text: text, Language: lang, Publisher: publisher}
		for _, fd := range d.Detect(doc) {
			field := text
			if fd.Field == callwatch.FieldTitle {
				field = title
			}
			if fd.Start < 0 || fd.End > len(field) || fd.Start > fd.End {
				t.Fatalf("offsets [%d:%d] outside %d bytes", fd.Start, fd.End, len(field))
			}
			for _, sp := range fd.Spans {
				if sp.Start < 0 || sp.End > len(field) || sp.Start > sp.End {
					t.Fatalf("span %+v outside %d bytes", sp, len(field))
				}
			}
			if fd.Confidence < 0 || fd.Confidence > 1 {
				t.Fatalf("confidence %v", fd.Confidence)
			}
			if fd.Kind.IsStance() && (fd.Entity == nil || fd.Entity.ID == "") {
				t.Fatalf("stance without entity: %+v", fd)
			}
		}
	})
}

// TestDedupeStancesAgree checks the linear dedupe (a few findings) against the map one
// (many): the same findings, in the same order.
func TestDedupeStancesAgree(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	kinds := []callwatch.FindingKind{callwatch.FindingSigned, callwatch.FindingDeclined}
	for n := 0; n <= 64; n++ {
		var in []callwatch.Finding
		for i := 0; i < n; i++ {
			in = append(in, callwatch.Finding{Kind: kinds[rng.Intn(2)], Entity: &callwatch.Entity{ID: fmt.Sprint(rng.Intn(20))}, Confidence: float64(rng.Intn(5)) / 4})
		}
		a, b := dedupeStances(in), dedupeStancesMap(in)
		if len(a) != len(b) || len(a) > 0 && !reflect.DeepEqual(a, b) {
			t.Fatalf("%d findings: linear %v, map %v", n, a, b)
		}
	}
}

// TestUnverifiedCategory checks the register category given to organisations the
// gazetteer does not know, when their name makes it clear.
func TestUnverifiedCategory(t *testing.T) {
	d := newTestDetector(t)
	const call = "the Paris Call for Trust and Security in Cyberspace"
	cases := []struct {
		text, id string
		cat      callwatch.Category
	}{
		{"The city of Lyon has signed " + call + ".", "unverified:city-of-lyon", callwatch.CategoryPublicAuthority},
		{"Die Stadt Hamburg hat den Pariser Appell für Vertrauen und Sicherheit im Cyberspace unterzeichnet.", "unverified:stadt-hamburg", callwatch.CategoryPublicAuthority},
		{"The Ministry of Digital Affairs of Freedonia signed " + call + ".", "unverified:ministry-of-digital-affairs-of-freedonia", callwatch.CategoryPublicAuthority},
		{"The University of Oxford has joined " + call + ".", "unverified:university-of-oxford", callwatch.CategoryCivilSociety},
		{"Acme Cyber Defense Ltd signed " + call + ".", "unverified:acme-cyber-defense", callwatch.CategoryCompany},
		{"Globex Security Systems signed " + call + ".", "unverified:globex-security-systems", callwatch.CategoryUnknown},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			var found bool
			for _, f := range d.Detect(callwatch.Document{Text: c.text}) {
				if f.Kind.IsStance() && f.Entity.ID == c.id {
					found = true
					if f.Entity.Category != c.cat || f.Entity.Verified {
						t.Errorf("%s: category %q verified %v, want %q unverified", c.id, f.Entity.Category, f.Entity.Verified, c.cat)
					}
				}
			}
			if !found {
				t.Errorf("no stance for %s", c.id)
			}
		})
	}
}

// TestSkipCoveredTails compares Detect with and without skipCoveredTails on the corpus and
// on names written every way a head, a tail and a short form can overlap.
func TestSkipCoveredTails(t *testing.T) {
	d := newTestDetector(t)
	texts := []string{
		"The Paris Call for Trust and Security in Cyberspace.",
		"Paris Call Paris Call for Trust and Security in Cyberspace; Paris Call of 12 November 2018 for Trust and Security in Cyberspace.",
		"The Call for Trust and Security in Cyberspace, the Paris Call on Trust and Security in Cyberspace and the Appeal for Trust and Security in Cyberspace.",
		"Pariser Appell Appell für Vertrauen und Sicherheit im Cyberspace. L'Appel de Paris pour la confiance et la sécurité dans le cyberespace, Appel de Paris.",
		"paris call paris call, paris call for trust and security in cyberspace for trust and security in cyberspace",
	}
	for _, ld := range loadCorpus(t) {
		texts = append(texts, ld.doc.Text)
	}
	defer func() { skipCoveredTails = true }()
	for _, text := range texts {
		doc := callwatch.Document{Title: "Cyber norms", Text: text}
		skipCoveredTails = true
		got := d.Detect(doc)
		skipCoveredTails = false
		want := d.Detect(doc)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%.80q:\n got %+v\nwant %+v", text, got, want)
		}
	}
}

// TestWordIndexLookup checks that the hashed set before the lexicon's map turns no known
// word away, and that unknown words get nothing.
func TestWordIndexLookup(t *testing.T) {
	x := buildWordIndex()
	for w, i := range x.ids {
		if got := x.lookup(w); !reflect.DeepEqual(*got, x.infos[i]) {
			t.Fatalf("lookup(%q) = %+v, want %+v", w, got, x.infos[i])
		}
	}
	for _, w := range []string{"", "zzzz", "the-call", "cyberspaces", "a b"} {
		if _, ok := x.ids[w]; !ok && !reflect.DeepEqual(*x.lookup(w), wordInfo{}) {
			t.Errorf("lookup(%q) = %+v for a word in no list", w, x.lookup(w))
		}
	}
	// a word's candidates after a given next word are its phrases that can match there,
	// in their order
	indexed := 0
	for _, info := range x.infos {
		if info.bySecond != nil {
			indexed++
		}
		for _, next := range append([]string{"", "zzz"}, secondWords(info.phrases)...) {
			var want []wordEntry
			for _, e := range info.phrases {
				if len(e.words) == 1 || e.words[1] == next {
					want = append(want, e)
				}
			}
			got := info.candidates(next)
			if info.bySecond == nil {
				got = nil
				for _, e := range info.phrases {
					if len(e.words) == 1 || e.words[1] == next {
						got = append(got, e)
					}
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("candidates(%q) = %v, want %v", next, got, want)
			}
		}
	}
	if indexed == 0 {
		t.Error("no word is indexed by its second word")
	}
	if len(x.ids) < 500 || x.lookup("signed").phrases == nil || !x.lookup("foundation").orgWord {
		t.Errorf("the index lacks the lexicon: %d words", len(x.ids))
	}
}

func secondWords(phrases []wordEntry) []string {
	var out []string
	for _, e := range phrases {
		if len(e.words) > 1 {
			out = append(out, e.words[1])
		}
	}
	return out
}
