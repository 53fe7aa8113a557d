package scheduling_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"treffpunkt/scheduling"
	"treffpunkt/scheduling/gen"
)

// FuzzParseProblem feeds arbitrary JSON to the planner's reader, as the
// schedule command and any future upload do. A refused instance is a
// *ParseError (it names the path to fix); an accepted one must check, solve
// without panicking and give a schedule that Validate finds no fault with.
func FuzzParseProblem(f *testing.F) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	// Small generated instances: the mutator works on their bytes, so a few
	// kilobytes keep each run in milliseconds.
	for _, cfg := range []gen.Config{
		{Seed: 1, Applicants: 3, Employers: 2},
		{Seed: 2, Applicants: 4, Employers: 2, OnSite: true, Days: 2, FixedMeetings: 1},
		{Seed: 3, Applicants: 3, Employers: 2, OnSite: true, Days: 2, Start: time.Date(2025, 3, 29, 0, 0, 0, 0, berlin), Fairness: scheduling.FairnessCoverageFirst},
	} {
		raw, err := json.Marshal(gen.Generate(cfg))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	for _, s := range []string{
		`{}`, `[]`, `null`, `{"id":"x","timezone":"Mars/Olympus"}`,
		`{"id":"x","timezone":"Europe/Berlin","slot_minutes":-5,"employers":[{"id":"e","tables":[{"id":"t","windows":[["2025-03-11T09:00:00+01:00","2025-03-11T08:00:00+01:00"]]}]}]}`,
		`{"id":"x","employers":[{"id":1e999}]}`, `{"applicants":[{"id":"a","max_meetings_per_day":99999999999999999999}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := scheduling.ParseProblem(bytes.NewReader(data))
		if err != nil {
			var pe *scheduling.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseProblem error %T %v is no *ParseError", err, err)
			}
			return
		}
		if err := scheduling.CheckProblem(p); err != nil {
			t.Fatalf("parsed problem fails CheckProblem: %v", err)
		}
		// A tiny budget: the point is that any accepted instance can be
		// solved without a panic and yields a feasible schedule, not a
		// good one.
		s, err := scheduling.Solve(context.Background(), p, scheduling.Options{Seed: 1, TimeLimit: 200 * time.Millisecond, Effort: 0.01})
		if err != nil {
			// Fixed meetings that cannot all be held are the instance's
			// fault and are reported as such; anything else means the
			// checker let through what the solver cannot read.
			var fe *scheduling.FixedMeetingError
			if errors.As(err, &fe) {
				return
			}
			t.Fatalf("Solve of an accepted instance: %v", err)
		}
		if vs := scheduling.Validate(p, s); len(vs) > 0 {
			t.Fatalf("schedule of an accepted instance breaks %d rules, first: %v", len(vs), vs[0])
		}
	})
}
