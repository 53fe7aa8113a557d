package models

import (
	"context"
	"errors"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// WaitlistSignup is the outcome of JoinWaitlistSignup: the employer's
// registration (status waiting), its waiting-list entries and the best
// place in the queue among them (1 = next).
type WaitlistSignup struct {
	Registration EventRegistration
	Entries      []WaitlistEntry
	Position     int
}

// JoinWaitlistSignup puts a new (or known, by e-mail) employer who could not
// get a place on the public registration page on the waiting list: employer,
// contact, site, vacancies and windows are saved as for RegisterSignup, with
// a registration in status waiting that takes no seat and books no table,
// and one waiting-list entry per wanted block start (in.Tables) or, without
// blocks, one for any place at the event. also runs inside the same
// transaction (the confirmation mail goes to the outbox with it).
//
// When a place frees up, TakeWaitlistPlace turns the waiting registration
// into a registered one, so the vacancies entered here are kept.
//
// Errors: ErrNotFound (event not of the job centre), ErrRegistrationClosed,
// ErrDuplicate (the employer is already registered or waiting).
func (s *Store) JoinWaitlistSignup(ctx context.Context, jobCentreID int64, in Signup,
	also func(tx *Store, w WaitlistSignup) error) (WaitlistSignup, error) {
	var out WaitlistSignup
	err := s.Transaction(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		var ev Event
		if err := db.Preload("Days").Preload("Tables").
			Where("job_centre_id = ? AND id = ?", jobCentreID, in.EventID).First(&ev).Error; err != nil {
			return translate(err, "load event %d", in.EventID)
		}
		if !RegistrationOpen(ev, tx.nowUTC()) {
			return translate(ErrRegistrationClosed, "join waiting list of event %d", ev.ID)
		}
		employerID, contactID, err := tx.employerForSignup(ctx, jobCentreID, in)
		if err != nil {
			return err
		}
		reg, err := tx.waitingRegistration(ctx, ev, employerID, contactID, in)
		if err != nil {
			return err
		}
		site := in.Site
		site.ID, site.EmployerID = 0, employerID
		if err := db.Create(&site).Error; err != nil {
			return translate(err, "add site of employer %d", employerID)
		}
		if !ev.AtVenue() {
			if err := db.Model(&EventRegistration{}).Where("id = ?", reg.ID).Update("site_id", site.ID).Error; err != nil {
				return translate(err, "set site of registration %d", reg.ID)
			}
			reg.SiteID = &site.ID
		}
		if err := tx.addSignupDetails(ctx, &reg, site.ID, in); err != nil {
			return err
		}
		out.Registration = reg
		if out.Entries, err = tx.addWaitlistEntries(ctx, jobCentreID, ev.ID, employerID, contactID, in.Tables); err != nil {
			return err
		}
		for _, e := range out.Entries {
			n, err := tx.waitlistPosition(ctx, e)
			if err != nil {
				return err
			}
			if out.Position == 0 || n < out.Position {
				out.Position = n
			}
		}
		if also != nil {
			return also(tx, out)
		}
		return nil
	})
	if err != nil {
		return WaitlistSignup{}, err
	}
	return out, nil
}

// waitingRegistration creates the waiting registration, or brings back a
// cancelled one of the same employer. A registered or already waiting
// employer is ErrDuplicate: changes belong in the employer area.
func (s *Store) waitingRegistration(ctx context.Context, ev Event, employerID, contactID int64, in Signup) (EventRegistration, error) {
	db := s.db.WithContext(ctx)
	var reg EventRegistration
	err := db.Where("event_id = ? AND employer_id = ?", ev.ID, employerID).First(&reg).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		reg = EventRegistration{EventID: ev.ID, EmployerID: employerID, ContactPersonID: contactID,
			Status: RegistrationWaiting, ParallelInterviews: max(in.ParallelInterviews, 1)}
		err = db.Omit(clause.Associations).Create(&reg).Error
		return reg, translate(err, "register employer %d as waiting for event %d", employerID, ev.ID)
	case err != nil:
		return reg, translate(err, "load registration of employer %d", employerID)
	case reg.Status != RegistrationCancelled:
		return reg, translate(ErrDuplicate, "join waiting list of event %d", ev.ID)
	}
	// Cancelled holds no seat, so waiting takes none either: no counter.
	reg.Status, reg.ContactPersonID, reg.ParallelInterviews = RegistrationWaiting, contactID, max(in.ParallelInterviews, 1)
	err = db.Model(&EventRegistration{}).Where("id = ?", reg.ID).
		Updates(map[string]any{"status": reg.Status, "contact_person_id": contactID,
			"parallel_interviews": reg.ParallelInterviews, "updated_at": s.nowUTC()}).Error
	return reg, translate(err, "set registration %d waiting", reg.ID)
}

// addWaitlistEntries queues one entry per distinct block start, or one for
// any place when no block is wanted.
func (s *Store) addWaitlistEntries(ctx context.Context, jobCentreID, eventID, employerID, contactID int64, blocks []TableBooking) ([]WaitlistEntry, error) {
	base := WaitlistEntry{JobCentreID: jobCentreID, EventID: eventID, EmployerID: employerID,
		ContactPersonID: contactID, Status: WaitlistWaiting}
	var entries []WaitlistEntry
	seen := map[int64]bool{}
	for _, b := range blocks {
		if seen[b.StartsAt.Unix()] {
			continue // two tables of one block: one place in the queue
		}
		seen[b.StartsAt.Unix()] = true
		e := base
		start, end := b.StartsAt.UTC(), b.EndsAt.UTC()
		e.StartsAt, e.EndsAt = &start, &end
		entries = append(entries, e)
	}
	if len(entries) == 0 {
		entries = append(entries, base)
	}
	db := s.db.WithContext(ctx)
	for i := range entries {
		if err := db.Omit("Event", "Employer", "Contact").Create(&entries[i]).Error; err != nil {
			return nil, translate(err, "join waiting list of event %d", eventID)
		}
	}
	return entries, nil
}

// waitlistPosition is the entry's place among the open entries that would
// be offered the same place before it (served in ID order, see
// NextWaitlistEntry): 1 means next.
func (s *Store) waitlistPosition(ctx context.Context, e WaitlistEntry) (int, error) {
	q := s.db.WithContext(ctx).Model(&WaitlistEntry{}).
		Where("event_id = ? AND id <= ? AND status IN ?", e.EventID, e.ID, []WaitlistStatus{WaitlistWaiting, WaitlistOffered})
	if e.StartsAt != nil {
		q = q.Where("(starts_at IS NULL OR starts_at = ?)", e.StartsAt.UTC())
	} else {
		q = q.Where("starts_at IS NULL")
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return 0, translate(err, "position on waiting list of event %d", e.EventID)
	}
	return int(n), nil
}

// WithdrawEventWaitlist takes the employer off every open waiting-list
// entry of the event, as when its waiting registration is cancelled.
func (s *Store) WithdrawEventWaitlist(ctx context.Context, jobCentreID, employerID, eventID int64) error {
	err := s.db.WithContext(ctx).Model(&WaitlistEntry{}).
		Where("event_id = ? AND employer_id = ? AND job_centre_id = ? AND status IN ?", eventID, employerID, jobCentreID,
			[]WaitlistStatus{WaitlistWaiting, WaitlistOffered}).
		Updates(map[string]any{"status": WaitlistWithdrawn, "updated_at": s.nowUTC()}).Error
	return translate(err, "withdraw waiting list of employer %d for event %d", employerID, eventID)
}
