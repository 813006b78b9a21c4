package detect

import "sort"

// automaton is an Aho-Corasick automaton compiled to a full DFA over byte classes: one
// table look-up per input byte, whatever the number of patterns. Bytes that occur in no
// pattern share class 0. Patterns are byte strings (the normalised UTF-8 of each name), so
// the automaton is script-agnostic; word boundaries are checked by the caller.
type automaton struct {
	classes [256]uint8
	nclass  int
	delta   []int32  // delta[state*nclass+class], when there are more than 65,536 states
	delta16 []uint16 // the same, in half the memory, when there are fewer
	hasOut  []bool   // the state or one of its suffixes ends a pattern
	own     [][]int32
	dict    []int32 // nearest proper suffix state with its own outputs, or -1
	lens    []int   // pattern lengths, by pattern id
}

// buildAutomaton compiles patterns; pattern i is reported with id i.
func buildAutomaton(patterns []string) *automaton {
	a := &automaton{}
	var used [256]bool
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			used[p[i]] = true
		}
	}
	n := 1
	for b := 0; b < 256; b++ {
		if used[b] {
			a.classes[b] = uint8(n)
			n++
		}
	}
	if n > 256 {
		panic("detect: too many byte classes")
	}
	a.nclass = n
	// Build the trie over the patterns in sorted order: each pattern shares the path of its
	// longest common prefix with the previous one, so the number of states is known
	// before the transition table is allocated (once).
	order := make([]int, len(patterns))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return patterns[order[i]] < patterns[order[j]] })
	type edge struct {
		from  int32
		class uint8
	}
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
		kidStart := make([]int32, states+1)
		for _, e := range edges {
			kidStart[e.from+1]++
		}
		for i := 1; i <= states; i++ {
			kidStart[i] += kidStart[i-1]
		}
		kids := make([]int32, len(edges))
		fill := append([]int32(nil), kidStart[:states]...)
		for i, e := range edges {
			kids[fill[e.from]] = int32(i + 1)
			fill[e.from]++
		}
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
	if len(depth) <= 1<<16 {
		a.delta16 = make([]uint16, len(depth)*n)
		for i, e := range edges {
			a.delta16[int(e.from)*n+int(e.class)] = uint16(i + 1)
		}
	} else {
		a.delta = make([]int32, len(depth)*n)
		for i, e := range edges {
			a.delta[int(e.from)*n+int(e.class)] = int32(i + 1)
		}
	}
	states := len(depth)
	// children of each state, grouped by parent (counting sort of the edges)
	kidStart := make([]int32, states+1)
	for _, e := range edges {
		kidStart[e.from+1]++
	}
	for i := 1; i <= states; i++ {
		kidStart[i] += kidStart[i-1]
	}
	kids := make([]int32, len(edges))
	fill := append([]int32(nil), kidStart[:states]...)
	for i, e := range edges {
		kids[fill[e.from]] = int32(i + 1)
		fill[e.from]++
	}
	fail := make([]int32, states)
	a.dict = make([]int32, states)
	a.hasOut = make([]bool, states)
	a.dict[0] = -1
	queue := make([]int32, 0, states)
	queue = append(queue, kids[kidStart[0]:kidStart[1]]...)
	for q := 0; q < len(queue); q++ {
		s := queue[q]
		f := fail[s]
		switch {
		case f == 0:
			a.dict[s] = -1
		case len(a.own[f]) > 0:
			a.dict[s] = f
		default:
			a.dict[s] = a.dict[f]
		}
		a.hasOut[s] = len(a.own[s]) > 0 || a.dict[s] >= 0
		if a.delta16 != nil {
			row := a.delta16[int(s)*n : int(s)*n+n]
			frow := a.delta16[int(f)*n : int(f)*n+n]
			copy(row, frow)
			for _, t := range kids[kidStart[s]:kidStart[s+1]] {
				c := edges[t-1].class
				fail[t] = int32(frow[c])
				row[c] = uint16(t)
				queue = append(queue, t)
			}
			continue
		}
		row := a.delta[int(s)*n : int(s)*n+n]
		frow := a.delta[int(f)*n : int(f)*n+n]
		copy(row, frow)
		for _, t := range kids[kidStart[s]:kidStart[s+1]] {
			c := edges[t-1].class
			fail[t] = frow[c]
			row[c] = t
			queue = append(queue, t)
		}
	}
	return a
}

// rawMatch is one pattern occurrence in normalised text: [start, end) and the pattern id.
type rawMatch struct {
	start, end int
	id         int32
}

// scan reports every (overlapping) occurrence of every pattern in s to fn.
func (a *automaton) scan(s string, fn func(start, end int, id int32)) {
	n := a.nclass
	classes := &a.classes
	hasOut := a.hasOut
	if d := a.delta16; d != nil {
		st := 0
		for i := 0; i < len(s); i++ {
			st = int(d[st*n+int(classes[s[i]])])
			if hasOut[st] {
				a.emit(int32(st), i+1, fn)
			}
		}
		return
	}
	delta := a.delta
	st := int32(0)
	for i := 0; i < len(s); i++ {
		st = delta[int(st)*n+int(classes[s[i]])]
		if hasOut[st] {
			a.emit(st, i+1, fn)
		}
	}
}

// emit reports the patterns ending at end in state st.
func (a *automaton) emit(st int32, end int, fn func(start, end int, id int32)) {
	for o := st; o >= 0; o = a.dict[o] {
		for _, id := range a.own[o] {
			fn(end-a.lens[id], end, id)
		}
	}
}
