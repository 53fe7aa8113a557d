package scheduling

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the timezone must resolve even on hosts without a zoneinfo database
)

// ParseError is a problem in an instance, located by its JSON path
// (for example "employers[3].tables[0].windows[1]").
type ParseError struct {
	Path string
	Msg  string
}

// Error implements error as "path: message".
func (e *ParseError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// levelRank orders CEFR levels A1 < … < C2; 0 means no or an unknown level.
func levelRank(s string) int8 {
	switch s {
	case "A1":
		return 1
	case "A2":
		return 2
	case "B1":
		return 3
	case "B2":
		return 4
	case "C1":
		return 5
	case "C2":
		return 6
	}
	return 0
}

// ParseProblem reads an instance and checks it against FORMAT.md: types, ids,
// references, windows and the travel matrix. Every error is a *ParseError that
// carries the JSON path. Unknown fields are ignored.
func ParseProblem(r io.Reader) (*Problem, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, &ParseError{Msg: fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, err)}
		}
		return nil, &ParseError{Msg: fmt.Sprintf("invalid JSON: %v", err)}
	}
	w := walker{}
	p := w.problem(raw)
	if w.err != nil {
		return nil, w.err
	}
	if err := CheckProblem(p); err != nil {
		return nil, err
	}
	return p, nil
}

// walker converts decoded JSON into a Problem and keeps the first error.
type walker struct{ err *ParseError }

func (w *walker) fail(path, format string, args ...any) {
	if w.err == nil {
		w.err = &ParseError{Path: path, Msg: fmt.Sprintf(format, args...)}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func idx(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func (w *walker) obj(v any, path string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok && w.err == nil {
		w.fail(path, "expected an object, got %s", kind(v))
	}
	return m
}

func (w *walker) arr(m map[string]any, path, key string, required bool) []any {
	v, ok := m[key]
	if !ok || v == nil {
		if required {
			w.fail(join(path, key), "missing")
		}
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		w.fail(join(path, key), "expected an array, got %s", kind(v))
	}
	return a
}

func (w *walker) str(m map[string]any, path, key string, required bool) string {
	v, ok := m[key]
	if !ok || v == nil {
		if required {
			w.fail(join(path, key), "missing")
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		w.fail(join(path, key), "expected a string, got %s", kind(v))
	}
	return s
}

func (w *walker) id(m map[string]any, path, key string) string {
	s := w.str(m, path, key, true)
	if s == "" && w.err == nil {
		w.fail(join(path, key), "empty id")
	}
	return s
}

func (w *walker) integer(m map[string]any, path, key string, required bool, min int) int {
	v, ok := m[key]
	if !ok || v == nil {
		if required {
			w.fail(join(path, key), "missing")
		}
		return 0
	}
	n, ok := v.(json.Number)
	if !ok {
		w.fail(join(path, key), "expected an integer, got %s", kind(v))
		return 0
	}
	i, err := strconv.ParseInt(string(n), 10, 32)
	if err != nil {
		w.fail(join(path, key), "expected an integer, got %s", n)
		return 0
	}
	if int(i) < min {
		w.fail(join(path, key), "must be at least %d, got %d", min, i)
	}
	return int(i)
}

func (w *walker) boolean(m map[string]any, path, key string) bool {
	v, ok := m[key]
	if !ok || v == nil {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		w.fail(join(path, key), "expected true or false, got %s", kind(v))
	}
	return b
}

func (w *walker) instant(m map[string]any, path, key string) time.Time {
	s := w.str(m, path, key, true)
	if w.err != nil {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		w.fail(join(path, key), "not an RFC 3339 instant with offset: %q", s)
	}
	return t
}

func (w *walker) interval(v any, path string) Interval {
	m := w.obj(v, path)
	iv := Interval{Start: w.instant(m, path, "start"), End: w.instant(m, path, "end")}
	if w.err == nil && !iv.Start.Before(iv.End) {
		w.fail(path, "end before start")
	}
	return iv
}

func (w *walker) intervals(m map[string]any, path, key string) []Interval {
	a := w.arr(m, path, key, true)
	out := make([]Interval, 0, len(a))
	for i, v := range a {
		out = append(out, w.interval(v, idx(join(path, key), i)))
	}
	return out
}

func (w *walker) level(m map[string]any, path, key string) string {
	s := w.str(m, path, key, false)
	if s != "" && levelRank(s) == 0 {
		w.fail(join(path, key), "unknown language level %q (want A1, A2, B1, B2, C1 or C2)", s)
	}
	return s
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func (w *walker) problem(raw any) *Problem {
	root := w.obj(raw, "")
	p := &Problem{}
	if w.err != nil {
		return p
	}
	p.FormatVersion = w.str(root, "", "format_version", true)
	p.ID = w.str(root, "", "id", false)
	p.Name = w.str(root, "", "name", false)
	p.Timezone = w.str(root, "", "timezone", true)
	if o, ok := root["objective"]; ok && o != nil {
		om := w.obj(o, "objective")
		p.Objective.Primary = w.str(om, "objective", "primary", false)
		p.Objective.Fairness = w.str(om, "objective", "fairness", false)
	}
	for i, v := range w.arr(root, "", "locations", true) {
		path := idx("locations", i)
		m := w.obj(v, path)
		if w.err != nil {
			return p
		}
		p.Locations = append(p.Locations, Location{
			ID: w.id(m, path, "id"), Kind: w.str(m, path, "kind", false),
			Name: w.str(m, path, "name", false), StepFree: w.boolean(m, path, "step_free"),
		})
	}
	if tv, ok := root["travel"]; !ok || tv == nil {
		w.fail("travel", "missing")
	} else {
		tm := w.obj(tv, "travel")
		if w.err != nil {
			return p
		}
		for i, v := range w.arr(tm, "travel", "location_ids", true) {
			s, ok := v.(string)
			if !ok {
				w.fail(idx("travel.location_ids", i), "expected a string, got %s", kind(v))
			}
			p.Travel.LocationIDs = append(p.Travel.LocationIDs, s)
		}
		for i, v := range w.arr(tm, "travel", "minutes", true) {
			path := idx("travel.minutes", i)
			row, ok := v.([]any)
			if !ok {
				w.fail(path, "expected an array, got %s", kind(v))
				return p
			}
			r := make([]int, len(row))
			for j, c := range row {
				n, ok := c.(json.Number)
				x, err := strconv.ParseInt(string(n), 10, 32)
				if !ok || err != nil || x < 0 {
					w.fail(idx(path, j), "expected a non-negative integer number of minutes, got %v", c)
					return p
				}
				r[j] = int(x)
			}
			p.Travel.Minutes = append(p.Travel.Minutes, r)
		}
	}
	for i, v := range w.arr(root, "", "employers", true) {
		path := idx("employers", i)
		m := w.obj(v, path)
		if w.err != nil {
			return p
		}
		e := Employer{
			ID: w.id(m, path, "id"), Name: w.str(m, path, "name", false), Sector: w.str(m, path, "sector", false),
			Vacancies:            w.integer(m, path, "vacancies", false, 0),
			InterviewsPerVacancy: w.integer(m, path, "interviews_per_vacancy", false, 0),
			MaxInterviews:        w.integer(m, path, "max_interviews", true, 0),
		}
		if rq, ok := m["requirements"]; ok && rq != nil {
			rp := join(path, "requirements")
			rm := w.obj(rq, rp)
			e.Requirements.MinGermanLevel = w.level(rm, rp, "min_german_level")
			e.Requirements.DrivingLicence = w.boolean(rm, rp, "driving_licence")
		}
		for j, tv := range w.arr(m, path, "tables", true) {
			tp := idx(join(path, "tables"), j)
			tm := w.obj(tv, tp)
			if w.err != nil {
				return p
			}
			e.Tables = append(e.Tables, Table{
				ID: w.id(tm, tp, "id"), LocationID: w.id(tm, tp, "location_id"),
				SlotMinutes: w.integer(tm, tp, "slot_minutes", true, 1),
				Windows:     w.intervals(tm, tp, "windows"),
			})
		}
		p.Employers = append(p.Employers, e)
	}
	for i, v := range w.arr(root, "", "applicants", true) {
		path := idx("applicants", i)
		m := w.obj(v, path)
		if w.err != nil {
			return p
		}
		p.Applicants = append(p.Applicants, Applicant{
			ID: w.id(m, path, "id"), HomeLocationID: w.str(m, path, "home_location_id", false),
			GermanLevel: w.level(m, path, "german_level"), DrivingLicence: w.boolean(m, path, "driving_licence"),
			NeedsStepFree:       w.boolean(m, path, "needs_step_free"),
			MaxInterviews:       w.integer(m, path, "max_interviews", true, 0),
			MaxInterviewsPerDay: w.integer(m, path, "max_interviews_per_day", true, 0),
			Availability:        w.intervals(m, path, "availability"),
		})
	}
	for i, v := range w.arr(root, "", "candidates", true) {
		path := idx("candidates", i)
		m := w.obj(v, path)
		if w.err != nil {
			return p
		}
		p.Candidates = append(p.Candidates, Candidate{
			ApplicantID: w.id(m, path, "applicant_id"), EmployerID: w.id(m, path, "employer_id"),
			Score: w.integer(m, path, "score", true, 0),
		})
	}
	for i, v := range w.arr(root, "", "fixed_meetings", false) {
		path := idx("fixed_meetings", i)
		m := w.obj(v, path)
		if w.err != nil {
			return p
		}
		mt := Meeting{
			ApplicantID: w.id(m, path, "applicant_id"), EmployerID: w.id(m, path, "employer_id"),
			TableID: w.id(m, path, "table_id"), Start: w.instant(m, path, "start"), End: w.instant(m, path, "end"),
		}
		if w.err == nil && !mt.Start.Before(mt.End) {
			w.fail(path, "end before start")
		}
		p.FixedMeetings = append(p.FixedMeetings, mt)
	}
	return p
}

// CheckProblem checks the references and structural rules of an instance built
// in Go (ParseProblem calls it too): unique ids, known references, a square
// travel matrix covering every used location, ordered and disjoint windows.
// Objective fields left empty get their defaults (total_score, max_min_interviews).
// The error is a *ParseError with the JSON path of the first problem.
func CheckProblem(p *Problem) error {
	fail := func(path, format string, args ...any) error {
		return &ParseError{Path: path, Msg: fmt.Sprintf(format, args...)}
	}
	if !strings.HasPrefix(p.FormatVersion, "1.") && p.FormatVersion != "1" {
		return fail("format_version", "unsupported version %q (want 1.x)", p.FormatVersion)
	}
	if _, err := time.LoadLocation(p.Timezone); err != nil || p.Timezone == "" {
		return fail("timezone", "unknown IANA time zone %q", p.Timezone)
	}
	switch p.Objective.Primary {
	case "":
		p.Objective.Primary = PrimaryTotalScore
	case PrimaryTotalScore, PrimaryMeetingCount:
	default:
		return fail("objective.primary", "unknown objective %q (want total_score or meeting_count)", p.Objective.Primary)
	}
	switch p.Objective.Fairness {
	case "":
		p.Objective.Fairness = FairnessMaxMin
	case FairnessMaxMin, FairnessCoverageFirst:
	default:
		return fail("objective.fairness", "unknown fairness %q (want max_min_interviews or coverage_first)", p.Objective.Fairness)
	}
	locs := map[string]bool{}
	for i, l := range p.Locations {
		if l.ID == "" {
			return fail(idx("locations", i)+".id", "empty id")
		}
		if locs[l.ID] {
			return fail(idx("locations", i)+".id", "duplicate id %q", l.ID)
		}
		locs[l.ID] = true
	}
	inTravel := map[string]bool{}
	for i, id := range p.Travel.LocationIDs {
		if !locs[id] {
			return fail(idx("travel.location_ids", i), "unknown location %q", id)
		}
		if inTravel[id] {
			return fail(idx("travel.location_ids", i), "duplicate location %q", id)
		}
		inTravel[id] = true
	}
	n := len(p.Travel.LocationIDs)
	if len(p.Travel.Minutes) != n {
		return fail("travel.minutes", "has %d rows, want %d (one per location id)", len(p.Travel.Minutes), n)
	}
	for i, row := range p.Travel.Minutes {
		if len(row) != n {
			return fail(idx("travel.minutes", i), "has %d columns, want %d", len(row), n)
		}
		for j, v := range row {
			if v < 0 {
				return fail(idx(idx("travel.minutes", i), j), "negative travel time %d", v)
			}
		}
		if row[i] != 0 {
			return fail(idx(idx("travel.minutes", i), i), "diagonal must be 0, got %d", row[i])
		}
	}
	emps := map[string]bool{}
	tables := map[string]bool{}
	for i, e := range p.Employers {
		path := idx("employers", i)
		if e.ID == "" {
			return fail(path+".id", "empty id")
		}
		if emps[e.ID] {
			return fail(path+".id", "duplicate id %q", e.ID)
		}
		emps[e.ID] = true
		if e.MaxInterviews < 0 {
			return fail(path+".max_interviews", "must not be negative")
		}
		if l := e.Requirements.MinGermanLevel; l != "" && levelRank(l) == 0 {
			return fail(path+".requirements.min_german_level", "unknown language level %q", l)
		}
		for j, t := range e.Tables {
			tp := idx(path+".tables", j)
			if t.ID == "" {
				return fail(tp+".id", "empty id")
			}
			if tables[t.ID] {
				return fail(tp+".id", "duplicate table id %q", t.ID)
			}
			tables[t.ID] = true
			if !inTravel[t.LocationID] {
				return fail(tp+".location_id", "location %q is not in travel.location_ids", t.LocationID)
			}
			if t.SlotMinutes <= 0 {
				return fail(tp+".slot_minutes", "must be positive, got %d", t.SlotMinutes)
			}
			if err := checkWindows(t.Windows, tp+".windows"); err != nil {
				return err
			}
		}
	}
	apps := map[string]bool{}
	for i, a := range p.Applicants {
		path := idx("applicants", i)
		if a.ID == "" {
			return fail(path+".id", "empty id")
		}
		if apps[a.ID] {
			return fail(path+".id", "duplicate id %q", a.ID)
		}
		apps[a.ID] = true
		if a.HomeLocationID != "" && !inTravel[a.HomeLocationID] {
			return fail(path+".home_location_id", "location %q is not in travel.location_ids", a.HomeLocationID)
		}
		if l := a.GermanLevel; l != "" && levelRank(l) == 0 {
			return fail(path+".german_level", "unknown language level %q", l)
		}
		if a.MaxInterviews < 0 {
			return fail(path+".max_interviews", "must not be negative")
		}
		if a.MaxInterviewsPerDay < 0 {
			return fail(path+".max_interviews_per_day", "must not be negative")
		}
		if err := checkWindows(a.Availability, path+".availability"); err != nil {
			return err
		}
	}
	pairs := map[[2]string]bool{}
	for i, c := range p.Candidates {
		path := idx("candidates", i)
		if !apps[c.ApplicantID] {
			return fail(path+".applicant_id", "unknown applicant %q", c.ApplicantID)
		}
		if !emps[c.EmployerID] {
			return fail(path+".employer_id", "unknown employer %q", c.EmployerID)
		}
		if c.Score < 0 {
			return fail(path+".score", "must not be negative, got %d", c.Score)
		}
		k := [2]string{c.ApplicantID, c.EmployerID}
		if pairs[k] {
			return fail(path, "duplicate pair (%s, %s)", c.ApplicantID, c.EmployerID)
		}
		pairs[k] = true
	}
	for i, m := range p.FixedMeetings {
		if !m.Start.Before(m.End) {
			return fail(idx("fixed_meetings", i), "end before start")
		}
	}
	return nil
}

// checkWindows requires start < end and no two windows overlapping.
func checkWindows(ws []Interval, path string) error {
	order := make([]int, len(ws))
	for i := range ws {
		if !ws[i].Start.Before(ws[i].End) {
			return &ParseError{Path: idx(path, i), Msg: "end before start"}
		}
		order[i] = i
	}
	sort.Slice(order, func(x, y int) bool { return ws[order[x]].Start.Before(ws[order[y]].Start) })
	for k := 1; k < len(order); k++ {
		a, b := order[k-1], order[k]
		if ws[b].Start.Before(ws[a].End) {
			return &ParseError{Path: idx(path, b), Msg: fmt.Sprintf("overlaps window %d", a)}
		}
	}
	return nil
}
