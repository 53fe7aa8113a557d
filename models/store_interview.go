package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CreateInterviews inserts planned interviews of one event in a
// transaction. Applicant, employer and vacancy are copied from each
// interview's candidate so they cannot disagree with it.
func (s *Store) CreateInterviews(ctx context.Context, jobCentreID, eventID int64, ivs []Interview) error {
	if len(ivs) == 0 {
		return nil
	}
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEvent(ctx, jobCentreID, eventID); err != nil {
			return err
		}
		ids := make([]int64, len(ivs))
		for i, iv := range ivs {
			ids[i] = iv.CandidateID
		}
		var cands []Candidate
		err := tx.db.WithContext(ctx).Preload("Vacancy").
			Where("event_id = ? AND id IN ?", eventID, ids).Find(&cands).Error
		if err != nil {
			return translate(err, "load candidates of event %d", eventID)
		}
		byID := make(map[int64]Candidate, len(cands))
		for _, c := range cands {
			byID[c.ID] = c
		}
		for i := range ivs {
			c, ok := byID[ivs[i].CandidateID]
			if !ok {
				return translate(gorm.ErrRecordNotFound, "candidate %d of event %d", ivs[i].CandidateID, eventID)
			}
			iv := &ivs[i]
			iv.EventID, iv.ApplicantID, iv.VacancyID, iv.EmployerID = eventID, c.ApplicantID, c.VacancyID, c.Vacancy.EmployerID
			if iv.Status == "" {
				iv.Status = InterviewPlanned
			}
			if iv.Version == 0 {
				iv.Version = 1
			}
		}
		err = tx.db.WithContext(ctx).Omit(clause.Associations).Create(&ivs).Error
		return translate(err, "create interviews of event %d", eventID)
	})
}

// ListInterviews returns an event's interviews with applicant, employer
// and vacancy, ordered by start.
func (s *Store) ListInterviews(ctx context.Context, jobCentreID, eventID int64) ([]Interview, error) {
	var ivs []Interview
	err := s.db.WithContext(ctx).
		Joins("Applicant").
		Joins("Employer").
		Joins("Vacancy").
		Where("interviews.event_id = ? AND \"Employer\".job_centre_id = ?", eventID, jobCentreID).
		Order("interviews.starts_at, interviews.id").
		Find(&ivs).Error
	return ivs, translate(err, "list interviews of event %d", eventID)
}

// GetInterview loads one interview like ListInterviews does.
func (s *Store) GetInterview(ctx context.Context, jobCentreID, id int64) (Interview, error) {
	var iv Interview
	err := s.db.WithContext(ctx).
		Joins("Applicant").
		Joins("Employer").
		Joins("Vacancy").
		Where("interviews.id = ? AND \"Employer\".job_centre_id = ?", id, jobCentreID).
		First(&iv).Error
	return iv, translate(err, "load interview %d", id)
}

// MoveInterview changes time, table and site of an interview if its version
// is still iv.Version, and raises the iCal sequence so calendars replace
// the old entry. ErrConflict if someone changed it meanwhile.
func (s *Store) MoveInterview(ctx context.Context, jobCentreID int64, iv *Interview) error {
	res := s.db.WithContext(ctx).Model(&Interview{}).
		Where("id = ? AND version = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)",
			iv.ID, iv.Version, jobCentreID).
		Updates(map[string]any{
			"starts_at": iv.StartsAt.UTC(), "ends_at": iv.EndsAt.UTC(), "table_id": iv.TableID,
			"site_id": iv.SiteID, "pinned": iv.Pinned,
			"ical_sequence": gorm.Expr("ical_sequence + 1"), "version": iv.Version + 1,
			"updated_at": s.nowUTC(),
		})
	if err := s.interviewVersionResult(ctx, res, jobCentreID, iv.ID, "move interview %d", iv.ID); err != nil {
		return err
	}
	iv.Version++
	iv.ICalSequence++
	return nil
}

// SetInterviewStatus changes the status of an interview, guarded by version.
// Cancelling raises the iCal sequence because the CANCEL mail needs it.
func (s *Store) SetInterviewStatus(ctx context.Context, jobCentreID, id int64, version int, status InterviewStatus) (int, error) {
	fields := map[string]any{"status": status, "version": version + 1, "updated_at": s.nowUTC()}
	if status == InterviewCancelled {
		fields["ical_sequence"] = gorm.Expr("ical_sequence + 1")
	}
	res := s.db.WithContext(ctx).Model(&Interview{}).
		Where("id = ? AND version = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)",
			id, version, jobCentreID).
		Updates(fields)
	if err := s.interviewVersionResult(ctx, res, jobCentreID, id, "set status of interview %d", id); err != nil {
		return 0, err
	}
	return version + 1, nil
}

// interviewVersionResult tells ErrConflict from ErrNotFound after a
// version-guarded interview update matched no row.
func (s *Store) interviewVersionResult(ctx context.Context, res *gorm.DB, jobCentreID, id int64, format string, args ...any) error {
	if err := translate(res.Error, format, args...); err != nil {
		return err
	}
	if res.RowsAffected > 0 {
		return nil
	}
	var n int64
	err := s.db.WithContext(ctx).Model(&Interview{}).
		Where("id = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)", id, jobCentreID).
		Count(&n).Error
	if err != nil {
		return translate(err, format, args...)
	}
	if n == 0 {
		return translate(gorm.ErrRecordNotFound, format, args...)
	}
	return translate(ErrConflict, format, args...)
}

// ApplicantBusy reports whether an applicant has an active interview
// overlapping [from, to); declined and cancelled ones do not count.
func (s *Store) ApplicantBusy(ctx context.Context, applicantID int64, from, to time.Time) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&Interview{}).
		Where("applicant_id = ? AND status NOT IN ? AND starts_at < ? AND ends_at > ?",
			applicantID, []InterviewStatus{InterviewDeclined, InterviewCancelled}, to.UTC(), from.UTC()).
		Count(&n).Error
	return n > 0, translate(err, "check applicant %d", applicantID)
}
