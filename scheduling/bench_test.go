package scheduling_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"treffpunkt/scheduling"
	"treffpunkt/scheduling/gen"
)

// BenchmarkSamples solves each sample in both fairness modes and reports the
// ratio to EXPECTED.md (score/optimum; in coverage_first mode score/best
// score at best coverage, plus the coverage reached).
func BenchmarkSamples(b *testing.B) {
	for _, tc := range expected {
		p := loadSample(b, tc.name)
		for _, mode := range []string{scheduling.FairnessMaxMin, scheduling.FairnessCoverageFirst} {
			b.Run(tc.name+"/"+mode, func(b *testing.B) {
				q := *p
				q.Objective.Fairness = mode
				var r scheduling.Report
				var cpu time.Duration
				n := 0
				for b.Loop() {
					c0 := cpuTime()
					s, err := scheduling.Solve(context.Background(), &q, scheduling.Options{Seed: 1})
					cpu += cpuTime() - c0
					n++
					if err != nil {
						b.Fatal(err)
					}
					r, _ = scheduling.Evaluate(&q, s)
				}
				b.ReportMetric(float64(cpu.Milliseconds())/float64(n), "cpu_ms/op")
				if r.Violations > 0 {
					b.Fatalf("%d violations", r.Violations)
				}
				ref := tc.best
				if mode == scheduling.FairnessCoverageFirst {
					ref = tc.bestAtCover
					b.ReportMetric(float64(r.Covered), "covered")
					b.ReportMetric(float64(tc.cover), "best_covered")
				}
				b.ReportMetric(float64(r.Score)/float64(ref), "ratio")
				b.ReportMetric(float64(r.Score), "score")
				b.ReportMetric(float64(r.Meetings), "meetings")
			})
		}
	}
}

// BenchmarkBaselines measures first-come-first-served and greedy on the samples.
func BenchmarkBaselines(b *testing.B) {
	for _, tc := range expected {
		p := loadSample(b, tc.name)
		for _, bl := range []scheduling.Baseline{scheduling.BaselineFCFS, scheduling.BaselineGreedy} {
			b.Run(tc.name+"/"+string(bl), func(b *testing.B) {
				var r scheduling.Report
				for b.Loop() {
					s, err := scheduling.SolveBaseline(p, bl, 1)
					if err != nil {
						b.Fatal(err)
					}
					r, _ = scheduling.Evaluate(p, s)
				}
				b.ReportMetric(float64(r.Score)/float64(tc.best), "ratio")
				b.ReportMetric(float64(r.Score), "score")
			})
		}
	}
}

// BenchmarkScale solves generated instances from 20 to 20,000 applicants.
// The largest is on-site over five days across the switch to summer time.
// peak_heap_MB samples the Go heap during the solve.
func BenchmarkScale(b *testing.B) {
	dst := time.Date(2025, 3, 28, 0, 0, 0, 0, berlin)
	for _, c := range []gen.Config{
		{Seed: 1, Applicants: 20, Employers: 5},
		{Seed: 1, Applicants: 600, Employers: 60},
		{Seed: 1, Applicants: 600, Employers: 60, OnSite: true, Days: 3},
		{Seed: 1, Applicants: 3000, Employers: 200},
		{Seed: 1, Applicants: 3000, Employers: 200, OnSite: true, Days: 5, Start: dst},
		{Seed: 1, Applicants: 20000, Employers: 1000, OnSite: true, Days: 5, Start: dst},
		{Seed: 1, Applicants: 20000, Employers: 1000, OnSite: true, Days: 5, Start: dst, Fairness: scheduling.FairnessCoverageFirst},
	} {
		kind := "fair"
		if c.OnSite {
			kind = "onsite"
		}
		if c.Fairness == scheduling.FairnessCoverageFirst {
			kind += "-coverage"
		}
		b.Run(fmt.Sprintf("%s-%d", kind, c.Applicants), func(b *testing.B) {
			p := gen.Generate(c)
			var s *scheduling.Schedule
			var peak uint64
			var cpu time.Duration
			n := 0
			for b.Loop() {
				c0 := cpuTime()
				done := make(chan struct{})
				go func() {
					var ms runtime.MemStats
					for {
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapInuse)
						select {
						case <-done:
							return
						case <-time.After(50 * time.Millisecond):
						}
					}
				}()
				var err error
				s, err = scheduling.Solve(context.Background(), p, scheduling.Options{Seed: 1})
				close(done)
				cpu += cpuTime() - c0
				n++
				if err != nil {
					b.Fatal(err)
				}
			}
			if vs := scheduling.Validate(p, s); len(vs) > 0 {
				b.Fatalf("infeasible: %v", vs[0])
			}
			b.ReportMetric(float64(s.Stats.Objective), "score")
			if s.Stats.Bound > 0 {
				b.ReportMetric(float64(s.Stats.Objective)/float64(s.Stats.Bound), "ratio_to_bound")
			}
			b.ReportMetric(float64(s.Stats.Meetings), "meetings")
			b.ReportMetric(float64(len(p.Candidates)), "pairs")
			b.ReportMetric(float64(peak)/(1<<20), "peak_heap_MB")
			b.ReportMetric(float64(cpu.Milliseconds())/float64(n), "cpu_ms/op")
		})
	}
}

// BenchmarkCancelLatency cancels a 20,000-applicant solve after one second
// and reports how long Solve takes to return afterwards.
func BenchmarkCancelLatency(b *testing.B) {
	p := gen.Generate(gen.Config{Seed: 1, Applicants: 20000, Employers: 1000, OnSite: true, Days: 5,
		Start: time.Date(2025, 3, 28, 0, 0, 0, 0, berlin)})
	var worst time.Duration
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		fired := make(chan time.Time, 1)
		timer := time.AfterFunc(time.Second, func() { fired <- time.Now(); cancel() })
		s, err := scheduling.Solve(ctx, p, scheduling.Options{Seed: 1})
		done := time.Now()
		timer.Stop()
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		if vs := scheduling.Validate(p, s); len(vs) > 0 {
			b.Fatalf("infeasible after cancel: %v", vs[0])
		}
		if s.Stats.Stopped == "cancelled" {
			worst = max(worst, done.Sub(<-fired))
		}
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "cancel_latency_ms")
}
