package models

import (
	"context"
	"time"
)

// ExportFilter selects the interviews of an export: those starting in
// [From, To) (zero: open end) and, when EventID is set, of that event only.
type ExportFilter struct {
	From, To time.Time
	EventID  int64
}

// ExportRow is one interview as the exports show it: flat, with applicant,
// employer, contact, vacancy and the current outcome (nil fields: none).
// models/export decides which columns a variant shows.
type ExportRow struct {
	InterviewID        int64
	EventID            int64
	EventTitle         string
	StartsAt           time.Time
	EndsAt             time.Time
	Status             InterviewStatus
	ApplicantID        int64
	ApplicantFirstName string
	ApplicantLastName  string
	ApplicantEmail     string
	ApplicantPhone     string
	ApplicantPostcode  string
	ApplicantTown      string
	ApplicantLanguage  Language
	ApplicantLevel     GermanLevel
	ApplicantAnonymous bool // anonymised after the retention period: names are already gone
	EmployerName       string
	EmployerSector     string
	ContactName        *string
	ContactEmail       *string
	ContactPhone       *string
	VacancyTitle       string
	OutcomeKind        *OutcomeKind
	OutcomeStartDate   *time.Time
	OutcomeRecordedAt  *time.Time
}

// exportScan mirrors the SELECT below, column for column.
type exportScan struct {
	InterviewID        int64
	EventID            int64
	EventTitle         string
	StartsAt           time.Time
	EndsAt             time.Time
	Status             string
	ApplicantID        int64
	ApplicantFirstName string
	ApplicantLastName  string
	ApplicantEmail     string
	ApplicantPhone     string
	ApplicantPostcode  string
	ApplicantTown      string
	ApplicantLanguage  string
	ApplicantLevel     string
	ApplicantAnonAt    *time.Time
	EmployerName       string
	EmployerSector     string
	ContactName        *string
	ContactEmail       *string
	ContactPhone       *string
	VacancyTitle       string
	OutcomeKind        *string
	OutcomeStartDate   *time.Time
	OutcomeRecordedAt  *time.Time
}

const exportColumns = `interviews.id AS interview_id, interviews.event_id AS event_id, events.title AS event_title,
	interviews.starts_at AS starts_at, interviews.ends_at AS ends_at, interviews.status AS status,
	applicants.id AS applicant_id, applicants.first_name AS applicant_first_name, applicants.last_name AS applicant_last_name,
	applicants.email AS applicant_email, applicants.phone AS applicant_phone, applicants.postcode AS applicant_postcode,
	applicants.town AS applicant_town, applicants.preferred_language AS applicant_language,
	applicants.german_level AS applicant_level, applicants.anonymised_at AS applicant_anon_at,
	employers.name AS employer_name, employers.sector AS employer_sector,
	contact_persons.name AS contact_name, contact_persons.email AS contact_email, contact_persons.phone AS contact_phone,
	vacancies.title AS vacancy_title,
	outcomes.kind AS outcome_kind, outcomes.start_date AS outcome_start_date, outcomes.recorded_at AS outcome_recorded_at`

// EachExportRow calls fn for every interview of the job centre that f
// selects, in ID order (the order they were planned in), without ever
// holding more than batch rows. It reads in keyset-paged batches, each a
// short query whose cursor is closed before fn runs: fn writes to a client
// that may be slow, and on SQLite (one connection) an open cursor would
// block every other request for the whole download. The key is the primary
// key so every batch is an index range on both databases; paging by start
// time would sort all matching rows once per batch. An error of fn stops
// the export and is returned.
func (s *Store) EachExportRow(ctx context.Context, jobCentreID int64, f ExportFilter, batch int, fn func(ExportRow) error) error {
	if batch <= 0 {
		batch = 500
	}
	var afterID int64
	buf := make([]exportScan, 0, batch)
	for {
		// CROSS JOIN with the join conditions in WHERE means the same as
		// JOIN … ON on both databases, but SQLite keeps interviews as the
		// outer loop: without table statistics it would otherwise start
		// from the job centre's events and sort all their interviews by ID
		// for every batch (quadratic). This way a batch is a range of the
		// primary key; PostgreSQL plans the joins as it likes.
		q := s.db.WithContext(ctx).Table("interviews").Select(exportColumns).
			Joins("CROSS JOIN events CROSS JOIN applicants CROSS JOIN employers CROSS JOIN vacancies").
			Joins("LEFT JOIN event_registrations ON event_registrations.event_id = interviews.event_id AND event_registrations.employer_id = interviews.employer_id").
			Joins("LEFT JOIN contact_persons ON contact_persons.id = event_registrations.contact_person_id").
			Joins("LEFT JOIN outcomes ON outcomes.interview_id = interviews.id").
			Where("events.id = interviews.event_id AND applicants.id = interviews.applicant_id AND "+
				"employers.id = interviews.employer_id AND vacancies.id = interviews.vacancy_id").
			Where("events.job_centre_id = ? AND employers.job_centre_id = ?", jobCentreID, jobCentreID)
		if !f.From.IsZero() {
			q = q.Where("interviews.starts_at >= ?", f.From.UTC())
		}
		if !f.To.IsZero() {
			q = q.Where("interviews.starts_at < ?", f.To.UTC())
		}
		if f.EventID > 0 {
			q = q.Where("interviews.event_id = ?", f.EventID)
		}
		if afterID > 0 {
			q = q.Where("interviews.id > ?", afterID)
		}
		rows, err := q.Order("interviews.id").Limit(batch).Rows()
		if err != nil {
			return translate(err, "export interviews of job centre %d", jobCentreID)
		}
		buf = buf[:0]
		for rows.Next() {
			var r exportScan
			// Plain Scan in the SELECT's order: GORM's ScanRows matches
			// columns by reflection for every row, several times slower.
			if err := rows.Scan(&r.InterviewID, &r.EventID, &r.EventTitle, &r.StartsAt, &r.EndsAt, &r.Status,
				&r.ApplicantID, &r.ApplicantFirstName, &r.ApplicantLastName, &r.ApplicantEmail, &r.ApplicantPhone,
				&r.ApplicantPostcode, &r.ApplicantTown, &r.ApplicantLanguage, &r.ApplicantLevel, &r.ApplicantAnonAt,
				&r.EmployerName, &r.EmployerSector, &r.ContactName, &r.ContactEmail, &r.ContactPhone, &r.VacancyTitle,
				&r.OutcomeKind, &r.OutcomeStartDate, &r.OutcomeRecordedAt); err != nil {
				rows.Close()
				return translate(err, "scan export row")
			}
			buf = append(buf, r)
		}
		err = rows.Err()
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return translate(err, "export interviews of job centre %d", jobCentreID)
		}
		for _, r := range buf {
			if err := fn(r.row()); err != nil {
				return err
			}
		}
		if len(buf) < batch {
			return nil
		}
		afterID = buf[len(buf)-1].InterviewID
	}
}

func (r exportScan) row() ExportRow {
	out := ExportRow{
		InterviewID: r.InterviewID, EventID: r.EventID, EventTitle: r.EventTitle,
		StartsAt: r.StartsAt.UTC(), EndsAt: r.EndsAt.UTC(), Status: InterviewStatus(r.Status),
		ApplicantID: r.ApplicantID, ApplicantFirstName: r.ApplicantFirstName, ApplicantLastName: r.ApplicantLastName,
		ApplicantEmail: r.ApplicantEmail, ApplicantPhone: r.ApplicantPhone, ApplicantPostcode: r.ApplicantPostcode,
		ApplicantTown: r.ApplicantTown, ApplicantLanguage: Language(r.ApplicantLanguage),
		ApplicantLevel: GermanLevel(r.ApplicantLevel), ApplicantAnonymous: r.ApplicantAnonAt != nil,
		EmployerName: r.EmployerName, EmployerSector: r.EmployerSector,
		ContactName: r.ContactName, ContactEmail: r.ContactEmail, ContactPhone: r.ContactPhone,
		VacancyTitle: r.VacancyTitle,
	}
	if r.OutcomeKind != nil {
		k := OutcomeKind(*r.OutcomeKind)
		out.OutcomeKind = &k
	}
	if r.OutcomeStartDate != nil {
		d := r.OutcomeStartDate.UTC()
		out.OutcomeStartDate = &d
	}
	if r.OutcomeRecordedAt != nil {
		d := r.OutcomeRecordedAt.UTC()
		out.OutcomeRecordedAt = &d
	}
	return out
}
