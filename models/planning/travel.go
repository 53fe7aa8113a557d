package planning

import (
	"strconv"

	"treffpunkt/models/matching"
	"treffpunkt/scheduling"
)

// places collects the locations of a problem with their coordinates, so the
// travel matrix is computed once at the end.
type places struct {
	params matching.Params
	locs   []scheduling.Location
	points []*matching.Point
	byID   map[string]int
	zones  map[matching.Point]string
}

func newPlaces(params matching.Params) *places {
	return &places{params: params, byID: map[string]int{}, zones: map[matching.Point]string{}}
}

// add registers a location once and returns its id.
func (ps *places) add(id, kind, name string, lat, lon *float64, stepFree bool) string {
	if _, ok := ps.byID[id]; ok {
		return id
	}
	ps.byID[id] = len(ps.locs)
	ps.locs = append(ps.locs, scheduling.Location{ID: id, Kind: kind, Name: name, StepFree: stepFree})
	ps.points = append(ps.points, matching.PointOf(lat, lon))
	return id
}

// zone returns the home zone of a coordinate pair: applicants geocoded to
// the same point (usually by postcode) share one row of the matrix.
func (ps *places) zone(lat, lon float64) string {
	pt := matching.Point{Lat: lat, Lon: lon}
	if id, ok := ps.zones[pt]; ok {
		return id
	}
	id := "z" + strconv.Itoa(len(ps.zones)+1)
	ps.zones[pt] = id
	return ps.add(id, "home", "", &lat, &lon, false)
}

// matrix returns the locations and their travel minutes. A trip from or to
// a place without coordinates takes the configured minimum.
func (ps *places) matrix() ([]scheduling.Location, scheduling.Travel) {
	n := len(ps.locs)
	tr := scheduling.Travel{LocationIDs: make([]string, n), Minutes: make([][]int, n)}
	min := ps.params.MinMinutes
	if min <= 0 {
		min = matching.DefaultParams().MinMinutes
	}
	for i := range ps.locs {
		tr.LocationIDs[i] = ps.locs[i].ID
		tr.Minutes[i] = make([]int, n)
		for j := range ps.locs {
			switch {
			case i == j:
			case ps.points[i] == nil || ps.points[j] == nil:
				tr.Minutes[i][j] = min
			default:
				tr.Minutes[i][j] = ps.params.TravelMinutes(*ps.points[i], *ps.points[j])
			}
		}
	}
	locs := ps.locs
	if locs == nil {
		locs = []scheduling.Location{}
	}
	return locs, tr
}
