package detect

import (
	"math/bits"
	"sort"
	"unicode/utf8"
)

// prefixTrie finds the patterns that start where a word starts: a radix trie walked
// from the root at each word start, stopped at the first byte no pattern continues with.
// For patterns that must begin at a word boundary it finds what an Aho-Corasick automaton
// finds, and it is kinder to the processor's cache: a walk touches the few states the
// text actually spells, where an automaton follows its failure links through deep states
// at every byte. A chain of states with one child each is one state with a label (the
// bytes of the chain), compared with the text in one go: the gazetteer's 4,000 aliases
// make 40,000 states in a plain trie and a few thousand here.
type prefixTrie struct {
	root [256]int32 // the state whose label starts with a pattern's first byte (0: none)
	// States are numbered breadth-first, so the children of a state are consecutive:
	// node[s].first, node[s].first+1, ..., and lead[t] is the first byte of t's label.
	node   []trieNode
	lead   []byte
	labels string  // node[s]'s label is labels[node[s].label : node[s].label+node[s].nLabel]
	own    []int32 // the patterns that end at state s: own[node[s].own : node[s].own+node[s].nOwn]
	// wide[node[s].wide] is the set of bytes that lead to the children of a state with many
	// (node[s].wide >= 0): the child on byte c is the number of set bits below c.
	wide [][4]uint64
	// Most words do not begin a pattern, and a bit or three (in 32 KB that stay in the
	// cache) tell, where a walk would take a state or two from memory: short is the set of
	// the first two bytes of the patterns of one or two bytes (b0<<8 | b1; every b1 for
	// one byte), triples a hashed set of the first three bytes of those of three or four,
	// fives a hashed set of the first five bytes of the longer ones. Five bytes tell "the
	// call" from "the government", "la france" from "la semaine".
	short   [1 << 16 / 64]uint64
	triples [1 << 16 / 64]uint64
	fives   [1 << 17 / 64]uint64
}

// trieNode is one state: 24 bytes.
type trieNode struct {
	first  int32  // its first child
	own    int32  // its first pattern in own
	wide   int32  // its child set in wide, or -1: look through lead
	label  int32  // where its label starts in labels
	nKids  uint16 // its number of children
	nOwn   uint16 // its number of patterns
	nLabel uint16 // its label's length
}

// wideKids is the number of children from which a state gets a child set.
const wideKids = 6

// buildPrefixTrie compiles patterns; pattern ids[i] is patterns[i]. The patterns are
// sorted, so the patterns below a state are a range of them, its label is their longest
// common prefix beyond its parent's, and its children split the rest of the range by the
// next byte: the trie is built breadth-first from ranges, without maps.
func buildPrefixTrie(patterns []string, ids []int32) *prefixTrie {
	order := make([]int, 0, len(patterns))
	for i, p := range patterns {
		if p != "" {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return patterns[order[i]] < patterns[order[j]] })
	p := func(k int) string { return patterns[order[k]] }
	t := &prefixTrie{lead: []byte{0}}
	for _, i := range order {
		switch pat := patterns[i]; len(pat) {
		case 1:
			for b := 0; b < 256; b++ {
				setBit(&t.short, uint16(pat[0])<<8|uint16(b))
			}
		case 2:
			setBit(&t.short, uint16(pat[0])<<8|uint16(pat[1]))
		case 3, 4:
			setBit(&t.triples, tripleHash(pat[0], pat[1], pat[2]))
		default:
			k := fiveHash(pat)
			t.fives[k>>6] |= 1 << (k & 63)
		}
	}
	type span struct{ lo, hi, depth int }
	queue := []span{{0, len(order), 0}} // queue[s]: the patterns below state s, and the length of its parent's prefix
	var labels []byte
	for q := 0; q < len(queue); q++ {
		r := queue[q]
		end := r.depth // the length of this state's prefix: the range's common prefix
		if q > 0 {
			first, last := p(r.lo), p(r.hi-1)
			for end < len(first) && end < len(last) && first[end] == last[end] {
				end++
			}
		}
		if end-r.depth > 0xffff {
			panic("detect: trie label too long")
		}
		nd := trieNode{first: int32(len(queue)), own: int32(len(t.own)), wide: -1,
			label: int32(len(labels)), nLabel: uint16(end - r.depth)}
		labels = append(labels, p(r.lo)[r.depth:end]...)
		k := r.lo
		for ; k < r.hi && len(p(k)) == end; k++ {
			t.own = append(t.own, ids[order[k]])
		}
		for k < r.hi {
			b := p(k)[end]
			j := k + 1
			for j < r.hi && p(j)[end] == b {
				j++
			}
			if q == 0 {
				t.root[b] = int32(len(queue))
			}
			t.lead = append(t.lead, b)
			queue = append(queue, span{k, j, end})
			k = j
		}
		kids, own := len(queue)-int(nd.first), len(t.own)-int(nd.own)
		if kids > 0xffff || own > 0xffff {
			panic("detect: trie node too wide")
		}
		nd.nKids, nd.nOwn = uint16(kids), uint16(own)
		if kids >= wideKids {
			var set [4]uint64
			for _, b := range t.lead[nd.first:] {
				set[b>>6] |= 1 << (b & 63)
			}
			nd.wide = int32(len(t.wide))
			t.wide = append(t.wide, set)
		}
		t.node = append(t.node, nd)
	}
	t.labels = string(labels)
	return t
}

func setBit(set *[1 << 16 / 64]uint64, k uint16) { set[k>>6] |= 1 << (k & 63) }

func hasBit(set *[1 << 16 / 64]uint64, k uint16) bool { return set[k>>6]&(1<<(k&63)) != 0 }

func tripleHash(b0, b1, b2 byte) uint16 {
	return uint16((uint32(b0)<<16 | uint32(b1)<<8 | uint32(b2)) * 2654435761 >> 16)
}

// fiveHash hashes the first five bytes of s (len(s) >= 5) to 17 bits.
func fiveHash(s string) uint32 {
	v := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 | uint64(s[4])<<32
	return uint32(v * 0x9E3779B97F4A7C15 >> 47)
}

// mayStart reports whether a pattern may start at s[i].
func (t *prefixTrie) mayStart(s string, i int) bool {
	if i+2 >= len(s) {
		return t.root[s[i]] != 0
	}
	if hasBit(&t.short, uint16(s[i])<<8|uint16(s[i+1])) || hasBit(&t.triples, tripleHash(s[i], s[i+1], s[i+2])) {
		return true
	}
	if i+5 > len(s) {
		return false // no pattern of five bytes or more fits
	}
	k := fiveHash(s[i : i+5])
	return t.fives[k>>6]&(1<<(k&63)) != 0
}

// wordByte classifies the bytes of normalised text: 1 for an ASCII letter or digit (a
// word byte), 2 for the first byte of a multi-byte rune (decode it), 0 otherwise.
var wordByte = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			t[c] = 1
		case c >= utf8.RuneSelf:
			t[c] = 2
		}
	}
	return t
}()

// scanWords reports every occurrence in s[:to] of the patterns of words and upper (either
// may be nil) that starts at a word start at or after from (a word rune not preceded by
// one, as accept's left-boundary check has it); upper's only at words that begin with a
// capital letter in nt's original text (entityOK's test for the case rules). One pass
// finds the word starts for both.
func scanWords(words, upper *prefixTrie, nt *normText, from, to int, fn func(start, end int, id int32)) {
	s := nt.s
	prevWord := false
	if from > 0 {
		c := s[from-1]
		if c < utf8.RuneSelf {
			prevWord = wordByte[c] == 1
		} else {
			r, _ := utf8.DecodeLastRuneInString(s[:from])
			prevWord = isWordRune(r)
		}
	}
	s = s[:to]
	start := func(i int) {
		if words != nil && words.mayStart(s, i) {
			words.walk(s, i, fn)
		}
		if upper != nil && nt.capitalAt(i) && upper.mayStart(s, i) {
			upper.walk(s, i, fn)
		}
	}
	for i := from; i < len(s); {
		c := s[i]
		switch wordByte[c] {
		case 0:
			prevWord = false
			i++
		case 1:
			if !prevWord {
				start(i)
			}
			// the rest of the ASCII word
			for i++; i < len(s) && wordByte[s[i]] == 1; i++ {
			}
			prevWord = true
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			w := isWordRune(r)
			if w && !prevWord {
				start(i)
			}
			prevWord = w
			i += size
		}
	}
}

// walk reports the patterns that start at i.
func (t *prefixTrie) walk(s string, i int, fn func(start, end int, id int32)) {
	st := t.root[s[i]]
	k := i
	for {
		nd := &t.node[st]
		if l := int(nd.nLabel); l > 1 || k+l > len(s) {
			if k+l > len(s) {
				return
			}
			// (the label's first byte is what led here); most labels are short, and a
			// mismatch is found at their first bytes: compare by hand
			text, label := s[k+1:k+l], t.labels[nd.label+1:int(nd.label)+l]
			for x := 0; x < len(label); x++ {
				if text[x] != label[x] {
					return
				}
			}
		}
		k += int(nd.nLabel)
		if nd.nOwn > 0 {
			for _, id := range t.own[nd.own : nd.own+int32(nd.nOwn)] {
				fn(i, k, id)
			}
		}
		if k >= len(s) || nd.nKids == 0 {
			return
		}
		c := s[k]
		if nd.wide >= 0 {
			set := &t.wide[nd.wide]
			w, bit := c>>6, uint64(1)<<(c&63)
			if set[w]&bit == 0 {
				return
			}
			j := bits.OnesCount64(set[w] & (bit - 1))
			for x := byte(0); x < w; x++ {
				j += bits.OnesCount64(set[x])
			}
			st = nd.first + int32(j)
			continue
		}
		kids := t.lead[nd.first : nd.first+int32(nd.nKids)]
		j := 0
		for j < len(kids) && kids[j] < c {
			j++
		}
		if j == len(kids) || kids[j] != c {
			return
		}
		st = nd.first + int32(j)
	}
}
