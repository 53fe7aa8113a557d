// Package matching decides how well an applicant fits a vacancy at an event
// and ranks suggestions for the shortlist. It is pure: plain values in, a
// verdict out; no database, no web, no clock. The rules are those staff
// apply by hand: the German level meets the vacancy's minimum, the
// applicant can attend while the employer receives people, the trip to the
// site is acceptable, a required driving licence or step-free access is
// there.
package matching

import (
	"math"
	"sort"
	"time"

	"treffpunkt/models"
)

// Params tune the travel estimate and what counts as acceptable. Zero
// fields take the defaults of DefaultParams.
type Params struct {
	// DetourFactor turns straight-line distance into road distance. 1.3 is
	// the usual figure for German rural roads (road network studies give
	// 1.2–1.4); public transport in a Flächenbezirk detours more, so the
	// job centre may raise it.
	DetourFactor float64
	// SpeedKmH is the average door-to-door speed: bus, train and walking
	// mixed. 30 km/h is a cautious rural figure.
	SpeedKmH float64
	// MinMinutes is added to every trip: walking to the stop, waiting,
	// finding the entrance. Even a neighbour needs that long.
	MinMinutes int
	// MaxTravelMinutes is the longest one-way trip staff expect an
	// applicant to make for a short interview.
	MaxTravelMinutes int
	// MinOverlap is the least time the applicant's and employer's windows
	// must share on one day: one interview slot.
	MinOverlap time.Duration
}

// DefaultParams are the values used when a Params field is zero.
func DefaultParams() Params {
	return Params{DetourFactor: 1.3, SpeedKmH: 30, MinMinutes: 10, MaxTravelMinutes: 60, MinOverlap: 20 * time.Minute}
}

func (p Params) withDefaults() Params {
	d := DefaultParams()
	if p.DetourFactor <= 0 {
		p.DetourFactor = d.DetourFactor
	}
	if p.SpeedKmH <= 0 {
		p.SpeedKmH = d.SpeedKmH
	}
	if p.MinMinutes <= 0 {
		p.MinMinutes = d.MinMinutes
	}
	if p.MaxTravelMinutes <= 0 {
		p.MaxTravelMinutes = d.MaxTravelMinutes
	}
	if p.MinOverlap <= 0 {
		p.MinOverlap = d.MinOverlap
	}
	return p
}

// Point is a position in degrees (WGS 84).
type Point struct{ Lat, Lon float64 }

// PointOf returns the point of optional coordinates, or nil when either is
// missing (not yet geocoded).
func PointOf(lat, lon *float64) *Point {
	if lat == nil || lon == nil {
		return nil
	}
	return &Point{Lat: *lat, Lon: *lon}
}

// Window is a time range [Start, End).
type Window struct{ Start, End time.Time }

// Applicant is what matching needs of an applicant at one event.
type Applicant struct {
	ID             int64
	Level          models.GermanLevel
	Home           *Point   // nil: unknown, travel cannot be judged
	Windows        []Window // when the applicant can attend during the event
	DrivingLicence bool
	NeedsStepFree  bool
}

// Vacancy is what matching needs of a vacancy at one event.
type Vacancy struct {
	ID             int64
	MinLevel       *models.GermanLevel // nil: no requirement
	Site           *Point              // where the interview takes place; nil: unknown
	StepFree       bool                // the place of the interview is step-free
	Windows        []Window            // when the employer receives applicants
	DrivingLicence bool
}

// Reason says why a pair is not (fully) suitable. Codes are stable words:
// the views translate them as "shortlist.reason.<code>".
type Reason string

// Reasons. The ones marked blocking make a pair ineligible unless staff
// override it; the others only lower the rank.
const (
	ReasonLevelBelow      Reason = "level_below"       // blocking
	ReasonNoOverlap       Reason = "no_overlap"        // blocking
	ReasonTravelTooLong   Reason = "travel_too_long"   // blocking
	ReasonStepFreeMissing Reason = "step_free_missing" // blocking
	ReasonNoLicence       Reason = "no_licence"        // blocking
	ReasonTravelUnknown   Reason = "travel_unknown"    // no coordinates: staff judge themselves
)

// Blocking reports whether r makes a pair ineligible.
func (r Reason) Blocking() bool { return r != ReasonTravelUnknown }

// Verdict is the judgement of one applicant–vacancy pair.
type Verdict struct {
	ApplicantID   int64
	VacancyID     int64
	Eligible      bool     // no blocking reason
	Reasons       []Reason // in the order of the rules above
	Fit           float64  // 0…1, higher is better; used for ranking only
	TravelMinutes int      // one way; -1 when unknown
	OverlapMin    int      // longest shared window in minutes
}

// DistanceKm is the great-circle distance between a and b (haversine).
func DistanceKm(a, b Point) float64 {
	const earthRadiusKm = 6371.0
	rad := math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLon := (b.Lon - a.Lon) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// TravelMinutes estimates the one-way trip from a to b: straight-line
// distance × detour factor ÷ average speed, plus the fixed minimum, rounded
// up to whole minutes.
func (p Params) TravelMinutes(a, b Point) int {
	p = p.withDefaults()
	km := DistanceKm(a, b) * p.DetourFactor
	return p.MinMinutes + int(math.Ceil(km/p.SpeedKmH*60))
}

// LongestOverlap returns the longest time one of as shares with one of bs.
func LongestOverlap(as, bs []Window) time.Duration {
	var best time.Duration
	for _, a := range as {
		for _, b := range bs {
			start, end := a.Start, a.End
			if b.Start.After(start) {
				start = b.Start
			}
			if b.End.Before(end) {
				end = b.End
			}
			if d := end.Sub(start); d > best {
				best = d
			}
		}
	}
	return best
}

// Evaluate judges one pair.
func Evaluate(p Params, a Applicant, v Vacancy) Verdict {
	p = p.withDefaults()
	out := Verdict{ApplicantID: a.ID, VacancyID: v.ID, TravelMinutes: -1}
	fit := 1.0
	if v.MinLevel != nil && !a.Level.AtLeast(*v.MinLevel) {
		out.Reasons = append(out.Reasons, ReasonLevelBelow)
	} else if v.MinLevel != nil {
		// A level well above the bar is no better for ranking than one just
		// above it; meeting it is what counts.
		fit += 0.5
	}
	overlap := LongestOverlap(a.Windows, v.Windows)
	out.OverlapMin = int(overlap / time.Minute)
	if overlap < p.MinOverlap {
		out.Reasons = append(out.Reasons, ReasonNoOverlap)
	} else {
		// More shared time gives the planner more room; saturate at 3 hours.
		fit += math.Min(overlap.Hours(), 3) / 3
	}
	switch {
	case a.Home == nil || v.Site == nil:
		out.Reasons = append(out.Reasons, ReasonTravelUnknown)
	default:
		out.TravelMinutes = p.TravelMinutes(*a.Home, *v.Site)
		if out.TravelMinutes > p.MaxTravelMinutes {
			out.Reasons = append(out.Reasons, ReasonTravelTooLong)
		} else {
			fit += 1 - float64(out.TravelMinutes)/float64(p.MaxTravelMinutes)
		}
	}
	if a.NeedsStepFree && !v.StepFree {
		out.Reasons = append(out.Reasons, ReasonStepFreeMissing)
	}
	if v.DrivingLicence && !a.DrivingLicence {
		out.Reasons = append(out.Reasons, ReasonNoLicence)
	}
	out.Eligible = true
	for _, r := range out.Reasons {
		if r.Blocking() {
			out.Eligible = false
		}
	}
	out.Fit = fit / 3.5
	return out
}

// Suggest judges every applicant for v, leaves out those in shortlisted
// (already on the shortlist) and returns eligible pairs first, each group
// ordered by fit (best first), then by applicant ID so the order is stable.
func Suggest(p Params, applicants []Applicant, v Vacancy, shortlisted map[int64]bool) []Verdict {
	out := make([]Verdict, 0, len(applicants))
	for _, a := range applicants {
		if shortlisted[a.ID] {
			continue
		}
		out = append(out, Evaluate(p, a, v))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Eligible != out[j].Eligible {
			return out[i].Eligible
		}
		if out[i].Fit != out[j].Fit {
			return out[i].Fit > out[j].Fit
		}
		return out[i].ApplicantID < out[j].ApplicantID
	})
	return out
}
