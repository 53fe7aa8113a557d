package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/matching"
	"treffpunkt/views"
)

// maxSuggestions caps each list of the workbench: staff pick three or four
// per vacancy, not read hundreds.
const maxSuggestions = 50

// shortlistData is everything the workbench of one vacancy needs.
type shortlistData struct {
	event      models.Event
	vacancy    models.EventVacancy
	candidates []models.Candidate // of this vacancy
	verdicts   []matching.Verdict // of applicants not yet on the shortlist, ranked
	applicants map[int64]models.Applicant
	params     matching.Params
}

// vacancyParam parses the :vacancy route parameter like idParam.
func vacancyParam(c *fiber.Ctx) (int64, error) {
	raw := c.Params("vacancy")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("handlers: vacancy %q: %w", raw, models.ErrNotFound)
	}
	return id, nil
}

// loadShortlist loads the event, the vacancy, its shortlist and all living
// applicants of the job centre, and judges every applicant not yet on the
// shortlist. Coordinates are the applicants' stored lat/lon: the postcode
// table (models/postcode) has towns but no coordinates to derive them from.
func (h *Handler) loadShortlist(c *fiber.Ctx) (shortlistData, error) {
	var d shortlistData
	eventID, err := idParam(c)
	if err != nil {
		return d, err
	}
	vacancyID, err := vacancyParam(c)
	if err != nil {
		return d, err
	}
	jc := userOf(c).JobCentreID
	ctx, cancel := dbContext(c)
	defer cancel()
	if d.event, err = h.store.GetEvent(ctx, jc, eventID); err != nil {
		return d, fmt.Errorf("handlers: shortlist: %w", err)
	}
	if d.vacancy, err = h.store.GetEventVacancy(ctx, jc, eventID, vacancyID); err != nil {
		return d, fmt.Errorf("handlers: shortlist: %w", err)
	}
	all, err := h.store.ListCandidates(ctx, jc, eventID)
	if err != nil {
		return d, fmt.Errorf("handlers: shortlist: %w", err)
	}
	listed := map[int64]bool{}
	for _, cand := range all {
		if cand.VacancyID == vacancyID {
			d.candidates = append(d.candidates, cand)
			listed[cand.ApplicantID] = true
		}
	}
	applicants, err := h.store.ListApplicants(ctx, jc, models.ApplicantFilter{})
	if err != nil {
		return d, fmt.Errorf("handlers: shortlist: %w", err)
	}
	windows, err := h.store.ListAvailability(ctx, jc, eventID)
	if err != nil {
		return d, fmt.Errorf("handlers: shortlist: %w", err)
	}
	loc, err := jobCentreOf(c).Location()
	if err != nil {
		return d, fmt.Errorf("handlers: shortlist: %w", err)
	}
	d.params = h.travelParams(d.event)
	d.applicants = make(map[int64]models.Applicant, len(applicants))
	ms := make([]matching.Applicant, 0, len(applicants))
	explicit := map[int64][]matching.Window{}
	for _, w := range windows {
		explicit[w.ApplicantID] = append(explicit[w.ApplicantID], matching.Window{Start: w.StartsAt, End: w.EndsAt})
	}
	days := eventDays(d.event)
	for _, a := range applicants {
		d.applicants[a.ID] = a
		ws, ok := explicit[a.ID]
		if !ok {
			// Stored availability was validated on the way in; unreadable
			// text (older data) counts as no restriction.
			daily, _ := matching.ParseDaily(a.Availability)
			ws = matching.OnDays(daily, days, loc)
		}
		ms = append(ms, matching.Applicant{ID: a.ID, Level: a.GermanLevel, Home: matching.PointOf(a.Lat, a.Lon),
			Windows: ws, DrivingLicence: a.DrivingLicence, NeedsStepFree: a.NeedsStepFree})
	}
	d.verdicts = matching.Suggest(d.params, ms, matchingVacancy(d.event, d.vacancy, days), listed)
	return d, nil
}

func eventDays(ev models.Event) []matching.Window {
	out := make([]matching.Window, len(ev.Days))
	for i, day := range ev.Days {
		out[i] = matching.Window{Start: day.StartsAt, End: day.EndsAt}
	}
	return out
}

// matchingVacancy describes where and when the vacancy's interviews happen:
// at the venue if the event has one, else at the employer's site; in the
// employer's windows, or all event days when it named none.
func matchingVacancy(ev models.Event, v models.EventVacancy, days []matching.Window) matching.Vacancy {
	mv := matching.Vacancy{ID: v.Vacancy.ID, MinLevel: v.Vacancy.MinGermanLevel, DrivingLicence: v.Vacancy.DrivingLicence}
	switch {
	case ev.AtVenue():
		mv.Site = matching.PointOf(ev.VenueLat, ev.VenueLon)
		mv.StepFree = ev.VenueStepFree != nil && *ev.VenueStepFree
	case v.Site != nil:
		mv.Site = matching.PointOf(v.Site.Lat, v.Site.Lon)
		mv.StepFree = v.Site.StepFree
	}
	for _, w := range v.Registration.Windows {
		mv.Windows = append(mv.Windows, matching.Window{Start: w.StartsAt, End: w.EndsAt})
	}
	if len(mv.Windows) == 0 {
		mv.Windows = days
	}
	return mv
}

// shortlistPage turns loaded data into the page.
func (h *Handler) shortlistPage(c *fiber.Ctx, d shortlistData) views.ShortlistPage {
	page := views.ShortlistPage{Layout: h.layout(c, "events"), Event: d.event, Vacancy: d.vacancy,
		Candidates: d.candidates, Scores: []int{5, 4, 3, 2, 1}, MaxTravel: h.travel().MaxTravelMinutes}
	for _, v := range d.verdicts {
		s := views.Suggestion{Applicant: d.applicants[v.ApplicantID], Verdict: v}
		if v.Eligible && len(page.Eligible) < maxSuggestions {
			page.Eligible = append(page.Eligible, s)
		} else if !v.Eligible && len(page.Ineligible) < maxSuggestions {
			page.Ineligible = append(page.Ineligible, s)
		}
	}
	return page
}

func shortlistURL(eventID, vacancyID int64) string {
	return "/events/" + strconv.FormatInt(eventID, 10) + "/shortlist/" + strconv.FormatInt(vacancyID, 10)
}
