package scheduling

import (
	"slices"
)

// search is the large-neighbourhood search. Each iteration removes a few
// meetings around one target (an unplaced pair, an applicant or a run of
// table slots), re-inserts greedily and keeps the result unless the
// objective got worse; equal moves are kept so the search can drift across
// plateaus. The budget is a number of iterations derived from the instance
// size, so the result depends only on the instance, the seed and Effort.
func (sv *solver) search() {
	m, s := sv.m, sv.s
	var open []int32
	for q := range m.pairApp {
		if m.pairReason[q] == "" && !s.locked[q] {
			open = append(open, int32(q))
		}
	}
	if len(open) == 0 {
		return
	}
	var pop []int32
	for a, in := range m.inP {
		if in {
			pop = append(pop, int32(a))
		}
	}
	effort := sv.opt.Effort
	if effort <= 0 {
		effort = 1
	}
	// Linear in the open pairs, capped: on the largest instances the
	// relaxation already leaves little to gain (0.3 % at 20,000 applicants).
	sv.budget = int64(effort * float64(min(50*len(open)+20000, 1_500_000)))
	if sv.mark == nil {
		sv.mark = make([]uint32, len(m.pairApp)+len(m.appCap)+len(m.empCap))
	}
	sv.progress("search")
	// Stop early after a long stretch without a strict improvement; counted
	// in iterations, so the result stays deterministic.
	patience := sv.budget / 4
	lastGain := int64(0)
	for sv.iter = 0; sv.iter < sv.budget && sv.iter-lastGain <= patience; sv.iter++ {
		if sv.iter&127 == 0 {
			if sv.stop() {
				break
			}
			if sv.iter&0x3fff == 0 {
				sv.progress("search")
			}
		}
		before := s.key()
		s.begin()
		sv.stamp++
		sv.removed, sv.apps, sv.emps = sv.removed[:0], sv.apps[:0], sv.emps[:0]
		seed := int32(-1)
		switch r := sv.rng.IntN(100); {
		case r < 65:
			seed = sv.ruinForPair(open, pop)
		case r < 85:
			sv.ruinApplicant(pop)
		default:
			sv.ruinTable()
		}
		sv.recreate(seed)
		if m.coverage && s.covered < before.cov {
			sv.repairCoverage()
		}
		after := s.key()
		if after.less(before) {
			s.rollback()
		} else {
			s.commit()
			if before.less(after) {
				lastGain = sv.iter
			}
		}
	}
	sv.progress("done")
}

func (sv *solver) touchApp(a int32) {
	k := len(sv.m.pairApp) + int(a)
	if sv.mark[k] != sv.stamp {
		sv.mark[k] = sv.stamp
		sv.apps = append(sv.apps, a)
	}
}

func (sv *solver) touchEmp(e int32) {
	k := len(sv.m.pairApp) + len(sv.m.appCap) + int(e)
	if sv.mark[k] != sv.stamp {
		sv.mark[k] = sv.stamp
		sv.emps = append(sv.emps, e)
	}
}

// drop removes meeting q unless it is fixed.
func (sv *solver) drop(q int32) bool {
	if q < 0 || sv.s.locked[q] || sv.s.pairAt[q] < 0 {
		return false
	}
	sv.s.remove(q)
	sv.removed = append(sv.removed, q)
	sv.touchApp(sv.m.pairApp[q])
	sv.touchEmp(sv.m.pairEmp[q])
	return true
}

// ruinForPair picks an unplaced pair and clears what blocks it: a meeting of
// a full employer, of a full applicant, the occupant of one of its slots and
// the applicant's meetings that clash with that slot. It then places the
// pair there, so the move is an ejection chain of depth one; recreate
// continues the chain with the evicted pairs.
func (sv *solver) ruinForPair(open, pop []int32) int32 {
	m, s := sv.m, sv.s
	q := int32(-1)
	for try := 0; try < 8 && q < 0; try++ {
		var c int32
		if m.coverage && try&1 == 0 {
			a := pop[sv.rng.IntN(len(pop))]
			if s.appCnt[a] > 0 || len(m.appPairs[a]) == 0 {
				continue
			}
			c = m.appPairs[a][sv.rng.IntN(len(m.appPairs[a]))]
		} else {
			c = open[sv.rng.IntN(len(open))]
		}
		if s.pairAt[c] < 0 {
			q = c
		}
	}
	if q < 0 {
		return -1
	}
	a, e := m.pairApp[q], m.pairEmp[q]
	sv.touchApp(a)
	sv.touchEmp(e)
	if s.empCnt[e] >= m.empCap[e] {
		sv.drop(sv.pickMeeting(s.empMeet[e], m.coverage))
	}
	if s.appCnt[a] >= m.appCap[a] {
		sv.drop(sv.pickMeeting(s.appMeet[a], false))
	}
	lo, hi := m.pairOff[q], m.pairOff[q+1]
	i := lo + int32(sv.rng.IntN(int(hi-lo)))
	if m.coverage && s.appCnt[a] == 0 {
		// Steal a slot whose occupant keeps another meeting: coverage +1.
		n := int(hi - lo)
		off := sv.rng.IntN(n)
		found := false
		for k := 0; k < n; k++ {
			j := lo + int32((off+k)%n)
			occ := s.slotOcc[m.pairSlot[j]]
			if occ < 0 || (!s.locked[occ] && s.appCnt[m.pairApp[occ]] >= 2) {
				i, found = j, true
				break
			}
		}
		if !found {
			if !sv.relocateSteal(q, off) && sv.rng.IntN(8) == 0 {
				sv.stamp++ // fresh visited marks; duplicates in the touched lists are harmless
				sv.nodes = 300
				sv.chain(a, 8)
			}
			return q
		}
	}
	sl := m.pairSlot[i]
	if occ := s.slotOcc[sl]; occ >= 0 && !sv.drop(occ) {
		return q
	}
	day, w := m.slotDay[sl], m.pairWin[i]
	st, en, loc := m.slotStart[sl], m.slotEnd[sl], m.slotLoc[sl]
	var sameDay []int32
	for k := 0; k < len(s.appMeet[a]); k++ {
		r := s.appMeet[a][k]
		rs := s.pairAt[r]
		clash := false
		if s.pairWinOf[r] == w {
			if m.slotStart[rs] < st {
				clash = m.slotEnd[rs]+m.travel(m.slotLoc[rs], loc) > st
			} else {
				clash = en+m.travel(loc, m.slotLoc[rs]) > m.slotStart[rs]
			}
		}
		if clash && sv.drop(r) {
			k--
			continue
		}
		if m.slotDay[rs] == day {
			sameDay = append(sameDay, r)
		}
	}
	if int32(len(sameDay)) >= m.appDCap[a] && len(sameDay) > 0 {
		sv.drop(sameDay[sv.rng.IntN(len(sameDay))])
	}
	if s.pairOpen(q) && s.fits(q, i) {
		s.place(q, i)
	}
	return q
}

// pickMeeting chooses a placed, unfixed meeting from list (all placed),
// biased towards low weight: the lower of two random picks. With keepCover
// it only picks meetings whose applicant has another one.
func (sv *solver) pickMeeting(list []int32, keepCover bool) int32 {
	m, s := sv.m, sv.s
	ok := func(c int32) bool { return !s.locked[c] && (!keepCover || s.appCnt[m.pairApp[c]] >= 2) }
	best := int32(-1)
	if len(list) == 0 {
		return best
	}
	for try := 0; try < 2; try++ {
		if c := list[sv.rng.IntN(len(list))]; ok(c) && (best < 0 || m.pairW[c] < m.pairW[best]) {
			best = c
		}
	}
	if best >= 0 {
		return best
	}
	for _, c := range list {
		if ok(c) && (best < 0 || m.pairW[c] < m.pairW[best]) {
			best = c
		}
	}
	return best
}

// ruinApplicant frees all meetings of a random applicant and of one applicant
// that shares an employer with it, so two timetables can be rearranged together.
func (sv *solver) ruinApplicant(pop []int32) {
	m, s := sv.m, sv.s
	if len(pop) == 0 {
		return
	}
	a := pop[sv.rng.IntN(len(pop))]
	sv.touchApp(a)
	for len(s.appMeet[a]) > 0 {
		before := len(s.appMeet[a])
		for _, r := range s.appMeet[a] {
			if sv.drop(r) {
				break
			}
		}
		if len(s.appMeet[a]) == before {
			break
		}
	}
	if len(sv.removed) > 0 {
		e := m.pairEmp[sv.removed[sv.rng.IntN(len(sv.removed))]]
		if r := sv.pickMeeting(s.empMeet[e], false); r >= 0 {
			b := m.pairApp[r]
			sv.touchApp(b)
			for _, x := range slices.Clone(s.appMeet[b]) {
				sv.drop(x)
			}
		}
	}
}

// ruinTable frees a run of consecutive slots of a random table.
func (sv *solver) ruinTable() {
	m, s := sv.m, sv.s
	nT := len(m.tabEmp)
	if nT == 0 {
		return
	}
	t := sv.rng.IntN(nT)
	lo, hi := int(m.tabSlot[t]), int(m.tabSlot[t+1])
	if hi == lo {
		return
	}
	k := 2 + sv.rng.IntN(5)
	start := lo + sv.rng.IntN(hi-lo)
	sv.touchEmp(m.tabEmp[t])
	for sl := start; sl < min(hi, start+k); sl++ {
		sv.drop(s.slotOcc[sl])
	}
}

// recreate re-inserts greedily: the removed pairs and every unplaced pair of
// the touched applicants, best priority first with a little noise, then
// fills the touched employers' free places from their best unplaced pairs.
func (sv *solver) recreate(seed int32) {
	m, s := sv.m, sv.s
	sv.cand = sv.cand[:0]
	add := func(q int32) {
		if q == seed || s.pairAt[q] >= 0 || s.locked[q] || sv.mark[q] == sv.stamp {
			return
		}
		sv.mark[q] = sv.stamp
		p := sv.prio(q)
		sv.cand = append(sv.cand, candEntry{q, p*8 + sv.rng.Int64N(p*2+1)})
	}
	for _, q := range sv.removed {
		add(q)
	}
	for _, a := range sv.apps {
		for _, q := range m.appPairs[a] {
			add(q)
		}
	}
	slices.SortFunc(sv.cand, func(x, y candEntry) int {
		switch {
		case x.key > y.key:
			return -1
		case x.key < y.key:
			return 1
		}
		return int(x.q - y.q)
	})
	if seed >= 0 && s.pairAt[seed] < 0 {
		s.tryInsert(seed, sv.rng.IntN(64))
	}
	for _, c := range sv.cand {
		off := 0
		if sv.rng.IntN(2) == 0 {
			off = sv.rng.IntN(64)
		}
		if s.tryInsert(c.q, off) {
			sv.touchEmp(m.pairEmp[c.q])
		}
	}
	for k := 0; k < len(sv.emps); k++ {
		e := sv.emps[k]
		scanned := 0
		for _, q := range m.empPairs[e] {
			if s.empCnt[e] >= m.empCap[e] || scanned >= 48 {
				break
			}
			if s.pairAt[q] >= 0 {
				continue
			}
			scanned++
			s.tryInsert(q, 0)
		}
	}
}

// relocateSteal is a depth-two augmenting move for coverage: pair q takes a
// slot whose occupant's applicant has no other meeting, and that applicant
// is moved to another slot or another of its pairs. Every tentative change
// is journaled, so the iteration's rollback still restores everything.
func (sv *solver) relocateSteal(q int32, off int) bool {
	m, s := sv.m, sv.s
	lo, hi := m.pairOff[q], m.pairOff[q+1]
	n := int(hi - lo)
	for k := 0; k < n; k++ {
		j := lo + int32((off+k)%n)
		sl := m.pairSlot[j]
		occ := s.slotOcc[sl]
		if occ < 0 || s.locked[occ] {
			continue
		}
		b := m.pairApp[occ]
		back := sv.entryOf(occ, sl)
		s.remove(occ)
		if s.pairOpen(q) && s.fits(q, j) {
			s.place(q, j)
			if s.tryInsert(occ, 0) {
				sv.touchApp(b)
				return true
			}
			for _, q2 := range m.appPairs[b] {
				if q2 != occ && s.tryInsert(q2, 0) {
					sv.removed = append(sv.removed, occ)
					sv.touchApp(b)
					sv.touchEmp(m.pairEmp[occ])
					return true
				}
			}
			s.remove(q)
		}
		s.place(occ, back)
	}
	return false
}

// entryOf finds the feasible-slot entry of pair q for slot sl.
func (sv *solver) entryOf(q, sl int32) int32 {
	m := sv.m
	i := m.pairOff[q]
	for m.pairSlot[i] != sl {
		i++
	}
	return i
}

// chain gives applicant x, who has no meeting, one without uncovering
// anybody: x takes a slot of one of its pairs, evicting the occupant (or,
// when the slot is free but the employer is full, another meeting of that
// employer); if the evicted applicant thereby loses her only meeting, she is
// served the same way, recursively. This is Kuhn's augmenting-path search
// with time slots as the resources: visited applicants are marked, and
// sv.nodes bounds the work. Failed branches are undone with rollbackTo.
func (sv *solver) chain(x int32, depth int) bool {
	m, s := sv.m, sv.s
	sv.mark[len(m.pairApp)+int(x)] = sv.stamp
	if sv.nodes <= 0 {
		return false
	}
	sv.nodes--
	for _, q := range m.appPairs[x] {
		if s.pairAt[q] < 0 && s.tryInsert(q, 0) {
			sv.touchEmp(m.pairEmp[q])
			return true
		}
	}
	if depth == 0 || s.appCnt[x] >= m.appCap[x] {
		return false
	}
	visited := func(y int32) bool { return sv.mark[len(m.pairApp)+int(y)] == sv.stamp }
	pairs := m.appPairs[x]
	p0 := sv.rng.IntN(len(pairs))
	for pk := range pairs {
		q := pairs[(p0+pk)%len(pairs)]
		if s.pairAt[q] >= 0 {
			continue
		}
		e := m.pairEmp[q]
		lo, hi := m.pairOff[q], m.pairOff[q+1]
		n := int(hi - lo)
		i0 := sv.rng.IntN(n)
		for k := 0; k < n; k++ {
			i := lo + int32((i0+k)%n)
			victim := s.slotOcc[m.pairSlot[i]]
			if victim < 0 {
				if s.empCnt[e] < m.empCap[e] {
					continue // free and open, yet it did not fit: a day cap or travel
				}
				victim = sv.victimAt(e, visited)
			}
			if victim < 0 || s.locked[victim] {
				continue
			}
			y := m.pairApp[victim]
			single := s.appCnt[y] == 1 && m.inP[y]
			if y == x || (single && visited(y)) {
				continue
			}
			mk := len(s.journal)
			s.remove(victim)
			if !s.pairOpen(q) || !s.fits(q, i) {
				s.rollbackTo(mk)
				continue
			}
			s.place(q, i)
			if !single || sv.chain(y, depth-1) {
				sv.removed = append(sv.removed, victim)
				sv.touchApp(y)
				sv.touchEmp(e)
				return true
			}
			s.rollbackTo(mk)
			if sv.nodes <= 0 {
				return false
			}
		}
	}
	return false
}

// victimAt picks a meeting of full employer e to give up: the lowest-weight
// one whose applicant keeps another meeting if there is one, else the
// lowest-weight one of an unvisited applicant.
func (sv *solver) victimAt(e int32, visited func(int32) bool) int32 {
	m, s := sv.m, sv.s
	multi, alt := int32(-1), int32(-1)
	for _, r := range s.empMeet[e] {
		if s.locked[r] {
			continue
		}
		y := m.pairApp[r]
		if s.appCnt[y] >= 2 || !m.inP[y] {
			if multi < 0 || m.pairW[r] < m.pairW[multi] {
				multi = r
			}
		} else if !visited(y) && (alt < 0 || m.pairW[r] < m.pairW[alt]) {
			alt = r
		}
	}
	if multi >= 0 {
		return multi
	}
	return alt
}

// coverPhase runs chain from every uncovered applicant of the population,
// a few rounds, before the search starts.
func (sv *solver) coverPhase() {
	m, s := sv.m, sv.s
	if !m.coverage {
		return
	}
	if sv.mark == nil {
		sv.mark = make([]uint32, len(m.pairApp)+len(m.appCap)+len(m.empCap))
	}
	// As in Kuhn's algorithm, the visited marks of a failed search stay valid
	// until a search succeeds (a failed search leaves the timetable as it
	// was), so they are only reset after a success. That keeps a round
	// close to linear even when most applicants cannot be covered.
	for round := 0; round < 6; round++ {
		gained := false
		sv.stamp++
		for a, in := range m.inP {
			if !in || s.appCnt[a] > 0 || len(m.appPairs[a]) == 0 {
				continue
			}
			if sv.stop() {
				return
			}
			sv.nodes = 20000
			s.begin()
			if sv.chain(int32(a), 1000) {
				gained = true
				sv.stamp++
			}
			s.commit()
		}
		if !gained {
			return
		}
	}
}

// repairCoverage tries to give the touched applicants who lost their only
// meeting a new one by a short augmenting-path search, so that moves which
// would otherwise cost coverage can still be accepted.
func (sv *solver) repairCoverage() {
	m, s := sv.m, sv.s
	n := len(sv.apps)
	for k := 0; k < n; k++ {
		a := sv.apps[k]
		if !m.inP[a] || s.appCnt[a] > 0 {
			continue
		}
		sv.stamp++
		sv.nodes = 100
		sv.chain(a, 6)
	}
}
