package scheduling_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"treffpunkt/scheduling"
	"treffpunkt/scheduling/gen"
)

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return l
}()

func at(day, hh, mm int) time.Time { return time.Date(2025, 3, 11+day, hh, mm, 0, 0, berlin) }

// base is a one-venue instance with two employers at different places and
// no candidates; each rule test adds what it needs.
func base() *scheduling.Problem {
	return &scheduling.Problem{
		FormatVersion: "1.0", ID: "rule", Timezone: "Europe/Berlin",
		Objective: scheduling.Objective{Primary: scheduling.PrimaryTotalScore, Fairness: scheduling.FairnessMaxMin},
		Locations: []scheduling.Location{{ID: "home", Kind: "home_zone"}, {ID: "v1", Kind: "venue", StepFree: true}, {ID: "v2", Kind: "premises"}},
		Travel: scheduling.Travel{LocationIDs: []string{"home", "v1", "v2"},
			Minutes: [][]int{{0, 10, 10}, {10, 0, 60}, {10, 60, 0}}},
		Employers: []scheduling.Employer{
			{ID: "E1", MaxInterviews: 10, Tables: []scheduling.Table{{ID: "T1", LocationID: "v1", SlotMinutes: 30,
				Windows: []scheduling.Interval{{Start: at(0, 9, 0), End: at(0, 10, 0)}}}}},
			{ID: "E2", MaxInterviews: 10, Tables: []scheduling.Table{{ID: "T2", LocationID: "v2", SlotMinutes: 30,
				Windows: []scheduling.Interval{{Start: at(0, 9, 0), End: at(0, 10, 0)}}}}},
		},
	}
}

func applicant(id string) scheduling.Applicant {
	return scheduling.Applicant{ID: id, HomeLocationID: "home", GermanLevel: "B1", MaxInterviews: 5, MaxInterviewsPerDay: 5,
		Availability: []scheduling.Interval{{Start: at(0, 8, 0), End: at(0, 12, 0)}}}
}

// TestHardRules gives, per rule, an instance where breaking the rule would
// score more, and checks the planner's exact optimum.
func TestHardRules(t *testing.T) {
	tests := []struct {
		name      string
		build     func(p *scheduling.Problem)
		wantScore int64
		wantWhy   map[string]scheduling.Reason // "A/E" -> reason
	}{
		{"candidate pair meets at most once", func(p *scheduling.Problem) {
			p.Applicants = []scheduling.Applicant{applicant("A")}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 50}}
		}, 50, nil},
		{"eligibility: language level", func(p *scheduling.Problem) {
			p.Employers[0].Requirements.MinGermanLevel = "B2"
			p.Applicants = []scheduling.Applicant{applicant("A"), applicant("B")}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 90}, {ApplicantID: "B", EmployerID: "E2", Score: 5}}
		}, 5, map[string]scheduling.Reason{"A/E1": scheduling.ReasonLanguageLevel}},
		{"eligibility: driving licence", func(p *scheduling.Problem) {
			p.Employers[0].Requirements.DrivingLicence = true
			p.Applicants = []scheduling.Applicant{applicant("A")}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 90}}
		}, 0, map[string]scheduling.Reason{"A/E1": scheduling.ReasonDrivingLicence}},
		{"eligibility: step-free", func(p *scheduling.Problem) {
			a := applicant("A")
			a.NeedsStepFree = true
			p.Applicants = []scheduling.Applicant{a}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E2", Score: 90}, {ApplicantID: "A", EmployerID: "E1", Score: 1}}
		}, 1, map[string]scheduling.Reason{"A/E2": scheduling.ReasonStepFree}},
		{"employer without tables", func(p *scheduling.Problem) {
			p.Employers[0].Tables = nil
			p.Applicants = []scheduling.Applicant{applicant("A")}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 40}}
		}, 0, map[string]scheduling.Reason{"A/E1": scheduling.ReasonNoCommonTime}},
		{"slot grid: a short remainder is unused", func(p *scheduling.Problem) {
			p.Employers[0].Tables[0].Windows[0].End = at(0, 9, 50) // one 30-minute slot, 20 minutes left over
			p.Applicants = []scheduling.Applicant{applicant("A"), applicant("B")}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 40}, {ApplicantID: "B", EmployerID: "E1", Score: 30}}
		}, 40, map[string]scheduling.Reason{"B/E1": scheduling.ReasonConflict}},
		{"table exclusivity", func(p *scheduling.Problem) {
			p.Employers[0].Tables[0].Windows[0].End = at(0, 9, 30)
			p.Applicants = []scheduling.Applicant{applicant("A"), applicant("B")}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 40}, {ApplicantID: "B", EmployerID: "E1", Score: 30}}
		}, 40, map[string]scheduling.Reason{"B/E1": scheduling.ReasonConflict}},
		{"availability window and home travel", func(p *scheduling.Problem) {
			a := applicant("A")
			a.Availability = []scheduling.Interval{{Start: at(0, 8, 55), End: at(0, 12, 0)}} // 10 minutes from home: 9:00 is too early
			p.Applicants = []scheduling.Applicant{a}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 40}}
		}, 40, nil},
		{"no common time", func(p *scheduling.Problem) {
			a := applicant("A")
			a.Availability = []scheduling.Interval{{Start: at(0, 8, 55), End: at(0, 9, 45)}}
			p.Applicants = []scheduling.Applicant{a}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 40}}
		}, 0, map[string]scheduling.Reason{"A/E1": scheduling.ReasonNoCommonTime}},
		{"travel between meetings", func(p *scheduling.Problem) {
			// 60 minutes between v1 and v2: within one hour only one of them.
			p.Applicants = []scheduling.Applicant{applicant("A")}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 40}, {ApplicantID: "A", EmployerID: "E2", Score: 30}}
		}, 40, map[string]scheduling.Reason{"A/E2": scheduling.ReasonConflict}},
		{"employer cap", func(p *scheduling.Problem) {
			p.Employers[0].MaxInterviews = 1
			p.Applicants = []scheduling.Applicant{applicant("A"), applicant("B")}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 40}, {ApplicantID: "B", EmployerID: "E1", Score: 30}}
		}, 40, map[string]scheduling.Reason{"B/E1": scheduling.ReasonEmployerFull}},
		{"applicant cap", func(p *scheduling.Problem) {
			a := applicant("A")
			a.MaxInterviews = 1
			p.Applicants = []scheduling.Applicant{a}
			p.Employers[1].Tables[0].Windows[0] = scheduling.Interval{Start: at(0, 10, 30), End: at(0, 11, 0)}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 40}, {ApplicantID: "A", EmployerID: "E2", Score: 30}}
		}, 40, map[string]scheduling.Reason{"A/E2": scheduling.ReasonApplicantFull}},
		{"applicant cap per day", func(p *scheduling.Problem) {
			a := applicant("A")
			a.MaxInterviewsPerDay = 1
			p.Applicants = []scheduling.Applicant{a}
			p.Employers[1].Tables[0].Windows[0] = scheduling.Interval{Start: at(0, 10, 30), End: at(0, 11, 0)}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 40}, {ApplicantID: "A", EmployerID: "E2", Score: 30}}
		}, 40, map[string]scheduling.Reason{"A/E2": scheduling.ReasonApplicantFull}},
		{"day cap counts local calendar days (night before the DST switch)", func(p *scheduling.Problem) {
			// 23:00 on 29 March and 00:00 on 30 March (Berlin) are both on
			// 29 March in UTC; with a cap of one per day both are allowed.
			night := func(d, h int) time.Time { return time.Date(2025, 3, d, h, 0, 0, 0, berlin) }
			p.Employers[0].Tables[0] = scheduling.Table{ID: "T1", LocationID: "v1", SlotMinutes: 60,
				Windows: []scheduling.Interval{{Start: night(29, 23), End: night(30, 0)}}}
			p.Employers[1].Tables[0] = scheduling.Table{ID: "T2", LocationID: "v1", SlotMinutes: 60,
				Windows: []scheduling.Interval{{Start: night(30, 0), End: night(30, 1)}}}
			a := applicant("A")
			a.MaxInterviewsPerDay = 1
			a.Availability = []scheduling.Interval{{Start: night(29, 20), End: night(30, 4)}}
			p.Applicants = []scheduling.Applicant{a}
			p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 40}, {ApplicantID: "A", EmployerID: "E2", Score: 30}}
		}, 70, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := base()
			tc.build(p)
			s, r := solveChecked(t, p, 1)
			if r.Score != tc.wantScore {
				t.Errorf("score %d, want %d; meetings %+v", r.Score, tc.wantScore, s.Meetings)
			}
			got := map[string]scheduling.Reason{}
			for _, u := range s.Unplaced {
				got[u.ApplicantID+"/"+u.EmployerID] = u.Reason
			}
			for k, want := range tc.wantWhy {
				if got[k] != want {
					t.Errorf("unplaced %s: reason %q, want %q", k, got[k], want)
				}
			}
		})
	}
}

// TestValidateCatchesEachRule breaks each rule on purpose in a hand-made schedule.
func TestValidateCatchesEachRule(t *testing.T) {
	p := base()
	p.Employers[0].MaxInterviews = 1
	p.Employers[0].Requirements.MinGermanLevel = "C1"
	p.Applicants = []scheduling.Applicant{applicant("A"), applicant("B")}
	p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 1}, {ApplicantID: "B", EmployerID: "E2", Score: 1}}
	mt := func(a, e, tab string, h, m, dur int) scheduling.Meeting {
		return scheduling.Meeting{ApplicantID: a, EmployerID: e, TableID: tab, Start: at(0, h, m), End: at(0, h, m).Add(time.Duration(dur) * time.Minute)}
	}
	tests := []struct {
		name string
		ms   []scheduling.Meeting
		want scheduling.Rule
	}{
		{"unknown table", []scheduling.Meeting{mt("B", "E2", "T9", 9, 0, 30)}, scheduling.RuleKnownIDs},
		{"table of another employer", []scheduling.Meeting{mt("B", "E2", "T1", 9, 0, 30)}, scheduling.RuleKnownIDs},
		{"not a candidate", []scheduling.Meeting{mt("A", "E2", "T2", 9, 0, 30)}, scheduling.RuleCandidatePair},
		{"twice", []scheduling.Meeting{mt("B", "E2", "T2", 9, 0, 30), mt("B", "E2", "T2", 9, 30, 30)}, scheduling.RuleCandidatePair},
		{"language", []scheduling.Meeting{mt("A", "E1", "T1", 9, 0, 30)}, scheduling.RuleEligibility},
		{"off grid", []scheduling.Meeting{mt("B", "E2", "T2", 9, 10, 30)}, scheduling.RuleSlotGrid},
		{"wrong end", []scheduling.Meeting{mt("B", "E2", "T2", 9, 0, 20)}, scheduling.RuleSlotGrid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vs := scheduling.Validate(p, &scheduling.Schedule{Meetings: tc.ms})
			found := false
			for _, v := range vs {
				found = found || v.Rule == tc.want
			}
			if !found {
				t.Errorf("want a %s violation, got %v", tc.want, vs)
			}
		})
	}
}

func TestFixedMeetingsKeptAndErrors(t *testing.T) {
	p := base()
	p.Applicants = []scheduling.Applicant{applicant("A"), applicant("B")}
	p.Candidates = []scheduling.Candidate{{ApplicantID: "A", EmployerID: "E1", Score: 10}, {ApplicantID: "B", EmployerID: "E1", Score: 90}}
	// Pinning A at 9:00 and 9:30 is impossible... pin A at 9:30: the planner must keep it though B scores more.
	p.Employers[0].Tables[0].Windows[0].End = at(0, 9, 30)
	p.FixedMeetings = []scheduling.Meeting{{ApplicantID: "A", EmployerID: "E1", TableID: "T1", Start: at(0, 9, 0), End: at(0, 9, 30)}}
	s, r := solveChecked(t, p, 1)
	if r.Score != 10 || len(s.Meetings) != 1 || s.Meetings[0].ApplicantID != "A" {
		t.Fatalf("fixed meeting not kept: %+v", s.Meetings)
	}

	// Two fixed meetings on one table at once, one of them off the grid.
	p.Employers[0].Tables[0].Windows[0].End = at(0, 10, 0)
	p.FixedMeetings = append(p.FixedMeetings,
		scheduling.Meeting{ApplicantID: "B", EmployerID: "E1", TableID: "T1", Start: at(0, 9, 0), End: at(0, 9, 30)},
		scheduling.Meeting{ApplicantID: "B", EmployerID: "E2", TableID: "T2", Start: at(0, 9, 5), End: at(0, 9, 35)})
	_, err := scheduling.Solve(context.Background(), p, scheduling.Options{})
	var fe *scheduling.FixedMeetingError
	if !errors.As(err, &fe) {
		t.Fatalf("want *FixedMeetingError, got %v", err)
	}
	rules := map[int][]scheduling.Rule{}
	for _, v := range fe.Violations {
		rules[v.Meeting] = append(rules[v.Meeting], v.Rule)
	}
	want := map[int]scheduling.Rule{1: scheduling.RuleTable, 2: scheduling.RuleCandidatePair}
	for i, rule := range want {
		ok := false
		for _, r := range rules[i] {
			ok = ok || r == rule
		}
		if !ok {
			t.Errorf("fixed_meetings[%d]: want %s among %v (error %v)", i, rule, rules[i], err)
		}
	}
	if !strings.Contains(err.Error(), "fixed_meetings[2]") {
		t.Errorf("error text does not name fixed_meetings[2]: %v", err)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	probs := []*scheduling.Problem{
		loadSample(t, "tiny-onsite-s1"),
		gen.Generate(gen.Config{Seed: 3, Applicants: 40, Employers: 8, OnSite: true, Days: 5, Start: time.Date(2025, 3, 28, 0, 0, 0, 0, berlin), FixedMeetings: 5}),
	}
	for _, p := range probs {
		a, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := scheduling.ParseProblem(bytes.NewReader(a))
		if err != nil {
			t.Fatalf("%s: parse own output: %v", p.ID, err)
		}
		b, _ := json.Marshal(q)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: problem changed in a round trip", p.ID)
		}
		s, _ := solveChecked(t, q, 1)
		sa, _ := json.Marshal(s)
		var s2 scheduling.Schedule
		if err := json.Unmarshal(sa, &s2); err != nil {
			t.Fatal(err)
		}
		sb, _ := json.Marshal(&s2)
		if !bytes.Equal(sa, sb) {
			t.Errorf("%s: schedule changed in a round trip", p.ID)
		}
		if vs := scheduling.Validate(q, &s2); len(vs) > 0 {
			t.Errorf("%s: decoded schedule invalid: %v", p.ID, vs[0])
		}
	}
	var m map[string]any
	raw, _ := json.Marshal(base())
	_ = json.Unmarshal(raw, &m)
	if rq := m["employers"].([]any)[0].(map[string]any)["requirements"].(map[string]any); rq["min_german_level"] != nil {
		t.Errorf("empty level must be written as null, got %v", rq["min_german_level"])
	}
}

func TestParseErrorsNamePath(t *testing.T) {
	good, err := json.Marshal(gen.Generate(gen.Config{Seed: 1, Applicants: 10, Employers: 4}))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mutate func(m map[string]any)
		path   string
	}{
		{"window end before start", func(m map[string]any) {
			w := m["employers"].([]any)[3].(map[string]any)["tables"].([]any)[0].(map[string]any)["windows"].([]any)[1].(map[string]any)
			w["end"] = w["start"]
		}, "employers[3].tables[0].windows[1]: end before start"},
		{"bad instant", func(m map[string]any) {
			m["applicants"].([]any)[2].(map[string]any)["availability"].([]any)[0].(map[string]any)["start"] = "2025-03-11 09:00"
		}, "applicants[2].availability[0].start"},
		{"missing slot length", func(m map[string]any) {
			delete(m["employers"].([]any)[1].(map[string]any)["tables"].([]any)[0].(map[string]any), "slot_minutes")
		}, "employers[1].tables[0].slot_minutes: missing"},
		{"score not a number", func(m map[string]any) {
			m["candidates"].([]any)[0].(map[string]any)["score"] = "high"
		}, "candidates[0].score"},
		{"unknown applicant", func(m map[string]any) {
			m["candidates"].([]any)[1].(map[string]any)["applicant_id"] = "nobody"
		}, "candidates[1].applicant_id: unknown applicant"},
		{"ragged travel", func(m map[string]any) {
			rows := m["travel"].(map[string]any)["minutes"].([]any)
			rows[2] = rows[2].([]any)[1:]
		}, "travel.minutes[2]"},
		{"bad level", func(m map[string]any) {
			m["applicants"].([]any)[0].(map[string]any)["german_level"] = "B3"
		}, "applicants[0].german_level"},
		{"bad time zone", func(m map[string]any) { m["timezone"] = "Mars/Olympus" }, "timezone"},
		{"overlapping windows", func(m map[string]any) {
			ws := m["applicants"].([]any)[4].(map[string]any)["availability"].([]any)
			ws = append(ws, ws[0])
			m["applicants"].([]any)[4].(map[string]any)["availability"] = ws
		}, "applicants[4].availability[1]: overlaps"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(good, &m); err != nil {
				t.Fatal(err)
			}
			tc.mutate(m)
			b, _ := json.Marshal(m)
			_, err := scheduling.ParseProblem(bytes.NewReader(b))
			var pe *scheduling.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("want *ParseError, got %v", err)
			}
			if !strings.Contains(err.Error(), tc.path) {
				t.Errorf("error %q does not contain %q", err, tc.path)
			}
		})
	}
	if _, err := scheduling.ParseProblem(strings.NewReader(`{"format_version": `)); err == nil {
		t.Error("truncated JSON accepted")
	}
}

func TestCancelReturnsFeasibleSchedule(t *testing.T) {
	p := gen.Generate(gen.Config{Seed: 9, Applicants: 300, Employers: 30, OnSite: true})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s, err := scheduling.Solve(ctx, p, scheduling.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if s.Stats.Stopped != "cancelled" {
		t.Errorf("stopped = %q, want cancelled", s.Stats.Stopped)
	}
	if vs := scheduling.Validate(p, s); len(vs) > 0 {
		t.Errorf("cancelled solve returned an infeasible schedule: %v", vs[0])
	}
}

// TestTimeLimitReturnsBestSoFar uses a clock that jumps a minute per reading,
// so the limit fires during the search; the schedule must still be feasible.
func TestTimeLimitReturnsBestSoFar(t *testing.T) {
	p := gen.Generate(gen.Config{Seed: 11, Applicants: 200, Employers: 20, OnSite: true})
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Minute); return now }
	s, r := solveWith(t, p, scheduling.Options{Seed: 1, TimeLimit: 30 * time.Minute, Now: clock})
	if s.Stats.Stopped != "time_limit" {
		t.Errorf("stopped = %q, want time_limit", s.Stats.Stopped)
	}
	if r.Meetings == 0 {
		t.Error("no meetings in the best-so-far schedule")
	}
}

func TestEmptyInstances(t *testing.T) {
	tests := []struct {
		name string
		json string
	}{
		{"nothing at all", `{"format_version":"1.0","timezone":"Europe/Berlin","locations":[],"travel":{"location_ids":[],"minutes":[]},"employers":[],"applicants":[],"candidates":[]}`},
		{"applicant without windows", `{"format_version":"1.0","timezone":"Europe/Berlin","locations":[{"id":"v","step_free":true}],
			"travel":{"location_ids":["v"],"minutes":[[0]]},
			"employers":[{"id":"E","max_interviews":3,"tables":[{"id":"T","location_id":"v","slot_minutes":15,"windows":[{"start":"2025-03-11T09:00:00+01:00","end":"2025-03-11T10:00:00+01:00"}]}]}],
			"applicants":[{"id":"A","home_location_id":null,"german_level":null,"max_interviews":2,"max_interviews_per_day":2,"availability":[]}],
			"candidates":[{"applicant_id":"A","employer_id":"E","score":5}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := scheduling.ParseProblem(strings.NewReader(tc.json))
			if err != nil {
				t.Fatal(err)
			}
			s, r := solveChecked(t, p, 1)
			if r.Meetings != 0 || s.Meetings == nil || s.Unplaced == nil {
				t.Errorf("want no meetings and non-nil lists, got %+v", s)
			}
			for _, u := range s.Unplaced {
				if u.Reason != scheduling.ReasonNoCommonTime {
					t.Errorf("reason %s, want no_common_time", u.Reason)
				}
			}
		})
	}
}
