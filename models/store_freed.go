package models

import (
	"context"
	"time"
)

// MayHaveFreedSlots reports whether the event has a declined or cancelled
// interview that has not begun and that no other interview replaces yet.
// It is one indexed query, so the event page can skip loading the whole
// plan to judge replacements when there is nothing to judge.
func (s *Store) MayHaveFreedSlots(ctx context.Context, jobCentreID, eventID int64, now time.Time) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("interviews AS i").
		Joins("JOIN events e ON e.id = i.event_id").
		Where("e.job_centre_id = ? AND i.event_id = ? AND i.status IN ? AND i.starts_at > ?",
			jobCentreID, eventID, []InterviewStatus{InterviewDeclined, InterviewCancelled}, now.UTC()).
		Where("NOT EXISTS (SELECT 1 FROM interviews r WHERE r.replaces_interview_id = i.id)").
		Limit(1).Count(&n).Error
	if err != nil {
		return false, translate(err, "look for freed slots of event %d", eventID)
	}
	return n > 0, nil
}
