package models

import (
	"context"
	"errors"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// EventCounts are the figures shown on an event's overview page.
type EventCounts struct {
	Registrations   int64 // employers registered (not waiting, not cancelled)
	Waiting         int64 // employers on the waiting list
	Vacancies       int64 // vacancies brought by registered employers
	Applicants      int64
	Candidates      int64
	Interviews      int64 // all interviews, whatever their status
	InterviewStatus map[InterviewStatus]int64
}

// ListEvents returns the job centre's events, newest first, with their days.
func (s *Store) ListEvents(ctx context.Context, jobCentreID int64) ([]Event, error) {
	var evs []Event
	err := s.db.WithContext(ctx).
		Preload("Days", func(db *gorm.DB) *gorm.DB { return db.Order("starts_at") }).
		Where("job_centre_id = ?", jobCentreID).
		Order("created_at DESC, id DESC").
		Find(&evs).Error
	return evs, translate(err, "list events of job centre %d", jobCentreID)
}

// GetEvent loads an event with its days, tables and registrations (with
// employer and contact).
func (s *Store) GetEvent(ctx context.Context, jobCentreID, id int64) (Event, error) {
	var ev Event
	err := s.db.WithContext(ctx).
		Preload("Days", func(db *gorm.DB) *gorm.DB { return db.Order("starts_at") }).
		Preload("Tables", func(db *gorm.DB) *gorm.DB { return db.Order("label, id") }).
		Preload("Registrations", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Registrations.Employer").
		Preload("Registrations.Contact").
		Where("job_centre_id = ? AND id = ?", jobCentreID, id).
		First(&ev).Error
	return ev, translate(err, "load event %d", id)
}

// FindEventByToken loads an event by the token of its public registration
// link, with days and tables.
func (s *Store) FindEventByToken(ctx context.Context, token string) (Event, error) {
	var ev Event
	err := s.db.WithContext(ctx).
		Preload("Days", func(db *gorm.DB) *gorm.DB { return db.Order("starts_at") }).
		Preload("Tables", func(db *gorm.DB) *gorm.DB { return db.Order("label, id") }).
		Where("public_token = ?", token).
		First(&ev).Error
	return ev, translate(err, "load event by token")
}

// CreateEvent inserts ev with its Days and Tables in one transaction.
func (s *Store) CreateEvent(ctx context.Context, ev *Event) error {
	if ev.Status == "" {
		ev.Status = EventDraft
	}
	if ev.Version == 0 {
		ev.Version = 1
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Omit(clause.Associations).Create(ev).Error; err != nil {
			return err
		}
		for i := range ev.Days {
			ev.Days[i].EventID = ev.ID
			ev.Days[i].Date = dateOnly(ev.Days[i].Date)
		}
		for i := range ev.Tables {
			ev.Tables[i].EventID = ev.ID
		}
		if len(ev.Days) > 0 {
			if err := tx.Create(&ev.Days).Error; err != nil {
				return err
			}
		}
		if len(ev.Tables) > 0 {
			if err := tx.Create(&ev.Tables).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return translate(err, "create event %q", ev.Title)
}

// UpdateEvent saves the editable fields of ev if nobody changed the event
// since ev was read (ev.Version); otherwise it returns ErrConflict. On
// success ev.Version is the new version.
func (s *Store) UpdateEvent(ctx context.Context, ev *Event) error {
	res := s.db.WithContext(ctx).Model(&Event{}).
		Where("job_centre_id = ? AND id = ? AND version = ?", ev.JobCentreID, ev.ID, ev.Version).
		Select("kind", "title", "description", "venue_name", "venue_street", "venue_postcode",
			"venue_town", "venue_lat", "venue_lon", "venue_step_free", "slot_minutes",
			"buffer_minutes", "capacity", "registration_deadline", "version", "updated_at").
		Updates(&Event{
			Kind: ev.Kind, Title: ev.Title, Description: ev.Description,
			VenueName: ev.VenueName, VenueStreet: ev.VenueStreet, VenuePostcode: ev.VenuePostcode,
			VenueTown: ev.VenueTown, VenueLat: ev.VenueLat, VenueLon: ev.VenueLon,
			VenueStepFree: ev.VenueStepFree, SlotMinutes: ev.SlotMinutes,
			BufferMinutes: ev.BufferMinutes, Capacity: ev.Capacity,
			RegistrationDeadline: ev.RegistrationDeadline, Version: ev.Version + 1,
			UpdatedAt: s.nowUTC(),
		})
	if err := s.versionResult(ctx, res, ev.JobCentreID, ev.ID, "update event %d", ev.ID); err != nil {
		return err
	}
	ev.Version++
	return nil
}

// SetEventStatus moves an event to status, guarded by the version like
// UpdateEvent; it returns the new version.
func (s *Store) SetEventStatus(ctx context.Context, jobCentreID, id int64, version int, status EventStatus) (int, error) {
	res := s.db.WithContext(ctx).Model(&Event{}).
		Where("job_centre_id = ? AND id = ? AND version = ?", jobCentreID, id, version).
		Updates(map[string]any{"status": status, "version": version + 1, "updated_at": s.nowUTC()})
	if err := s.versionResult(ctx, res, jobCentreID, id, "set status of event %d", id); err != nil {
		return 0, err
	}
	return version + 1, nil
}

// versionResult tells a stale version (ErrConflict) from a missing event
// (ErrNotFound) after a guarded update matched no row.
func (s *Store) versionResult(ctx context.Context, res *gorm.DB, jobCentreID, id int64, format string, args ...any) error {
	if err := translate(res.Error, format, args...); err != nil {
		return err
	}
	if res.RowsAffected > 0 {
		return nil
	}
	var n int64
	if err := s.db.WithContext(ctx).Model(&Event{}).
		Where("job_centre_id = ? AND id = ?", jobCentreID, id).Count(&n).Error; err != nil {
		return translate(err, format, args...)
	}
	if n == 0 {
		return translate(gorm.ErrRecordNotFound, format, args...)
	}
	return translate(ErrConflict, format, args...)
}

// EventCounts counts what an event's overview page shows.
func (s *Store) EventCounts(ctx context.Context, jobCentreID, eventID int64) (EventCounts, error) {
	c := EventCounts{InterviewStatus: map[InterviewStatus]int64{}}
	// One round trip for the scalar counts; the event join scopes the
	// tenant, and a missing event yields no row at all.
	var row struct {
		Registrations int64
		Waiting       int64
		Vacancies     int64
		Applicants    int64
		Candidates    int64
	}
	res := s.db.WithContext(ctx).Raw(`
SELECT
  (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'registered') AS registrations,
  (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'waiting') AS waiting,
  (SELECT count(*) FROM registration_vacancies rv JOIN event_registrations r ON r.id = rv.registration_id
     WHERE r.event_id = e.id AND r.status = 'registered') AS vacancies,
  (SELECT count(*) FROM event_applicants a WHERE a.event_id = e.id) AS applicants,
  (SELECT count(*) FROM candidates c WHERE c.event_id = e.id) AS candidates
FROM events e WHERE e.job_centre_id = ? AND e.id = ?`, jobCentreID, eventID).Scan(&row)
	if err := translate(res.Error, "count event %d", eventID); err != nil {
		return c, err
	}
	if res.RowsAffected == 0 {
		return c, translate(gorm.ErrRecordNotFound, "count event %d", eventID)
	}
	c.Registrations, c.Waiting, c.Vacancies = row.Registrations, row.Waiting, row.Vacancies
	c.Applicants, c.Candidates = row.Applicants, row.Candidates

	var byStatus []struct {
		Status InterviewStatus
		N      int64
	}
	err := s.db.WithContext(ctx).Model(&Interview{}).
		Select("status, count(*) AS n").
		Where("event_id = ?", eventID).
		Group("status").
		Scan(&byStatus).Error
	if err != nil {
		return c, translate(err, "count interviews of event %d", eventID)
	}
	for _, b := range byStatus {
		c.InterviewStatus[b.Status] = b.N
		c.Interviews += b.N
	}
	return c, nil
}

// AddEventDay adds a day to an event of the job centre.
func (s *Store) AddEventDay(ctx context.Context, jobCentreID int64, day *EventDay) error {
	day.Date = dateOnly(day.Date)
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEvent(ctx, jobCentreID, day.EventID); err != nil {
			return err
		}
		return translate(tx.db.WithContext(ctx).Create(day).Error, "add day to event %d", day.EventID)
	})
}

// OwnsEvent returns ErrNotFound unless the event belongs to the job centre.
// It is cheaper than GetEvent when only the tenant check is needed.
func (s *Store) OwnsEvent(ctx context.Context, jobCentreID, eventID int64) error {
	return s.ownsEvent(ctx, jobCentreID, eventID)
}

// ownsEvent returns ErrNotFound unless the event belongs to the job centre.
func (s *Store) ownsEvent(ctx context.Context, jobCentreID, eventID int64) error {
	var n int64
	err := s.db.WithContext(ctx).Model(&Event{}).
		Where("job_centre_id = ? AND id = ?", jobCentreID, eventID).Count(&n).Error
	if err != nil {
		return translate(err, "check event %d", eventID)
	}
	if n == 0 {
		return translate(gorm.ErrRecordNotFound, "load event %d", eventID)
	}
	return nil
}

// ErrCapacityTooLow is returned when an edit would set an event's capacity
// below the seats already taken.
var ErrCapacityTooLow = errors.New("capacity below seats taken")

// SaveEventSchedule saves the editable fields of ev like UpdateEvent (same
// version check), replaces its days with ev.Days and brings the number of
// venue tables to tables: missing tables are added ("Tisch N"), surplus
// ones removed from the highest number down, but never a booked one.
func (s *Store) SaveEventSchedule(ctx context.Context, ev *Event, tables int) error {
	version := ev.Version
	err := s.Transaction(ctx, func(tx *Store) error {
		if err := tx.UpdateEvent(ctx, ev); err != nil {
			return err
		}
		db := tx.db.WithContext(ctx)
		if ev.Capacity != nil {
			taken, err := tx.SeatsTaken(ctx, ev.ID)
			if err != nil {
				return err
			}
			if taken > *ev.Capacity {
				return translate(ErrCapacityTooLow, "update event %d", ev.ID)
			}
		}
		if err := db.Where("event_id = ?", ev.ID).Delete(&EventDay{}).Error; err != nil {
			return translate(err, "replace days of event %d", ev.ID)
		}
		for i := range ev.Days {
			ev.Days[i].ID, ev.Days[i].EventID = 0, ev.ID
			ev.Days[i].Date = dateOnly(ev.Days[i].Date)
		}
		if len(ev.Days) > 0 {
			if err := db.Create(&ev.Days).Error; err != nil {
				return translate(err, "replace days of event %d", ev.ID)
			}
		}
		return tx.resizeTables(ctx, ev.ID, tables)
	})
	if err != nil {
		ev.Version = version
	}
	return err
}

// resizeTables adds or removes unbooked venue tables until there are n.
func (s *Store) resizeTables(ctx context.Context, eventID int64, n int) error {
	db := s.db.WithContext(ctx)
	var have []EventTable
	if err := db.Where("event_id = ? AND site_id IS NULL", eventID).Order("id").Find(&have).Error; err != nil {
		return translate(err, "list tables of event %d", eventID)
	}
	labels := map[string]bool{}
	for _, t := range have {
		labels[t.Label] = true
	}
	for k := 1; len(have) < n; k++ {
		label := "Tisch " + strconv.Itoa(k)
		if labels[label] {
			continue
		}
		t := EventTable{EventID: eventID, Label: label}
		if err := db.Create(&t).Error; err != nil {
			return translate(err, "add table to event %d", eventID)
		}
		have = append(have, t)
		labels[label] = true
	}
	for i := len(have) - 1; i >= 0 && len(have) > n; i-- {
		res := db.Where("id = ? AND NOT EXISTS (SELECT 1 FROM table_bookings b WHERE b.table_id = event_tables.id)", have[i].ID).
			Delete(&EventTable{})
		if res.Error != nil {
			return translate(res.Error, "remove table %d", have[i].ID)
		}
		if res.RowsAffected == 1 {
			have = append(have[:i], have[i+1:]...)
		}
	}
	return nil
}
