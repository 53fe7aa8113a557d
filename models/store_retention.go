package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Erasure and retention of applicant data (issue 8, parts 3 and 4).
//
// Erasing an applicant pseudonymises the row instead of deleting it: the
// interviews, outcomes, shortlist pairs and event participations that the
// statistics count keep pointing at an applicant ID that no longer names
// anybody. What is removed and what is kept is listed in docs/privacy.md;
// keep both in step.

// ErrAlreadyErased is returned when the applicant was erased before.
var ErrAlreadyErased = errors.New("applicant already erased")

// ErrErasureBlocked is returned when erasing now would silently break an
// appointment: the applicant still has upcoming interviews, or mails about
// their interviews are still waiting to go out (e.g. the cancellation).
var ErrErasureBlocked = errors.New("applicant has upcoming interviews or mails in flight")

// ErasedRecipient replaces the applicant's address in the sent-mail record;
// .invalid is reserved (RFC 2606), so it can never reach anybody.
const ErasedRecipient = "erased@erased.invalid"

// erasedMailNote is the outbox row's last_error after erasure: an SMTP
// server's reason often quotes the recipient address.
const erasedMailNote = "content erased (data protection)"

// erasedOverrideReason replaces a free-text override reason; the CHECK on
// candidates wants a non-empty reason whenever override is set.
const erasedOverrideReason = "–"

// EraseCounts says what an erasure removes and what it keeps, pseudonymised.
type EraseCounts struct {
	AvailabilityWindows int64 `json:"availability_windows_deleted"`
	LinkTokens          int64 `json:"link_tokens_deleted"`
	MailsDeleted        int64 `json:"mails_deleted"`  // unsent mails to the applicant
	MailsRedacted       int64 `json:"mails_redacted"` // rows kept, body, subject and applicant address removed
	Participations      int64 `json:"participations_kept"`
	Candidates          int64 `json:"candidates_kept"`
	Interviews          int64 `json:"interviews_kept"`
	Outcomes            int64 `json:"outcomes_kept"`
}

// EraseEffects is the preview shown before an erasure on request.
type EraseEffects struct {
	Applicant          Applicant
	Counts             EraseCounts
	UpcomingInterviews int64 // planned, invited or confirmed and not yet begun
	MailsInFlight      int64 // pending or sending mails to others about the applicant's interviews
}

// Blocked reports whether the erasure must wait (see ErrErasureBlocked).
func (e EraseEffects) Blocked() bool { return e.UpcomingInterviews > 0 || e.MailsInFlight > 0 }

// activeInterviewStatuses are interviews that still bind someone to come.
func activeInterviewStatuses() []InterviewStatus {
	return []InterviewStatus{InterviewPlanned, InterviewInvited, InterviewConfirmed}
}

// ApplicantEraseEffects counts what EraseApplicant would remove and keep,
// with the same conditions, so the preview and the erasure agree.
func (s *Store) ApplicantEraseEffects(ctx context.Context, jobCentreID, id int64) (EraseEffects, error) {
	a, err := s.GetApplicant(ctx, jobCentreID, id)
	if err != nil {
		return EraseEffects{}, err
	}
	eff := EraseEffects{Applicant: a}
	if a.AnonymisedAt != nil {
		return eff, nil
	}
	db := s.db.WithContext(ctx)
	ivIDs, err := s.applicantInterviewIDs(ctx, id)
	if err != nil {
		return eff, err
	}
	c := &eff.Counts
	for _, q := range []struct {
		n     *int64
		model any
		where string
		args  []any
	}{
		{&c.AvailabilityWindows, &AvailabilityWindow{}, "applicant_id = ?", []any{id}},
		{&c.LinkTokens, &LinkToken{}, "applicant_id = ?", []any{id}},
		{&c.Participations, &EventApplicant{}, "applicant_id = ?", []any{id}},
		{&c.Candidates, &Candidate{}, "applicant_id = ?", []any{id}},
		{&c.Interviews, &Interview{}, "applicant_id = ?", []any{id}},
		{&c.Outcomes, &Outcome{}, "interview_id IN ?", []any{nonEmptyIDs(ivIDs)}},
		{&eff.UpcomingInterviews, &Interview{}, "applicant_id = ? AND status IN ? AND starts_at > ?",
			[]any{id, activeInterviewStatuses(), s.nowUTC()}},
	} {
		if err := db.Model(q.model).Where(q.where, q.args...).Count(q.n).Error; err != nil {
			return eff, translate(err, "count erasure effects of applicant %d", id)
		}
	}
	toApplicant, related := applicantMailScope(a, ivIDs)
	if err := db.Model(&OutboxMail{}).Where("job_centre_id = ?", jobCentreID).Where(toApplicant).
		Where("status <> ?", MailSent).Count(&c.MailsDeleted).Error; err != nil {
		return eff, translate(err, "count mails of applicant %d", id)
	}
	var all int64
	if err := db.Model(&OutboxMail{}).Where("job_centre_id = ?", jobCentreID).Where(related).Count(&all).Error; err != nil {
		return eff, translate(err, "count mails of applicant %d", id)
	}
	c.MailsRedacted = all - c.MailsDeleted
	if err := db.Model(&OutboxMail{}).Where("job_centre_id = ?", jobCentreID).Where(related).Not(toApplicant).
		Where("status IN ?", []MailStatus{MailPending, MailSending}).Count(&eff.MailsInFlight).Error; err != nil {
		return eff, translate(err, "count mails in flight of applicant %d", id)
	}
	return eff, nil
}

// EraseApplicant erases the applicant of the job centre on request, in one
// transaction with the audit entry ev (its details get the counts). It
// refuses with ErrErasureBlocked while EraseEffects.Blocked, and with
// ErrAlreadyErased when there is nothing left to erase.
func (s *Store) EraseApplicant(ctx context.Context, jobCentreID, id int64, ev AuditEvent) (EraseCounts, error) {
	var counts EraseCounts
	err := s.Transaction(ctx, func(tx *Store) error {
		eff, err := tx.ApplicantEraseEffects(ctx, jobCentreID, id)
		if err != nil {
			return err
		}
		if eff.Applicant.AnonymisedAt != nil {
			return fmt.Errorf("models: erase applicant %d: %w", id, ErrAlreadyErased)
		}
		if eff.Blocked() {
			return fmt.Errorf("models: erase applicant %d: %w", id, ErrErasureBlocked)
		}
		if counts, err = tx.eraseApplicant(ctx, eff.Applicant); err != nil {
			return err
		}
		details, err := json.Marshal(counts)
		if err != nil {
			return fmt.Errorf("models: erase applicant %d: %w", id, err)
		}
		ev.JobCentreID, ev.ObjectKind, ev.ObjectID, ev.Details = jobCentreID, "applicant", &id, string(details)
		if ev.Action == "" {
			ev.Action = "applicant.erase"
		}
		return tx.AppendAudit(ctx, &ev)
	})
	return counts, err
}

// eraseApplicant does the erasure inside the caller's transaction. The
// applicant row stays with its ID, job centre, German level and preferred
// language (what statistics may group by; both are NOT NULL) and consent
// day (the legal basis it had); every other personal field is emptied.
func (s *Store) eraseApplicant(ctx context.Context, a Applicant) (EraseCounts, error) {
	var c EraseCounts
	db := s.db.WithContext(ctx)
	now := s.nowUTC()
	ivIDs, err := s.applicantInterviewIDs(ctx, a.ID)
	if err != nil {
		return c, err
	}
	res := db.Model(&Applicant{}).Where("id = ? AND job_centre_id = ? AND anonymised_at IS NULL", a.ID, a.JobCentreID).
		Updates(map[string]any{
			"first_name": "", "last_name": "", "email": "", "phone": "", "notes": "",
			"postcode": "", "town": "", "lat": nil, "lon": nil, "search_name": "", "availability": "",
			"shares_contact": false, "needs_step_free": false, "driving_licence": false,
			"anonymised_at": now, "updated_at": now, "version": gorm.Expr("version + 1"),
		})
	if err := rowsOrNotFound(res, "erase applicant %d", a.ID); err != nil {
		return c, err
	}
	if res = db.Where("applicant_id = ?", a.ID).Delete(&AvailabilityWindow{}); res.Error != nil {
		return c, translate(res.Error, "erase availability of applicant %d", a.ID)
	}
	c.AvailabilityWindows = res.RowsAffected
	if res = db.Where("applicant_id = ?", a.ID).Delete(&LinkToken{}); res.Error != nil {
		return c, translate(res.Error, "erase links of applicant %d", a.ID)
	}
	c.LinkTokens = res.RowsAffected
	if res = db.Model(&Candidate{}).Where("applicant_id = ? AND override_reason <> ''", a.ID).
		Update("override_reason", gorm.Expr("CASE WHEN override THEN ? ELSE '' END", erasedOverrideReason)); res.Error != nil {
		return c, translate(res.Error, "erase override reasons of applicant %d", a.ID)
	}
	toApplicant, related := applicantMailScope(a, ivIDs)
	if res = db.Where("job_centre_id = ? AND status <> ?", a.JobCentreID, MailSent).Where(toApplicant).
		Delete(&OutboxMail{}); res.Error != nil {
		return c, translate(res.Error, "delete unsent mails of applicant %d", a.ID)
	}
	c.MailsDeleted = res.RowsAffected
	// Sent mails stay as the record that something was sent, when and of
	// which kind; mails to others about the interviews lose their body and
	// subject (they name the applicant), unsent ones are dropped.
	recipient := gorm.Expr("recipient")
	if a.Email != "" {
		recipient = gorm.Expr("CASE WHEN lower(recipient) = lower(?) THEN ? ELSE recipient END", a.Email, ErasedRecipient)
	}
	res = db.Model(&OutboxMail{}).Where("job_centre_id = ?", a.JobCentreID).Where(related).
		Updates(map[string]any{"payload": []byte{}, "subject": "", "last_error": erasedMailNote, "recipient": recipient,
			"status": gorm.Expr("CASE WHEN status IN ? THEN ? ELSE status END",
				[]MailStatus{MailPending, MailSending, MailFailed}, MailCancelled),
			"claimed_until": nil, "updated_at": now})
	if res.Error != nil {
		return c, translate(res.Error, "redact mails of applicant %d", a.ID)
	}
	c.MailsRedacted = res.RowsAffected
	for _, q := range []struct {
		n     *int64
		model any
		where string
		arg   any
	}{
		{&c.Participations, &EventApplicant{}, "applicant_id = ?", a.ID},
		{&c.Candidates, &Candidate{}, "applicant_id = ?", a.ID},
		{&c.Interviews, &Interview{}, "applicant_id = ?", a.ID},
		{&c.Outcomes, &Outcome{}, "interview_id IN ?", nonEmptyIDs(ivIDs)},
	} {
		if err := db.Model(q.model).Where(q.where, q.arg).Count(q.n).Error; err != nil {
			return c, translate(err, "count kept rows of applicant %d", a.ID)
		}
	}
	return c, nil
}

// applicantMailScope returns the conditions for mails addressed to the
// applicant and for all mails about them: those plus every mail that
// belongs to one of their interviews (the employer's invitation names them).
func applicantMailScope(a Applicant, ivIDs []int64) (toApplicant, related clause.Expression) {
	toApplicant = clause.Expr{SQL: "1 = 0"}
	if a.Email != "" {
		toApplicant = clause.Expr{SQL: "lower(recipient) = lower(?)", Vars: []any{a.Email}}
	}
	related = clause.Or(toApplicant, clause.Expr{SQL: "interview_id IN ?", Vars: []any{nonEmptyIDs(ivIDs)}})
	return toApplicant, related
}

// applicantInterviewIDs lists the IDs of the applicant's interviews.
func (s *Store) applicantInterviewIDs(ctx context.Context, applicantID int64) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&Interview{}).Where("applicant_id = ?", applicantID).Order("id").Pluck("id", &ids).Error
	return ids, translate(err, "list interviews of applicant %d", applicantID)
}

// nonEmptyIDs keeps "IN ?" valid SQL for an empty list: no row has ID 0.
func nonEmptyIDs(ids []int64) []int64 {
	if len(ids) == 0 {
		return []int64{0}
	}
	return ids
}

// RetentionResult is one job centre's part of a retention run.
type RetentionResult struct {
	JobCentreID   int64
	RetentionDays int
	Cutoff        time.Time
	Erased        int
	MailBodies    int64 // older mails whose body and subject were removed
	LinkTokens    int64 // links that expired more than the period ago
}

// linkedEventIDs is the set of events an applicant (aliased a) is linked
// to: taking part, shortlisted or interviewed.
const linkedEventIDs = `SELECT event_id FROM event_applicants WHERE applicant_id = a.id
	UNION SELECT event_id FROM candidates WHERE applicant_id = a.id
	UNION SELECT event_id FROM interviews WHERE applicant_id = a.id`

// DueForRetention lists the living applicants of the job centre whose data
// is past the retention period at cutoff (now minus the retention days):
// an applicant linked to events is due when the last day of the last of
// them ended before cutoff; one never linked to an event is due when it
// was last added or edited before cutoff. Nobody is due within the period
// after being added, so a late entry for an old event is not erased at once.
func (s *Store) DueForRetention(ctx context.Context, jobCentreID int64, cutoff time.Time) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Raw(`SELECT a.id FROM applicants a
		WHERE a.job_centre_id = ? AND a.anonymised_at IS NULL AND a.created_at < ?
		AND NOT EXISTS (SELECT 1 FROM event_days d WHERE d.ends_at >= ? AND d.event_id IN (`+linkedEventIDs+`))
		AND (a.updated_at < ? OR EXISTS (SELECT 1 FROM event_days d WHERE d.event_id IN (`+linkedEventIDs+`)))
		ORDER BY a.id`, jobCentreID, cutoff.UTC(), cutoff.UTC(), cutoff.UTC()).Scan(&ids).Error
	return ids, translate(err, "list applicants due for retention in job centre %d", jobCentreID)
}

// RunRetention erases, in every job centre, the applicants past its
// retention period, removes body and subject of mails older than the
// period (summary mails to employers name several applicants and belong to
// no single one) and deletes links that expired more than the period ago. Each job centre is one transaction with one audit entry
// that counts what was done, also when nothing was. Running it again
// changes nothing.
func (s *Store) RunRetention(ctx context.Context) ([]RetentionResult, error) {
	var centres []JobCentre
	if err := s.db.WithContext(ctx).Select("id", "retention_days").Order("id").Find(&centres).Error; err != nil {
		return nil, translate(err, "list job centres for retention")
	}
	now := s.nowUTC()
	out := make([]RetentionResult, 0, len(centres))
	for _, jc := range centres {
		r := RetentionResult{JobCentreID: jc.ID, RetentionDays: jc.RetentionDays,
			Cutoff: now.Add(-time.Duration(jc.RetentionDays) * 24 * time.Hour)}
		err := s.Transaction(ctx, func(tx *Store) error {
			ids, err := tx.DueForRetention(ctx, jc.ID, r.Cutoff)
			if err != nil {
				return err
			}
			var as []Applicant
			if err := tx.db.WithContext(ctx).Where("id IN ?", nonEmptyIDs(ids)).Order("id").Find(&as).Error; err != nil {
				return translate(err, "load applicants due for retention")
			}
			for _, a := range as {
				if _, err := tx.eraseApplicant(ctx, a); err != nil {
					return err
				}
			}
			r.Erased = len(as)
			res := tx.db.WithContext(ctx).Model(&OutboxMail{}).
				Where("job_centre_id = ? AND created_at < ? AND status IN ? AND (length(payload) > 0 OR subject <> '')",
					jc.ID, r.Cutoff, []MailStatus{MailSent, MailFailed, MailCancelled}).
				Updates(map[string]any{"payload": []byte{}, "subject": "", "updated_at": now,
					"status": gorm.Expr("CASE WHEN status = ? THEN ? ELSE status END", MailFailed, MailCancelled)})
			if res.Error != nil {
				return translate(res.Error, "remove old mail bodies of job centre %d", jc.ID)
			}
			r.MailBodies = res.RowsAffected
			// Expired links stay a while so that a late click is told "expired"
			// rather than "unknown"; after the period they only tie IDs together.
			res = tx.db.WithContext(ctx).Where("job_centre_id = ? AND expires_at < ?", jc.ID, r.Cutoff).Delete(&LinkToken{})
			if res.Error != nil {
				return translate(res.Error, "delete expired links of job centre %d", jc.ID)
			}
			r.LinkTokens = res.RowsAffected
			details, err := json.Marshal(map[string]any{"erased": r.Erased, "mail_bodies": r.MailBodies, "link_tokens": r.LinkTokens,
				"retention_days": r.RetentionDays, "cutoff": r.Cutoff.Format(time.RFC3339)})
			if err != nil {
				return fmt.Errorf("models: retention audit: %w", err)
			}
			return tx.AppendAudit(ctx, &AuditEvent{JobCentreID: jc.ID, At: now, ActorKind: ActorSystem,
				Action: "retention.run", ObjectKind: "job_centre", ObjectID: &jc.ID, Details: string(details)})
		})
		if err != nil {
			return out, fmt.Errorf("models: retention of job centre %d: %w", jc.ID, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// ClaimScheduledJob reports whether this instance may run the periodic job
// name now. The first instance whose conditional UPDATE finds the job due
// moves next_run_at to now+interval and wins; every other instance sees
// the moved time and skips, on both databases, without a lock held.
func (s *Store) ClaimScheduledJob(ctx context.Context, name string, interval time.Duration) (bool, error) {
	now := s.nowUTC()
	db := s.db.WithContext(ctx)
	err := db.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&scheduledJob{Name: name, NextRunAt: now}).Error
	if err != nil {
		return false, translate(err, "register scheduled job %s", name)
	}
	res := db.Model(&scheduledJob{}).Where("name = ? AND next_run_at <= ?", name, now).
		Updates(map[string]any{"next_run_at": now.Add(interval), "last_run_at": now})
	if res.Error != nil {
		return false, translate(res.Error, "claim scheduled job %s", name)
	}
	return res.RowsAffected == 1, nil
}

// RescheduleJob sets when the job is due next, e.g. soon again after a
// failed run instead of a whole interval later.
func (s *Store) RescheduleJob(ctx context.Context, name string, at time.Time) error {
	res := s.db.WithContext(ctx).Model(&scheduledJob{}).Where("name = ?", name).Update("next_run_at", at.UTC())
	return rowsOrNotFound(res, "reschedule job %s", name)
}

// scheduledJob is a row of scheduled_jobs (migration 00013); it stays
// unexported because only the claim methods above touch it.
type scheduledJob struct {
	Name      string `gorm:"primaryKey"`
	NextRunAt time.Time
	LastRunAt *time.Time
}

// TableName fixes the table name.
func (scheduledJob) TableName() string { return "scheduled_jobs" }
