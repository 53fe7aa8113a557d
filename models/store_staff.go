package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// FindStaffUserByEmail loads the staff user with this e-mail address,
// ignoring case, from any job centre: the login form does not ask for one.
func (s *Store) FindStaffUserByEmail(ctx context.Context, email string) (StaffUser, error) {
	var u StaffUser
	err := s.db.WithContext(ctx).
		Where("lower(email) = ?", strings.ToLower(strings.TrimSpace(email))).
		First(&u).Error
	return u, translate(err, "load staff user by e-mail")
}

// GetStaffUser loads a staff user of the job centre.
func (s *Store) GetStaffUser(ctx context.Context, jobCentreID, id int64) (StaffUser, error) {
	var u StaffUser
	err := s.db.WithContext(ctx).
		Where("job_centre_id = ? AND id = ?", jobCentreID, id).
		First(&u).Error
	return u, translate(err, "load staff user %d", id)
}

// ListStaffUsers returns the job centre's staff users ordered by name.
func (s *Store) ListStaffUsers(ctx context.Context, jobCentreID int64) ([]StaffUser, error) {
	var us []StaffUser
	err := s.db.WithContext(ctx).
		Where("job_centre_id = ?", jobCentreID).
		Order("name, id").
		Find(&us).Error
	return us, translate(err, "list staff users of job centre %d", jobCentreID)
}

// CreateStaffUser inserts u. The e-mail is stored trimmed; ErrDuplicate
// when another user has it in any letter case.
func (s *Store) CreateStaffUser(ctx context.Context, u *StaffUser) error {
	u.Email = strings.TrimSpace(u.Email)
	if u.Locale == "" {
		u.Locale = LocaleDE
	}
	err := s.db.WithContext(ctx).Omit(clause.Associations).Create(u).Error
	return translate(err, "create staff user")
}

// UpdateStaffUser saves name, e-mail, role, locale and active flag of u.
func (s *Store) UpdateStaffUser(ctx context.Context, u StaffUser) error {
	u.Email = strings.TrimSpace(u.Email)
	res := s.db.WithContext(ctx).Model(&StaffUser{}).
		Where("job_centre_id = ? AND id = ?", u.JobCentreID, u.ID).
		Select("email", "name", "role", "locale", "active", "updated_at").
		Updates(&u)
	return rowsOrNotFound(res, "update staff user %d", u.ID)
}

// SetStaffPasswordHash replaces the password hash of a staff user.
func (s *Store) SetStaffPasswordHash(ctx context.Context, jobCentreID, id int64, hash string) error {
	res := s.db.WithContext(ctx).Model(&StaffUser{}).
		Where("job_centre_id = ? AND id = ?", jobCentreID, id).
		Updates(map[string]any{"password_hash": hash, "updated_at": s.nowUTC()})
	return rowsOrNotFound(res, "set password of staff user %d", id)
}

// SetStaffLastLogin records a successful login.
func (s *Store) SetStaffLastLogin(ctx context.Context, id int64, at time.Time) error {
	res := s.db.WithContext(ctx).Model(&StaffUser{}).
		Where("id = ?", id).
		Update("last_login_at", at.UTC())
	return rowsOrNotFound(res, "set last login of staff user %d", id)
}

// rowsOrNotFound turns an update that matched no row into ErrNotFound.
func rowsOrNotFound(res *gorm.DB, format string, args ...any) error {
	if err := translate(res.Error, format, args...); err != nil {
		return err
	}
	if res.RowsAffected == 0 {
		return translate(gorm.ErrRecordNotFound, format, args...)
	}
	return nil
}
