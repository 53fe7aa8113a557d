package models

import (
	"context"
	"errors"
	"time"
)

// ErrExpired is returned for a staged import (or similar short-lived
// record) whose time is up.
var ErrExpired = errors.New("expired")

// ApplicantImport is a parsed CSV import waiting for the confirmation of the
// staff user who uploaded it. Payload is the rows as typed (JSON of
// applicantimport.Input), validated again on confirmation.
type ApplicantImport struct {
	ID          int64
	CreatedAt   time.Time
	ExpiresAt   time.Time
	JobCentreID int64
	StaffUserID int64
	FileName    string
	RowCount    int
	Payload     string
}

// TableName fixes the table name.
func (ApplicantImport) TableName() string { return "applicant_imports" }

// CreateApplicantImport stages imp; it expires ttl from now. Expired imports
// of every job centre are removed first: they hold unconfirmed personal data
// and nobody needs them any more.
func (s *Store) CreateApplicantImport(ctx context.Context, imp *ApplicantImport, ttl time.Duration) error {
	now := s.nowUTC()
	if err := s.db.WithContext(ctx).Where("expires_at <= ?", now).Delete(&ApplicantImport{}).Error; err != nil {
		return translate(err, "purge expired applicant imports")
	}
	imp.ID = 0
	imp.CreatedAt = now
	imp.ExpiresAt = now.Add(ttl)
	err := s.db.WithContext(ctx).Create(imp).Error
	return translate(err, "stage applicant import of job centre %d", imp.JobCentreID)
}

// GetApplicantImport loads a staged import of the staff user in the job
// centre; another user's import reads as ErrNotFound, an expired one as
// ErrExpired.
func (s *Store) GetApplicantImport(ctx context.Context, jobCentreID, staffUserID, id int64) (ApplicantImport, error) {
	var imp ApplicantImport
	err := s.db.WithContext(ctx).
		Where("job_centre_id = ? AND staff_user_id = ? AND id = ?", jobCentreID, staffUserID, id).
		First(&imp).Error
	if err != nil {
		return imp, translate(err, "load applicant import %d", id)
	}
	if !imp.ExpiresAt.After(s.nowUTC()) {
		return ApplicantImport{}, translate(ErrExpired, "load applicant import %d", id)
	}
	return imp, nil
}

// DeleteApplicantImport removes a staged import of the staff user. Inside
// the confirming transaction it also claims the import: of two confirmations
// at once only one deletes the row, the other gets ErrNotFound.
func (s *Store) DeleteApplicantImport(ctx context.Context, jobCentreID, staffUserID, id int64) error {
	res := s.db.WithContext(ctx).
		Where("job_centre_id = ? AND staff_user_id = ? AND id = ?", jobCentreID, staffUserID, id).
		Delete(&ApplicantImport{})
	return rowsOrNotFound(res, "delete applicant import %d", id)
}
