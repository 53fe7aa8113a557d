package models

import (
	"context"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ApplicantFilter narrows ListApplicants; zero fields do not filter.
type ApplicantFilter struct {
	Query       string      // part of the first or last name, any case
	GermanLevel GermanLevel // at least this level
	Language    Language    // preferred language
	Postcode    string      // postcode prefix, e.g. "715" for the Backnang area
	Limit       int         // 0: no limit
}

// ListApplicants returns the job centre's applicants matching f, ordered by
// last and first name. Anonymised applicants are left out: they are no
// longer people staff can work with.
func (s *Store) ListApplicants(ctx context.Context, jobCentreID int64, f ApplicantFilter) ([]Applicant, error) {
	q := s.db.WithContext(ctx).
		Where("job_centre_id = ? AND anonymised_at IS NULL", jobCentreID)
	if strings.TrimSpace(f.Query) != "" {
		q = q.Where(`search_name LIKE ? ESCAPE '\'`, likePattern(searchKey(f.Query)))
	}
	if f.GermanLevel != "" {
		q = q.Where("german_level >= ?", f.GermanLevel)
	}
	if f.Language != "" {
		q = q.Where("preferred_language = ?", f.Language)
	}
	if p := strings.TrimSpace(f.Postcode); p != "" {
		q = q.Where(`postcode LIKE ? ESCAPE '\'`, strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(p)+"%")
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var as []Applicant
	err := q.Order("last_name, first_name, id").Find(&as).Error
	return as, translate(err, "list applicants of job centre %d", jobCentreID)
}

// GetApplicant loads an applicant of the job centre.
func (s *Store) GetApplicant(ctx context.Context, jobCentreID, id int64) (Applicant, error) {
	var a Applicant
	err := s.db.WithContext(ctx).
		Where("job_centre_id = ? AND id = ?", jobCentreID, id).
		First(&a).Error
	return a, translate(err, "load applicant %d", id)
}

// CreateApplicant inserts a.
func (s *Store) CreateApplicant(ctx context.Context, a *Applicant) error {
	if a.MaxInterviewsPerDay == 0 {
		a.MaxInterviewsPerDay = 3
	}
	a.ConsentAt = dateOnly(a.ConsentAt)
	a.SearchName = searchKey(a.FirstName + " " + a.LastName)
	a.Version = 1
	err := s.db.WithContext(ctx).Omit(clause.Associations).Create(a).Error
	return translate(err, "create applicant")
}

// importBatch is how many applicants one INSERT carries. 100 measured
// fastest on both databases (BenchmarkCreateApplicants10000): the SQLite
// driver binds parameters in time quadratic in their number, so 500 rows
// per statement took six times as long.
const importBatch = 100

// CreateApplicants inserts all of as for the job centre in one transaction:
// either every applicant is saved or none (a confirmed import).
func (s *Store) CreateApplicants(ctx context.Context, jobCentreID int64, as []Applicant) error {
	if len(as) == 0 {
		return nil
	}
	for i := range as {
		as[i].ID = 0
		as[i].JobCentreID = jobCentreID
		if as[i].MaxInterviewsPerDay == 0 {
			as[i].MaxInterviewsPerDay = 3
		}
		as[i].ConsentAt = dateOnly(as[i].ConsentAt)
		as[i].SearchName = searchKey(as[i].FirstName + " " + as[i].LastName)
		as[i].Version = 1
	}
	return s.Transaction(ctx, func(tx *Store) error {
		err := tx.db.WithContext(ctx).Omit(clause.Associations).CreateInBatches(&as, importBatch).Error
		return translate(err, "create %d applicants of job centre %d", len(as), jobCentreID)
	})
}

// ApplicantEmailsTaken returns which of emails (compared lower-cased) a
// living applicant of the job centre already has; keys are lower case.
// It reads all of the job centre's addresses in one query: an import checks
// thousands of addresses, and one scan beats thousands of lookups (or
// IN-lists of dialect-specific size).
func (s *Store) ApplicantEmailsTaken(ctx context.Context, jobCentreID int64, emails []string) (map[string]bool, error) {
	taken := map[string]bool{}
	if len(emails) == 0 {
		return taken, nil
	}
	var known []string
	err := s.db.WithContext(ctx).Model(&Applicant{}).
		Where("job_centre_id = ? AND email <> '' AND anonymised_at IS NULL", jobCentreID).
		Pluck("lower(email)", &known).Error
	if err != nil {
		return nil, translate(err, "look up applicant e-mails of job centre %d", jobCentreID)
	}
	set := make(map[string]bool, len(known))
	for _, e := range known {
		set[e] = true
	}
	for _, e := range emails {
		if e = strings.ToLower(strings.TrimSpace(e)); set[e] {
			taken[e] = true
		}
	}
	return taken, nil
}

// UpdateApplicant saves every field staff may edit if nobody changed the
// applicant since a was read (a.Version); otherwise it returns ErrConflict,
// so the second of two staff editing at once is told, never overwrites.
func (s *Store) UpdateApplicant(ctx context.Context, a Applicant) error {
	a.ConsentAt = dateOnly(a.ConsentAt)
	a.SearchName = searchKey(a.FirstName + " " + a.LastName)
	read := a.Version
	a.Version = read + 1
	a.UpdatedAt = s.nowUTC()
	res := s.db.WithContext(ctx).Model(&Applicant{}).
		Where("job_centre_id = ? AND id = ? AND anonymised_at IS NULL AND version = ?", a.JobCentreID, a.ID, read).
		Select("first_name", "last_name", "email", "phone", "preferred_language",
			"german_level", "driving_licence", "needs_step_free", "postcode", "town",
			"lat", "lon", "max_interviews_per_day", "notes", "consent_at",
			"shares_contact", "search_name", "availability", "version", "updated_at").
		Updates(&a)
	if err := translate(res.Error, "update applicant %d", a.ID); err != nil || res.RowsAffected > 0 {
		return err
	}
	var n int64
	err := s.db.WithContext(ctx).Model(&Applicant{}).
		Where("job_centre_id = ? AND id = ? AND anonymised_at IS NULL", a.JobCentreID, a.ID).Count(&n).Error
	switch {
	case err != nil:
		return translate(err, "update applicant %d", a.ID)
	case n == 0:
		return translate(gorm.ErrRecordNotFound, "update applicant %d", a.ID)
	}
	return translate(ErrConflict, "update applicant %d", a.ID)
}
