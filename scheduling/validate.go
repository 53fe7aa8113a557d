package scheduling

import (
	"fmt"
	"sort"
	"time"
)

// Rule names a hard constraint of FORMAT.md §2.
type Rule string

// Hard rules checked by Validate; RuleFixed means a fixed meeting is missing.
const (
	RuleKnownIDs      Rule = "known_ids"
	RuleCandidatePair Rule = "candidate_pair"
	RuleEligibility   Rule = "eligibility"
	RuleSlotGrid      Rule = "slot_grid"
	RuleTable         Rule = "table_exclusivity"
	RuleAvailability  Rule = "availability_travel"
	RuleCaps          Rule = "caps"
	RuleFixed         Rule = "fixed_meeting"
)

// Violation is one broken hard rule. Meeting is the index in Schedule.Meetings
// (-1 when the violation concerns the schedule as a whole).
type Violation struct {
	Rule    Rule   `json:"rule"`
	Meeting int    `json:"meeting"`
	Message string `json:"message"`
}

// String renders the violation for logs and error messages.
func (v Violation) String() string {
	if v.Meeting < 0 {
		return fmt.Sprintf("%s: %s", v.Rule, v.Message)
	}
	return fmt.Sprintf("meeting %d: %s: %s", v.Meeting, v.Rule, v.Message)
}

// Validate checks every hard rule of FORMAT.md §2 and that every fixed
// meeting of p appears in s. It returns every violation it finds; an empty
// result means the schedule is feasible. It deliberately shares no code with
// the solver: it works on ids and time.Time, straight from the format's text,
// so that a solver bug cannot hide itself.
func Validate(p *Problem, s *Schedule) []Violation {
	return validateMeetings(p, s.Meetings, true)
}

func validateMeetings(p *Problem, ms []Meeting, checkFixed bool) []Violation {
	var out []Violation
	add := func(r Rule, i int, format string, args ...any) {
		out = append(out, Violation{Rule: r, Meeting: i, Message: fmt.Sprintf(format, args...)})
	}
	tz, err := time.LoadLocation(p.Timezone)
	if err != nil {
		add(RuleKnownIDs, -1, "unknown time zone %q", p.Timezone)
		return out
	}
	emps := map[string]*Employer{}
	for i := range p.Employers {
		emps[p.Employers[i].ID] = &p.Employers[i]
	}
	type tableRef struct {
		t   *Table
		emp string
	}
	tables := map[string]tableRef{}
	for i := range p.Employers {
		for j := range p.Employers[i].Tables {
			tables[p.Employers[i].Tables[j].ID] = tableRef{&p.Employers[i].Tables[j], p.Employers[i].ID}
		}
	}
	apps := map[string]*Applicant{}
	for i := range p.Applicants {
		apps[p.Applicants[i].ID] = &p.Applicants[i]
	}
	stepFree := map[string]bool{}
	for _, l := range p.Locations {
		stepFree[l.ID] = l.StepFree
	}
	travelIdx := map[string]int{}
	for i, id := range p.Travel.LocationIDs {
		travelIdx[id] = i
	}
	travel := func(from, to string) time.Duration {
		if from == "" || to == "" {
			return 0
		}
		i, ok1 := travelIdx[from]
		j, ok2 := travelIdx[to]
		if !ok1 || !ok2 || i >= len(p.Travel.Minutes) || j >= len(p.Travel.Minutes[i]) {
			return 0
		}
		return time.Duration(p.Travel.Minutes[i][j]) * time.Minute
	}
	cands := map[[2]string]bool{}
	for _, c := range p.Candidates {
		cands[[2]string{c.ApplicantID, c.EmployerID}] = true
	}

	valid := make([]bool, len(ms)) // rule 1 holds, so later rules can look things up
	pairSeen := map[[2]string]int{}
	for i, m := range ms {
		e, okE := emps[m.EmployerID]
		a, okA := apps[m.ApplicantID]
		t, okT := tables[m.TableID]
		switch {
		case !okA:
			add(RuleKnownIDs, i, "unknown applicant %q", m.ApplicantID)
		case !okE:
			add(RuleKnownIDs, i, "unknown employer %q", m.EmployerID)
		case !okT:
			add(RuleKnownIDs, i, "unknown table %q", m.TableID)
		case t.emp != m.EmployerID:
			add(RuleKnownIDs, i, "table %q belongs to employer %q, not %q", m.TableID, t.emp, m.EmployerID)
		default:
			valid[i] = true
		}
		if !valid[i] {
			continue
		}
		k := [2]string{m.ApplicantID, m.EmployerID}
		if !cands[k] {
			add(RuleCandidatePair, i, "(%s, %s) is not a candidate pair", m.ApplicantID, m.EmployerID)
		}
		if j, dup := pairSeen[k]; dup {
			add(RuleCandidatePair, i, "(%s, %s) already meets in meeting %d", m.ApplicantID, m.EmployerID, j)
		} else {
			pairSeen[k] = i
		}
		if req := e.Requirements.MinGermanLevel; req != "" && levelRank(a.GermanLevel) < levelRank(req) {
			add(RuleEligibility, i, "applicant %s has German level %q, employer %s requires %s", a.ID, a.GermanLevel, e.ID, req)
		}
		if e.Requirements.DrivingLicence && !a.DrivingLicence {
			add(RuleEligibility, i, "employer %s requires a driving licence, applicant %s has none", e.ID, a.ID)
		}
		if a.NeedsStepFree && !stepFree[t.t.LocationID] {
			add(RuleEligibility, i, "applicant %s needs step-free access, location %s is not", a.ID, t.t.LocationID)
		}
		slot := time.Duration(t.t.SlotMinutes) * time.Minute
		onGrid := false
		for _, w := range t.t.Windows {
			off := m.Start.Sub(w.Start)
			if off >= 0 && off%slot == 0 && m.End.Equal(m.Start.Add(slot)) && !m.End.After(w.End) {
				onGrid = true
				break
			}
		}
		if !onGrid {
			add(RuleSlotGrid, i, "[%s, %s) is not a slot of table %s", m.Start.Format(time.RFC3339), m.End.Format(time.RFC3339), t.t.ID)
		}
	}

	// Rule 5: on one table, sorted by start, any overlap shows between neighbours.
	byTable := map[string][]int{}
	for i, m := range ms {
		if valid[i] {
			byTable[m.TableID] = append(byTable[m.TableID], i)
		}
	}
	for _, is := range byTable {
		sort.Slice(is, func(x, y int) bool { return ms[is[x]].Start.Before(ms[is[y]].Start) })
		for k := 1; k < len(is); k++ {
			a, b := ms[is[k-1]], ms[is[k]]
			if b.Start.Before(a.End) && a.Start.Before(b.End) {
				add(RuleTable, is[k], "overlaps meeting %d on table %s", is[k-1], b.TableID)
			}
		}
	}

	// Rules 6 and 7 per applicant.
	byApp := map[string][]int{}
	for i, m := range ms {
		if valid[i] {
			byApp[m.ApplicantID] = append(byApp[m.ApplicantID], i)
		}
	}
	for id, is := range byApp {
		a := apps[id]
		sort.Slice(is, func(x, y int) bool { return ms[is[x]].Start.Before(ms[is[y]].Start) })
		for k := 1; k < len(is); k++ {
			x, y := ms[is[k-1]], ms[is[k]]
			if y.Start.Before(x.End) {
				add(RuleAvailability, is[k], "applicant %s is in meeting %d at the same time", id, is[k-1])
			}
		}
		inWin := make([][]int, len(a.Availability))
		for _, i := range is {
			m := ms[i]
			found := false
			for w, win := range a.Availability {
				if !m.Start.Before(win.Start) && !m.End.After(win.End) {
					inWin[w] = append(inWin[w], i)
					found = true
					break
				}
			}
			if !found {
				add(RuleAvailability, i, "not inside an availability window of applicant %s", id)
			}
		}
		for w, list := range inWin {
			win := a.Availability[w]
			for k, i := range list {
				m := ms[i]
				loc := tables[m.TableID].t.LocationID
				if k == 0 {
					if d := travel(a.HomeLocationID, loc); m.Start.Add(-d).Before(win.Start) {
						add(RuleAvailability, i, "applicant %s would have to leave home before the window starts (%s travel)", id, d)
					}
				} else {
					prev := ms[list[k-1]]
					ploc := tables[prev.TableID].t.LocationID
					if d := travel(ploc, loc); m.Start.Before(prev.End.Add(d)) {
						add(RuleAvailability, i, "applicant %s cannot get from meeting %d in time (%s travel)", id, list[k-1], d)
					}
				}
				if k == len(list)-1 {
					if d := travel(loc, a.HomeLocationID); m.End.Add(d).After(win.End) {
						add(RuleAvailability, i, "applicant %s would be home after the window ends (%s travel)", id, d)
					}
				}
			}
		}
		// Meetings beyond a cap (in time order) are the offending ones.
		perDay := map[string]int{}
		for k, i := range is {
			if k >= a.MaxInterviews {
				add(RuleCaps, i, "applicant %s has %d meetings, cap %d", id, len(is), a.MaxInterviews)
			}
			d := ms[i].Start.In(tz).Format(time.DateOnly)
			perDay[d]++
			if perDay[d] > a.MaxInterviewsPerDay {
				add(RuleCaps, i, "applicant %s has more than %d meetings on %s", id, a.MaxInterviewsPerDay, d)
			}
		}
	}
	byEmp := map[string][]int{}
	for i, m := range ms {
		if valid[i] {
			byEmp[m.EmployerID] = append(byEmp[m.EmployerID], i)
		}
	}
	for id, is := range byEmp {
		sort.Slice(is, func(x, y int) bool { return ms[is[x]].Start.Before(ms[is[y]].Start) })
		for k := emps[id].MaxInterviews; k < len(is); k++ {
			add(RuleCaps, is[k], "employer %s has %d meetings, cap %d", id, len(is), emps[id].MaxInterviews)
		}
	}

	if checkFixed {
		have := map[Meeting]bool{}
		for _, m := range ms {
			have[normalize(m)] = true
		}
		for i, f := range p.FixedMeetings {
			if !have[normalize(f)] {
				add(RuleFixed, -1, "fixed meeting %d (%s, %s, %s at %s) is missing", i, f.ApplicantID, f.EmployerID, f.TableID, f.Start.Format(time.RFC3339))
			}
		}
	}
	sort.SliceStable(out, func(x, y int) bool { return out[x].Meeting < out[y].Meeting })
	return out
}

// normalize makes meetings comparable by instant, whatever offset they were written with.
func normalize(m Meeting) Meeting {
	m.Start = m.Start.UTC()
	m.End = m.End.UTC()
	return m
}

// FixedMeetingError reports fixed meetings that break hard rules; the solver
// refuses to move or drop them, so staff must fix them first.
type FixedMeetingError struct {
	Violations []Violation // Meeting indexes refer to Problem.FixedMeetings
}

// Error lists each offending fixed meeting and rule.
func (e *FixedMeetingError) Error() string {
	s := "scheduling: fixed meetings break hard rules:"
	for _, v := range e.Violations {
		s += " fixed_meetings[" + fmt.Sprint(v.Meeting) + "] " + string(v.Rule) + ": " + v.Message + ";"
	}
	return s[:len(s)-1]
}

// checkFixed validates the fixed meetings on their own.
func checkFixed(p *Problem) error {
	if vs := validateMeetings(p, p.FixedMeetings, false); len(vs) > 0 {
		return &FixedMeetingError{Violations: vs}
	}
	return nil
}
