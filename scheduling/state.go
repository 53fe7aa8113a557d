package scheduling

// state is a partial timetable with the counters the hard rules need, kept
// incrementally so that a placement test costs O(meetings of the applicant).
// Changes are journaled so that a rejected search move can be rolled back.
type state struct {
	m         *model
	slotOcc   []int32 // pair in slot, -1 when free
	pairAt    []int32 // slot index of the pair's meeting, -1 when unplaced
	pairWinOf []int16
	appMeet   [][]int32
	empMeet   [][]int32 // placed pairs per employer, unordered
	empPos    []int32   // index of a placed pair in empMeet of its employer
	empCnt    []int32
	appCnt    []int32
	locked    []bool

	primary int64
	covered int
	hist    []int32 // members of P by number of meetings

	journal []jop
	logging bool
}

type jop struct {
	q, slot int32
	win     int16
	add     bool
}

// objKey is the lexicographic objective: coverage (coverage_first only),
// primary, then the minimum number of meetings over P.
type objKey struct {
	cov  int
	prim int64
	min  int
}

func (a objKey) less(b objKey) bool {
	if a.cov != b.cov {
		return a.cov < b.cov
	}
	if a.prim != b.prim {
		return a.prim < b.prim
	}
	return a.min < b.min
}

func newState(m *model) *state {
	nS, nQ := len(m.slotTab), len(m.pairApp)
	s := &state{
		m:         m,
		slotOcc:   make([]int32, nS),
		pairAt:    make([]int32, nQ),
		pairWinOf: make([]int16, nQ),
		appMeet:   make([][]int32, len(m.appCap)),
		empMeet:   make([][]int32, len(m.empCap)),
		empPos:    make([]int32, nQ),
		empCnt:    make([]int32, len(m.empCap)),
		appCnt:    make([]int32, len(m.appCap)),
		locked:    make([]bool, nQ),
	}
	for i := range s.slotOcc {
		s.slotOcc[i] = -1
	}
	for i := range s.pairAt {
		s.pairAt[i] = -1
	}
	maxCap := int32(0)
	for _, c := range m.appCap {
		maxCap = max(maxCap, c)
	}
	s.hist = make([]int32, maxCap+2)
	s.hist[0] = int32(m.nP)
	return s
}

func (s *state) key() objKey {
	k := objKey{prim: s.primary}
	if s.m.coverage {
		k.cov = s.covered
	}
	for i, n := range s.hist {
		if n > 0 {
			k.min = i
			break
		}
	}
	return k
}

// pairOpen reports whether both caps leave room for pair q.
func (s *state) pairOpen(q int32) bool {
	m := s.m
	return s.pairAt[q] < 0 && m.pairReason[q] == "" &&
		s.empCnt[m.pairEmp[q]] < m.empCap[m.pairEmp[q]] && s.appCnt[m.pairApp[q]] < m.appCap[m.pairApp[q]]
}

// fits tests feasible-slot entry i of pair q against the table, the
// applicant's per-day cap and travel to and from the applicant's other
// meetings in the same window. Home travel was checked when the entry was
// built. Travel is checked against every meeting in the window, not only the
// neighbours, which is exact for metric matrices and safe for any other.
func (s *state) fits(q, i int32) bool {
	m := s.m
	sl := m.pairSlot[i]
	if s.slotOcc[sl] >= 0 {
		return false
	}
	a := m.pairApp[q]
	day, w := m.slotDay[sl], m.pairWin[i]
	st, en, loc := m.slotStart[sl], m.slotEnd[sl], m.slotLoc[sl]
	dc := int32(0)
	for _, r := range s.appMeet[a] {
		rs := s.pairAt[r]
		if m.slotDay[rs] == day {
			dc++
		}
		if s.pairWinOf[r] != w {
			continue
		}
		if rst := m.slotStart[rs]; rst < st {
			if m.slotEnd[rs]+m.travel(m.slotLoc[rs], loc) > st {
				return false
			}
		} else if en+m.travel(loc, m.slotLoc[rs]) > rst {
			return false
		}
	}
	return dc < m.appDCap[a]
}

func (s *state) place(q, i int32) {
	m := s.m
	sl := m.pairSlot[i]
	a, e := m.pairApp[q], m.pairEmp[q]
	s.slotOcc[sl] = q
	s.pairAt[q] = sl
	s.pairWinOf[q] = m.pairWin[i]
	s.appMeet[a] = append(s.appMeet[a], q)
	s.empPos[q] = int32(len(s.empMeet[e]))
	s.empMeet[e] = append(s.empMeet[e], q)
	s.empCnt[e]++
	s.appCnt[a]++
	s.primary += m.pairW[q]
	if m.inP[a] {
		c := s.appCnt[a]
		s.hist[c-1]--
		s.hist[min(int(c), len(s.hist)-1)]++
		if c == 1 {
			s.covered++
		}
	}
	if s.logging {
		s.journal = append(s.journal, jop{q: q, slot: i, add: true})
	}
}

func (s *state) remove(q int32) {
	m := s.m
	sl := s.pairAt[q]
	a, e := m.pairApp[q], m.pairEmp[q]
	if s.logging {
		// Find the feasible-slot entry again so that undo can replay place.
		i := m.pairOff[q]
		for m.pairSlot[i] != sl {
			i++
		}
		s.journal = append(s.journal, jop{q: q, slot: i, add: false})
	}
	s.slotOcc[sl] = -1
	s.pairAt[q] = -1
	list := s.appMeet[a]
	for k, r := range list {
		if r == q {
			list[k] = list[len(list)-1]
			s.appMeet[a] = list[:len(list)-1]
			break
		}
	}
	el := s.empMeet[e]
	last := el[len(el)-1]
	el[s.empPos[q]] = last
	s.empPos[last] = s.empPos[q]
	s.empMeet[e] = el[:len(el)-1]
	s.empCnt[e]--
	s.appCnt[a]--
	s.primary -= m.pairW[q]
	if m.inP[a] {
		c := s.appCnt[a]
		s.hist[min(int(c)+1, len(s.hist)-1)]--
		s.hist[c]++
		if c == 0 {
			s.covered--
		}
	}
}

// rollbackTo undoes the journaled changes made after mark (a journal length),
// for tentative steps inside one search move.
func (s *state) rollbackTo(mark int) {
	s.logging = false
	for k := len(s.journal) - 1; k >= mark; k-- {
		op := s.journal[k]
		if op.add {
			s.remove(op.q)
		} else {
			s.place(op.q, op.slot)
		}
	}
	s.journal = s.journal[:mark]
	s.logging = true
}

func (s *state) begin() {
	s.journal = s.journal[:0]
	s.logging = true
}

func (s *state) commit() { s.logging = false }

func (s *state) rollback() {
	s.logging = false
	for k := len(s.journal) - 1; k >= 0; k-- {
		op := s.journal[k]
		if op.add {
			s.remove(op.q)
		} else {
			s.place(op.q, op.slot)
		}
	}
	s.journal = s.journal[:0]
}

// firstFit returns the first fitting entry of pair q's slot list, starting
// at entry offset off and wrapping around, or -1.
func (s *state) firstFit(q int32, off int) int32 {
	m := s.m
	lo, hi := m.pairOff[q], m.pairOff[q+1]
	n := int(hi - lo)
	if n == 0 {
		return -1
	}
	off %= n
	for k := 0; k < n; k++ {
		i := lo + int32((off+k)%n)
		if s.fits(q, i) {
			return i
		}
	}
	return -1
}

// tryInsert places pair q in a fitting slot if the caps allow.
func (s *state) tryInsert(q int32, off int) bool {
	if !s.pairOpen(q) {
		return false
	}
	i := s.firstFit(q, off)
	if i < 0 {
		return false
	}
	s.place(q, i)
	return true
}
