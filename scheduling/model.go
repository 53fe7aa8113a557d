package scheduling

import (
	"fmt"
	"sort"
	"time"
)

// model is the compact, index-based form of a Problem that the solver works
// on: every id becomes an int32, every instant Unix seconds, and for every
// eligible candidate pair the list of table slots that fit the applicant's
// windows and home travel on their own is precomputed.
type model struct {
	p   *Problem
	tz  *time.Location
	nL  int
	trv []int64 // travel seconds, nL*nL, row = from

	empCap    []int32
	empTables [][]int32

	tabEmp, tabLoc []int32
	tabID          []string
	tabSlot        []int32 // slots of table t are tabSlot[t]..tabSlot[t+1]

	slotTab          []int32
	slotStart        []int64
	slotEnd          []int64
	slotDay          []int32
	nDays            int
	slotLoc          []int32
	appHome          []int32 // -1 = no home travel
	appCap, appDCap  []int32
	appWinS, appWinE [][]int64

	pairApp, pairEmp []int32
	pairScore        []int32
	pairW            []int64  // primary weight: score or 1
	pairReason       []Reason // set when the pair can never be placed
	pairOff          []int32  // feasible slots of pair q: pairSlot[pairOff[q]:pairOff[q+1]]
	pairSlot         []int32
	pairWin          []int16 // applicant window index of each feasible slot

	appPairs [][]int32 // schedulable pairs per applicant, best weight first
	empPairs [][]int32 // schedulable pairs per employer, best weight first
	inP      []bool    // fairness population
	nP       int

	appIdx map[string]int32
	empIdx map[string]int32
	tabIdx map[string]int32
	pairOf map[[2]int32]int32

	coverage bool // coverage_first
}

func (m *model) travel(from, to int32) int64 {
	if from < 0 || to < 0 {
		return 0
	}
	return m.trv[int(from)*m.nL+int(to)]
}

func buildModel(p *Problem) (*model, error) {
	tz, err := time.LoadLocation(p.Timezone)
	if err != nil {
		return nil, fmt.Errorf("scheduling: load time zone %q: %w", p.Timezone, err)
	}
	m := &model{p: p, tz: tz, coverage: p.Objective.Fairness == FairnessCoverageFirst}
	locIdx := map[string]int32{}
	for i, id := range p.Travel.LocationIDs {
		locIdx[id] = int32(i)
	}
	m.nL = len(p.Travel.LocationIDs)
	m.trv = make([]int64, m.nL*m.nL)
	for i, row := range p.Travel.Minutes {
		for j, v := range row {
			m.trv[i*m.nL+j] = int64(v) * 60
		}
	}
	stepFree := map[string]bool{}
	for _, l := range p.Locations {
		stepFree[l.ID] = l.StepFree
	}
	type daykey struct {
		y int
		d int
	}
	days := map[daykey]int32{}
	m.empIdx = make(map[string]int32, len(p.Employers))
	m.tabIdx = map[string]int32{}
	var tabStepFree []bool
	for ei, e := range p.Employers {
		m.empIdx[e.ID] = int32(ei)
		m.empCap = append(m.empCap, int32(e.MaxInterviews))
		var ts []int32
		for _, t := range e.Tables {
			ti := int32(len(m.tabEmp))
			m.tabIdx[t.ID] = ti
			ts = append(ts, ti)
			m.tabEmp = append(m.tabEmp, int32(ei))
			m.tabID = append(m.tabID, t.ID)
			loc, ok := locIdx[t.LocationID]
			if !ok {
				return nil, fmt.Errorf("scheduling: table %s: location %q is not in the travel matrix", t.ID, t.LocationID)
			}
			m.tabLoc = append(m.tabLoc, loc)
			tabStepFree = append(tabStepFree, stepFree[t.LocationID])
			m.tabSlot = append(m.tabSlot, int32(len(m.slotTab)))
			ws := append([]Interval(nil), t.Windows...)
			sort.Slice(ws, func(a, b int) bool { return ws[a].Start.Before(ws[b].Start) })
			step := int64(t.SlotMinutes) * 60
			for _, w := range ws {
				ws, we := w.Start.Unix(), w.End.Unix()
				for s := ws; s+step <= we; s += step {
					m.slotTab = append(m.slotTab, ti)
					m.slotStart = append(m.slotStart, s)
					m.slotEnd = append(m.slotEnd, s+step)
					m.slotLoc = append(m.slotLoc, loc)
					lt := time.Unix(s, 0).In(tz)
					k := daykey{lt.Year(), lt.YearDay()}
					d, ok := days[k]
					if !ok {
						d = int32(len(days))
						days[k] = d
					}
					m.slotDay = append(m.slotDay, d)
				}
			}
		}
		m.empTables = append(m.empTables, ts)
	}
	m.tabSlot = append(m.tabSlot, int32(len(m.slotTab)))
	m.nDays = len(days)

	m.appIdx = make(map[string]int32, len(p.Applicants))
	for ai, a := range p.Applicants {
		m.appIdx[a.ID] = int32(ai)
		h := int32(-1)
		if a.HomeLocationID != "" {
			var ok bool
			if h, ok = locIdx[a.HomeLocationID]; !ok {
				return nil, fmt.Errorf("scheduling: applicant %s: home %q is not in the travel matrix", a.ID, a.HomeLocationID)
			}
		}
		m.appHome = append(m.appHome, h)
		m.appCap = append(m.appCap, int32(a.MaxInterviews))
		m.appDCap = append(m.appDCap, int32(a.MaxInterviewsPerDay))
		ws := append([]Interval(nil), a.Availability...)
		sort.Slice(ws, func(x, y int) bool { return ws[x].Start.Before(ws[y].Start) })
		s := make([]int64, len(ws))
		e := make([]int64, len(ws))
		for i, w := range ws {
			s[i], e[i] = w.Start.Unix(), w.End.Unix()
		}
		m.appWinS = append(m.appWinS, s)
		m.appWinE = append(m.appWinE, e)
	}

	nPairs := len(p.Candidates)
	m.pairOf = make(map[[2]int32]int32, nPairs)
	m.pairApp = make([]int32, nPairs)
	m.pairEmp = make([]int32, nPairs)
	m.pairScore = make([]int32, nPairs)
	m.pairW = make([]int64, nPairs)
	m.pairReason = make([]Reason, nPairs)
	m.pairOff = make([]int32, 1, nPairs+1)
	m.appPairs = make([][]int32, len(p.Applicants))
	m.empPairs = make([][]int32, len(p.Employers))
	m.inP = make([]bool, len(p.Applicants))
	for q, c := range p.Candidates {
		ai, ok1 := m.appIdx[c.ApplicantID]
		ei, ok2 := m.empIdx[c.EmployerID]
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("scheduling: candidates[%d]: unknown applicant or employer", q)
		}
		m.pairOf[[2]int32{ai, ei}] = int32(q)
		m.pairApp[q], m.pairEmp[q], m.pairScore[q] = ai, ei, int32(c.Score)
		m.pairW[q] = int64(c.Score)
		if p.Objective.Primary == PrimaryMeetingCount {
			m.pairW[q] = 1
		}
		a, e := &p.Applicants[ai], &p.Employers[ei]
		switch {
		case e.Requirements.MinGermanLevel != "" && levelRank(a.GermanLevel) < levelRank(e.Requirements.MinGermanLevel):
			m.pairReason[q] = ReasonLanguageLevel
		case e.Requirements.DrivingLicence && !a.DrivingLicence:
			m.pairReason[q] = ReasonDrivingLicence
		}
		if m.pairReason[q] == "" {
			anyTable := false
			for _, t := range m.empTables[ei] {
				if a.NeedsStepFree && !tabStepFree[t] {
					continue
				}
				anyTable = true
				m.appendFit(ai, t)
			}
			switch {
			case !anyTable && len(m.empTables[ei]) > 0:
				m.pairReason[q] = ReasonStepFree
			case int(m.pairOff[q]) == len(m.pairSlot):
				m.pairReason[q] = ReasonNoCommonTime
			}
		}
		m.pairOff = append(m.pairOff, int32(len(m.pairSlot)))
		if m.pairReason[q] == "" {
			m.appPairs[ai] = append(m.appPairs[ai], int32(q))
			m.empPairs[ei] = append(m.empPairs[ei], int32(q))
			if !m.inP[ai] {
				m.inP[ai] = true
				m.nP++
			}
		}
	}
	byW := func(l []int32) {
		sort.SliceStable(l, func(x, y int) bool { return m.pairW[l[x]] > m.pairW[l[y]] })
	}
	for _, l := range m.appPairs {
		byW(l)
	}
	for _, l := range m.empPairs {
		byW(l)
	}
	return m, nil
}

// appendFit appends the slots of table t that fit applicant a alone: inside
// one availability window, with time to come from home and go back.
func (m *model) appendFit(a, t int32) {
	ws, we := m.appWinS[a], m.appWinE[a]
	loc := m.tabLoc[t]
	to, back := m.travel(m.appHome[a], loc), m.travel(loc, m.appHome[a])
	w := 0
	for s := m.tabSlot[t]; s < m.tabSlot[t+1]; s++ {
		st, en := m.slotStart[s], m.slotEnd[s]
		for w < len(ws) && we[w] <= st {
			w++
		}
		if w == len(ws) {
			break
		}
		// Windows are disjoint and sorted, so only window w can contain the slot.
		if st-to >= ws[w] && en+back <= we[w] {
			m.pairSlot = append(m.pairSlot, s)
			m.pairWin = append(m.pairWin, int16(w))
		}
	}
}
