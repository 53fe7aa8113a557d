package demo

import (
	"fmt"
	"time"

	"treffpunkt/mail/invite"
	"treffpunkt/models"
)

// seedPublished adds a small published speed-dating at a venue: its
// interviews go through invite.Publish like staff's would, then one is
// moved and one cancelled, so the outbox (and, once the worker ran, the
// mail folder) holds invitations, an update and a cancellation in German,
// English, Ukrainian and Arabic. Without an invite service it is skipped.
func (s *seeder) seedPublished() error {
	if s.invites == nil {
		return nil
	}
	d := s.day(10)
	token, err := randomToken()
	if err != nil {
		return err
	}
	ev := models.Event{JobCentreID: s.jc.ID, Kind: models.EventKindSpeedDating, Status: models.EventClosed,
		Title:       "Speed-Dating Einzelhandel im Kulturhaus",
		Description: "Kurze Gespräche von 20 Minuten. Der Eingang ist am Marktplatz, Sie werden am Empfang abgeholt.",
		VenueName:   ptr("Kulturhaus Schwanen"), VenueStreet: ptr("Winnender Straße 4"),
		VenuePostcode: ptr("71334"), VenueTown: ptr("Waiblingen"),
		VenueLat: ptr(48.83195), VenueLon: ptr(9.31640), VenueStepFree: ptr(true),
		SlotMinutes: 20, BufferMinutes: 5, PublicToken: token,
		Days: []models.EventDay{{Date: d, StartsAt: s.at(d, 9, 0), EndsAt: s.at(d, 12, 0)}},
	}
	for i := 1; i <= 3; i++ {
		ev.Tables = append(ev.Tables, models.EventTable{Label: fmt.Sprintf("Tisch %d", i)})
	}
	if err := s.tx.CreateEvent(s.ctx, &ev); err != nil {
		return err
	}
	s.res.Events++
	s.res.PublishedID = ev.ID

	hosts := []models.Employer{s.employers[6], s.employers[5], s.employers[3]}
	for i, emp := range hosts {
		reg := models.EventRegistration{EventID: ev.ID, EmployerID: emp.ID, ContactPersonID: emp.Contacts[0].ID,
			Status: models.RegistrationRegistered, ParallelInterviews: 1,
			Windows: []models.EmployerWindow{{StartsAt: s.at(d, 9, 0), EndsAt: s.at(d, 12, 0)}}}
		for _, v := range emp.Vacancies {
			reg.Vacancies = append(reg.Vacancies, models.RegistrationVacancy{VacancyID: v.ID})
		}
		if err := s.tx.RegisterEmployer(s.ctx, s.jc.ID, &reg); err != nil {
			return err
		}
		b := models.TableBooking{EventID: ev.ID, TableID: ev.Tables[i].ID, RegistrationID: reg.ID,
			StartsAt: s.at(d, 9, 0), EndsAt: s.at(d, 12, 0)}
		if err := s.tx.BookTable(s.ctx, s.jc.ID, &b); err != nil {
			return err
		}
		s.res.Registrations++
	}

	// One applicant per language, so the mail folder shows every locale.
	// From the end of the list, which the other events use least.
	var people []models.Applicant
	for _, lang := range models.Languages() {
		for i := len(s.applicants) - 1; i >= 0; i-- {
			if a := s.applicants[i]; a.PreferredLanguage == lang && !contains(people, a.ID) {
				people = append(people, a)
				break
			}
		}
	}
	for _, a := range s.applicants[48:] {
		if len(people) >= 5 {
			break
		}
		if !contains(people, a.ID) {
			people = append(people, a)
		}
	}
	var eas []models.EventApplicant
	for _, a := range people {
		eas = append(eas, models.EventApplicant{ApplicantID: a.ID, MaxInterviews: 2})
	}
	if err := s.tx.AddEventApplicants(s.ctx, s.jc.ID, ev.ID, eas, nil); err != nil {
		return err
	}
	s.res.EventApplicants += len(eas)
	var cs []models.Candidate
	for i, a := range people {
		cs = append(cs, models.Candidate{ApplicantID: a.ID, VacancyID: hosts[i%len(hosts)].Vacancies[0].ID, CreatedBy: &s.staffID, Score: 4})
	}
	if err := s.tx.SaveCandidates(s.ctx, s.jc.ID, ev.ID, cs); err != nil {
		return err
	}
	s.res.Candidates += len(cs)

	var ivs []models.Interview
	for i, c := range cs {
		table := ev.Tables[i%len(hosts)].ID
		start := s.at(d, 9, 0).Add(time.Duration(i/len(hosts)) * 25 * time.Minute)
		code, err := invite.NewCheckinCode()
		if err != nil {
			return err
		}
		ivs = append(ivs, models.Interview{CandidateID: c.ID, TableID: &table, StartsAt: start.UTC(),
			EndsAt: start.Add(20 * time.Minute).UTC(), ICalUID: s.invites.NewUID(), CheckinCode: code})
	}
	if err := s.tx.CreateInterviews(s.ctx, s.jc.ID, ev.ID, ivs); err != nil {
		return err
	}
	ids := make([]int64, len(ivs))
	for i, iv := range ivs {
		ids[i] = iv.ID
	}
	if err := s.invites.Publish(s.ctx, s.tx, s.jc.ID, ids); err != nil {
		return err
	}
	if _, err := s.tx.SetEventStatus(s.ctx, s.jc.ID, ev.ID, ev.Version, models.EventPublished); err != nil {
		return err
	}
	// The second interview moves half an hour later: an update.
	moved, err := s.tx.GetInterview(s.ctx, s.jc.ID, ids[1])
	if err != nil {
		return err
	}
	moved.StartsAt, moved.EndsAt = moved.StartsAt.Add(50*time.Minute), moved.EndsAt.Add(50*time.Minute)
	if err := s.invites.Move(s.ctx, s.tx, s.jc.ID, moved); err != nil {
		return err
	}
	// The last one is cancelled: a cancellation.
	last, err := s.tx.GetInterview(s.ctx, s.jc.ID, ids[len(ids)-1])
	if err != nil {
		return err
	}
	if err := s.invites.Cancel(s.ctx, s.tx, s.jc.ID, last.ID, last.Version); err != nil {
		return err
	}
	s.res.Interviews += len(ivs)
	return nil
}

func contains(as []models.Applicant, id int64) bool {
	for _, a := range as {
		if a.ID == id {
			return true
		}
	}
	return false
}
