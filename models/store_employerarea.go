package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// EmployerFeed is an employer's private calendar feed. The URL carries a
// random token; only its SHA-256 hex is stored, so the URL can be shown once
// and afterwards only revoked or replaced.
type EmployerFeed struct {
	ID          int64
	CreatedAt   time.Time
	JobCentreID int64
	EmployerID  int64
	TokenHash   string
	RevokedAt   *time.Time
}

// TableName fixes the table name.
func (EmployerFeed) TableName() string { return "employer_feeds" }

// EmployerRegistration is one registration as the employer area shows it:
// with its event and the venue tables it booked.
type EmployerRegistration struct {
	Registration EventRegistration
	Event        Event
	Bookings     []TableBooking
}

// GetEmployerContact loads a contact person with their employer, scoped to
// the job centre; the employer session stores only the contact's ID.
func (s *Store) GetEmployerContact(ctx context.Context, jobCentreID, contactID int64) (ContactPerson, Employer, error) {
	var c ContactPerson
	err := s.db.WithContext(ctx).
		Where("id = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)", contactID, jobCentreID).
		First(&c).Error
	if err != nil {
		return ContactPerson{}, Employer{}, translate(err, "load contact %d", contactID)
	}
	var e Employer
	err = s.db.WithContext(ctx).Where("id = ? AND job_centre_id = ?", c.EmployerID, jobCentreID).First(&e).Error
	return c, e, translate(err, "load employer of contact %d", contactID)
}

// ListEmployerRegistrations returns the employer's registrations across all
// events of the job centre, soonest event first, with events and bookings
// loaded in three queries whatever the number of registrations.
func (s *Store) ListEmployerRegistrations(ctx context.Context, jobCentreID, employerID int64) ([]EmployerRegistration, error) {
	var regs []EventRegistration
	err := s.db.WithContext(ctx).
		Preload("Vacancies.Vacancy").
		Preload("Windows", func(db *gorm.DB) *gorm.DB { return db.Order("starts_at") }).
		Where("employer_id = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)", employerID, jobCentreID).
		Order("id").
		Find(&regs).Error
	if err != nil {
		return nil, translate(err, "list registrations of employer %d", employerID)
	}
	return s.withEventsAndBookings(ctx, jobCentreID, regs)
}

// GetEmployerRegistration loads one registration of the employer; a
// registration of another employer reads as ErrNotFound.
func (s *Store) GetEmployerRegistration(ctx context.Context, jobCentreID, employerID, id int64) (EmployerRegistration, error) {
	var reg EventRegistration
	err := s.db.WithContext(ctx).
		Preload("Vacancies.Vacancy").
		Preload("Windows", func(db *gorm.DB) *gorm.DB { return db.Order("starts_at") }).
		Where("id = ? AND employer_id = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)", id, employerID, jobCentreID).
		First(&reg).Error
	if err != nil {
		return EmployerRegistration{}, translate(err, "load registration %d of employer %d", id, employerID)
	}
	out, err := s.withEventsAndBookings(ctx, jobCentreID, []EventRegistration{reg})
	if err != nil {
		return EmployerRegistration{}, err
	}
	return out[0], nil
}

func (s *Store) withEventsAndBookings(ctx context.Context, jobCentreID int64, regs []EventRegistration) ([]EmployerRegistration, error) {
	if len(regs) == 0 {
		return nil, nil
	}
	eventIDs := make([]int64, 0, len(regs))
	regIDs := make([]int64, 0, len(regs))
	for _, r := range regs {
		eventIDs = append(eventIDs, r.EventID)
		regIDs = append(regIDs, r.ID)
	}
	var events []Event
	err := s.db.WithContext(ctx).
		Preload("Days", func(db *gorm.DB) *gorm.DB { return db.Order("starts_at") }).
		Preload("Tables", func(db *gorm.DB) *gorm.DB { return db.Order("label, id") }).
		Where("id IN ? AND job_centre_id = ?", eventIDs, jobCentreID).
		Find(&events).Error
	if err != nil {
		return nil, translate(err, "load events of registrations")
	}
	var bookings []TableBooking
	if err := s.db.WithContext(ctx).Where("registration_id IN ?", regIDs).Order("starts_at, table_id").
		Find(&bookings).Error; err != nil {
		return nil, translate(err, "load bookings of registrations")
	}
	byID := make(map[int64]Event, len(events))
	for _, e := range events {
		byID[e.ID] = e
	}
	out := make([]EmployerRegistration, 0, len(regs))
	for _, r := range regs {
		ev, ok := byID[r.EventID]
		if !ok {
			continue // an event of another job centre cannot be the employer's
		}
		er := EmployerRegistration{Registration: r, Event: ev}
		for _, b := range bookings {
			if b.RegistrationID == r.ID {
				er.Bookings = append(er.Bookings, b)
			}
		}
		out = append(out, er)
	}
	sortByFirstDay(out)
	return out, nil
}

// sortByFirstDay orders registrations by their event's first day; events
// without days go last. Insertion sort: an employer has a handful.
func sortByFirstDay(regs []EmployerRegistration) {
	first := func(r EmployerRegistration) time.Time {
		if len(r.Event.Days) == 0 {
			return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return r.Event.Days[0].StartsAt
	}
	for i := 1; i < len(regs); i++ {
		for j := i; j > 0 && first(regs[j]).Before(first(regs[j-1])); j-- {
			regs[j], regs[j-1] = regs[j-1], regs[j]
		}
	}
}

// UpdateEmployerRegistration saves what an employer may change before the
// deadline: parallel interviews and which of its vacancies it brings.
func (s *Store) UpdateEmployerRegistration(ctx context.Context, jobCentreID, employerID, id int64, parallel int, vacancyIDs []int64) error {
	return s.Transaction(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		res := db.Model(&EventRegistration{}).
			Where("id = ? AND employer_id = ? AND status <> ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)",
				id, employerID, RegistrationCancelled, jobCentreID).
			Updates(map[string]any{"parallel_interviews": parallel, "updated_at": tx.nowUTC()})
		if err := rowsOrNotFound(res, "update registration %d", id); err != nil {
			return err
		}
		if len(vacancyIDs) > 0 {
			var n int64
			if err := db.Model(&Vacancy{}).Where("employer_id = ? AND id IN ?", employerID, vacancyIDs).Count(&n).Error; err != nil {
				return translate(err, "check vacancies of employer %d", employerID)
			}
			if n != int64(len(vacancyIDs)) {
				return translate(gorm.ErrRecordNotFound, "vacancies of employer %d", employerID)
			}
		}
		if err := db.Where("registration_id = ?", id).Delete(&RegistrationVacancy{}).Error; err != nil {
			return translate(err, "clear vacancies of registration %d", id)
		}
		if len(vacancyIDs) == 0 {
			return nil
		}
		rows := make([]RegistrationVacancy, len(vacancyIDs))
		for i, v := range vacancyIDs {
			rows[i] = RegistrationVacancy{RegistrationID: id, VacancyID: v}
		}
		return translate(db.Omit("Vacancy").Create(&rows).Error, "add vacancies to registration %d", id)
	})
}

// CancelEmployerRegistration marks the registration cancelled (freeing its
// seat) and deletes its table bookings, returning them so the caller can
// offer the freed blocks to the waiting list. Call it inside a transaction
// together with the offers. ErrConflict if it was cancelled already.
func (s *Store) CancelEmployerRegistration(ctx context.Context, jobCentreID, employerID, id int64) ([]TableBooking, error) {
	db := s.db.WithContext(ctx)
	var reg EventRegistration
	err := db.Where("id = ? AND employer_id = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)", id, employerID, jobCentreID).
		First(&reg).Error
	if err != nil {
		return nil, translate(err, "load registration %d", id)
	}
	if reg.Status == RegistrationCancelled {
		return nil, translate(ErrConflict, "cancel registration %d", id)
	}
	if err := s.SetRegistrationStatus(ctx, jobCentreID, id, RegistrationCancelled); err != nil {
		return nil, err
	}
	var freed []TableBooking
	if err := db.Where("registration_id = ?", id).Order("starts_at, table_id").Find(&freed).Error; err != nil {
		return nil, translate(err, "load bookings of registration %d", id)
	}
	if err := db.Where("registration_id = ?", id).Delete(&TableBooking{}).Error; err != nil {
		return nil, translate(err, "delete bookings of registration %d", id)
	}
	return freed, nil
}

// ListEmployerInterviews returns the employer's interviews of published or
// finished events, not cancelled or declined, by time, with applicant and
// vacancy: before publication the plan may still change.
func (s *Store) ListEmployerInterviews(ctx context.Context, jobCentreID, employerID int64) ([]Interview, error) {
	var ivs []Interview
	err := s.db.WithContext(ctx).
		Preload("Applicant").
		Preload("Vacancy").
		Where("employer_id = ? AND status NOT IN ? AND event_id IN (SELECT id FROM events WHERE job_centre_id = ? AND status IN ?)",
			employerID, []InterviewStatus{InterviewCancelled, InterviewDeclined}, jobCentreID, []EventStatus{EventPublished, EventDone}).
		Order("starts_at, id").
		Find(&ivs).Error
	return ivs, translate(err, "list interviews of employer %d", employerID)
}

// CreateEmployerFeed revokes the employer's active feed, if any, and stores
// a new one with the given token hash.
func (s *Store) CreateEmployerFeed(ctx context.Context, feed *EmployerFeed) error {
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEmployer(ctx, feed.JobCentreID, feed.EmployerID); err != nil {
			return err
		}
		if _, err := tx.RevokeEmployerFeed(ctx, feed.JobCentreID, feed.EmployerID); err != nil {
			return err
		}
		feed.CreatedAt = tx.nowUTC()
		return translate(tx.db.WithContext(ctx).Create(feed).Error, "create feed of employer %d", feed.EmployerID)
	})
}

// RevokeEmployerFeed ends the employer's active feed; the URL then answers
// 404. It reports whether there was one.
func (s *Store) RevokeEmployerFeed(ctx context.Context, jobCentreID, employerID int64) (bool, error) {
	res := s.db.WithContext(ctx).Model(&EmployerFeed{}).
		Where("employer_id = ? AND job_centre_id = ? AND revoked_at IS NULL", employerID, jobCentreID).
		Update("revoked_at", s.nowUTC())
	return res.RowsAffected > 0, translate(res.Error, "revoke feed of employer %d", employerID)
}

// HasEmployerFeed reports whether the employer has an active feed.
func (s *Store) HasEmployerFeed(ctx context.Context, jobCentreID, employerID int64) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&EmployerFeed{}).
		Where("employer_id = ? AND job_centre_id = ? AND revoked_at IS NULL", employerID, jobCentreID).Count(&n).Error
	return n > 0, translate(err, "check feed of employer %d", employerID)
}

// FindEmployerFeed loads an active feed by its token hash.
func (s *Store) FindEmployerFeed(ctx context.Context, hash string) (EmployerFeed, error) {
	var f EmployerFeed
	err := s.db.WithContext(ctx).Where("token_hash = ? AND revoked_at IS NULL", hash).First(&f).Error
	return f, translate(err, "load feed")
}

// CountLoginAttempts counts every try for key since the given instant,
// failed or not: requesting a login link is limited however it ends.
func (s *Store) CountLoginAttempts(ctx context.Context, key string, since time.Time) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&LoginAttempt{}).
		Where("key = ? AND at >= ?", key, since.UTC()).Count(&n).Error
	return n, translate(err, "count login attempts")
}

// LoginContact is a contact person found by e-mail address for the
// passwordless login, with the employer and job centre the link is for.
type LoginContact struct {
	Contact   ContactPerson
	Employer  Employer
	JobCentre JobCentre
}

// FindLoginContacts returns every contact person with this address (any
// case, any job centre) with employer and job centre, in three queries.
func (s *Store) FindLoginContacts(ctx context.Context, email string) ([]LoginContact, error) {
	contacts, err := s.FindContactsByEmail(ctx, email)
	if err != nil || len(contacts) == 0 {
		return nil, err
	}
	empIDs := make([]int64, 0, len(contacts))
	for _, c := range contacts {
		empIDs = append(empIDs, c.EmployerID)
	}
	var emps []Employer
	if err := s.db.WithContext(ctx).Where("id IN ?", empIDs).Find(&emps).Error; err != nil {
		return nil, translate(err, "load employers of contacts")
	}
	empByID := make(map[int64]Employer, len(emps))
	jcIDs := make([]int64, 0, len(emps))
	for _, e := range emps {
		empByID[e.ID] = e
		jcIDs = append(jcIDs, e.JobCentreID)
	}
	var jcs []JobCentre
	if err := s.db.WithContext(ctx).Where("id IN ?", jcIDs).Find(&jcs).Error; err != nil {
		return nil, translate(err, "load job centres of contacts")
	}
	jcByID := make(map[int64]JobCentre, len(jcs))
	for _, j := range jcs {
		jcByID[j.ID] = j
	}
	out := make([]LoginContact, 0, len(contacts))
	for _, c := range contacts {
		e := empByID[c.EmployerID]
		out = append(out, LoginContact{Contact: c, Employer: e, JobCentre: jcByID[e.JobCentreID]})
	}
	return out, nil
}
