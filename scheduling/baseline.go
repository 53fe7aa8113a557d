package scheduling

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"
)

// Baseline names a simple planning strategy that the planner is compared with.
type Baseline string

// Baselines measured in docs/planner.md.
const (
	// BaselineFCFS is what self-booking tools produce: applicants arrive in
	// random order and each books the earliest free slot of their best
	// candidates, up to their caps.
	BaselineFCFS Baseline = "first_come_first_served"
	// BaselineGreedy takes all pairs best score first and gives each the
	// earliest slot that still fits.
	BaselineGreedy Baseline = "greedy_by_score"
)

// SolveBaseline plans with a baseline strategy; the result is feasible and
// keeps fixed meetings, but is not optimised.
func SolveBaseline(p *Problem, b Baseline, seed int64) (*Schedule, error) {
	if err := CheckProblem(p); err != nil {
		return nil, fmt.Errorf("scheduling: baseline: %w", err)
	}
	if err := checkFixed(p); err != nil {
		return nil, err
	}
	m, err := buildModel(p)
	if err != nil {
		return nil, err
	}
	t0 := time.Unix(0, 0)
	sv := &solver{m: m, s: newState(m), ctx: context.Background(), now: func() time.Time { return t0 }, t0: t0}
	if err := sv.placeFixed(); err != nil {
		return nil, err
	}
	switch b {
	case BaselineFCFS:
		r := rand.New(rand.NewPCG(uint64(seed), 1))
		for _, a := range r.Perm(len(m.appCap)) {
			for _, q := range m.appPairs[a] {
				sv.s.tryInsert(q, 0)
			}
		}
	case BaselineGreedy:
		var order []int32
		for q := range m.pairApp {
			if m.pairReason[q] == "" {
				order = append(order, int32(q))
			}
		}
		sort.SliceStable(order, func(x, y int) bool { return m.pairW[order[x]] > m.pairW[order[y]] })
		for _, q := range order {
			sv.s.tryInsert(q, 0)
		}
	default:
		return nil, fmt.Errorf("scheduling: unknown baseline %q", b)
	}
	sv.fill() // so that the unplaced reasons are true
	s := sv.schedule()
	s.Solver = string(b)
	return s, nil
}
