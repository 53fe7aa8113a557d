package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// RecordOutcome sets the outcome of an interview and appends a history row,
// in one transaction. Recording the same kind and date again changes
// nothing, so a double click on an e-mail link leaves one history row.
func (s *Store) RecordOutcome(ctx context.Context, jobCentreID, interviewID int64, kind OutcomeKind, startDate *time.Time, by ActorKind, byID *int64) (Outcome, error) {
	var out Outcome
	if startDate != nil {
		d := dateOnly(*startDate)
		startDate = &d
	}
	err := s.Transaction(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		var n int64
		if err := db.Model(&Interview{}).
			Where("id = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)", interviewID, jobCentreID).
			Count(&n).Error; err != nil {
			return translate(err, "check interview %d", interviewID)
		}
		if n == 0 {
			return translate(gorm.ErrRecordNotFound, "load interview %d", interviewID)
		}
		now := tx.nowUTC()
		change := OutcomeChange{NewKind: kind, NewStartDate: startDate, ChangedAt: now, ChangedByKind: by, ChangedByID: byID}
		err := db.Where("interview_id = ?", interviewID).First(&out).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			out = Outcome{InterviewID: interviewID, Kind: kind, StartDate: startDate, RecordedAt: now, RecordedByKind: by, RecordedByID: byID}
			if err := db.Create(&out).Error; err != nil {
				return translate(err, "create outcome of interview %d", interviewID)
			}
		case err != nil:
			return translate(err, "load outcome of interview %d", interviewID)
		default:
			if out.Kind == kind && sameDate(out.StartDate, startDate) {
				return nil
			}
			prevKind := out.Kind
			change.PreviousKind, change.PreviousStartDate = &prevKind, out.StartDate
			out.Kind, out.StartDate, out.RecordedAt, out.RecordedByKind, out.RecordedByID = kind, startDate, now, by, byID
			if err := db.Model(&out).
				Select("kind", "start_date", "recorded_at", "recorded_by_kind", "recorded_by_id", "updated_at").
				Updates(&out).Error; err != nil {
				return translate(err, "update outcome of interview %d", interviewID)
			}
		}
		change.OutcomeID = out.ID
		return translate(db.Create(&change).Error, "record outcome history of interview %d", interviewID)
	})
	return out, err
}

// OutcomeHistory returns the changes of an interview's outcome, oldest first.
func (s *Store) OutcomeHistory(ctx context.Context, jobCentreID, interviewID int64) ([]OutcomeChange, error) {
	var ch []OutcomeChange
	err := s.db.WithContext(ctx).
		Joins("JOIN outcomes ON outcomes.id = outcome_changes.outcome_id").
		Joins("JOIN interviews ON interviews.id = outcomes.interview_id").
		Joins("JOIN employers ON employers.id = interviews.employer_id").
		Where("outcomes.interview_id = ? AND employers.job_centre_id = ?", interviewID, jobCentreID).
		Order("outcome_changes.changed_at, outcome_changes.id").
		Find(&ch).Error
	return ch, translate(err, "load outcome history of interview %d", interviewID)
}

func sameDate(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}
