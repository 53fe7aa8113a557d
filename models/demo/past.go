package demo

import (
	"fmt"
	"time"

	"treffpunkt/mail/invite"
	"treffpunkt/models"
)

// pastEvent describes one finished demo event for the statistics page.
type pastEvent struct {
	daysAgo   int
	kind      models.EventKind
	title     string
	employers []int // indexes into employers()
	people    [2]int
}

// pastEvents lie more than 86 days back: older than the outcome request's
// MaxAge plus the follow-up delay, so "serve --demo" mails nobody about
// them, and in three different months, so the chart over time has a shape.
func pastEvents() []pastEvent {
	return []pastEvent{
		{165, models.EventKindJobFair, "Herbst-Jobmesse im Bürgerzentrum", []int{0, 3, 7, 9, 11}, [2]int{0, 30}},
		{130, models.EventKindSpeedDating, "Speed-Dating Pflege und Handwerk", []int{1, 4, 12, 14}, [2]int{10, 40}},
		{100, models.EventKindJobFair, "Bewerbertag Logistik und Handel", []int{2, 3, 8, 10, 13}, [2]int{16, 48}},
	}
}

// seedPast adds finished events with registrations and shortlists; their
// attended and missed interviews and outcomes follow in
// seedPastInterviews, so the statistics have something to show. The
// events are created before the upcoming ones so the events list, newest
// first, shows them last. Statuses and outcomes follow the interview's index,
// not the random generator, so the other demo data stays as it was.
func (s *seeder) seedPast() error {
	for _, pe := range pastEvents() {
		if err := s.seedPastEvent(pe); err != nil {
			return err
		}
	}
	return nil
}

// pastOutcomes cycle over the attended interviews: every kind occurs, and
// the hires get start dates spread over the following weeks.
func pastOutcomes() []models.OutcomeKind {
	return []models.OutcomeKind{models.OutcomeHireFullTime, models.OutcomeInternship, models.OutcomeNoInterest,
		models.OutcomeApprenticeship, models.OutcomeTrialWork, models.OutcomeHirePartTime,
		models.OutcomeEntryQualification, models.OutcomeNoInterest, models.OutcomePending}
}

func (s *seeder) seedPastEvent(pe pastEvent) error {
	d := s.day(-pe.daysAgo)
	token, err := randomToken()
	if err != nil {
		return err
	}
	ev := models.Event{JobCentreID: s.jc.ID, Kind: pe.kind, Status: models.EventDone, Title: pe.title,
		Description: "Abgeschlossene Veranstaltung.", SlotMinutes: 20, BufferMinutes: 5, PublicToken: token,
		Days: []models.EventDay{{Date: d, StartsAt: s.at(d, 10, 0), EndsAt: s.at(d, 15, 0)}}}
	atVenue := pe.kind == models.EventKindJobFair
	if atVenue {
		ev.VenueName, ev.VenueStreet = ptr("Bürgerzentrum Waiblingen"), ptr("An der Talaue 4")
		ev.VenuePostcode, ev.VenueTown = ptr("71334"), ptr("Waiblingen")
		ev.VenueLat, ev.VenueLon, ev.VenueStepFree = ptr(48.8316), ptr(9.3131), ptr(true)
	}
	for _, e := range pe.employers {
		emp := s.employers[e]
		t := models.EventTable{Label: fmt.Sprintf("Tisch %d", len(ev.Tables)+1)}
		if !atVenue {
			t = models.EventTable{Label: "Besprechungsraum " + emp.Name, SiteID: &emp.Sites[0].ID}
		}
		ev.Tables = append(ev.Tables, t)
	}
	if err := s.tx.CreateEvent(s.ctx, &ev); err != nil {
		return err
	}
	s.res.Events++

	var vacancies []models.Vacancy
	tableOf := map[int64]int64{} // employer → table or room
	for i, e := range pe.employers {
		emp := s.employers[e]
		reg := models.EventRegistration{EventID: ev.ID, EmployerID: emp.ID, ContactPersonID: emp.Contacts[0].ID,
			Status: models.RegistrationRegistered, ParallelInterviews: 1,
			Windows: []models.EmployerWindow{{StartsAt: s.at(d, 10, 0), EndsAt: s.at(d, 15, 0)}}}
		if !atVenue {
			reg.SiteID = &emp.Sites[0].ID
		}
		for _, v := range emp.Vacancies {
			reg.Vacancies = append(reg.Vacancies, models.RegistrationVacancy{VacancyID: v.ID})
			vacancies = append(vacancies, v)
		}
		if err := s.tx.RegisterEmployer(s.ctx, s.jc.ID, &reg); err != nil {
			return err
		}
		if atVenue {
			b := models.TableBooking{EventID: ev.ID, TableID: ev.Tables[i].ID, RegistrationID: reg.ID,
				StartsAt: s.at(d, 10, 0), EndsAt: s.at(d, 15, 0)}
			if err := s.tx.BookTable(s.ctx, s.jc.ID, &b); err != nil {
				return err
			}
		}
		tableOf[emp.ID] = ev.Tables[i].ID
		s.res.Registrations++
		s.res.Windows += len(reg.Windows)
	}
	if err := s.seedParticipants(ev, s.applicants[pe.people[0]:pe.people[1]], vacancies, false); err != nil {
		return err
	}
	s.past = append(s.past, pastPlan{event: pe, ev: ev, day: d, atVenue: atVenue, tableOf: tableOf})
	return nil
}

// pastPlan is a finished event whose interviews seedPastInterviews adds.
type pastPlan struct {
	event   pastEvent
	ev      models.Event
	day     time.Time
	atVenue bool
	tableOf map[int64]int64
}

// seedPastInterviews adds the finished events' interviews and outcomes
// last, after every other demo interview, so interviews in id order still
// begin with the published event's, as tests that pick "the first
// interview" expect of a plan that can still be printed.
func (s *seeder) seedPastInterviews() error {
	for _, p := range s.past {
		if err := s.seedPastEventInterviews(p); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) seedPastEventInterviews(p pastPlan) error {
	pe, ev, d, atVenue, tableOf := p.event, p.ev, p.day, p.atVenue, p.tableOf
	cands, err := s.tx.ListCandidates(s.ctx, s.jc.ID, ev.ID)
	if err != nil {
		return err
	}

	// Twelve interviews in twelve consecutive slots: nobody is in two
	// places at once, whatever the pairs.
	var ivs []models.Interview
	for i, c := range cands {
		if i >= 12 {
			break
		}
		table := tableOf[c.Vacancy.EmployerID]
		start := s.at(d, 10, 0).Add(time.Duration(i) * 25 * time.Minute)
		status := models.InterviewAttended
		switch {
		case i%5 == 3:
			status = models.InterviewNoShow
		case i == 6:
			status = models.InterviewDeclined
		case i == 10:
			status = models.InterviewCancelled
		}
		iv := models.Interview{CandidateID: c.ID, StartsAt: start.UTC(), EndsAt: start.Add(20 * time.Minute).UTC(),
			Status: status, ICalUID: fmt.Sprintf("demo-past-%d-%d@treffpunkt.localhost", ev.ID, i)}
		if atVenue {
			iv.TableID = &table
		} else {
			iv.TableID, iv.SiteID = &table, &s.employers[indexOfEmployer(s.employers, c.Vacancy.EmployerID)].Sites[0].ID
		}
		if iv.CheckinCode, err = invite.NewCheckinCode(); err != nil {
			return err
		}
		ivs = append(ivs, iv)
	}
	if err := s.tx.CreateInterviews(s.ctx, s.jc.ID, ev.ID, ivs); err != nil {
		return err
	}
	s.res.Interviews += len(ivs)

	kinds := pastOutcomes()
	k := 0
	for _, iv := range ivs {
		if iv.Status != models.InterviewAttended {
			continue
		}
		kind := kinds[(k+pe.daysAgo)%len(kinds)]
		var start *time.Time
		switch kind {
		case models.OutcomeHireFullTime, models.OutcomeHirePartTime, models.OutcomeApprenticeship,
			models.OutcomeInternship, models.OutcomeTrialWork, models.OutcomeEntryQualification:
			v := time.Date(d.Year(), d.Month(), d.Day()+10+7*(k%6), 0, 0, 0, 0, time.UTC)
			start = &v
		}
		k++
		contact := s.employers[indexOfEmployer(s.employers, iv.EmployerID)].Contacts[0].ID
		if _, err := s.tx.RecordOutcome(s.ctx, s.jc.ID, iv.ID, kind, start, models.ActorEmployer, &contact); err != nil {
			return err
		}
	}
	return nil
}

func indexOfEmployer(es []models.Employer, id int64) int {
	for i, e := range es {
		if e.ID == id {
			return i
		}
	}
	panic(fmt.Sprintf("demo: unknown employer %d", id)) // only ids of s.employers are passed
}
