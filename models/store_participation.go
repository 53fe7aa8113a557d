package models

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AddEventApplicants adds applicants of the job centre to an event with
// their availability windows, in one transaction. Applicants already in the
// event are left as they are, so importing twice changes nothing.
func (s *Store) AddEventApplicants(ctx context.Context, jobCentreID, eventID int64, eas []EventApplicant, windows []AvailabilityWindow) error {
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEvent(ctx, jobCentreID, eventID); err != nil {
			return err
		}
		ids := make([]int64, 0, len(eas))
		for i := range eas {
			eas[i].EventID = eventID
			if eas[i].MaxInterviews == 0 {
				eas[i].MaxInterviews = 3
			}
			ids = append(ids, eas[i].ApplicantID)
		}
		for i := range windows {
			windows[i].EventID = eventID
			ids = append(ids, windows[i].ApplicantID)
		}
		if err := tx.ownsApplicants(ctx, jobCentreID, ids); err != nil {
			return err
		}
		db := tx.db.WithContext(ctx)
		if len(eas) > 0 {
			err := db.Omit(clause.Associations).
				Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "event_id"}, {Name: "applicant_id"}}, DoNothing: true}).
				Create(&eas).Error
			if err != nil {
				return translate(err, "add applicants to event %d", eventID)
			}
		}
		if len(windows) > 0 {
			if err := db.Create(&windows).Error; err != nil {
				return translate(err, "add availability windows to event %d", eventID)
			}
		}
		return nil
	})
}

// ownsApplicants returns ErrNotFound unless every ID is an applicant of the
// job centre.
func (s *Store) ownsApplicants(ctx context.Context, jobCentreID int64, ids []int64) error {
	uniq := map[int64]bool{}
	for _, id := range ids {
		uniq[id] = true
	}
	if len(uniq) == 0 {
		return nil
	}
	list := make([]int64, 0, len(uniq))
	for id := range uniq {
		list = append(list, id)
	}
	var n int64
	err := s.db.WithContext(ctx).Model(&Applicant{}).
		Where("job_centre_id = ? AND id IN ?", jobCentreID, list).Count(&n).Error
	if err != nil {
		return translate(err, "check applicants")
	}
	if n != int64(len(list)) {
		return translate(gorm.ErrRecordNotFound, "applicants of job centre %d", jobCentreID)
	}
	return nil
}

// ListEventApplicants returns an event's applicants with their data,
// ordered by name.
func (s *Store) ListEventApplicants(ctx context.Context, jobCentreID, eventID int64) ([]EventApplicant, error) {
	var eas []EventApplicant
	err := s.db.WithContext(ctx).
		Joins("Applicant").
		Where("event_applicants.event_id = ? AND \"Applicant\".job_centre_id = ?", eventID, jobCentreID).
		Order("\"Applicant\".last_name, \"Applicant\".first_name, event_applicants.id").
		Find(&eas).Error
	return eas, translate(err, "list applicants of event %d", eventID)
}

// ListAvailability returns all availability windows of an event ordered by
// applicant and start.
func (s *Store) ListAvailability(ctx context.Context, jobCentreID, eventID int64) ([]AvailabilityWindow, error) {
	var ws []AvailabilityWindow
	err := s.db.WithContext(ctx).
		Where("event_id = ? AND event_id IN (SELECT id FROM events WHERE job_centre_id = ?)", eventID, jobCentreID).
		Order("applicant_id, starts_at").
		Find(&ws).Error
	return ws, translate(err, "list availability of event %d", eventID)
}
