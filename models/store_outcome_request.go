package models

import (
	"context"
	"time"
)

// DueOutcomeRequest names an interview whose outcome request may be due.
type DueOutcomeRequest struct {
	InterviewID int64
	JobCentreID int64
}

// outcomeRequestStatuses are the interviews that took place (or may have):
// cancelled, declined and no-show interviews have no outcome to ask for.
func outcomeRequestStatuses() []InterviewStatus {
	return []InterviewStatus{InterviewInvited, InterviewConfirmed, InterviewAttended}
}

// DueOutcomeRequests lists interviews that ended in (after, before], took
// place or may have, and were not asked about yet, oldest first. The caller
// decides about the rest of the event day.
func (s *Store) DueOutcomeRequests(ctx context.Context, after, before time.Time, limit int) ([]DueOutcomeRequest, error) {
	var out []DueOutcomeRequest
	q := s.db.WithContext(ctx).Table("interviews").
		Select("interviews.id AS interview_id, employers.job_centre_id AS job_centre_id").
		Joins("JOIN employers ON employers.id = interviews.employer_id").
		Where("interviews.outcome_request_queued_at IS NULL AND interviews.status IN ? AND interviews.ends_at > ? AND interviews.ends_at <= ?",
			outcomeRequestStatuses(), after.UTC(), before.UTC()).
		Order("interviews.ends_at, interviews.id")
	if limit > 0 {
		q = q.Limit(limit)
	}
	err := q.Scan(&out).Error
	return out, translate(err, "list due outcome requests")
}

// MarkOutcomeRequestQueued records that the interviews' outcome request is
// queued. It returns ErrConflict when any of them was marked by another
// worker first or is no longer due, so the caller rolls back its mail.
func (s *Store) MarkOutcomeRequestQueued(ctx context.Context, interviewIDs []int64, at time.Time) error {
	ids := uniqueIDs(interviewIDs)
	res := s.db.WithContext(ctx).Table("interviews").
		Where("id IN ? AND outcome_request_queued_at IS NULL AND status IN ?", ids, outcomeRequestStatuses()).
		Update("outcome_request_queued_at", at.UTC())
	if err := translate(res.Error, "mark outcome request of interviews %v", ids); err != nil {
		return err
	}
	if res.RowsAffected != int64(len(ids)) {
		return translate(ErrConflict, "mark outcome request of interviews %v", ids)
	}
	return nil
}

// OutcomeRequestQueued reports whether the interview's outcome request was
// queued.
func (s *Store) OutcomeRequestQueued(ctx context.Context, interviewID int64) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("interviews").
		Where("id = ? AND outcome_request_queued_at IS NOT NULL", interviewID).Count(&n).Error
	return n == 1, translate(err, "check outcome request of interview %d", interviewID)
}

// GetOutcome loads the outcome of an interview of the job centre;
// ErrNotFound when none is recorded yet (or the interview is another job
// centre's).
func (s *Store) GetOutcome(ctx context.Context, jobCentreID, interviewID int64) (Outcome, error) {
	var out Outcome
	err := s.db.WithContext(ctx).
		Joins("JOIN interviews ON interviews.id = outcomes.interview_id").
		Joins("JOIN employers ON employers.id = interviews.employer_id").
		Where("outcomes.interview_id = ? AND employers.job_centre_id = ?", interviewID, jobCentreID).
		First(&out).Error
	return out, translate(err, "load outcome of interview %d", interviewID)
}

// InterviewOutcome is an interview with its outcome (nil until recorded)
// and the outcome's history, oldest first.
type InterviewOutcome struct {
	Interview Interview // with Applicant, Employer and Vacancy
	Outcome   *Outcome
	History   []OutcomeChange
}

// EventOutcomes lists the event's interviews with outcome and history, in
// three queries, ordered by start.
func (s *Store) EventOutcomes(ctx context.Context, jobCentreID, eventID int64) ([]InterviewOutcome, error) {
	ivs, err := s.ListInterviews(ctx, jobCentreID, eventID)
	if err != nil || len(ivs) == 0 {
		return nil, err
	}
	ids := make([]int64, len(ivs))
	for i, iv := range ivs {
		ids[i] = iv.ID
	}
	db := s.db.WithContext(ctx)
	var outs []Outcome
	if err := db.Where("interview_id IN ?", ids).Find(&outs).Error; err != nil {
		return nil, translate(err, "load outcomes of event %d", eventID)
	}
	byInterview := map[int64]*Outcome{}
	outIDs := make([]int64, 0, len(outs))
	for i := range outs {
		byInterview[outs[i].InterviewID] = &outs[i]
		outIDs = append(outIDs, outs[i].ID)
	}
	var changes []OutcomeChange
	if len(outIDs) > 0 {
		if err := db.Where("outcome_id IN ?", outIDs).Order("changed_at, id").Find(&changes).Error; err != nil {
			return nil, translate(err, "load outcome history of event %d", eventID)
		}
	}
	byOutcome := map[int64][]OutcomeChange{}
	for _, ch := range changes {
		byOutcome[ch.OutcomeID] = append(byOutcome[ch.OutcomeID], ch)
	}
	res := make([]InterviewOutcome, len(ivs))
	for i, iv := range ivs {
		res[i] = InterviewOutcome{Interview: iv, Outcome: byInterview[iv.ID]}
		if o := res[i].Outcome; o != nil {
			res[i].History = byOutcome[o.ID]
		}
	}
	return res, nil
}

// FollowUpKinds are the outcomes that are not final yet: weeks after the
// event the employer is asked again whether the internship, trial work or
// entry qualification (or the pending decision) led somewhere.
func FollowUpKinds() []OutcomeKind {
	return []OutcomeKind{OutcomePending, OutcomeInternship, OutcomeTrialWork, OutcomeEntryQualification}
}

// DueFollowUps lists interviews that ended in (after, before], whose
// current outcome is one of FollowUpKinds and whose follow-up was not
// queued yet, oldest first. The caller decides about the rest of the event.
func (s *Store) DueFollowUps(ctx context.Context, after, before time.Time, limit int) ([]DueOutcomeRequest, error) {
	var out []DueOutcomeRequest
	q := s.db.WithContext(ctx).Table("interviews").
		Select("interviews.id AS interview_id, employers.job_centre_id AS job_centre_id").
		Joins("JOIN employers ON employers.id = interviews.employer_id").
		Joins("JOIN outcomes ON outcomes.interview_id = interviews.id").
		Where("interviews.followup_queued_at IS NULL AND outcomes.kind IN ? AND interviews.ends_at > ? AND interviews.ends_at <= ?",
			FollowUpKinds(), after.UTC(), before.UTC()).
		Order("interviews.ends_at, interviews.id")
	if limit > 0 {
		q = q.Limit(limit)
	}
	err := q.Scan(&out).Error
	return out, translate(err, "list due follow-ups")
}

// MarkFollowUpQueued records that the interviews' follow-up is queued. It
// returns ErrConflict when any of them was marked by another worker first
// or its outcome became final meanwhile, so the caller rolls back its mail.
func (s *Store) MarkFollowUpQueued(ctx context.Context, interviewIDs []int64, at time.Time) error {
	ids := uniqueIDs(interviewIDs)
	res := s.db.WithContext(ctx).Table("interviews").
		Where("id IN ? AND followup_queued_at IS NULL AND id IN (SELECT interview_id FROM outcomes WHERE kind IN ?)", ids, FollowUpKinds()).
		Update("followup_queued_at", at.UTC())
	if err := translate(res.Error, "mark follow-up of interviews %v", ids); err != nil {
		return err
	}
	if res.RowsAffected != int64(len(ids)) {
		return translate(ErrConflict, "mark follow-up of interviews %v", ids)
	}
	return nil
}

// FollowUpQueued reports whether the interview's follow-up was queued.
func (s *Store) FollowUpQueued(ctx context.Context, interviewID int64) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("interviews").
		Where("id = ? AND followup_queued_at IS NOT NULL", interviewID).Count(&n).Error
	return n == 1, translate(err, "check follow-up of interview %d", interviewID)
}

// OutcomesOf returns the current outcomes of the job centre's interviews
// by interview ID; interviews without one are missing from the map.
func (s *Store) OutcomesOf(ctx context.Context, jobCentreID int64, interviewIDs []int64) (map[int64]Outcome, error) {
	var outs []Outcome
	err := s.db.WithContext(ctx).
		Joins("JOIN interviews ON interviews.id = outcomes.interview_id").
		Joins("JOIN employers ON employers.id = interviews.employer_id").
		Where("outcomes.interview_id IN ? AND employers.job_centre_id = ?", uniqueIDs(interviewIDs), jobCentreID).
		Find(&outs).Error
	if err != nil {
		return nil, translate(err, "load outcomes of interviews")
	}
	m := make(map[int64]Outcome, len(outs))
	for _, o := range outs {
		m[o.InterviewID] = o
	}
	return m, nil
}
