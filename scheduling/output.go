package scheduling

import (
	"fmt"
	"sort"
	"time"
)

// schedule turns the final state into the exchange format.
func (sv *solver) schedule() *Schedule {
	m, s := sv.m, sv.s
	out := &Schedule{FormatVersion: FormatVersion, InstanceID: m.p.ID, Solver: SolverName,
		Meetings: []Meeting{}, Unplaced: []Unplaced{}}
	var placed []int32
	for q := range m.pairApp {
		if s.pairAt[q] >= 0 {
			placed = append(placed, int32(q))
		}
	}
	sort.Slice(placed, func(x, y int) bool {
		a, b := s.pairAt[placed[x]], s.pairAt[placed[y]]
		if m.slotStart[a] != m.slotStart[b] {
			return m.slotStart[a] < m.slotStart[b]
		}
		return m.slotTab[a] < m.slotTab[b]
	})
	for _, q := range placed {
		sl := s.pairAt[q]
		c := m.p.Candidates[q]
		out.Meetings = append(out.Meetings, Meeting{
			ApplicantID: c.ApplicantID, EmployerID: c.EmployerID,
			TableID: m.tabID[m.slotTab[sl]],
			Start:   time.Unix(m.slotStart[sl], 0).In(m.tz), End: time.Unix(m.slotEnd[sl], 0).In(m.tz),
		})
	}
	for q, c := range m.p.Candidates {
		if s.pairAt[q] >= 0 {
			continue
		}
		out.Unplaced = append(out.Unplaced, Unplaced{ApplicantID: c.ApplicantID, EmployerID: c.EmployerID, Reason: sv.reason(int32(q))})
	}
	st := &Stats{Objective: s.primary, Bound: sv.bound, Meetings: len(placed), Covered: s.covered,
		Population: m.nP, Iterations: sv.iter, Stopped: sv.stopped,
		RuntimeMS: sv.now().Sub(sv.t0).Milliseconds()}
	st.MinInterviews = s.key().min
	st.ZeroInterviewApplicants = m.nP - s.covered
	out.Stats = st
	return out
}

// reason is the first true reason why pair q has no meeting. It relies on
// fill having run: any pair that could still be added has been.
func (sv *solver) reason(q int32) Reason {
	m, s := sv.m, sv.s
	if r := m.pairReason[q]; r != "" {
		return r
	}
	a, e := m.pairApp[q], m.pairEmp[q]
	if s.empCnt[e] >= m.empCap[e] {
		return ReasonEmployerFull
	}
	if s.appCnt[a] >= m.appCap[a] {
		return ReasonApplicantFull
	}
	for i := m.pairOff[q]; i < m.pairOff[q+1]; i++ {
		day, n := m.slotDay[m.pairSlot[i]], int32(0)
		for _, r := range s.appMeet[a] {
			if m.slotDay[s.pairAt[r]] == day {
				n++
			}
		}
		if n < m.appDCap[a] {
			return ReasonConflict
		}
	}
	return ReasonApplicantFull
}

// Report holds the evaluator figures of FORMAT.md §3 for a schedule.
type Report struct {
	Objective               int64 `json:"objective"`
	Score                   int64 `json:"score"`
	Meetings                int   `json:"meetings"`
	Population              int   `json:"population"`
	Covered                 int   `json:"covered"`
	MinInterviews           int   `json:"min_interviews"`
	ZeroInterviewApplicants int   `json:"zero_interview_applicants"`
	Violations              int   `json:"violations"`
}

// Evaluate computes the reporting figures of a schedule (objective, meetings,
// coverage and min_interviews over the fairness population) and counts its
// violations with Validate.
func Evaluate(p *Problem, s *Schedule) (Report, error) {
	m, err := buildModel(p)
	if err != nil {
		return Report{}, fmt.Errorf("scheduling: evaluate: %w", err)
	}
	r := Report{Population: m.nP, Meetings: len(s.Meetings), Violations: len(Validate(p, s))}
	score := map[[2]string]int{}
	for _, c := range p.Candidates {
		score[[2]string{c.ApplicantID, c.EmployerID}] = c.Score
	}
	count := map[string]int{}
	for _, mt := range s.Meetings {
		r.Score += int64(score[[2]string{mt.ApplicantID, mt.EmployerID}])
		count[mt.ApplicantID]++
	}
	r.Objective = r.Score
	if p.Objective.Primary == PrimaryMeetingCount {
		r.Objective = int64(r.Meetings)
	}
	r.MinInterviews = -1
	for a, in := range m.inP {
		if !in {
			continue
		}
		n := count[p.Applicants[a].ID]
		if n > 0 {
			r.Covered++
		}
		if r.MinInterviews < 0 || n < r.MinInterviews {
			r.MinInterviews = n
		}
	}
	if r.MinInterviews < 0 {
		r.MinInterviews = 0
	}
	r.ZeroInterviewApplicants = r.Population - r.Covered
	return r, nil
}
