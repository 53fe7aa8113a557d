package models

import (
	"context"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ListEmployers returns the job centre's employers ordered by name, with
// their sites so lists can show the town.
func (s *Store) ListEmployers(ctx context.Context, jobCentreID int64) ([]Employer, error) {
	var es []Employer
	err := s.db.WithContext(ctx).
		Preload("Sites", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Where("job_centre_id = ?", jobCentreID).
		Order("name, id").
		Find(&es).Error
	return es, translate(err, "list employers of job centre %d", jobCentreID)
}

// GetEmployer loads an employer with sites, contacts and vacancies.
func (s *Store) GetEmployer(ctx context.Context, jobCentreID, id int64) (Employer, error) {
	var e Employer
	err := s.db.WithContext(ctx).
		Preload("Sites", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Contacts", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Vacancies", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Where("job_centre_id = ? AND id = ?", jobCentreID, id).
		First(&e).Error
	return e, translate(err, "load employer %d", id)
}

// CreateEmployer inserts e with the Sites, Contacts and Vacancies it holds
// in one transaction. A vacancy may name its site by index: when SiteID is
// nil and the employer has exactly one site, the vacancy gets that site.
func (s *Store) CreateEmployer(ctx context.Context, e *Employer) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Omit(clause.Associations).Create(e).Error; err != nil {
			return err
		}
		for i := range e.Sites {
			e.Sites[i].EmployerID = e.ID
		}
		for i := range e.Contacts {
			e.Contacts[i].EmployerID = e.ID
			e.Contacts[i].Email = strings.TrimSpace(e.Contacts[i].Email)
			if e.Contacts[i].Locale == "" {
				e.Contacts[i].Locale = LocaleDE
			}
		}
		if len(e.Sites) > 0 {
			if err := tx.Create(&e.Sites).Error; err != nil {
				return err
			}
		}
		if len(e.Contacts) > 0 {
			if err := tx.Create(&e.Contacts).Error; err != nil {
				return err
			}
		}
		for i := range e.Vacancies {
			v := &e.Vacancies[i]
			v.EmployerID = e.ID
			if v.SiteID == nil && len(e.Sites) == 1 {
				id := e.Sites[0].ID
				v.SiteID = &id
			}
			if v.CandidatesWanted == 0 {
				v.CandidatesWanted = 4
			}
		}
		if len(e.Vacancies) > 0 {
			if err := tx.Create(&e.Vacancies).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return translate(err, "create employer %q", e.Name)
}

// UpdateEmployer saves name, sector, website and notes.
func (s *Store) UpdateEmployer(ctx context.Context, e Employer) error {
	res := s.db.WithContext(ctx).Model(&Employer{}).
		Where("job_centre_id = ? AND id = ?", e.JobCentreID, e.ID).
		Select("name", "sector", "website", "notes", "updated_at").
		Updates(&e)
	return rowsOrNotFound(res, "update employer %d", e.ID)
}

// ownsEmployer returns ErrNotFound unless the employer belongs to the job centre.
func (s *Store) ownsEmployer(ctx context.Context, jobCentreID, employerID int64) error {
	var n int64
	err := s.db.WithContext(ctx).Model(&Employer{}).
		Where("job_centre_id = ? AND id = ?", jobCentreID, employerID).Count(&n).Error
	if err != nil {
		return translate(err, "check employer %d", employerID)
	}
	if n == 0 {
		return translate(gorm.ErrRecordNotFound, "load employer %d", employerID)
	}
	return nil
}

// AddSite adds a site to an employer of the job centre.
func (s *Store) AddSite(ctx context.Context, jobCentreID int64, site *Site) error {
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEmployer(ctx, jobCentreID, site.EmployerID); err != nil {
			return err
		}
		return translate(tx.db.WithContext(ctx).Create(site).Error, "add site to employer %d", site.EmployerID)
	})
}

// AddContactPerson adds a contact to an employer of the job centre;
// ErrDuplicate if the employer already has this e-mail address.
func (s *Store) AddContactPerson(ctx context.Context, jobCentreID int64, c *ContactPerson) error {
	c.Email = strings.TrimSpace(c.Email)
	if c.Locale == "" {
		c.Locale = LocaleDE
	}
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEmployer(ctx, jobCentreID, c.EmployerID); err != nil {
			return err
		}
		return translate(tx.db.WithContext(ctx).Create(c).Error, "add contact to employer %d", c.EmployerID)
	})
}

// AddVacancy adds a vacancy to an employer of the job centre.
func (s *Store) AddVacancy(ctx context.Context, jobCentreID int64, v *Vacancy) error {
	if v.CandidatesWanted == 0 {
		v.CandidatesWanted = 4
	}
	return s.Transaction(ctx, func(tx *Store) error {
		if err := tx.ownsEmployer(ctx, jobCentreID, v.EmployerID); err != nil {
			return err
		}
		return translate(tx.db.WithContext(ctx).Create(v).Error, "add vacancy to employer %d", v.EmployerID)
	})
}

// FindContactsByEmail returns the contact persons with this e-mail address
// (any case) in any job centre, with their employer: the passwordless
// employer login starts from an address alone.
func (s *Store) FindContactsByEmail(ctx context.Context, email string) ([]ContactPerson, error) {
	var cs []ContactPerson
	err := s.db.WithContext(ctx).
		Where("lower(email) = ?", strings.ToLower(strings.TrimSpace(email))).
		Order("id").
		Find(&cs).Error
	return cs, translate(err, "find contacts by e-mail")
}
