package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// CreateLinkToken stores a link token; the caller sets TokenHash to the
// SHA-256 hex of the token it mails.
func (s *Store) CreateLinkToken(ctx context.Context, lt *LinkToken) error {
	err := s.db.WithContext(ctx).Create(lt).Error
	return translate(err, "create %s link", lt.Kind)
}

// FindLinkToken loads a token of the kind by its hash. Expiry and use are
// the caller's to judge, so it can tell the user which one applies.
func (s *Store) FindLinkToken(ctx context.Context, kind LinkKind, hash string) (LinkToken, error) {
	var lt LinkToken
	err := s.db.WithContext(ctx).Where("kind = ? AND token_hash = ?", kind, hash).First(&lt).Error
	return lt, translate(err, "load %s link", kind)
}

// UseLinkToken marks a single-use token as used at the given instant. It
// returns ErrConflict if it was used already, so two clicks log in once.
func (s *Store) UseLinkToken(ctx context.Context, id int64, at time.Time) error {
	res := s.db.WithContext(ctx).Model(&LinkToken{}).
		Where("id = ? AND used_at IS NULL", id).Update("used_at", at.UTC())
	if err := translate(res.Error, "use link %d", id); err != nil {
		return err
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var n int64
	if err := s.db.WithContext(ctx).Model(&LinkToken{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return translate(err, "use link %d", id)
	}
	if n == 0 {
		return translate(gorm.ErrRecordNotFound, "use link %d", id)
	}
	return translate(ErrConflict, "use link %d", id)
}

// DeleteExpiredLinkTokens removes tokens that expired before now.
func (s *Store) DeleteExpiredLinkTokens(ctx context.Context, now time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("expires_at < ?", now.UTC()).Delete(&LinkToken{})
	return res.RowsAffected, translate(res.Error, "delete expired links")
}
