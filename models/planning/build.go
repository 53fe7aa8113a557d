package planning

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"treffpunkt/models"
	"treffpunkt/models/matching"
	"treffpunkt/scheduling"
)

// ErrUnmappedInterview is returned when an interview the planner must keep
// (pinned or already sent) cannot be placed in the problem, e.g. because its
// employer's registration was cancelled: planning around it would be unsafe.
var ErrUnmappedInterview = errors.New("kept interview outside the plan")

// Mode is what staff optimise for.
type Mode string

// Modes offered on the planning page.
const (
	ModeBestFit       Mode = "best_fit"       // maximise the total score
	ModeEveryoneFirst Mode = "everyone_first" // first give everybody one interview, then the score
)

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool { return m == ModeBestFit || m == ModeEveryoneFirst }

// Objective returns the FORMAT.md objective of the mode.
func (m Mode) Objective() scheduling.Objective {
	if m == ModeEveryoneFirst {
		return scheduling.Objective{Primary: scheduling.PrimaryTotalScore, Fairness: scheduling.FairnessCoverageFirst}
	}
	return scheduling.Objective{Primary: scheduling.PrimaryTotalScore, Fairness: scheduling.FairnessMaxMin}
}

// EventData is everything BuildProblem reads, as Load returns it.
type EventData struct {
	Event         models.Event // with Days and Tables
	Timezone      string       // IANA name of the job centre's zone
	Registrations []models.EventRegistration
	Sites         []models.Site
	Bookings      []models.TableBooking
	Applicants    []models.EventApplicant
	Availability  []models.AvailabilityWindow
	Candidates    []models.Candidate
	Interviews    []models.Interview
}

// TableRef is where a FORMAT table is in the database.
type TableRef struct {
	TableID *int64 // nil for a virtual room at an employer's site
	SiteID  *int64
	Label   string
}

// Index maps the FORMAT ids of a built problem back to database rows.
type Index struct {
	Applicants    map[string]models.Applicant
	Registrations map[string]models.EventRegistration
	Tables        map[string]TableRef
	// Pairs is the candidate a FORMAT pair (applicant, employer) stands for.
	Pairs map[[2]string]models.Candidate
	// Ineligible are shortlisted pairs decided here, never given to the solver.
	Ineligible []scheduling.Unplaced
	// Fixed are the kept interviews by FORMAT pair.
	Fixed map[[2]string]int64
	// InterviewMinutes is the length of a stored interview (the slot without buffer).
	InterviewMinutes int
}

// BuildProblem turns one event's data into a FORMAT.md problem (see the
// package comment for the mapping). The objective is that of ModeBestFit.
func BuildProblem(d EventData, params matching.Params) (*scheduling.Problem, Index, error) {
	ev := d.Event
	idx := Index{
		Applicants: map[string]models.Applicant{}, Registrations: map[string]models.EventRegistration{},
		Tables: map[string]TableRef{}, Pairs: map[[2]string]models.Candidate{}, Fixed: map[[2]string]int64{},
		InterviewMinutes: ev.SlotMinutes,
	}
	if ev.SlotMinutes <= 0 {
		return nil, idx, fmt.Errorf("planning: event %d: slot length %d", ev.ID, ev.SlotMinutes)
	}
	p := &scheduling.Problem{
		FormatVersion: scheduling.FormatVersion, ID: "event-" + strconv.FormatInt(ev.ID, 10), Name: ev.Title,
		Timezone: d.Timezone, Objective: ModeBestFit.Objective(),
	}
	if p.Timezone == "" {
		p.Timezone = "Europe/Berlin"
	}
	loc, err := time.LoadLocation(p.Timezone)
	if err != nil {
		return nil, idx, fmt.Errorf("planning: event %d: %w", ev.ID, err)
	}
	slot := ev.SlotMinutes + ev.BufferMinutes
	days := make([]scheduling.Interval, len(ev.Days))
	for i, day := range ev.Days {
		days[i] = scheduling.Interval{Start: day.StartsAt, End: day.EndsAt}
	}
	places := newPlaces(params)
	venue := ""
	if ev.AtVenue() {
		venue = places.add("venue", "venue", *ev.VenueName, ev.VenueLat, ev.VenueLon, ev.VenueStepFree != nil && *ev.VenueStepFree)
	}
	sites := map[int64]models.Site{}
	for _, s := range d.Sites {
		sites[s.ID] = s
	}
	regByVacancy := map[int64]string{}
	for _, reg := range d.Registrations {
		if reg.Status != models.RegistrationRegistered {
			continue
		}
		e := scheduling.Employer{ID: "r" + strconv.FormatInt(reg.ID, 10), Name: reg.Employer.Name, Sector: reg.Employer.Sector}
		for _, rv := range reg.Vacancies {
			e.MaxInterviews += rv.Vacancy.CandidatesWanted
			e.Vacancies++
			regByVacancy[rv.VacancyID] = e.ID
		}
		e.Tables = registrationTables(ev, reg, d.Bookings, sites, places, venue, slot, days, idx.Tables)
		idx.Registrations[e.ID] = reg
		p.Employers = append(p.Employers, e)
	}
	buildApplicants(p, d, places, days, loc, idx)
	kept := keptInterviews(d.Interviews)
	keptPair := map[int64]bool{}
	for _, iv := range kept {
		keptPair[iv.CandidateID] = true
	}
	buildCandidates(p, d.Candidates, regByVacancy, keptPair, &idx)
	if err := buildFixed(p, kept, regByVacancy, slot, &idx); err != nil {
		return nil, idx, err
	}
	p.Locations, p.Travel = places.matrix()
	return p, idx, nil
}

// registrationTables lists the FORMAT tables of one registration and records them in refs.
func registrationTables(ev models.Event, reg models.EventRegistration, bookings []models.TableBooking,
	sites map[int64]models.Site, places *places, venue string, slot int, days []scheduling.Interval, refs map[string]TableRef,
) []scheduling.Table {
	rid := strconv.FormatInt(reg.ID, 10)
	labels := map[int64]string{}
	for _, t := range ev.Tables {
		labels[t.ID] = t.Label
	}
	var out []scheduling.Table
	booked := map[int64][]scheduling.Interval{}
	for _, b := range bookings {
		if b.RegistrationID == reg.ID {
			booked[b.TableID] = append(booked[b.TableID], scheduling.Interval{Start: b.StartsAt, End: b.EndsAt})
		}
	}
	if len(booked) > 0 {
		ids := make([]int64, 0, len(booked))
		for id := range booked {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			tid := "t" + strconv.FormatInt(id, 10) + "r" + rid
			out = append(out, scheduling.Table{ID: tid, LocationID: venue, SlotMinutes: slot, Windows: merge(booked[id])})
			refs[tid] = TableRef{TableID: &id, Label: labels[id]}
		}
		return out
	}
	windows := make([]scheduling.Interval, 0, len(reg.Windows))
	for _, w := range reg.Windows {
		windows = append(windows, scheduling.Interval{Start: w.StartsAt, End: w.EndsAt})
	}
	if len(windows) == 0 {
		windows = days
	}
	windows = merge(windows)
	where := venue
	if !ev.AtVenue() {
		where = "site-r" + rid
		if reg.SiteID != nil {
			s := sites[*reg.SiteID]
			where = places.add("s"+strconv.FormatInt(*reg.SiteID, 10), "site", s.Name, s.Lat, s.Lon, s.StepFree)
		} else {
			places.add(where, "site", reg.Employer.Name, nil, nil, false)
		}
	}
	n := max(reg.ParallelInterviews, 1)
	if !ev.AtVenue() && reg.SiteID != nil {
		for _, t := range ev.Tables {
			if len(out) < n && t.SiteID != nil && *t.SiteID == *reg.SiteID {
				tid := "t" + strconv.FormatInt(t.ID, 10) + "r" + rid
				out = append(out, scheduling.Table{ID: tid, LocationID: where, SlotMinutes: slot, Windows: windows})
				refs[tid] = TableRef{TableID: &t.ID, SiteID: reg.SiteID, Label: t.Label}
			}
		}
	}
	for k := len(out) + 1; k <= n; k++ {
		tid := "r" + rid + "-" + strconv.Itoa(k)
		out = append(out, scheduling.Table{ID: tid, LocationID: where, SlotMinutes: slot, Windows: windows})
		refs[tid] = TableRef{SiteID: reg.SiteID, Label: reg.Employer.Name + " " + strconv.Itoa(k)}
	}
	return out
}

// buildApplicants adds the event's applicants and those on the shortlist.
func buildApplicants(p *scheduling.Problem, d EventData, places *places, days []scheduling.Interval, loc *time.Location, idx Index) {
	explicit := map[int64][]scheduling.Interval{}
	for _, w := range d.Availability {
		explicit[w.ApplicantID] = append(explicit[w.ApplicantID], scheduling.Interval{Start: w.StartsAt, End: w.EndsAt})
	}
	maxOf := map[int64]int{}
	var order []models.Applicant
	for _, ea := range d.Applicants {
		if _, seen := maxOf[ea.ApplicantID]; !seen {
			order = append(order, ea.Applicant)
		}
		maxOf[ea.ApplicantID] = ea.MaxInterviews
	}
	for _, c := range d.Candidates {
		if _, seen := maxOf[c.ApplicantID]; !seen {
			maxOf[c.ApplicantID] = 0
			order = append(order, c.Applicant)
		}
	}
	// Daily hours are read on whole calendar days, not clipped to the
	// event's opening hours: an applicant free from 08:00 can leave home
	// before a 09:00 interview, which the trip rule of FORMAT.md needs.
	dayWindows := make([]matching.Window, len(days))
	for i, day := range days {
		y, m, dd := day.Start.In(loc).Date()
		start := time.Date(y, m, dd, 0, 0, 0, 0, loc)
		dayWindows[i] = matching.Window{Start: start, End: start.AddDate(0, 0, 1)}
	}
	for _, a := range order {
		id := "a" + strconv.FormatInt(a.ID, 10)
		perDay := max(a.MaxInterviewsPerDay, 1)
		total := maxOf[a.ID]
		if total <= 0 {
			total = perDay * max(len(days), 1)
		}
		ws, ok := explicit[a.ID]
		if !ok {
			// Stored availability was validated on the way in; unreadable
			// text (older data) counts as no restriction, as on the shortlist.
			daily, _ := matching.ParseDaily(a.Availability)
			for _, w := range matching.OnDays(daily, dayWindows, loc) {
				ws = append(ws, scheduling.Interval{Start: w.Start, End: w.End})
			}
		}
		level := string(a.GermanLevel)
		if !a.GermanLevel.Valid() {
			level = string(models.GermanA1) // eligibility is decided before the solver
		}
		home := ""
		if a.Lat != nil && a.Lon != nil {
			home = places.zone(*a.Lat, *a.Lon)
		}
		p.Applicants = append(p.Applicants, scheduling.Applicant{
			ID: id, HomeLocationID: home, GermanLevel: level, DrivingLicence: a.DrivingLicence,
			NeedsStepFree: a.NeedsStepFree, MaxInterviews: total, MaxInterviewsPerDay: perDay, Availability: merge(ws),
		})
		idx.Applicants[id] = a
	}
}

// buildCandidates turns the shortlist into FORMAT pairs, one per applicant
// and registration, and decides eligibility per vacancy.
func buildCandidates(p *scheduling.Problem, cs []models.Candidate, regByVacancy map[int64]string, kept map[int64]bool, idx *Index) {
	sorted := slices.Clone(cs)
	slices.SortStableFunc(sorted, func(a, b models.Candidate) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
	type pair struct {
		best   *models.Candidate
		reason scheduling.Reason
	}
	pairs := map[[2]string]*pair{}
	var order [][2]string
	for i := range sorted {
		c := &sorted[i]
		emp, ok := regByVacancy[c.VacancyID]
		if !ok {
			continue // the vacancy is not brought by a registered employer
		}
		key := [2]string{"a" + strconv.FormatInt(c.ApplicantID, 10), emp}
		pr, ok := pairs[key]
		if !ok {
			pr = &pair{}
			pairs[key] = pr
			order = append(order, key)
		}
		reason := ineligible(*c)
		if kept[c.ID] {
			reason = "" // a kept interview stays whatever changed since
		}
		switch {
		case reason == "" && pr.best == nil:
			pr.best, pr.reason = c, ""
		case reason != "" && pr.best == nil && pr.reason == "":
			pr.reason = reason
		}
	}
	for _, key := range order {
		pr := pairs[key]
		if pr.best == nil {
			idx.Ineligible = append(idx.Ineligible, scheduling.Unplaced{ApplicantID: key[0], EmployerID: key[1], Reason: pr.reason})
			continue
		}
		idx.Pairs[key] = *pr.best
		p.Candidates = append(p.Candidates, scheduling.Candidate{ApplicantID: key[0], EmployerID: key[1], Score: 20 * clampScore(pr.best.Score)})
	}
}

// ineligible returns the FORMAT reason a pair cannot meet, or "".
func ineligible(c models.Candidate) scheduling.Reason {
	v := c.Vacancy
	if v.MinGermanLevel != nil && !c.Override && !c.Applicant.GermanLevel.AtLeast(*v.MinGermanLevel) {
		return scheduling.ReasonLanguageLevel
	}
	if v.DrivingLicence && !c.Applicant.DrivingLicence {
		return scheduling.ReasonDrivingLicence
	}
	return ""
}

func clampScore(s int) int { return min(max(s, 1), 5) }

// keptInterviews are those the planner must not move or remove.
func keptInterviews(ivs []models.Interview) []models.Interview {
	var out []models.Interview
	for _, iv := range ivs {
		switch {
		case iv.Status == models.InterviewDeclined || iv.Status == models.InterviewCancelled:
		case iv.Pinned || iv.Status != models.InterviewPlanned:
			out = append(out, iv)
		}
	}
	return out
}

// buildFixed turns kept interviews into fixed meetings on their tables.
func buildFixed(p *scheduling.Problem, kept []models.Interview, regByVacancy map[int64]string, slot int, idx *Index) error {
	tablesOf := map[string][]scheduling.Table{}
	for _, e := range p.Employers {
		tablesOf[e.ID] = e.Tables
	}
	used := map[string]bool{}
	for _, iv := range kept {
		emp, ok := regByVacancy[iv.VacancyID]
		key := [2]string{"a" + strconv.FormatInt(iv.ApplicantID, 10), emp}
		c, paired := idx.Pairs[key]
		if !ok || !paired {
			return fmt.Errorf("planning: interview %d: %w", iv.ID, ErrUnmappedInterview)
		}
		if c.ID != iv.CandidateID {
			// The meeting with this employer is the kept interview's vacancy.
			idx.Pairs[key] = models.Candidate{ID: iv.CandidateID, EventID: iv.EventID, ApplicantID: iv.ApplicantID,
				VacancyID: iv.VacancyID, Score: c.Score, Applicant: iv.Applicant, Vacancy: iv.Vacancy}
		}
		table := ""
		for _, t := range tablesOf[emp] {
			ref := idx.Tables[t.ID]
			if iv.TableID != nil && ref.TableID != nil && *ref.TableID == *iv.TableID && covers(t.Windows, iv.StartsAt) {
				table = t.ID
				break
			}
			if iv.TableID == nil && table == "" && covers(t.Windows, iv.StartsAt) && !used[t.ID+"@"+iv.StartsAt.UTC().String()] {
				table = t.ID // no room stored: the employer's first one free at that time is as good as any
			}
		}
		used[table+"@"+iv.StartsAt.UTC().String()] = true
		if table == "" {
			return fmt.Errorf("planning: interview %d: table: %w", iv.ID, ErrUnmappedInterview)
		}
		p.FixedMeetings = append(p.FixedMeetings, scheduling.Meeting{ApplicantID: key[0], EmployerID: emp, TableID: table,
			Start: iv.StartsAt, End: iv.StartsAt.Add(time.Duration(slot) * time.Minute)})
		idx.Fixed[key] = iv.ID
	}
	return nil
}

func covers(ws []scheduling.Interval, t time.Time) bool {
	for _, w := range ws {
		if !t.Before(w.Start) && t.Before(w.End) {
			return true
		}
	}
	return false
}

// merge sorts windows and joins overlapping ones: FORMAT.md forbids overlaps
// within one applicant or table, while stored windows may overlap.
func merge(ws []scheduling.Interval) []scheduling.Interval {
	ws = slices.Clone(ws)
	slices.SortFunc(ws, func(a, b scheduling.Interval) int { return a.Start.Compare(b.Start) })
	var out []scheduling.Interval
	for _, w := range ws {
		if !w.End.After(w.Start) {
			continue
		}
		if n := len(out); n > 0 && w.Start.Before(out[n-1].End) {
			if w.End.After(out[n-1].End) {
				out[n-1].End = w.End
			}
			continue
		}
		out = append(out, w)
	}
	if out == nil {
		out = []scheduling.Interval{}
	}
	return out
}

// Load reads everything BuildProblem needs for one event of a job centre;
// models.ErrNotFound when the event belongs to another job centre.
func Load(ctx context.Context, store *models.Store, jobCentreID, eventID int64) (EventData, error) {
	var d EventData
	ev, err := store.GetEvent(ctx, jobCentreID, eventID)
	if err != nil {
		return d, fmt.Errorf("planning: load: %w", err)
	}
	jc, err := store.GetJobCentre(ctx, jobCentreID)
	if err != nil {
		return d, fmt.Errorf("planning: load: %w", err)
	}
	d.Event, d.Timezone = ev, jc.Timezone
	wrap := func(err error) error { return fmt.Errorf("planning: load event %d: %w", eventID, err) }
	if d.Registrations, err = store.ListRegistrations(ctx, jobCentreID, eventID); err != nil {
		return d, wrap(err)
	}
	if d.Sites, err = store.ListEventSites(ctx, jobCentreID, eventID); err != nil {
		return d, wrap(err)
	}
	if d.Bookings, err = store.ListTableBookings(ctx, jobCentreID, eventID); err != nil {
		return d, wrap(err)
	}
	if d.Applicants, err = store.ListEventApplicants(ctx, jobCentreID, eventID); err != nil {
		return d, wrap(err)
	}
	if d.Availability, err = store.ListAvailability(ctx, jobCentreID, eventID); err != nil {
		return d, wrap(err)
	}
	if d.Candidates, err = store.ListCandidates(ctx, jobCentreID, eventID); err != nil {
		return d, wrap(err)
	}
	if d.Interviews, err = store.ListInterviews(ctx, jobCentreID, eventID); err != nil {
		return d, wrap(err)
	}
	return d, nil
}
