package models

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SaveCandidates inserts or rescores shortlist pairs of one event in a
// transaction. A pair that exists (event, applicant, vacancy) gets the new
// score and override; applicants and vacancies must belong to the job centre.
func (s *Store) SaveCandidates(ctx context.Context, jobCentreID, eventID int64, cs []Candidate) error {
	if len(cs) == 0 {
		return nil
	}
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEvent(ctx, jobCentreID, eventID); err != nil {
			return err
		}
		applicantIDs := make([]int64, len(cs))
		vacancyIDs := map[int64]bool{}
		for i := range cs {
			cs[i].EventID = eventID
			applicantIDs[i] = cs[i].ApplicantID
			vacancyIDs[cs[i].VacancyID] = true
		}
		if err := tx.ownsApplicants(ctx, jobCentreID, applicantIDs); err != nil {
			return err
		}
		ids := make([]int64, 0, len(vacancyIDs))
		for id := range vacancyIDs {
			ids = append(ids, id)
		}
		var n int64
		err := tx.db.WithContext(ctx).Model(&Vacancy{}).
			Joins("JOIN employers ON employers.id = vacancies.employer_id").
			Where("employers.job_centre_id = ? AND vacancies.id IN ?", jobCentreID, ids).
			Count(&n).Error
		if err != nil || n != int64(len(ids)) {
			return translate(firstErr(err, gorm.ErrRecordNotFound), "vacancies of job centre %d", jobCentreID)
		}
		err = tx.db.WithContext(ctx).Omit(clause.Associations).
			Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "event_id"}, {Name: "applicant_id"}, {Name: "vacancy_id"}},
				DoUpdates: clause.AssignmentColumns([]string{"score", "override", "override_reason", "updated_at"}),
			}).
			Create(&cs).Error
		return translate(err, "save candidates of event %d", eventID)
	})
}

// ListCandidates returns an event's shortlist with applicant and vacancy,
// best scores first.
func (s *Store) ListCandidates(ctx context.Context, jobCentreID, eventID int64) ([]Candidate, error) {
	var cs []Candidate
	err := s.db.WithContext(ctx).
		Joins("Applicant").
		Joins("Vacancy").
		Where("candidates.event_id = ? AND \"Applicant\".job_centre_id = ?", eventID, jobCentreID).
		Order("candidates.score DESC, candidates.id").
		Find(&cs).Error
	return cs, translate(err, "list candidates of event %d", eventID)
}

// DeleteCandidate removes a pair from the shortlist; its interviews go too.
func (s *Store) DeleteCandidate(ctx context.Context, jobCentreID, id int64) error {
	res := s.db.WithContext(ctx).
		Where("id = ? AND event_id IN (SELECT id FROM events WHERE job_centre_id = ?)", id, jobCentreID).
		Delete(&Candidate{})
	return rowsOrNotFound(res, "delete candidate %d", id)
}

// EventVacancy is a vacancy as an event offers it: the registration that
// brings it (with employer and windows) and where interviews for it happen.
type EventVacancy struct {
	Registration EventRegistration
	Vacancy      Vacancy
	Site         *Site // the vacancy's or the registration's site; nil at a venue without one
}

// GetEventVacancy loads vacancy vacancyID as brought to event eventID by a
// registration that is not cancelled; anything else is ErrNotFound.
func (s *Store) GetEventVacancy(ctx context.Context, jobCentreID, eventID, vacancyID int64) (EventVacancy, error) {
	var reg EventRegistration
	err := s.db.WithContext(ctx).
		Joins("Employer").
		Preload("Vacancies", "vacancy_id = ?", vacancyID).
		Preload("Vacancies.Vacancy").
		Preload("Windows", func(db *gorm.DB) *gorm.DB { return db.Order("starts_at") }).
		Where("event_registrations.event_id = ? AND \"Employer\".job_centre_id = ? AND event_registrations.status <> ?",
			eventID, jobCentreID, RegistrationCancelled).
		Where("event_registrations.id IN (SELECT registration_id FROM registration_vacancies WHERE vacancy_id = ?)", vacancyID).
		First(&reg).Error
	if err != nil {
		return EventVacancy{}, translate(err, "load vacancy %d of event %d", vacancyID, eventID)
	}
	if len(reg.Vacancies) != 1 {
		return EventVacancy{}, translate(gorm.ErrRecordNotFound, "load vacancy %d of event %d", vacancyID, eventID)
	}
	ev := EventVacancy{Registration: reg, Vacancy: reg.Vacancies[0].Vacancy}
	siteID := ev.Vacancy.SiteID
	if reg.SiteID != nil {
		siteID = reg.SiteID // where the employer said it receives applicants for this event
	}
	if siteID != nil {
		var site Site
		err := s.db.WithContext(ctx).Where("id = ? AND employer_id = ?", *siteID, reg.EmployerID).First(&site).Error
		if err != nil {
			return EventVacancy{}, translate(err, "load site %d of vacancy %d", *siteID, vacancyID)
		}
		ev.Site = &site
	}
	return ev, nil
}

// ListEventVacancies returns the vacancies that the event's registrations
// (not cancelled) bring, with employer, ordered by employer and title.
func (s *Store) ListEventVacancies(ctx context.Context, jobCentreID, eventID int64) ([]EventVacancy, error) {
	regs, err := s.ListRegistrations(ctx, jobCentreID, eventID)
	if err != nil {
		return nil, err
	}
	var out []EventVacancy
	for _, reg := range regs {
		if reg.Status == RegistrationCancelled {
			continue
		}
		for _, rv := range reg.Vacancies {
			out = append(out, EventVacancy{Registration: reg, Vacancy: rv.Vacancy})
		}
	}
	return out, nil
}

// UpdateCandidateScores sets the scores (candidate ID → 1…5) of shortlist
// pairs of one event in a transaction; a pair of another event or job
// centre is ErrNotFound and nothing changes.
func (s *Store) UpdateCandidateScores(ctx context.Context, jobCentreID, eventID int64, scores map[int64]int) error {
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEvent(ctx, jobCentreID, eventID); err != nil {
			return err
		}
		for id, score := range scores {
			res := tx.db.WithContext(ctx).Model(&Candidate{}).
				Where("id = ? AND event_id = ?", id, eventID).
				Updates(map[string]any{"score": score, "updated_at": tx.nowUTC()})
			if err := rowsOrNotFound(res, "rescore candidate %d", id); err != nil {
				return err
			}
		}
		return nil
	})
}
