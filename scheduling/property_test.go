package scheduling_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"treffpunkt/scheduling"
	"treffpunkt/scheduling/gen"
)

// TestGeneratedSchedulesAreFeasible solves random generated instances
// (sizes, fair and on-site, 1–5 days, a daylight-saving switch, fixed
// meetings, every objective, some with asymmetric non-metric travel) and checks every schedule with Validate, that
// fixed meetings are kept, and that every unplaced reason is true by trying
// each slot of the employer with Validate.
func TestGeneratedSchedulesAreFeasible(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 42))
	dst := time.Date(2025, 3, 28, 0, 0, 0, 0, berlin)
	for i := 0; i < 16; i++ {
		cfg := gen.Config{
			Seed: int64(i), Applicants: 5 + r.IntN(70), Employers: 2 + r.IntN(12),
			OnSite: i%2 == 1, Days: 1 + r.IntN(5), FixedMeetings: r.IntN(6),
			Primary:  []string{scheduling.PrimaryTotalScore, scheduling.PrimaryMeetingCount}[r.IntN(2)],
			Fairness: []string{scheduling.FairnessMaxMin, scheduling.FairnessCoverageFirst}[r.IntN(2)],
		}
		if i%3 == 0 {
			cfg.Start = dst
		}
		t.Run(fmt.Sprintf("%d-%s-%d", i, map[bool]string{true: "onsite", false: "fair"}[cfg.OnSite], cfg.Applicants), func(t *testing.T) {
			p := gen.Generate(cfg)
			if i%4 == 3 {
				// General inputs need not be symmetric or metric. (Fixed
				// meetings were checked against the generated matrix.)
				p.FixedMeetings = nil
				for a, row := range p.Travel.Minutes {
					for b := range row {
						if a != b {
							row[b] = r.IntN(90)
						}
					}
				}
			}
			// Feasibility does not need the full search effort.
			s, rep := solveWith(t, p, scheduling.Options{Seed: int64(i), Effort: 0.2})
			g, err := scheduling.SolveBaseline(p, scheduling.BaselineGreedy, 0)
			if err != nil {
				t.Fatal(err)
			}
			gr, _ := scheduling.Evaluate(p, g)
			if gr.Violations > 0 {
				t.Errorf("greedy baseline infeasible")
			}
			if cfg.Fairness == scheduling.FairnessMaxMin && rep.Objective < gr.Objective {
				t.Errorf("planner objective %d below greedy %d", rep.Objective, gr.Objective)
			}
			checkReasons(t, p, s)
		})
	}
}

// checkReasons verifies each unplaced reason independently of the solver.
func checkReasons(t *testing.T, p *scheduling.Problem, s *scheduling.Schedule) {
	t.Helper()
	apps := map[string]scheduling.Applicant{}
	for _, a := range p.Applicants {
		apps[a.ID] = a
	}
	emps := map[string]scheduling.Employer{}
	for _, e := range p.Employers {
		emps[e.ID] = e
	}
	// Trying every slot with Validate is quadratic, so check a spread-out
	// sample of at most 12 pairs per instance.
	step := max(1, len(s.Unplaced)/12)
	for k := 0; k < len(s.Unplaced); k += step {
		u := s.Unplaced[k]
		a, e := apps[u.ApplicantID], emps[u.EmployerID]
		switch u.Reason {
		case scheduling.ReasonLanguageLevel, scheduling.ReasonDrivingLicence, scheduling.ReasonStepFree, scheduling.ReasonNoCommonTime:
			// Alone in an empty schedule no slot may be valid.
			if n := validSlots(p, nil, a, e); n > 0 {
				t.Errorf("%s/%s: reason %s but %d slots are valid alone", a.ID, e.ID, u.Reason, n)
			}
		case scheduling.ReasonEmployerFull, scheduling.ReasonApplicantFull, scheduling.ReasonConflict:
			if validSlots(p, nil, a, e) == 0 {
				t.Errorf("%s/%s: reason %s but the pair has no slot even alone", a.ID, e.ID, u.Reason)
			}
			if n := validSlots(p, s.Meetings, a, e); n > 0 {
				t.Errorf("%s/%s: reason %s but %d slots could still be added", a.ID, e.ID, u.Reason, n)
			}
		default:
			t.Errorf("%s/%s: unknown reason %q", a.ID, e.ID, u.Reason)
		}
	}
}

// validSlots counts the table slots of e where a meeting of a could be added
// to ms without any violation.
func validSlots(p *scheduling.Problem, ms []scheduling.Meeting, a scheduling.Applicant, e scheduling.Employer) int {
	n := 0
	for _, tab := range e.Tables {
		d := time.Duration(tab.SlotMinutes) * time.Minute
		for _, w := range tab.Windows {
			for st := w.Start; !st.Add(d).After(w.End); st = st.Add(d) {
				trial := append(append([]scheduling.Meeting(nil), ms...), scheduling.Meeting{
					ApplicantID: a.ID, EmployerID: e.ID, TableID: tab.ID, Start: st, End: st.Add(d)})
				bad := false
				for _, v := range scheduling.Validate(p, &scheduling.Schedule{Meetings: trial}) {
					bad = bad || v.Rule != scheduling.RuleFixed // "alone" leaves the fixed meetings out
				}
				if !bad {
					n++
				}
			}
		}
	}
	return n
}

func TestSolveIsDeterministic(t *testing.T) {
	p := gen.Generate(gen.Config{Seed: 5, Applicants: 120, Employers: 15, OnSite: true, Days: 3})
	var first *scheduling.Schedule
	for k := 0; k < 2; k++ {
		s, err := scheduling.Solve(context.Background(), p, scheduling.Options{Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		s.Stats.RuntimeMS = 0
		if vs := scheduling.Validate(p, s); len(vs) > 0 {
			t.Fatalf("infeasible: %v", vs[0])
		}
		if first == nil {
			first = s
			continue
		}
		if fmt.Sprint(first.Meetings) != fmt.Sprint(s.Meetings) || *first.Stats != *s.Stats {
			t.Errorf("two solves with the same seed differ")
		}
	}
}
