package models

import (
	"context"

	"gorm.io/gorm/clause"
)

// GetJobCentre loads one job centre.
func (s *Store) GetJobCentre(ctx context.Context, id int64) (JobCentre, error) {
	var jc JobCentre
	err := s.db.WithContext(ctx).First(&jc, id).Error
	return jc, translate(err, "load job centre %d", id)
}

// FindJobCentreBySlug loads a job centre by its unique slug.
func (s *Store) FindJobCentreBySlug(ctx context.Context, slug string) (JobCentre, error) {
	var jc JobCentre
	err := s.db.WithContext(ctx).Where("slug = ?", slug).First(&jc).Error
	return jc, translate(err, "load job centre %q", slug)
}

// CreateJobCentre inserts jc; defaults apply to empty Timezone,
// RetentionDays and EmployerMaySee. ErrDuplicate on the slug.
func (s *Store) CreateJobCentre(ctx context.Context, jc *JobCentre) error {
	if jc.Timezone == "" {
		jc.Timezone = "Europe/Berlin"
	}
	if jc.RetentionDays == 0 {
		jc.RetentionDays = 90
	}
	if jc.EmployerMaySee == "" {
		jc.EmployerMaySee = EmployerSeesInitials
	}
	err := s.db.WithContext(ctx).Omit(clause.Associations).Create(jc).Error
	return translate(err, "create job centre %q", jc.Slug)
}

// UpdateJobCentreSettings saves the settings an admin may change.
func (s *Store) UpdateJobCentreSettings(ctx context.Context, jc JobCentre) error {
	res := s.db.WithContext(ctx).Model(&JobCentre{}).Where("id = ?", jc.ID).
		Select("name", "contact_email", "contact_phone", "street", "postcode", "town",
			"timezone", "retention_days", "employer_may_see", "updated_at").
		Updates(&jc)
	return rowsOrNotFound(res, "update job centre %d", jc.ID)
}
