package detect

import (
	"unicode"
	"unicode/utf8"
)

// sentence is a range [start, end) of normalised text and the paragraph it belongs to.
type sentence struct {
	start, end int
	para       int
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "no": true, "vs": true, "inc": true, "corp": true, "ltd": true,
	"co": true, "jr": true, "sr": true, "prof": true, "gen": true, "gov": true, "sen": true, "rep": true, "jan": true, "feb": true,
	"aug": true, "sept": true, "sep": true, "oct": true, "nov": true, "dec": true, "etc": true, "mme": true, "mm": true, "hr": true,
	"nr": true, "bzw": true, "sra": true, "art": true, "ca": true, "approx": true, "dept": true, "est": true, "fig": true,
	"min": true, "pres": true, "amb": true, "lt": true, "col": true, "mt": true, "e.g": true, "i.e": true, "z.b": true, "u.a": true,
	"s.a": true, "p.ex": true, "eg": true, "ie": true,
	"ee": true, // the first half of the Spanish "EE. UU." (the United States)
}

// sentences splits normalised text into sentences: at paragraph breaks, and after . ! ?
// (and their CJK forms) followed by a space, except after abbreviations, initials ("U.S."),
// ordinals ("12. November") and before a lower-case word.
//
// A single line break (a heading, a list item, a dateline) ends a sentence too, unless it
// falls inside one of the protected ranges (a name broken over two lines).
func sentences(nt *normText, protected [][2]int) []sentence {
	return sentencesInto(nil, nt, protected)
}

// sentencesInto is sentences appending to out.
func sentencesInto(out []sentence, nt *normText, protected [][2]int) []sentence {
	s := nt.s
	start, para := 0, 0
	nextLine := 0
	p, maxEnd := 0, 0 // protected ranges are sorted by start
	list := false     // after a line ending with ':', the lines are items of one list
	push := func(end int) {
		// trim spaces
		a, b := start, end
		for a < b && (s[a] == ' ' || s[a] == '\n') {
			a++
		}
		for b > a && (s[b-1] == ' ' || s[b-1] == '\n') {
			b--
		}
		if b > a {
			out = append(out, sentence{start: a, end: b, para: para})
		}
	}
	for i := 0; i < len(s); {
		// skip to the next byte that may end a sentence, or the next single line break
		stop := len(s)
		if nextLine < len(nt.lines) {
			stop = min(stop, nt.lines[nextLine])
		}
		for i < stop && !sentenceByte[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if nextLine < len(nt.lines) && nt.lines[nextLine] == i {
			nextLine++
			for p < len(protected) && protected[p][0] < i {
				maxEnd = max(maxEnd, protected[p][1])
				p++
			}
			if i > 0 && s[i-1] == ':' {
				list = true
			}
			if maxEnd <= i && !list {
				push(i)
				start = i + 1
			}
			i++
			continue
		}
		if c == '\n' {
			list = false
			push(i)
			para++
			start = i + 1
			i++
			continue
		}
		if c == '.' || c == '!' || c == '?' {
			j := i + 1
			for j < len(s) && (s[j] == '"' || s[j] == '\'' || s[j] == ')' || s[j] == '.' || s[j] == '!' || s[j] == '?') {
				j++
			}
			if j >= len(s) || s[j] == ' ' || s[j] == '\n' {
				if c != '.' || periodEnds(nt, i, j) {
					push(j)
					start = j
				}
			}
			i = j
			continue
		}
		if c >= 0xE3 && c <= 0xEF && i+2 < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == '。' || r == '！' || r == '？' {
				push(i + size)
				start = i + size
			}
			i += size
			continue
		}
		i++
	}
	push(len(s))
	return out
}

// sentenceByte marks the bytes at which sentencesInto has something to decide.
var sentenceByte = func() (t [256]bool) {
	for _, c := range []byte(".!?\n") {
		t[c] = true
	}
	for c := 0xE3; c <= 0xEF; c++ {
		t[c] = true // the first byte of 。！？
	}
	return t
}()

// periodEnds decides whether the period at i (followed by s[j]) ends a sentence.
func periodEnds(nt *normText, i, j int) bool {
	s := nt.s
	// the word before the period
	k := i
	for k > 0 && s[k-1] != ' ' && s[k-1] != '\n' && s[k-1] != '(' && s[k-1] != '"' {
		k--
	}
	word := s[k:i]
	if len(word) == 1 && (word[0] >= 'a' && word[0] <= 'z') {
		return false // an initial: U.S., J. Smith
	}
	if len(word) == 3 && word[1] == '.' { // u.s -> "u.s."
		return false
	}
	if abbreviations[word] {
		// "Inc." at the end of a sentence: split only before an upper-case word after "inc", "corp", "ltd", "co".
		if word == "inc" || word == "corp" || word == "ltd" || word == "co" {
			return nextUpper(nt, j)
		}
		return false
	}
	if len(word) > 0 && len(word) <= 2 && word[0] >= '0' && word[0] <= '9' && (len(word) == 1 || word[1] >= '0' && word[1] <= '9') {
		// "12. November": a German ordinal when a letter follows
		if j+1 < len(s) && s[j] == ' ' {
			r, _ := utf8.DecodeRuneInString(s[j+1:])
			if unicode.IsLetter(r) {
				return false
			}
		}
	}
	if j < len(s) && s[j] == ' ' && j+1 < len(s) {
		// a lower-case word after the period continues the sentence
		p := nt.origStart(j + 1)
		if p < len(nt.orig) {
			r, _ := utf8.DecodeRuneInString(nt.orig[p:])
			if unicode.IsLower(r) {
				return false
			}
		}
	}
	return true
}

func nextUpper(nt *normText, j int) bool {
	if j+1 >= len(nt.s) {
		return false
	}
	p := nt.origStart(j + 1)
	r, _ := utf8.DecodeRuneInString(nt.orig[p:])
	return unicode.IsUpper(r)
}

// token is a word or a punctuation mark in normalised text.
type token struct{ start, end int }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// isCJK reports runes of scripts written without spaces between words.
func isCJK(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF || r >= 0xFF66 && r <= 0xFF9F
}

// tokenize splits normalised text into words and punctuation. English contractions keep
// their "n't" ("didn't"); "'s" and "'ll" are tokens of their own; French and Italian
// elisions split after the apostrophe ("l'", "appel").
func tokenize(s string) []token { return tokenizeInto(nil, s) }

// tokenizeInto is tokenize appending to out.
func tokenizeInto(out []token, s string) []token {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			switch r {
			case ',', ';', ':', '(', ')', '"', '?', '!', '&', '-', '。', '、', '，', '；', '：', '「', '」':
				if r == '-' && !(i > 0 && s[i-1] == ' ') {
					break
				}
				out = append(out, token{i, i + size})
			case '\'':
				// "'s", "'ll" as tokens
				if i+1 < len(s) && (s[i+1] == 's' || s[i+1] == 'l') && (i == 0 || s[i-1] != ' ') {
					j := i + 1
					for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
						j++
					}
					if w := s[i:j]; w == "'s" || w == "'ll" {
						out = append(out, token{i, j})
						i = j
						continue
					}
				}
			}
			i += size
			continue
		}
		cjk := isCJK(r)
		j := i + size
		for j < len(s) {
			if !cjk {
				// ASCII letters and digits go on the word whatever came before them
				for j < len(s) && asciiAlnum[s[j]] {
					j++
				}
				if j == len(s) {
					break
				}
			}
			r2, size2 := utf8.DecodeRuneInString(s[j:])
			if r2 == '\'' && j+1 == len(s) {
				if isElision(s[i:j]) {
					j++ // "l'" at the end of a span: "de l'" before a name
				}
				break
			}
			if r2 == '\'' && j+1 < len(s) {
				// apostrophe inside a word
				w := s[i:j]
				if j+2 <= len(s) && s[j+1] == 't' && (j+2 == len(s) || !isWordByte(s[j+2])) && len(w) > 0 && w[len(w)-1] == 'n' {
					j += 2 // didn't
					continue
				}
				if j+2 < len(s) && (s[j+1:j+3] == "ve" || s[j+1:j+3] == "re") && (j+3 == len(s) || !isWordByte(s[j+3])) {
					j += 3 // we've, we're
					continue
				}
				if isElision(w) {
					j++ // l', d', n', qu', s'
					break
				}
				break
			}
			if r2 == '-' && j+1 < len(s) && !cjk {
				r3, _ := utf8.DecodeRuneInString(s[j+1:])
				if isWordRune(r3) {
					j += size2
					continue
				}
			}
			if r2 == '.' && j+1 < len(s) && j-i == 1 {
				// initials: u.s. e.u.
				r3, s3 := utf8.DecodeRuneInString(s[j+1:])
				if unicode.IsLetter(r3) && (j+1+s3 == len(s) || s[j+1+s3] == '.') {
					j += 1 + s3
					if j < len(s) && s[j] == '.' {
						j++
					}
					continue
				}
			}
			if !isWordRune(r2) || isCJK(r2) != cjk {
				break
			}
			j += size2
		}
		out = append(out, token{i, j})
		i = j
	}
	return out
}

// asciiAlnum is isWordRune for ASCII bytes.
var asciiAlnum = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

func isWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80 }

func isElision(w string) bool {
	switch w {
	case "l", "d", "n", "qu", "s", "j", "c", "m", "t", "all", "dell", "nell", "sull", "dall", "un":
		return true
	}
	return false
}
