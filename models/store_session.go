package models

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// CreateSession inserts sess; the caller sets ID to the token's hash.
func (s *Store) CreateSession(ctx context.Context, sess *Session) error {
	if sess.CreatedAt.IsZero() {
		sess.CreatedAt = s.nowUTC()
	}
	if sess.LastSeenAt.IsZero() {
		sess.LastSeenAt = sess.CreatedAt
	}
	err := s.db.WithContext(ctx).Omit(clause.Associations).Create(sess).Error
	return translate(err, "create session")
}

// GetSession loads a session by the hash of its token. Expiry is the
// caller's decision because it owns the clock of the request.
func (s *Store) GetSession(ctx context.Context, id string) (Session, error) {
	var sess Session
	err := s.db.WithContext(ctx).Where("id = ?", id).First(&sess).Error
	return sess, translate(err, "load session")
}

// TouchSession records activity on a session.
func (s *Store) TouchSession(ctx context.Context, id string, at time.Time) error {
	res := s.db.WithContext(ctx).Model(&Session{}).Where("id = ?", id).
		Update("last_seen_at", at.UTC())
	return rowsOrNotFound(res, "touch session")
}

// DeleteSession logs a session out; deleting a missing session is no error
// because logging out twice should not fail.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	err := s.db.WithContext(ctx).Where("id = ?", id).Delete(&Session{}).Error
	return translate(err, "delete session")
}

// DeleteStaffSessions logs a staff user out everywhere, e.g. after a
// password change or deactivation.
func (s *Store) DeleteStaffSessions(ctx context.Context, staffUserID int64) (int64, error) {
	res := s.db.WithContext(ctx).Where("staff_user_id = ?", staffUserID).Delete(&Session{})
	return res.RowsAffected, translate(res.Error, "delete sessions of staff user %d", staffUserID)
}

// DeleteExpiredSessions removes sessions that expired before now and
// returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("expires_at <= ?", now.UTC()).Delete(&Session{})
	return res.RowsAffected, translate(res.Error, "delete expired sessions")
}

// RecordLoginAttempt stores one login try for rate limiting.
func (s *Store) RecordLoginAttempt(ctx context.Context, key string, at time.Time, succeeded bool) error {
	err := s.db.WithContext(ctx).Create(&LoginAttempt{Key: key, At: at.UTC(), Succeeded: succeeded}).Error
	return translate(err, "record login attempt")
}

// CountFailedLogins counts failed tries for key since the given instant.
func (s *Store) CountFailedLogins(ctx context.Context, key string, since time.Time) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&LoginAttempt{}).
		Where("key = ? AND at >= ? AND NOT succeeded", key, since.UTC()).
		Count(&n).Error
	return n, translate(err, "count failed logins")
}

// DeleteLoginAttemptsBefore prunes old login attempts.
func (s *Store) DeleteLoginAttemptsBefore(ctx context.Context, before time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("at < ?", before.UTC()).Delete(&LoginAttempt{})
	return res.RowsAffected, translate(res.Error, "delete old login attempts")
}
