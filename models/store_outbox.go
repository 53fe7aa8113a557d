package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The outbox's delivery guarantee is at least once, made as close to
// exactly once as SMTP allows:
//
//   - ClaimMails moves due mails to "sending" with a lease (claimed_until)
//     in one transaction; on PostgreSQL the rows are picked with FOR UPDATE
//     SKIP LOCKED, so several instances never claim the same mail; SQLite
//     has one writer, so its claim transaction is serialised anyway.
//   - A worker sends within its lease (its send timeout is shorter) and then
//     records the result. A worker that dies mid-send leaves its mails in
//     "sending"; once the lease has passed, ClaimMails hands them out again.
//     That is the at-least-once window: a mail whose SMTP transaction
//     completed but whose result was never recorded is sent a second time.
//     It carries the same stored Message-ID, so receiving servers and mail
//     clients that deduplicate by Message-ID show it once, and a calendar
//     entry with the same UID and SEQUENCE replaces itself.
//   - The lease end doubles as a fencing token: only the holder of the
//     current claim may put a mail back, fail or cancel it, so a late
//     worker cannot undo a newer claim.

// MailKindInvitationCancel is the outbox kind of a calendar cancellation:
// it is sent even though its interview is cancelled.
const MailKindInvitationCancel = "invitation_cancel"

// EnqueueMail stores a mail for the worker. Call it with the transaction
// store of the change the mail reports, so both commit or neither does.
// A zero NextAttemptAt means "send now".
func (s *Store) EnqueueMail(ctx context.Context, m *OutboxMail) error {
	if m.Status == "" {
		m.Status = MailPending
	}
	if m.NextAttemptAt.IsZero() {
		m.NextAttemptAt = s.nowUTC()
	}
	if m.Payload == nil {
		m.Payload = []byte{}
	}
	err := s.db.WithContext(ctx).Omit(clause.Associations).Create(m).Error
	return translate(err, "enqueue %s mail", m.Kind)
}

// ListOutbox returns the job centre's mails with the given status (all if
// empty), newest first, without their payload.
func (s *Store) ListOutbox(ctx context.Context, jobCentreID int64, status MailStatus, limit int) ([]OutboxMail, error) {
	q := s.db.WithContext(ctx).Omit("payload").Where("job_centre_id = ?", jobCentreID)
	if status != "" {
		q = q.Where("status = ?", status)
	}
	if limit > 0 {
		q = q.Limit(limit)
	}
	var ms []OutboxMail
	err := q.Order("created_at DESC, id DESC").Find(&ms).Error
	return ms, translate(err, "list outbox of job centre %d", jobCentreID)
}

// CountOutbox returns how many of the job centre's mails are in each
// status; statuses without mails are missing from the map.
func (s *Store) CountOutbox(ctx context.Context, jobCentreID int64) (map[MailStatus]int, error) {
	var rows []struct {
		Status MailStatus
		N      int
	}
	err := s.db.WithContext(ctx).Model(&OutboxMail{}).Select("status, count(*) AS n").
		Where("job_centre_id = ?", jobCentreID).Group("status").Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "count outbox of job centre %d", jobCentreID)
	}
	out := make(map[MailStatus]int, len(rows))
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// GetOutboxMail loads one mail of the job centre with its payload.
func (s *Store) GetOutboxMail(ctx context.Context, jobCentreID, id int64) (OutboxMail, error) {
	var m OutboxMail
	err := s.db.WithContext(ctx).Where("id = ? AND job_centre_id = ?", id, jobCentreID).First(&m).Error
	return m, translate(err, "load outbox mail %d", id)
}

// ClaimMails claims up to limit mails that are due at now: pending mails
// whose next attempt has come and mails whose sending worker let its lease
// run out. They become "sending" until now+lease and are returned with
// their payload, oldest due first. ClaimedUntil of each returned mail is
// the claim's token for the Mark and Release methods.
func (s *Store) ClaimMails(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]OutboxMail, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("models: claim mails: limit %d is not positive", limit)
	}
	now = now.UTC()
	// Both databases keep microseconds; a token with more precision would
	// never compare equal to what was stored.
	until := now.Add(lease).Truncate(time.Microsecond)
	var claimed []OutboxMail
	err := s.Transaction(ctx, func(tx *Store) error {
		q := tx.db.WithContext(ctx).Model(&OutboxMail{}).
			Where("(status = ? AND next_attempt_at <= ?) OR (status = ? AND claimed_until <= ?)",
				MailPending, now, MailSending, now).
			Order("next_attempt_at, id").Limit(limit)
		if Dialect(tx.db) == DialectPostgres {
			// Rows another instance is claiming right now are skipped, not
			// waited for: each instance takes a different batch.
			q = q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked})
		}
		var ids []int64
		if err := q.Pluck("id", &ids).Error; err != nil {
			return translate(err, "select due mails")
		}
		if len(ids) == 0 {
			return nil
		}
		err := tx.db.WithContext(ctx).Model(&OutboxMail{}).Where("id IN ?", ids).
			Updates(map[string]any{"status": MailSending, "claimed_until": until, "updated_at": now}).Error
		if err != nil {
			return translate(err, "claim %d mails", len(ids))
		}
		err = tx.db.WithContext(ctx).Where("id IN ?", ids).Order("next_attempt_at, id").Find(&claimed).Error
		return translate(err, "load %d claimed mails", len(ids))
	})
	if err != nil {
		return nil, err
	}
	return claimed, nil
}

// MarkMailSent records that the claimed mail m was delivered at now. It
// is not fenced by the lease: a delivery that happened is recorded even if
// the lease ran out meanwhile. ErrConflict if the mail is no longer being
// sent (another worker recorded it, or staff changed it).
func (s *Store) MarkMailSent(ctx context.Context, m OutboxMail, now time.Time) error {
	now = now.UTC()
	res := s.db.WithContext(ctx).Model(&OutboxMail{}).
		Where("id = ? AND status = ?", m.ID, MailSending).
		Updates(map[string]any{"status": MailSent, "sent_at": now, "claimed_until": nil,
			"attempts": gorm.Expr("attempts + 1"), "updated_at": now})
	return s.mailResult(ctx, res, m.ID, "mark mail %d sent", m.ID)
}

// MarkMailRetry records a temporary failure of the claimed mail m: one more
// attempt, the reason, and back to pending until next.
func (s *Store) MarkMailRetry(ctx context.Context, m OutboxMail, now, next time.Time, reason string) error {
	return s.updateClaimed(ctx, m, "mark mail %d for retry", map[string]any{
		"status": MailPending, "attempts": gorm.Expr("attempts + 1"), "next_attempt_at": next.UTC(),
		"last_error": truncateReason(reason), "claimed_until": nil, "updated_at": now.UTC(),
	})
}

// MarkMailFailed records a permanent failure of the claimed mail m; staff
// see the reason in the outbox and may retry it.
func (s *Store) MarkMailFailed(ctx context.Context, m OutboxMail, now time.Time, reason string) error {
	return s.updateClaimed(ctx, m, "mark mail %d failed", map[string]any{
		"status": MailFailed, "attempts": gorm.Expr("attempts + 1"),
		"last_error": truncateReason(reason), "claimed_until": nil, "updated_at": now.UTC(),
	})
}

// MarkMailCancelled drops the claimed mail m unsent, e.g. because its
// interview was cancelled after it was queued.
func (s *Store) MarkMailCancelled(ctx context.Context, m OutboxMail, now time.Time, reason string) error {
	return s.updateClaimed(ctx, m, "cancel mail %d", map[string]any{
		"status": MailCancelled, "last_error": truncateReason(reason), "claimed_until": nil, "updated_at": now.UTC(),
	})
}

// ReleaseMail gives the claimed mail m back unsent and without counting an
// attempt, e.g. when the worker stops or the database could not tell
// whether its interview still stands; it is due again at once.
func (s *Store) ReleaseMail(ctx context.Context, m OutboxMail, now time.Time) error {
	return s.updateClaimed(ctx, m, "release mail %d", map[string]any{
		"status": MailPending, "claimed_until": nil, "updated_at": now.UTC(),
	})
}

// updateClaimed applies fields if m is still claimed with m's token.
func (s *Store) updateClaimed(ctx context.Context, m OutboxMail, format string, fields map[string]any) error {
	if m.ClaimedUntil == nil {
		return translate(ErrConflict, format, m.ID)
	}
	res := s.db.WithContext(ctx).Model(&OutboxMail{}).
		Where("id = ? AND status = ? AND claimed_until = ?", m.ID, MailSending, m.ClaimedUntil.UTC()).
		Updates(fields)
	return s.mailResult(ctx, res, m.ID, format, m.ID)
}

// mailResult tells ErrConflict from ErrNotFound after a guarded update of
// mail id matched no row.
func (s *Store) mailResult(ctx context.Context, res *gorm.DB, id int64, format string, args ...any) error {
	if err := translate(res.Error, format, args...); err != nil {
		return err
	}
	if res.RowsAffected > 0 {
		return nil
	}
	var n int64
	if err := s.db.WithContext(ctx).Model(&OutboxMail{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return translate(err, format, args...)
	}
	if n == 0 {
		return translate(gorm.ErrRecordNotFound, format, args...)
	}
	return translate(ErrConflict, format, args...)
}

// RetryMail is the staff action on a failed mail: it is queued again at
// once with a fresh backoff. The last error stays visible until the next
// attempt replaces it. ErrNotFound for another job centre's mail,
// ErrConflict if the mail has not failed.
func (s *Store) RetryMail(ctx context.Context, jobCentreID, id int64) error {
	now := s.nowUTC()
	res := s.db.WithContext(ctx).Model(&OutboxMail{}).
		Where("id = ? AND job_centre_id = ? AND status = ?", id, jobCentreID, MailFailed).
		Updates(map[string]any{"status": MailPending, "attempts": 0, "next_attempt_at": now,
			"claimed_until": nil, "updated_at": now})
	if err := translate(res.Error, "retry mail %d", id); err != nil {
		return err
	}
	if res.RowsAffected > 0 {
		return nil
	}
	if _, err := s.GetOutboxMail(ctx, jobCentreID, id); err != nil {
		return err
	}
	return translate(ErrConflict, "retry mail %d", id)
}

// ListPendingInterviewMails returns the mails of an interview that no
// worker has claimed yet, with their payload, so the caller can decide
// which of them a cancellation makes obsolete.
func (s *Store) ListPendingInterviewMails(ctx context.Context, interviewID int64) ([]OutboxMail, error) {
	var ms []OutboxMail
	err := s.db.WithContext(ctx).Where("interview_id = ? AND status = ?", interviewID, MailPending).
		Order("id").Find(&ms).Error
	return ms, translate(err, "list pending mails of interview %d", interviewID)
}

// CancelPendingMails cancels those of the given mails that are still
// pending and returns how many it cancelled. Mails a worker claimed
// meanwhile are left to the worker, which checks the interview itself.
func (s *Store) CancelPendingMails(ctx context.Context, ids []int64, reason string) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	res := s.db.WithContext(ctx).Model(&OutboxMail{}).
		Where("id IN ? AND status = ?", ids, MailPending).
		Updates(map[string]any{"status": MailCancelled, "last_error": truncateReason(reason), "updated_at": s.nowUTC()})
	return res.RowsAffected, translate(res.Error, "cancel %d pending mails", len(ids))
}

// MailInterviewStatus returns the status of the interview a mail of the
// job centre belongs to; the worker asks it right before sending.
func (s *Store) MailInterviewStatus(ctx context.Context, jobCentreID, interviewID int64) (InterviewStatus, error) {
	var statuses []InterviewStatus
	err := s.db.WithContext(ctx).Model(&Interview{}).
		Where("id = ? AND employer_id IN (SELECT id FROM employers WHERE job_centre_id = ?)", interviewID, jobCentreID).
		Pluck("status", &statuses).Error
	if err != nil {
		return "", translate(err, "load status of interview %d", interviewID)
	}
	if len(statuses) == 0 {
		return "", translate(gorm.ErrRecordNotFound, "load status of interview %d", interviewID)
	}
	return statuses[0], nil
}

// maxReasonLength keeps an SMTP server's chatter from bloating the row.
const maxReasonLength = 1000

func truncateReason(s string) string {
	if len(s) <= maxReasonLength {
		return s
	}
	cut := maxReasonLength
	for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}
