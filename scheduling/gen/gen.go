// Package gen generates seeded planning instances that look like the samples:
// single-venue fairs and multi-day on-site speed-datings with travel between
// employer sites. Tests and benchmarks use it; the same Config always gives
// the same Problem.
package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"treffpunkt/scheduling"
)

// Config describes an instance to generate.
type Config struct {
	Seed       int64
	Applicants int
	Employers  int
	// OnSite puts most tables at the employers' own premises, spread over a
	// rural district; otherwise all tables are at one or two venues.
	OnSite bool
	// Days is the number of event days (default 1 for fairs, 3 on-site).
	Days int
	// Start is the first event day (only its date is used); default 2025-03-11.
	// 2025-03-28 with 5 days crosses the switch to summer time on 30 March.
	Start time.Time
	// CandidatesPerApplicant is the mean shortlist length (default 3.5).
	CandidatesPerApplicant float64
	// FixedMeetings is how many feasible fixed meetings to pin (best effort).
	FixedMeetings int
	Primary       string
	Fairness      string
}

// Generate builds the instance for cfg.
func Generate(cfg Config) *scheduling.Problem {
	r := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x67656e))
	levels := []string{"A1", "A2", "B1", "B2", "C1", "C2"}
	tz, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(fmt.Sprintf("gen: load Europe/Berlin: %v", err)) // embedded tzdata makes this unreachable
	}
	days := cfg.Days
	if days <= 0 {
		days = 1
		if cfg.OnSite {
			days = 3
		}
	}
	start := cfg.Start
	if start.IsZero() {
		start = time.Date(2025, 3, 11, 0, 0, 0, 0, tz)
	}
	y, mo, d := start.Date()
	at := func(day, hh, mm int) time.Time { return time.Date(y, mo, d+day, hh, mm, 0, 0, tz) }
	cpa := cfg.CandidatesPerApplicant
	if cpa <= 0 {
		cpa = 3.5
	}
	kind := "fair"
	if cfg.OnSite {
		kind = "onsite"
	}
	p := &scheduling.Problem{
		FormatVersion: scheduling.FormatVersion,
		ID:            fmt.Sprintf("gen-%s-%d-%d-s%d", kind, cfg.Applicants, cfg.Employers, cfg.Seed),
		Name:          fmt.Sprintf("generated %s, %d applicants, %d employers, %d days", kind, cfg.Applicants, cfg.Employers, days),
		Timezone:      "Europe/Berlin",
		Objective:     scheduling.Objective{Primary: cfg.Primary, Fairness: cfg.Fairness},
	}
	if p.Objective.Primary == "" {
		p.Objective.Primary = scheduling.PrimaryTotalScore
	}
	if p.Objective.Fairness == "" {
		p.Objective.Fairness = scheduling.FairnessMaxMin
	}

	// Locations on a plane (km); travel minutes = ceil(2*km)+5 off the
	// diagonal, which keeps the matrix symmetric and metric.
	type pt struct{ x, y float64 }
	var pts []pt
	addLoc := func(id, kind, name string, stepFree bool, x, y float64) {
		p.Locations = append(p.Locations, scheduling.Location{ID: id, Kind: kind, Name: name, StepFree: stepFree})
		p.Travel.LocationIDs = append(p.Travel.LocationIDs, id)
		pts = append(pts, pt{x, y})
	}
	side := 30.0
	if cfg.OnSite {
		side = 60
	}
	zones := max(8, min(200, cfg.Applicants/20))
	for z := 0; z < zones; z++ {
		addLoc(fmt.Sprintf("zone-%03d", z+1), "home_zone", fmt.Sprintf("Wohngebiet %d", z+1), false, r.Float64()*side, r.Float64()*side)
	}
	venues := 1
	if cfg.Employers > 100 {
		venues = 2
	}
	for v := 0; v < venues; v++ {
		addLoc(fmt.Sprintf("venue-%d", v+1), "venue", fmt.Sprintf("Stadthalle %d", v+1), true, side/2+float64(v)*3, side/2)
	}

	for e := 0; e < cfg.Employers; e++ {
		id := fmt.Sprintf("E%04d", e+1)
		vac := 1 + r.IntN(4)
		ipv := 2 + r.IntN(3)
		emp := scheduling.Employer{
			ID: id, Name: "Betrieb " + id, Sector: []string{"care", "it", "construction", "retail", "logistics"}[r.IntN(5)],
			Vacancies: vac, InterviewsPerVacancy: ipv, MaxInterviews: vac * ipv,
		}
		if r.Float64() < 0.7 {
			emp.Requirements.MinGermanLevel = levels[1+r.IntN(4)]
		}
		emp.Requirements.DrivingLicence = r.Float64() < 0.15
		loc := fmt.Sprintf("venue-%d", 1+r.IntN(venues))
		if cfg.OnSite && r.Float64() < 0.85 {
			loc = "site-" + id
			addLoc(loc, "premises", "Betriebsstätte "+id, r.Float64() < 0.6, r.Float64()*side, r.Float64()*side)
		}
		slot := []int{10, 15, 20}[r.IntN(3)]
		if cfg.OnSite {
			slot = []int{20, 30, 45}[r.IntN(3)]
		}
		nt := 1 + r.IntN(2)
		if emp.MaxInterviews > 10 {
			nt++
		}
		for t := 0; t < nt; t++ {
			tab := scheduling.Table{ID: fmt.Sprintf("%s-T%d", id, t+1), LocationID: loc, SlotMinutes: slot}
			for day := 0; day < days; day++ {
				if days > 1 && r.Float64() < 0.35 {
					continue
				}
				if cfg.OnSite {
					if r.Float64() < 0.8 {
						tab.Windows = append(tab.Windows, scheduling.Interval{Start: at(day, 9, 0), End: at(day, 12, 0)})
					}
					if r.Float64() < 0.7 {
						tab.Windows = append(tab.Windows, scheduling.Interval{Start: at(day, 13, 0), End: at(day, 16, 0)})
					}
				} else {
					tab.Windows = append(tab.Windows,
						scheduling.Interval{Start: at(day, 9, 0), End: at(day, 12, 0)},
						scheduling.Interval{Start: at(day, 12, 30), End: at(day, 15, 0)})
				}
			}
			if len(tab.Windows) == 0 {
				tab.Windows = append(tab.Windows, scheduling.Interval{Start: at(0, 9, 0), End: at(0, 12, 0)})
			}
			emp.Tables = append(emp.Tables, tab)
		}
		p.Employers = append(p.Employers, emp)
	}

	for a := 0; a < cfg.Applicants; a++ {
		id := fmt.Sprintf("A%06d", a+1)
		app := scheduling.Applicant{
			ID: id, GermanLevel: levels[min(5, r.IntN(3)+r.IntN(4))],
			DrivingLicence: r.Float64() < 0.5, NeedsStepFree: r.Float64() < 0.04,
			MaxInterviews: 2 + r.IntN(4),
		}
		if r.Float64() < 0.97 {
			app.HomeLocationID = fmt.Sprintf("zone-%03d", 1+r.IntN(zones))
		}
		app.MaxInterviewsPerDay = app.MaxInterviews
		if cfg.OnSite {
			app.MaxInterviewsPerDay = 2 + r.IntN(2)
		}
		for day := 0; day < days; day++ {
			if days > 1 && r.Float64() < 0.5 {
				continue
			}
			switch r.IntN(4) {
			case 0: // childcare hours
				app.Availability = append(app.Availability, scheduling.Interval{Start: at(day, 8, 30), End: at(day, 12, 30)})
			case 1: // language course in the morning
				app.Availability = append(app.Availability, scheduling.Interval{Start: at(day, 12, 0), End: at(day, 17, 0)})
			case 2: // two trips from home
				app.Availability = append(app.Availability,
					scheduling.Interval{Start: at(day, 8, 0), End: at(day, 11, 0)},
					scheduling.Interval{Start: at(day, 11, 0), End: at(day, 16, 0)})
			default:
				app.Availability = append(app.Availability, scheduling.Interval{Start: at(day, 8, 0), End: at(day, 17, 0)})
			}
		}
		if len(app.Availability) == 0 {
			app.Availability = append(app.Availability, scheduling.Interval{Start: at(0, 8, 0), End: at(0, 17, 0)})
		}
		p.Applicants = append(p.Applicants, app)
		if cfg.Employers == 0 {
			continue
		}
		n := 1 + int(r.ExpFloat64()*(cpa-1)+0.5)
		seen := map[int]bool{}
		for k := 0; k < n && k < cfg.Employers; k++ {
			e := r.IntN(cfg.Employers)
			if seen[e] {
				continue
			}
			seen[e] = true
			p.Candidates = append(p.Candidates, scheduling.Candidate{ApplicantID: id, EmployerID: p.Employers[e].ID, Score: 1 + r.IntN(100)})
		}
	}

	n := len(pts)
	p.Travel.Minutes = make([][]int, n)
	for i := range pts {
		p.Travel.Minutes[i] = make([]int, n)
		for j := range pts {
			if i != j {
				p.Travel.Minutes[i][j] = int(math.Ceil(2*math.Hypot(pts[i].x-pts[j].x, pts[i].y-pts[j].y))) + 5
			}
		}
	}
	addFixed(p, r, cfg.FixedMeetings)
	return p
}

// addFixed pins up to n meetings, each checked with Validate against those
// already pinned, so the fixed set is feasible by construction.
func addFixed(p *scheduling.Problem, r *rand.Rand, n int) {
	if n <= 0 || len(p.Candidates) == 0 {
		return
	}
	emps := map[string]*scheduling.Employer{}
	for i := range p.Employers {
		emps[p.Employers[i].ID] = &p.Employers[i]
	}
	used := map[int]bool{}
	for try := 0; try < 20*n && len(p.FixedMeetings) < n; try++ {
		ci := r.IntN(len(p.Candidates))
		if used[ci] {
			continue
		}
		c := p.Candidates[ci]
		e := emps[c.EmployerID]
		t := e.Tables[r.IntN(len(e.Tables))]
		w := t.Windows[r.IntN(len(t.Windows))]
		slots := int(w.End.Sub(w.Start) / (time.Duration(t.SlotMinutes) * time.Minute))
		if slots == 0 {
			continue
		}
		st := w.Start.Add(time.Duration(r.IntN(slots)*t.SlotMinutes) * time.Minute)
		m := scheduling.Meeting{ApplicantID: c.ApplicantID, EmployerID: c.EmployerID, TableID: t.ID,
			Start: st, End: st.Add(time.Duration(t.SlotMinutes) * time.Minute)}
		p.FixedMeetings = append(p.FixedMeetings, m)
		if len(scheduling.Validate(p, &scheduling.Schedule{Meetings: p.FixedMeetings})) > 0 {
			p.FixedMeetings = p.FixedMeetings[:len(p.FixedMeetings)-1]
			continue
		}
		used[ci] = true
	}
}
