package models

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ListEventSites returns the sites of an event's registrations and of its
// rooms at employers' sites: where on-site interviews take place.
func (s *Store) ListEventSites(ctx context.Context, jobCentreID, eventID int64) ([]Site, error) {
	var sites []Site
	err := s.db.WithContext(ctx).
		Where("id IN (SELECT site_id FROM event_registrations WHERE event_id = ?) OR id IN (SELECT site_id FROM event_tables WHERE event_id = ?)", eventID, eventID).
		Where("employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)", jobCentreID).
		Order("id").
		Find(&sites).Error
	return sites, translate(err, "list sites of event %d", eventID)
}

// ReplacePlannedInterviews deletes the event's interviews that are still
// only planned (not pinned, no invitation sent) and creates ivs instead, in
// one transaction, so a re-plan never leaves half of the old plan behind.
// It returns how many interviews were removed.
func (s *Store) ReplacePlannedInterviews(ctx context.Context, jobCentreID, eventID int64, ivs []Interview) (int64, error) {
	var removed int64
	err := s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEvent(ctx, jobCentreID, eventID); err != nil {
			return err
		}
		res := tx.db.WithContext(ctx).
			Where("event_id = ? AND status = ? AND pinned = ?", eventID, InterviewPlanned, false).
			Delete(&Interview{})
		if res.Error != nil {
			return translate(res.Error, "remove planned interviews of event %d", eventID)
		}
		removed = res.RowsAffected
		return tx.CreateInterviews(ctx, jobCentreID, eventID, ivs)
	})
	return removed, err
}

// LockEventForPlanning locks the event row until the surrounding
// transaction ends, so two staff applying a plan at once run one after the
// other: each re-plans on what the other committed instead of both
// inserting a plan. SQLite has one connection and needs no lock.
func (s *Store) LockEventForPlanning(ctx context.Context, jobCentreID, eventID int64) error {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&Event{}).Clauses(clause.Locking{Strength: "UPDATE"}).
		Where("job_centre_id = ? AND id = ?", jobCentreID, eventID).Pluck("id", &ids).Error
	if err != nil {
		return translate(err, "lock event %d", eventID)
	}
	if len(ids) == 0 {
		return translate(gorm.ErrRecordNotFound, "lock event %d", eventID)
	}
	return nil
}
