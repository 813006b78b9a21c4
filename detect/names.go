package detect

import (
	"regexp"
	"strings"
)

// patKind is what an automaton pattern stands for.
type patKind uint8

const (
	pkName     patKind = iota + 1 // a name of the Call (full, short, nickname, domain)
	pkTail                        // "trust and security in cyberspace": a full name when a head precedes it
	pkLook                        // a look-alike name (Paris Agreement, Christchurch Call, ...)
	pkAnchor                      // a press nickname that refers to the Call only in an article naming it
	pkRef                         // an anaphoric reference ("the Call", "l'Appel", "signatories")
	pkCyber                       // cyber context ("cyberspace", "IGF", "Paris Peace Forum")
	pkOffTopic                    // look-alike context (climate, source code, AI summit)
	pkEntity                      // a gazetteer alias
	pkCue                         // the stem of a stance word: only sentences holding one are parsed
)

// nameSub grades pkName patterns.
type nameSub uint8

const (
	nameFull   nameSub = iota + 1 // the full name
	nameShort                     // a short form: needs context
	nameNick                      // a nickname that carries its own context ("Paris cyber pact")
	nameDomain                    // the official domain
	lookAmbig                     // a look-alike that is the Call in a cyber sentence ("Pariser Abkommen zu Cybersicherheit")
	lookSticky                    // a look-alike that never is the Call
)

// lexEntry is one source pattern: text (written naturally; normalised at build time), kind,
// grade and language. A leading or trailing '*' turns off the word-boundary check on
// that side (stems, Korean particles, Arabic prefixes).
type lexEntry struct {
	text string
	kind patKind
	sub  nameSub
	lang string
}

func names(kind patKind, sub nameSub, lang string, texts ...string) []lexEntry {
	out := make([]lexEntry, len(texts))
	for i, t := range texts {
		out[i] = lexEntry{text: t, kind: kind, sub: sub, lang: lang}
	}
	return out
}

// lexicon lists every name, look-alike, reference and context cue, by language.
func lexicon() []lexEntry {
	var l []lexEntry
	add := func(e []lexEntry) { l = append(l, e...) }
	// Full names that are not a head followed by a tail (those are assembled by tailHead).
	add(names(pkName, nameFull, "en", "Paris Roadmap for Trust and Security in Cyberspace"))
	add(names(pkName, nameFull, "ja",
		"サイバー空間における信頼と安全のためのパリ・コール", "サイバー空間における信頼と安全性のためのパリ・コール",
		"サイバー空間の信頼と安全のためのパリ・コール", "サイバー空間における信頼及び安全のためのパリ・コール",
		"サイバー空間における信頼とセキュリティのためのパリ・コール"))
	add(names(pkName, nameFull, "zh", "网络空间信任与安全巴黎倡议", "网络空间信任和安全巴黎倡议", "巴黎网络空间信任与安全倡议",
		"网络空间信任与安全的巴黎倡议", "网络空间信任与安全巴黎呼吁"))
	add(names(pkName, nameFull, "ko", "사이버 공간에서의 신뢰와 안보를 위한 파리의 요구", "사이버공간의 신뢰와 안보를 위한 파리 콜",
		"사이버 공간의 신뢰와 안보를 위한 파리 콜", "사이버 공간의 신뢰와 안전을 위한 파리 콜", "사이버공간 신뢰와 안보를 위한 파리 콜"))
	add(names(pkName, nameFull, "ar", "*نداء باريس من أجل الثقة والأمن في الفضاء الإلكتروني", "*نداء باريس من أجل الثقة والأمن في الفضاء السيبراني",
		"*نداء باريس للثقة والأمن في الفضاء الإلكتروني", "*نداء باريس للثقة والأمن في الفضاء السيبراني",
		"*نداء باريس من أجل الثقة والأمان في الفضاء الإلكتروني"))
	add(names(pkName, nameDomain, "", "pariscall.international"))

	// Short forms: a mention only with cyber context or a full name in the article.
	add(names(pkName, nameShort, "en", "Paris Call", "Paris Calls", "Paris Call's", "Paris Appeal", "Paris-Call"))
	add(names(pkName, nameShort, "fr", "Appel de Paris", "Appel de Paris de 2018"))
	add(names(pkName, nameShort, "de", "Pariser Appell", "Pariser Appells", "Pariser Appel", "Paris-Appell", "Pariser Aufruf", "Pariser Aufrufs",
		"Pariser Aufrufes", "Pariser Erklarung"))
	add(names(pkName, nameShort, "es", "Llamamiento de Paris", "Llamado de Paris", "Llamada de Paris", "Convocatoria de Paris"))
	add(names(pkName, nameShort, "pt", "Apelo de Paris", "Chamado de Paris", "Chamamento de Paris"))
	add(names(pkName, nameShort, "it", "Appello di Parigi", "Call di Parigi"))
	add(names(pkName, nameShort, "ro", "Apelul de la Paris", "Apelul Parisului"))
	add(names(pkName, nameShort, "ru", "Парижский призыв", "Парижского призыва", "Парижскому призыву", "Парижским призывом",
		"Парижском призыве", "Парижский призыв*"))
	add(names(pkName, nameShort, "ja", "パリ・コール", "パリコール", "パリ コール"))
	add(names(pkName, nameShort, "zh", "巴黎倡议", "巴黎呼吁"))
	add(names(pkName, nameShort, "ar", "*نداء باريس"))
	add(names(pkName, nameShort, "ko", "파리콜*", "파리스콜*", "파리 콜*"))

	// Nicknames that carry their own cyber context.
	add(names(pkName, nameNick, "en", "Paris cyber pact", "Paris cyber accord", "Paris cyber agreement", "Paris cyber pledge",
		"Paris cybersecurity pact", "Paris cybersecurity accord", "Paris cybersecurity agreement", "Paris cybersecurity pledge",
		"Paris cyber-security pact", "Paris cyber security pact", "Paris cybersecurity declaration", "Paris cyber declaration",
		"Paris Call for cybersecurity", "Paris Call on cybersecurity", "Paris Call for cyber security", "Paris Call on cyber security"))
	add(names(pkName, nameNick, "fr", "Appel de Paris sur la cybersecurite", "Appel de Paris pour la cybersecurite",
		"Appel de Paris sur la cyber-securite", "Appel de Paris pour la securite dans le cyberespace"))
	add(names(pkName, nameNick, "de", "Pariser Cyber-Appell", "Pariser Cyberappell", "Pariser Appell zur Cybersicherheit",
		"Pariser Appell fur Cybersicherheit", "Pariser Erklarung zur Cybersicherheit", "Pariser Aufruf zur Cybersicherheit"))
	add(names(pkName, nameNick, "es", "Llamamiento de Paris sobre ciberseguridad", "Llamamiento de Paris por la ciberseguridad"))

	// Press nicknames that are the Call only in an article that names it.
	add(names(pkAnchor, 0, "en", "no-hack pact", "no hack pact", "cybersecurity pact", "cyber-security pact", "cyber security pact",
		"cyber pact", "cyber accord", "cybersecurity accord", "cybersecurity agreement", "cyber agreement", "cyber pledge",
		"cybersecurity pledge", "cyberspace pact", "cyberspace accord", "cyber peace pact", "cybersecurity declaration",
		"digital peace pact", "cyber norms pact", "Paris initiative", "Paris cyber initiative", "Paris text", "Paris declaration on cyberspace"))
	add(names(pkAnchor, 0, "fr", "pacte de cybersecurite", "pacte sur la cybersecurite", "accord sur la cybersecurite", "appel sur la cybersecurite"))
	add(names(pkAnchor, 0, "de", "Cyber-Abkommen", "Cyberabkommen", "Cyber-Pakt", "Cyberpakt", "Abkommen zur Cybersicherheit",
		"Abkommen zu Cybersicherheit", "Cybersicherheitsabkommen"))
	add(names(pkAnchor, 0, "es", "pacto de ciberseguridad", "pacto cibernetico", "acuerdo de ciberseguridad"))

	// Look-alikes.
	add(names(pkLook, lookAmbig, "en", "Paris Agreement", "Paris accord", "Paris accords", "Paris declaration", "Paris pledge", "Paris pact"))
	add(names(pkLook, lookAmbig, "fr", "Accord de Paris", "Accords de Paris", "Declaration de Paris", "pacte de Paris"))
	add(names(pkLook, lookAmbig, "de", "Pariser Abkommen", "Pariser Abkommens", "Pariser Ubereinkommen", "Pariser Pakt"))
	add(names(pkLook, lookAmbig, "es", "Acuerdo de Paris", "Declaracion de Paris", "pacto de Paris"))
	add(names(pkLook, lookAmbig, "pt", "Acordo de Paris"))
	add(names(pkLook, lookAmbig, "it", "Accordo di Parigi"))
	add(names(pkLook, lookSticky, "en", "Paris climate agreement", "Paris climate accord", "Paris climate deal", "Paris climate pact",
		"Paris Agreement on climate change", "COP21", "COP 21", "Paris Appeal for climate", "Christchurch Call",
		"Christchurch Call to Action", "Paris Call: Software Source Code", "Paris Call on Software Source Code",
		"Software Source Code as Heritage", "Paris Call for software source code", "AI Action Summit", "Artificial Intelligence Action Summit",
		"Paris Charter on AI", "Paris Charter on Artificial Intelligence", "Paris Pact for People and the Planet", "Paris AI declaration",
		"Paris AI summit", "Pall Mall Process", "Paris call center", "Paris call centre", "Paris call centers", "Paris call centres",
		"Paris climate agreement's", "Paris Peace Accords", "Paris Club", "Budapest Convention", "Convention on Cybercrime",
		"Charter of Trust", "Digital Geneva Convention", "Christchurch Call"))
	add(names(pkLook, lookSticky, "fr", "Accord de Paris sur le climat", "Appel de Christchurch", "Sommet pour l'action sur l'IA",
		"Sommet pour l'action sur l'intelligence artificielle", "Appel de Paris sur le code source", "Pacte de Paris pour les peuples et la planete",
		"accord de Paris sur le climat", "Appel de Paris pour le climat", "Appel de Paris contre le cancer"))
	add(names(pkLook, lookSticky, "de", "Pariser Klimaabkommen", "Pariser Klimaabkommens", "Pariser Klimaschutzabkommen", "Klimaabkommen",
		"Christchurch-Aufruf", "Christchurch-Appell", "Christchurch Call", "KI-Gipfel", "KI-Aktionsgipfel", "Pariser KI-Gipfel"))
	add(names(pkLook, lookSticky, "es", "Acuerdo de Paris sobre el clima", "Acuerdo climatico de Paris", "Llamamiento de Christchurch",
		"Cumbre de Accion sobre IA", "Cumbre sobre IA"))
	add(names(pkLook, lookSticky, "ru", "Парижское соглашение", "Парижского соглашения", "Парижскому соглашению"))
	add(names(pkLook, lookSticky, "ja", "パリ協定"))
	add(names(pkLook, lookSticky, "zh", "巴黎协定"))
	add(names(pkLook, lookSticky, "ko", "파리 협정*", "파리협정*", "파리기후협약*", "파리 기후협약*"))
	add(names(pkLook, lookSticky, "ar", "*اتفاق باريس", "*اتفاقية باريس"))

	// Anaphoric references.
	add(names(pkRef, 0, "en", "the Call", "this Call", "the pact", "the accord", "the agreement", "the initiative", "the declaration",
		"the pledge", "the text", "the document", "the principles", "its principles", "signator*", "supporters of", "the signing", "its signing",
		"the appeal", "this initiative", "this agreement"))
	add(names(pkRef, 0, "fr", "au texte", "la signature", "sa signature", "le document", "ce document", "l'Appel", "cet appel", "le pacte", "l'accord", "l'initiative", "cette initiative", "la declaration",
		"le texte", "ce texte", "signataire*", "ses principes"))
	add(names(pkRef, 0, "de", "die Unterzeichnung", "der Unterzeichnung", "den Text", "der Text", "das Dokument", "den Aufruf", "der Appell", "den Appell", "dem Appell", "des Appells", "diesen Appell", "diesem Appell", "der Aufruf",
		"den Aufruf", "dem Aufruf", "des Aufrufs", "die Erklarung", "der Erklarung", "die Initiative", "der Initiative",
		"das Abkommen", "dem Abkommen", "den Pakt", "dem Pakt", "Unterzeichner*", "Erstunterzeichner*", "Unterstutzer*"))
	add(names(pkRef, 0, "es", "al texto", "la firma", "su firma", "el texto", "el documento", "este documento", "el llamamiento", "al llamamiento", "del llamamiento", "este llamamiento", "el llamado", "al llamado",
		"la iniciativa", "esta iniciativa", "el pacto", "al pacto", "el acuerdo", "al acuerdo", "la declaracion", "firmante*", "signatario*",
		"adherente*"))
	add(names(pkRef, 0, "pt", "ao texto", "o texto", "o apelo", "ao apelo", "do apelo", "a iniciativa", "o pacto", "signatario*", "o documento"))
	add(names(pkRef, 0, "it", "il testo", "il documento", "la dichiarazione", "l'appello", "la Call", "all'appello", "firmatari*", "l'iniziativa"))
	add(names(pkRef, 0, "ro", "apelul", "semnatar*"))
	add(names(pkRef, 0, "ru", "призыв*", "подписант*", "документ*", "инициатив*"))
	add(names(pkRef, 0, "ja", "*署名国*", "*参加国*", "*同コール*", "*賛同*"))
	add(names(pkRef, 0, "zh", "*签署国*", "*该倡议*", "*倡议*"))
	add(names(pkRef, 0, "ko", "*서명국*", "*참여국*"))
	add(names(pkRef, 0, "ar", "*النداء", "*الموقعين", "*الموقعة"))

	// Cyber context.
	add(names(pkCyber, 0, "", "cyber*", "ciber*", "kiber*", "internet*", "IGF", "Internet Governance Forum", "Paris Peace Forum",
		"Forum de Paris sur la Paix", "Pariser Friedensforum", "Foro de Paris sobre la Paz", "nine principles", "neuf principes", "neun Prinzipien",
		"nueve principios", "eight principles", "hack back", "hack-back", "election interference", "ingerence electorale", "hacking", "hackers",
		"malware", "ransomware", "online", "digital", "numerique", "Digitales", "ciberseguridad", "ciberespacio", "informatique",
		"kibernetic*", "кибер*", "サイバー", "网络*", "사이버*", "*السيبراني", "*الإلكتروني", "pariscall", "Tech Accord",
		"IT security", "information security", "cyberattacks", "cyber-attacks", "trust and security", "security and trust",
		"confiance et la securite", "vertrauen und sicherheit", "confianza y la seguridad", "confianca e seguranca"))
	// Stems of stance words: a sentence without any is not parsed for stances.
	add(names(pkCue, 0, "", "sign*", "join*", "endors*", "back*", "support*", "declin*", "refus*", "reject*", "absen*", "missing*",
		"abstain*", "snub*", "shun*", "spurn*", "rebuff*", "stay*", "stayed*", "sat out", "sit out", "boycott*", "withh*", "opted out", "board", "answered the call",
		"added*", "adher*", "pledg*", "proud", "rejoin*", "soutien*", "soutient*", "soutenu*", "souten*", "boud*", "manqu*", "rejet*",
		"figur*", "associ*", "appos*", "unterzeichn*", "unterschr*", "beitr*", "beigetr*", "tritt", "trat", "traten", "angeschl*",
		"schloss*", "schliess*", "schlossen*", "unterstutz*", "lehnt*", "abgelehnt*", "fehl*", "verweiger*", "erstunterz*", "firm*",
		"adhir*", "sum*", "respald*", "apoy*", "rechaz*", "neg*", "ausen*", "suscri*", "assin*", "ader*", "apoi*", "recus*", "subscr*",
		"sottoscr*", "rifiut*", "semn*", "aderat*", "parte", "without", "sans", "ohne", "sin", "sem", "senza", "among", "parmi",
		"signatar*", "signataire*", "firmant*", "firmatar*", "participation", "*подпис*", "*присоедин*", "*поддерж*", "*отказ*",
		"*署名*", "*参加*", "*賛同*", "*签署*", "*加入*", "*支持*", "*拒绝*", "*拒否*", "*見送*", "*서명*", "*참여*", "*가입*", "*지지*",
		"*불참*", "*거부*", "*وقع*", "*انضم*", "*نضم*", "weight behind", "its name to", "their names to", "juntou*", "juntaram*", "uniu*", "uniram*", "unio", "unieron", "unira", "uniran", "unirse", "unirnos", "refuz*", "respin*", "sprijin*", "alaturat*", "*رفض*", "*دعم*", "*توقيع*", "not among", "yet to", "on board", "an bord", "dabei",
		"will join", "would join", "to join", "holdout*", "hold-out*", "list", "includ*", "proud", "pleased", "delighted", "adhes*", "signature*", "unterschrift*",
		"beitritt*", "accession*", "rallie*", "incorpor*", "outside", "en dehors", "a l'ecart", "al margen", "fuera", "aussen vor", "fuori", "de fora", "beizutret*", "anzuschl*", "si e unita", "si e unito", "si sono uniti", "si sono unite", "apoyo", "respaldo", "adesao", "adesione", "rehus*", "entre", "darunter", "dabei", "unterstutzung", "sostegno", "apoio"))
	// Look-alike context.
	add(names(pkOffTopic, 0, "", "climate", "climat*", "Klima*", "clima*", "global warming", "greenhouse", "carbon", "emissions",
		"rechauffement", "Erderwarmung", "source code", "code source", "Quellcode", "codigo fuente", "Software Heritage", "Inria",
		"software source", "artificial intelligence", "intelligence artificielle", "kunstliche Intelligenz", "inteligencia artificial",
		"Christchurch", "violent extremist content", "terrorist content", "contenus terroristes", "Kyoto"))
	return l
}

// tailHead is the head that must precede a tail for it to be a full name, by language:
// "Paris Call (of 12 November 2018) for" + "trust and security in cyberspace". Each regular
// expression runs only on the 80 bytes before a tail.
type tailRule struct {
	lang  string
	tails []string
	head  *regexp.Regexp // anchored at both ends: run only from where a head word starts
	words []string       // the words a head starts with
}

func tailRules() []tailRule {
	return []tailRule{
		{"en", []string{"trust and security in cyberspace", "trust and security in the cyberspace", "security and trust in cyberspace",
			"trust & security in cyberspace", "trust and security in cyber space", "trust and security in the cyber space",
			"trust and security in cyber-space", "security and trust in the cyberspace"},
			regexp.MustCompile(`^(?:paris call|call|paris appeal|appeal|paris roadmap|roadmap|paris declaration)(?: of (?:the )?(?:\d{1,2}(?:st|th|nd|rd)? (?:of )?november|november \d{1,2}(?:st|th|nd|rd)?),? 2018)?,? (?:for|on|to) (?:the )?$`), []string{"paris", "call", "appeal", "roadmap"}},
		{"fr", []string{"confiance et la securite dans le cyberespace", "confiance et la cybersecurite dans le cyberespace",
			"confiance et securite dans le cyberespace", "securite et la confiance dans le cyberespace", "confiance et la securite dans le cyber-espace",
			"confiance et la securite dans l'espace numerique", "confiance et la securite du cyberespace"},
			regexp.MustCompile(`^(?:appel(?: de paris)?|paris call)(?: du 12 novembre 2018)?,? (?:pour|sur) (?:la )?$`), []string{"appel", "paris"}},
		{"de", []string{"vertrauen und sicherheit im cyberspace", "vertrauen und sicherheit im cyberraum", "sicherheit und vertrauen im cyberspace",
			"sicherheit und vertrauen im cyberraum", "vertrauen und sicherheit im cyber-raum"},
			regexp.MustCompile(`^(?:appell|aufruf|aufrufs|appells|erklarung|call)(?: von paris)?(?: vom 12\. november 2018)?,? (?:fur|uber|zu|zum) (?:mehr )?$`), []string{"appell", "aufruf", "aufrufs", "appells", "erklarung", "call"}},
		{"es", []string{"confianza y la seguridad en el ciberespacio", "confianza y seguridad en el ciberespacio", "seguridad y la confianza en el ciberespacio",
			"confianza y la seguridad en el ciber espacio"},
			regexp.MustCompile(`^(?:llamamiento|llamado|llamada|convocatoria)(?: de paris)?(?: del 12 de noviembre de 2018)?,? (?:para|por|sobre) (?:la )?$`), []string{"llamamiento", "llamado", "llamada", "convocatoria"}},
		{"pt", []string{"confianca e seguranca no ciberespaco", "confianca e a seguranca no ciberespaco", "confianca e seguranca no espaco cibernetico"},
			regexp.MustCompile(`^(?:apelo|chamado|chamamento)(?: de paris)?,? (?:para|pela|por|sobre) (?:a )?$`), []string{"apelo", "chamado", "chamamento"}},
		{"it", []string{"fiducia e la sicurezza nel cyberspazio", "fiducia e sicurezza nel cyberspazio", "fiducia e la sicurezza nel ciberspazio"},
			regexp.MustCompile(`^(?:appello|call)(?: di parigi)? per (?:la )?$`), []string{"appello", "call"}},
		{"ro", []string{"incredere si securitate in spatiul cibernetic"},
			regexp.MustCompile(`^apelul(?: de la)? paris(?:ului)? pentru $`), []string{"apelul"}},
		{"ru", []string{"доверию и безопасности в киберпространстве", "доверия и безопасности в киберпространстве"},
			regexp.MustCompile(`^призыв(?:а|у|ом|е)? (?:к |в пользу )?(?:укреплению )?$`), []string{"призыв"}},
	}
}

// headAt returns where in window (the bytes before a tail) the head of a full name starts,
// or -1. The anchored expression runs only from the starts of the head words, so the cost
// is a few short anchored matches, not a backtracking search.
func (r *tailRule) headAt(window string) int {
	best := -1
	for _, w := range r.words {
		from := 0
		for {
			i := strings.Index(window[from:], w)
			if i < 0 {
				break
			}
			i += from
			if (i == 0 || window[i-1] == ' ' || window[i-1] == '\'' || window[i-1] == '"') && (best < 0 || i < best) && r.head.MatchString(window[i:]) {
				best = i
				break
			}
			from = i + 1
		}
	}
	return best
}
