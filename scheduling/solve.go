package scheduling

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"
)

// SolverName is written into Schedule.Solver.
const SolverName = "treffpunkt-planner 1.0"

// Options tune a solve. The zero value is usable.
type Options struct {
	// Seed makes the search reproducible: the same problem, seed and effort
	// give the same schedule.
	Seed int64
	// TimeLimit is a safety stop (0 = none). The search effort is an
	// iteration budget derived from the instance, so a limit that is not
	// reached does not change the result; one that is reached makes the
	// result depend on machine speed.
	TimeLimit time.Duration
	// Now is the clock for the time limit and statistics; nil means time.Now.
	Now func() time.Time
	// Progress, if set, is called now and then from the solving goroutine.
	Progress func(Progress)
	// Effort scales the iteration budget (0 means 1). Larger is slower and
	// rarely better; smaller is for quick previews.
	Effort float64
}

// Progress reports the state of a running solve.
type Progress struct {
	Phase      string // "relaxation", "construction", "search", "done"
	Iteration  int64
	Budget     int64
	Objective  int64
	Bound      int64
	Covered    int
	Population int
	Elapsed    time.Duration
}

// Solve plans meetings for p. It never breaks a hard rule: fixed meetings are
// kept exactly, and if they themselves break a rule the error is a
// *FixedMeetingError naming each. On a time limit or a cancelled ctx it
// returns the best feasible schedule found so far (Stats.Stopped says so).
//
// The method, in short: (1) a min-cost-flow relaxation that ignores clock
// times chooses which pairs should meet (exact for employer, applicant and
// per-day caps; it is also the upper bound); (2) those pairs are put into
// table slots best score first, then every other pair that still fits;
// (3) a large-neighbourhood search repeatedly removes a few meetings around
// one applicant, employer or table and re-inserts greedily, keeping the
// change when the lexicographic objective does not get worse.
func Solve(ctx context.Context, p *Problem, opt Options) (*Schedule, error) {
	if p == nil {
		return nil, fmt.Errorf("scheduling: solve: nil problem")
	}
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	t0 := now()
	if err := CheckProblem(p); err != nil {
		return nil, fmt.Errorf("scheduling: solve: %w", err)
	}
	if err := checkFixed(p); err != nil {
		return nil, err
	}
	m, err := buildModel(p)
	if err != nil {
		return nil, err
	}
	sv := &solver{
		m: m, s: newState(m), ctx: ctx, opt: opt, now: now, t0: t0,
		rng: rand.New(rand.NewPCG(uint64(opt.Seed), 0x7265666670756e6b)),
	}
	if err := sv.placeFixed(); err != nil {
		return nil, err
	}
	sv.construct()
	sv.coverPhase()
	sv.search()
	sv.fill()
	return sv.schedule(), nil
}

type solver struct {
	m       *model
	s       *state
	ctx     context.Context
	opt     Options
	now     func() time.Time
	t0      time.Time
	rng     *rand.Rand
	bound   int64
	iter    int64
	budget  int64
	stopped string

	// scratch buffers reused by search moves
	removed []int32
	apps    []int32
	emps    []int32
	cand    []candEntry
	nodes   int
	mark    []uint32
	stamp   uint32
}

type candEntry struct {
	q   int32
	key int64
}

// stop is the safety stop: context or wall-clock limit.
func (sv *solver) stop() bool {
	if sv.stopped != "" {
		return true
	}
	if sv.ctx.Err() != nil {
		sv.stopped = "cancelled"
		return true
	}
	if sv.opt.TimeLimit > 0 && sv.now().Sub(sv.t0) >= sv.opt.TimeLimit {
		sv.stopped = "time_limit"
		return true
	}
	return false
}

func (sv *solver) progress(phase string) {
	if sv.opt.Progress == nil {
		return
	}
	sv.opt.Progress(Progress{
		Phase: phase, Iteration: sv.iter, Budget: sv.budget, Objective: sv.s.primary, Bound: sv.bound,
		Covered: sv.s.covered, Population: sv.m.nP, Elapsed: sv.now().Sub(sv.t0),
	})
}

func (sv *solver) placeFixed() error {
	m := sv.m
	for fi, f := range m.p.FixedMeetings {
		a, e, t := m.appIdx[f.ApplicantID], m.empIdx[f.EmployerID], m.tabIdx[f.TableID]
		q := m.pairOf[[2]int32{a, e}]
		st := f.Start.Unix()
		found := false
		for i := m.pairOff[q]; i < m.pairOff[q+1]; i++ {
			sl := m.pairSlot[i]
			if m.slotTab[sl] == t && m.slotStart[sl] == st {
				sv.s.place(q, i)
				sv.s.locked[q] = true
				found = true
				break
			}
		}
		if !found {
			// Validate accepted it, so this is a disagreement between the two
			// readings of the rules: report it rather than drop the meeting.
			return fmt.Errorf("scheduling: fixed_meetings[%d]: no matching slot in the solver model", fi)
		}
	}
	return nil
}

// construct builds the first schedule from the flow relaxation.
func (sv *solver) construct() {
	m, s := sv.m, sv.s
	sv.progress("relaxation")
	chosen, day, bound := sv.relax()
	sv.bound = bound
	sv.progress("construction")
	if m.coverage {
		sv.coverFirst(chosen)
	}
	order := make([]int32, 0, len(chosen))
	order = append(order, chosen...)
	sort.SliceStable(order, func(x, y int) bool { return m.pairW[order[x]] > m.pairW[order[y]] })
	for _, q := range order {
		if !s.pairOpen(q) {
			continue
		}
		best := int32(-1)
		for i := m.pairOff[q]; i < m.pairOff[q+1]; i++ {
			if (day[q] < 0 || m.slotDay[m.pairSlot[i]] == day[q]) && s.fits(q, i) {
				best = i
				break
			}
		}
		if best < 0 {
			best = s.firstFit(q, 0)
		}
		if best >= 0 {
			s.place(q, best)
		}
	}
	sv.fill()
}

// fill inserts every pair that still fits, best weight first. Adding a
// meeting never lowers the objective, and after fill the "conflict" and
// "full" reasons of unplaced pairs are true.
func (sv *solver) fill() {
	m, s := sv.m, sv.s
	order := make([]int32, 0, len(m.pairApp))
	for q := range m.pairApp {
		if m.pairReason[q] == "" && s.pairAt[q] < 0 {
			order = append(order, int32(q))
		}
	}
	sort.SliceStable(order, func(x, y int) bool { return sv.prio(order[x]) > sv.prio(order[y]) })
	for _, q := range order {
		s.tryInsert(q, 0)
	}
}

// prio orders insertions: in coverage_first mode a pair of a still uncovered
// applicant comes first.
func (sv *solver) prio(q int32) int64 {
	w := sv.m.pairW[q] * 4
	if sv.m.coverage && sv.s.appCnt[sv.m.pairApp[q]] == 0 {
		w += 1 << 40
	}
	return w
}

// relax solves the time-free relaxation as a min-cost flow:
// source → employer (cap) → [pair → applicant-day (day cap)] → applicant (cap) → sink.
// It returns the chosen pairs, a preferred day per pair (-1 = any) and the
// bound on the primary objective (0 in coverage_first mode).
func (sv *solver) relax() ([]int32, []int32, int64) {
	m, s := sv.m, sv.s
	nA, nE, nQ := len(m.appCap), len(m.empCap), len(m.pairApp)
	day := make([]int32, nQ)
	for i := range day {
		day[i] = -1
	}
	// Days each open pair can use; the per-day cap only needs modelling when
	// it is tighter than the total cap and the applicant has several days.
	pairDays := make([][]int32, nQ)
	appDays := make([]map[int32]bool, nA)
	fixedDay := make([]map[int32]int32, nA)
	for q := range m.pairApp {
		if s.pairAt[q] >= 0 {
			a := m.pairApp[q]
			if fixedDay[a] == nil {
				fixedDay[a] = map[int32]int32{}
			}
			fixedDay[a][m.slotDay[s.pairAt[q]]]++
		}
	}
	for q := range m.pairApp {
		if m.pairReason[q] != "" || s.pairAt[q] >= 0 {
			continue
		}
		var ds []int32
		for i := m.pairOff[q]; i < m.pairOff[q+1]; i++ {
			d := m.slotDay[m.pairSlot[i]]
			if len(ds) == 0 || ds[len(ds)-1] != d {
				ds = append(ds, d)
			}
		}
		sort.Slice(ds, func(x, y int) bool { return ds[x] < ds[y] })
		ds = dedup(ds)
		pairDays[q] = ds
		a := m.pairApp[q]
		if appDays[a] == nil {
			appDays[a] = map[int32]bool{}
		}
		for _, d := range ds {
			appDays[a][d] = true
		}
	}
	useDays := make([]bool, nA)
	for a := 0; a < nA; a++ {
		useDays[a] = len(appDays[a]) > 1 && m.appDCap[a] < m.appCap[a]
	}
	// Node ids in topological order: S, employers, pair nodes, applicant-day nodes, applicants, T.
	g := &flowGraph{}
	src := int32(0)
	empNode := func(e int32) int32 { return 1 + e }
	next := int32(1 + nE)
	pairNode := make([]int32, nQ)
	for q := range m.pairApp {
		pairNode[q] = -1
		if pairDays[q] != nil && useDays[m.pairApp[q]] && len(pairDays[q]) > 1 {
			pairNode[q] = next
			next++
		}
	}
	adNode := map[[2]int32]int32{}
	var adOrder [][2]int32 // creation order, so that edges are added deterministically
	for a := 0; a < nA; a++ {
		if !useDays[a] {
			continue
		}
		ds := make([]int32, 0, len(appDays[a]))
		for d := range appDays[a] {
			ds = append(ds, d)
		}
		sort.Slice(ds, func(x, y int) bool { return ds[x] < ds[y] })
		for _, d := range ds {
			adNode[[2]int32{int32(a), d}] = next
			adOrder = append(adOrder, [2]int32{int32(a), d})
			next++
		}
	}
	appNode0 := next
	sink := appNode0 + int32(nA)
	g.n = int(sink) + 1

	var bigM int64
	if m.coverage {
		for _, w := range m.pairW {
			bigM += w
		}
		bigM++
	}
	slotsOf := make([]int32, nE)
	for t, e := range m.tabEmp {
		slotsOf[e] += m.tabSlot[t+1] - m.tabSlot[t]
	}
	for e := 0; e < nE; e++ {
		c := min(m.empCap[e], slotsOf[e]) - s.empCnt[e]
		if c > 0 {
			g.addEdge(src, empNode(int32(e)), c, 0)
		}
	}
	pairEdge := make([]int32, nQ)
	type dayEdge struct {
		e   int32
		day int32
	}
	var dayEdges [][]dayEdge
	if len(adNode) > 0 {
		dayEdges = make([][]dayEdge, nQ)
	}
	for q := range m.pairApp {
		pairEdge[q] = -1
		if pairDays[q] == nil {
			continue
		}
		a := m.pairApp[q]
		e := empNode(m.pairEmp[q])
		switch {
		case !useDays[a]:
			pairEdge[q] = g.addEdge(e, appNode0+a, 1, -m.pairW[q])
		case pairNode[q] < 0:
			d := pairDays[q][0]
			pairEdge[q] = g.addEdge(e, adNode[[2]int32{a, d}], 1, -m.pairW[q])
			day[q] = d
		default:
			pairEdge[q] = g.addEdge(e, pairNode[q], 1, -m.pairW[q])
			for _, d := range pairDays[q] {
				dayEdges[q] = append(dayEdges[q], dayEdge{g.addEdge(pairNode[q], adNode[[2]int32{a, d}], 1, 0), d})
			}
		}
	}
	for _, k := range adOrder {
		a, d, n := k[0], k[1], adNode[k]
		if c := m.appDCap[a] - fixedDay[a][d]; c > 0 {
			g.addEdge(n, appNode0+a, c, 0)
		}
	}
	for a := 0; a < nA; a++ {
		c := m.appCap[a] - s.appCnt[a]
		if c <= 0 {
			continue
		}
		if m.coverage && m.inP[a] && s.appCnt[a] == 0 {
			g.addEdge(appNode0+int32(a), sink, 1, -bigM)
			c--
		}
		if c > 0 {
			g.addEdge(appNode0+int32(a), sink, c, 0)
		}
	}
	g.finish()
	cost := g.minCostFlow(src, sink, sv.stop)
	var chosen []int32
	for q, e := range pairEdge {
		if e >= 0 && g.cap[e] == 0 {
			chosen = append(chosen, int32(q))
			for _, de := range dayEdgesOf(dayEdges, q) {
				if g.cap[de.e] == 0 {
					day[q] = de.day
				}
			}
		}
	}
	var bound int64
	if !m.coverage && sv.stopped == "" {
		bound = s.primary - cost
	}
	return chosen, day, bound
}

func dayEdgesOf[T any](d [][]T, q int) []T {
	if d == nil {
		return nil
	}
	return d[q]
}

func dedup(ds []int32) []int32 {
	out := ds[:0]
	for i, d := range ds {
		if i == 0 || d != ds[i-1] {
			out = append(out, d)
		}
	}
	return out
}

// coverFirst gives every applicant of the population one meeting before
// anybody gets a second, most constrained applicants (fewest fitting slots)
// first, preferring the pairs the relaxation chose.
func (sv *solver) coverFirst(chosen []int32) {
	m, s := sv.m, sv.s
	isChosen := make([]bool, len(m.pairApp))
	for _, q := range chosen {
		isChosen[q] = true
	}
	options := make([]int32, len(m.appCap))
	var apps []int32
	for a, in := range m.inP {
		if !in || s.appCnt[a] > 0 {
			continue
		}
		apps = append(apps, int32(a))
		for _, q := range m.appPairs[a] {
			options[a] += m.pairOff[q+1] - m.pairOff[q]
		}
	}
	sort.SliceStable(apps, func(x, y int) bool { return options[apps[x]] < options[apps[y]] })
	// Chosen pairs for everybody first: the flow kept them within the caps,
	// so using another pair early could take an employer place it planned
	// for somebody with no alternative.
	for pass := 0; pass < 2; pass++ {
		for _, a := range apps {
			if s.appCnt[a] > 0 {
				continue
			}
			for _, q := range m.appPairs[a] {
				if isChosen[q] == (pass == 0) && s.tryInsert(q, 0) {
					break
				}
			}
		}
	}
}
