package detect

import (
	"sort"
	"unicode/utf8"
)

// automaton is an Aho-Corasick automaton over byte classes (bytes that occur in no pattern
// share class 0). States with several children (the root and the branching points of the
// trie, a few thousand) get a full DFA row: one look-up per byte. States on a single path
// (the tails of long names, most of the 45,000 states) keep only their one child and their
// failure link: a mismatch falls back to a shorter suffix, amortised O(1) per byte as in
// any Aho-Corasick automaton. The rows then fit in the processor's cache. Patterns are
// byte strings (the normalised UTF-8 of each name), so the automaton is script-agnostic;
// word boundaries are checked by the caller.
type automaton struct {
	classes [256]uint8
	nclass  int
	row     []int32 // per state: its row in dense (times nclass), or -1 for a path state
	dense   []int32 // dense[row+class]: the next state
	child   []int32 // path states: the only child (0: none)
	chClass []uint8 // path states: the class that leads to child
	fail    []int32
	hasOut  []bool // the state or one of its suffixes ends a pattern
	// st holds the same per-state fields side by side (one cache line per state) for the
	// scan loop.
	st []stateInfo
	// dense16 is dense in half the memory, for the scan (every state id fits in 16 bits).
	dense16 []uint16
	// rootStay[b]: byte b leads from the root to the root.
	rootStay [256]bool
	// asciiStays: every ASCII byte keeps the root in the root (no pattern starts with
	// one), so the scan may pass over eight ASCII bytes at a time.
	asciiStays bool
	own        [][]int32
	dict       []int32 // nearest proper suffix state with its own outputs, or -1
	lens       []int   // pattern lengths, by pattern id
	// bounds[id]&1: the pattern must not follow an ASCII letter or digit; &2: nor be
	// followed by one. A cheap first cut (the caller checks Unicode boundaries): it drops
	// "us" inside "business" before the callback.
	bounds []uint8
}

// edge is a trie edge: the state it leaves and the byte class it reads.
type edge struct {
	from  int32
	class uint8
}

// childLists groups the states by parent (a counting sort of the edges, edges[t-1]
// leading to state t): the children of state s are kids[kidStart[s]:kidStart[s+1]].
func childLists(edges []edge, states int) (kidStart, kids []int32) {
	kidStart = make([]int32, states+1)
	for _, e := range edges {
		kidStart[e.from+1]++
	}
	for i := 1; i <= states; i++ {
		kidStart[i] += kidStart[i-1]
	}
	kids = make([]int32, len(edges))
	fill := append([]int32(nil), kidStart[:states]...)
	for i, e := range edges {
		kids[fill[e.from]] = int32(i + 1)
		fill[e.from]++
	}
	return kidStart, kids
}

// byteClasses numbers the bytes that occur in patterns 1, 2, ...; every other byte is
// class 0. It returns the table and the number of classes (class 0 included).
func byteClasses(patterns []string) (classes [256]uint8, n int) {
	var used [256]bool
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			used[p[i]] = true
		}
	}
	n = 1
	for b := 0; b < 256; b++ {
		if used[b] {
			if n > 255 {
				panic("detect: too many byte classes")
			}
			classes[b] = uint8(n)
			n++
		}
	}
	return classes, n
}

// buildAutomaton compiles patterns; pattern i is reported with id i.
func buildAutomaton(patterns []string) *automaton {
	a := &automaton{}
	a.classes, a.nclass = byteClasses(patterns)
	n := a.nclass
	// Build the trie over the patterns in sorted order: each pattern shares the path of its
	// longest common prefix with the previous one, so the number of states is known
	// before the transition table is allocated (once).
	order := make([]int, len(patterns))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return patterns[order[i]] < patterns[order[j]] })
	var edges []edge // edges[t-1] leads to state t
	depth := []int32{0}
	a.lens = make([]int, len(patterns))
	ends := make([]int32, len(patterns))
	path := []int32{0} // path[i] is the state after i bytes of the previous pattern
	prev := ""
	for _, id := range order {
		p := patterns[id]
		a.lens[id] = len(p)
		l := 0
		for l < len(p) && l < len(prev) && p[l] == prev[l] {
			l++
		}
		path = path[:l+1]
		for i := l; i < len(p); i++ {
			t := int32(len(depth))
			depth = append(depth, int32(i+1))
			edges = append(edges, edge{from: path[i], class: a.classes[p[i]]})
			path = append(path, t)
		}
		ends[id] = path[len(p)]
		prev = p
	}
	a.own = make([][]int32, len(depth))
	for id, p := range patterns {
		if len(p) > 0 {
			a.own[ends[id]] = append(a.own[ends[id]], int32(id))
		}
	}
	// Renumber the states in breadth-first order: the shallow states, where a scan spends
	// most of its time, then share a few cache lines.
	{
		states := len(depth)
		kidStart, kids := childLists(edges, states)
		newID := make([]int32, states)
		order := make([]int32, 0, states)
		order = append(order, 0)
		for q := 0; q < len(order); q++ {
			s := order[q]
			newID[s] = int32(q)
			order = append(order, kids[kidStart[s]:kidStart[s+1]]...)
		}
		newEdges := make([]edge, len(edges))
		newDepth := make([]int32, states)
		newOwn := make([][]int32, states)
		for old := 0; old < states; old++ {
			nw := newID[old]
			newDepth[nw] = depth[old]
			newOwn[nw] = a.own[old]
			if old > 0 {
				e := edges[old-1]
				newEdges[nw-1] = edge{from: newID[e.from], class: e.class}
			}
		}
		edges, depth, a.own = newEdges, newDepth, newOwn
	}
	states := len(depth)
	kidStart, kids := childLists(edges, states)
	a.row = make([]int32, states)
	a.child = make([]int32, states)
	a.chClass = make([]uint8, states)
	a.fail = make([]int32, states)
	rows := 0
	for st := 0; st < states; st++ {
		if st == 0 || kidStart[st+1]-kidStart[st] >= 2 {
			a.row[st] = int32(rows * n)
			rows++
		} else {
			a.row[st] = -1
			if kidStart[st+1] > kidStart[st] {
				t := kids[kidStart[st]]
				a.child[st], a.chClass[st] = t, edges[t-1].class
			}
		}
	}
	a.dense = make([]int32, rows*n)
	a.dict = make([]int32, states)
	a.hasOut = make([]bool, states)
	a.dict[0] = -1
	// breadth-first: a state's failure target is shallower, so complete before it
	for st := 0; st < states; st++ {
		f := a.fail[st]
		switch {
		case st == 0 || f == 0:
			a.dict[st] = -1
		case len(a.own[f]) > 0:
			a.dict[st] = f
		default:
			a.dict[st] = a.dict[f]
		}
		a.hasOut[st] = len(a.own[st]) > 0 || a.dict[st] >= 0
		if r := a.row[st]; r >= 0 {
			row := a.dense[r : int(r)+n]
			if st != 0 {
				for c := 0; c < n; c++ {
					row[c] = a.next(f, uint8(c))
				}
			}
			for _, t := range kids[kidStart[st]:kidStart[st+1]] {
				row[edges[t-1].class] = t
			}
		}
		for _, t := range kids[kidStart[st]:kidStart[st+1]] {
			if st != 0 {
				a.fail[t] = a.next(f, edges[t-1].class)
			}
		}
	}
	if states > 1<<16 {
		panic("detect: too many automaton states for 16-bit transitions")
	}
	a.dense16 = make([]uint16, len(a.dense))
	for i, t := range a.dense {
		a.dense16[i] = uint16(t)
	}
	a.asciiStays = true
	for b := 0; b < 256; b++ {
		a.rootStay[b] = a.dense[a.classes[b]] == 0
		if b < utf8.RuneSelf && !a.rootStay[b] {
			a.asciiStays = false
		}
	}
	a.st = make([]stateInfo, states)
	for i := range a.st {
		a.st[i] = stateInfo{row: a.row[i], child: a.child[i], fail: a.fail[i], chClass: a.chClass[i], hasOut: a.hasOut[i]}
	}
	return a
}

// rawMatch is one pattern occurrence in normalised text: [start, end) and the pattern id.
type rawMatch struct {
	start, end int
	id         int32
}

// stateInfo is a state's scan data.
type stateInfo struct {
	row     int32 // row in dense, or -1
	child   int32
	fail    int32
	chClass uint8
	hasOut  bool
}

// next is the transition from state st on byte class c.
func (a *automaton) next(st int32, c uint8) int32 {
	for {
		if r := a.row[st]; r >= 0 {
			return a.dense[int(r)+int(c)]
		}
		if a.chClass[st] == c && a.child[st] != 0 {
			return a.child[st]
		}
		st = a.fail[st]
	}
}

// scan reports every (overlapping) occurrence of every pattern in s to fn.
func (a *automaton) scan(s string, fn func(start, end int, id int32)) {
	classes, stay := &a.classes, &a.rootStay
	states, d16 := a.st, a.dense16
	st := int32(0)
	for i := 0; i < len(s); i++ {
		if st == 0 {
			// in the root, skip the bytes that keep it there (all of them, for an automaton
			// of Han and Arabic names reading English)
			if a.asciiStays {
				for i+8 <= len(s) && (uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
					uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56)&0x8080808080808080 == 0 {
					i += 8
				}
			}
			for i < len(s) && stay[s[i]] {
				i++
			}
			if i == len(s) {
				return
			}
		}
		c := classes[s[i]]
		for {
			info := &states[st]
			if info.row >= 0 {
				st = int32(d16[int(info.row)+int(c)])
				break
			}
			if info.chClass == c && info.child != 0 {
				st = info.child
				break
			}
			st = info.fail
		}
		if states[st].hasOut {
			a.emit(s, st, i+1, fn)
		}
	}
}

// emit reports the patterns ending at end in state st.
func (a *automaton) emit(s string, st int32, end int, fn func(start, end int, id int32)) {
	for o := st; o >= 0; o = a.dict[o] {
		for _, id := range a.own[o] {
			start := end - a.lens[id]
			if a.bounds != nil {
				b := a.bounds[id]
				if b&1 != 0 && start > 0 && asciiWord(s[start-1]) || b&2 != 0 && end < len(s) && asciiWord(s[end]) {
					continue
				}
			}
			fn(start, end, id)
		}
	}
}

func asciiWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}
