package models

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// RegisterEmployer inserts reg with the vacancies it brings (reg.Vacancies,
// only VacancyID needed) and its time windows in one transaction. The event
// and the employer must both belong to the job centre, and the vacancies
// to the employer. ErrDuplicate if the employer is already registered;
// ErrTaken if the event has a capacity and no seat is left.
func (s *Store) RegisterEmployer(ctx context.Context, jobCentreID int64, reg *EventRegistration) error {
	if reg.Status == "" {
		reg.Status = RegistrationRegistered
	}
	if reg.ParallelInterviews == 0 {
		reg.ParallelInterviews = 1
	}
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEvent(ctx, jobCentreID, reg.EventID); err != nil {
			return err
		}
		if err := tx.ownsEmployer(ctx, jobCentreID, reg.EmployerID); err != nil {
			return err
		}
		db := tx.db.WithContext(ctx)
		if len(reg.Vacancies) > 0 {
			ids := make([]int64, len(reg.Vacancies))
			for i, v := range reg.Vacancies {
				ids[i] = v.VacancyID
			}
			var n int64
			if err := db.Model(&Vacancy{}).Where("employer_id = ? AND id IN ?", reg.EmployerID, ids).
				Count(&n).Error; err != nil {
				return translate(err, "check vacancies of employer %d", reg.EmployerID)
			}
			if n != int64(len(ids)) {
				return translate(gorm.ErrRecordNotFound, "vacancies of employer %d", reg.EmployerID)
			}
		}
		if err := db.Omit(clause.Associations).Create(reg).Error; err != nil {
			return translate(err, "register employer %d for event %d", reg.EmployerID, reg.EventID)
		}
		if reg.Status == RegistrationRegistered {
			var capacity []sql.NullInt64
			if err := db.Model(&Event{}).Where("id = ?", reg.EventID).Pluck("capacity", &capacity).Error; err != nil {
				return translate(err, "load capacity of event %d", reg.EventID)
			}
			if len(capacity) == 1 && capacity[0].Valid {
				if err := tx.takeSeat(ctx, reg.EventID); err != nil {
					return err
				}
			}
		}
		for i := range reg.Vacancies {
			reg.Vacancies[i].RegistrationID = reg.ID
		}
		for i := range reg.Windows {
			reg.Windows[i].RegistrationID = reg.ID
		}
		if len(reg.Vacancies) > 0 {
			if err := db.Omit(clause.Associations).Create(&reg.Vacancies).Error; err != nil {
				return translate(err, "add vacancies to registration %d", reg.ID)
			}
		}
		if len(reg.Windows) > 0 {
			if err := db.Create(&reg.Windows).Error; err != nil {
				return translate(err, "add windows to registration %d", reg.ID)
			}
		}
		return nil
	})
}

// ListRegistrations returns an event's registrations with employer,
// contact, vacancies and windows, ordered by employer name.
func (s *Store) ListRegistrations(ctx context.Context, jobCentreID, eventID int64) ([]EventRegistration, error) {
	var regs []EventRegistration
	err := s.db.WithContext(ctx).
		Joins("Employer").
		Preload("Contact").
		Preload("Vacancies.Vacancy").
		Preload("Windows", func(db *gorm.DB) *gorm.DB { return db.Order("starts_at") }).
		Where("event_registrations.event_id = ? AND \"Employer\".job_centre_id = ?", eventID, jobCentreID).
		Order("\"Employer\".name, event_registrations.id").
		Find(&regs).Error
	return regs, translate(err, "list registrations of event %d", eventID)
}

// GetRegistration loads one registration like ListRegistrations does.
func (s *Store) GetRegistration(ctx context.Context, jobCentreID, id int64) (EventRegistration, error) {
	var reg EventRegistration
	err := s.db.WithContext(ctx).
		Joins("Employer").
		Preload("Contact").
		Preload("Vacancies.Vacancy").
		Preload("Windows", func(db *gorm.DB) *gorm.DB { return db.Order("starts_at") }).
		Where("event_registrations.id = ? AND \"Employer\".job_centre_id = ?", id, jobCentreID).
		First(&reg).Error
	return reg, translate(err, "load registration %d", id)
}

// SetRegistrationStatus changes a registration's status. For an event with
// a capacity the seat counter follows in the same transaction: becoming
// registered takes a seat (ErrTaken when none is left), leaving frees one.
func (s *Store) SetRegistrationStatus(ctx context.Context, jobCentreID, id int64, status RegistrationStatus) error {
	return s.Transaction(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		var cur struct {
			EventID  int64
			Status   RegistrationStatus
			Capacity *int
		}
		err := db.Raw(`SELECT r.event_id, r.status, e.capacity FROM event_registrations r
JOIN events e ON e.id = r.event_id WHERE r.id = ? AND e.job_centre_id = ?`, id, jobCentreID).Scan(&cur).Error
		if err != nil {
			return translate(err, "load registration %d", id)
		}
		if cur.EventID == 0 {
			return translate(gorm.ErrRecordNotFound, "load registration %d", id)
		}
		if cur.Capacity != nil && cur.Status != status {
			switch {
			case status == RegistrationRegistered:
				err = tx.takeSeat(ctx, cur.EventID)
			case cur.Status == RegistrationRegistered:
				err = tx.releaseSeat(ctx, cur.EventID)
			}
			if err != nil {
				return err
			}
		}
		res := db.Model(&EventRegistration{}).Where("id = ?", id).
			Updates(map[string]any{"status": status, "updated_at": tx.nowUTC()})
		return rowsOrNotFound(res, "set status of registration %d", id)
	})
}

// BookTable reserves a table for a registration. The table and the
// registration must belong to the event of the job centre; ErrTaken if the
// table is booked for an overlapping time.
func (s *Store) BookTable(ctx context.Context, jobCentreID int64, b *TableBooking) error {
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEvent(ctx, jobCentreID, b.EventID); err != nil {
			return err
		}
		var n int64
		err := tx.db.WithContext(ctx).Model(&EventTable{}).
			Where("id = ? AND event_id = ?", b.TableID, b.EventID).Count(&n).Error
		if err != nil || n == 0 {
			return translate(firstErr(err, gorm.ErrRecordNotFound), "load table %d of event %d", b.TableID, b.EventID)
		}
		err = tx.db.WithContext(ctx).Model(&EventRegistration{}).
			Where("id = ? AND event_id = ?", b.RegistrationID, b.EventID).Count(&n).Error
		if err != nil || n == 0 {
			return translate(firstErr(err, gorm.ErrRecordNotFound), "load registration %d of event %d", b.RegistrationID, b.EventID)
		}
		if err := tx.db.WithContext(ctx).Create(b).Error; err != nil {
			if isOverlap(err) {
				return translate(ErrTaken, "book table %d", b.TableID)
			}
			return translate(err, "book table %d", b.TableID)
		}
		return nil
	})
}

// ListTableBookings returns an event's bookings ordered by table and time.
func (s *Store) ListTableBookings(ctx context.Context, jobCentreID, eventID int64) ([]TableBooking, error) {
	var bs []TableBooking
	err := s.db.WithContext(ctx).
		Where("event_id = ? AND event_id IN (SELECT id FROM events WHERE job_centre_id = ?)", eventID, jobCentreID).
		Order("table_id, starts_at").
		Find(&bs).Error
	return bs, translate(err, "list table bookings of event %d", eventID)
}

// TableBusy reports whether a table has a booking overlapping [from, to).
// It is a courtesy check for forms; the constraint of migration 00003 is
// what guarantees no double booking.
func (s *Store) TableBusy(ctx context.Context, tableID int64, from, to time.Time) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&TableBooking{}).
		Where("table_id = ? AND starts_at < ? AND ends_at > ?", tableID, to.UTC(), from.UTC()).
		Count(&n).Error
	return n > 0, translate(err, "check table %d", tableID)
}

// firstErr returns err if set, else fallback.
func firstErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
