package scheduling_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"treffpunkt/scheduling"
)

const samplesDir = "../../shared/scheduling/samples"

// expected holds EXPECTED.md: proven optimum in total_score mode, best
// coverage and best score at that coverage in coverage_first mode, and the
// first-come-first-served figure.
var expected = []struct {
	name        string
	best        int64
	cover       int
	bestAtCover int64
	fcfs        int64
	meetings    int // meetings in the best total_score schedule: a floor for meeting_count
}{
	{"tiny-fair-s1", 2060, 17, 2054, 1881, 36},
	{"tiny-onsite-s1", 1820, 16, 1820, 1741, 33},
	{"small-fair-s1", 18020, 145, 17812, 15908, 277},
	{"small-onsite-s1", 11161, 131, 10647, 9127, 163},
	{"medium-fair-s1", 72289, 573, 71660, 64392, 1072},
	{"medium-onsite-s1", 45518, 522, 43037, 39630, 693},
	{"large-fair-s1", 238098, 2713, 225434, 203747, 3422},
}

func loadSample(tb testing.TB, name string) *scheduling.Problem {
	tb.Helper()
	f, err := os.Open(filepath.Join(samplesDir, name+".json"))
	if err != nil {
		tb.Fatalf("samples must be checked out beside the repository: %v", err)
	}
	defer f.Close()
	p, err := scheduling.ParseProblem(f)
	if err != nil {
		tb.Fatalf("parse %s: %v", name, err)
	}
	return p
}

func solveChecked(tb testing.TB, p *scheduling.Problem, seed int64) (*scheduling.Schedule, scheduling.Report) {
	tb.Helper()
	return solveWith(tb, p, scheduling.Options{Seed: seed})
}

// solveWith solves, validates and evaluates; any violation fails the test.
func solveWith(tb testing.TB, p *scheduling.Problem, opt scheduling.Options) (*scheduling.Schedule, scheduling.Report) {
	tb.Helper()
	s, err := scheduling.Solve(context.Background(), p, opt)
	if err != nil {
		tb.Fatalf("solve %s: %v", p.ID, err)
	}
	if vs := scheduling.Validate(p, s); len(vs) > 0 {
		tb.Fatalf("solve %s: %d violations, first: %v", p.ID, len(vs), vs[0])
	}
	r, err := scheduling.Evaluate(p, s)
	if err != nil {
		tb.Fatal(err)
	}
	if len(s.Meetings)+len(s.Unplaced) != len(p.Candidates) {
		tb.Fatalf("%s: %d meetings + %d unplaced != %d candidate pairs", p.ID, len(s.Meetings), len(s.Unplaced), len(p.Candidates))
	}
	return s, r
}

func TestSamplesReachOptimum(t *testing.T) {
	for _, tc := range expected {
		t.Run(tc.name, func(t *testing.T) {
			p := loadSample(t, tc.name)
			start := time.Now()
			_, r := solveChecked(t, p, 1)
			el := time.Since(start)
			ratio := float64(r.Score) / float64(tc.best)
			t.Logf("total_score: %d / %d = %.4f, meetings %d, covered %d/%d (%v)", r.Score, tc.best, ratio, r.Meetings, r.Covered, r.Population, el)
			if ratio < 0.995 {
				t.Errorf("total_score %d is %.4f of the optimum %d, want >= 0.995", r.Score, ratio, tc.best)
			}
			for _, b := range []scheduling.Baseline{scheduling.BaselineFCFS, scheduling.BaselineGreedy} {
				bs, err := scheduling.SolveBaseline(p, b, 1)
				if err != nil {
					t.Fatal(err)
				}
				br, _ := scheduling.Evaluate(p, bs)
				t.Logf("%s: %d = %.4f of the optimum", b, br.Score, float64(br.Score)/float64(tc.best))
				if br.Violations > 0 || br.Score >= r.Score {
					t.Errorf("%s: %d violations, score %d not below the planner's %d", b, br.Violations, br.Score, r.Score)
				}
			}
			if r.Score > tc.best {
				t.Errorf("total_score %d exceeds the proven optimum %d: the evaluation is wrong", r.Score, tc.best)
			}

			p.Objective.Fairness = scheduling.FairnessCoverageFirst
			start = time.Now()
			_, r = solveChecked(t, p, 1)
			el = time.Since(start)
			cratio := float64(r.Score) / float64(tc.bestAtCover)
			t.Logf("coverage_first: covered %d / %d, score %d / %d = %.4f (%v)", r.Covered, tc.cover, r.Score, tc.bestAtCover, cratio, el)
			if r.Covered != tc.cover {
				t.Errorf("coverage %d, want the optimum %d", r.Covered, tc.cover)
			}
			if cratio < 0.99 {
				t.Errorf("score at coverage %d is %.4f of %d, want >= 0.99", r.Score, cratio, tc.bestAtCover)
			}
		})
	}
}

// TestMeetingCountObjective: maximising the number of meetings must give at
// least as many as the best-score schedule has, and be within the flow bound.
func TestMeetingCountObjective(t *testing.T) {
	for _, tc := range expected {
		t.Run(tc.name, func(t *testing.T) {
			p := loadSample(t, tc.name)
			p.Objective.Primary = scheduling.PrimaryMeetingCount
			s, r := solveChecked(t, p, 1)
			t.Logf("meeting_count: %d meetings (best-score schedule has %d), bound %d", r.Meetings, tc.meetings, s.Stats.Bound)
			if r.Objective != int64(r.Meetings) || r.Meetings < tc.meetings {
				t.Errorf("objective %d, meetings %d: want at least %d", r.Objective, r.Meetings, tc.meetings)
			}
			if s.Stats.Bound > 0 && int64(r.Meetings) > s.Stats.Bound {
				t.Errorf("meetings %d exceed the relaxation bound %d", r.Meetings, s.Stats.Bound)
			}
		})
	}
}
