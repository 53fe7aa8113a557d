package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestMigrations(t *testing.T) {
	t.Parallel()
	for _, dialect := range []string{models.DialectPostgres, models.DialectSQLite} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := testdb.OpenEmpty(t, dialect)
			if got := models.Dialect(db); got != dialect {
				t.Fatalf("Dialect = %q, want %q", got, dialect)
			}

			err := models.CheckSchema(ctx, db)
			if !errors.Is(err, models.ErrSchemaOutdated) {
				t.Fatalf("CheckSchema on empty database = %v, want ErrSchemaOutdated", err)
			}
			if want := "treffpunkt migrate"; err != nil && !strings.Contains(err.Error(), want) {
				t.Errorf("CheckSchema message %q does not say %q", err, want)
			}
			current, latest, err := models.MigrationStatus(ctx, db)
			if err != nil {
				t.Fatalf("MigrationStatus: %v", err)
			}
			if current != 0 || latest < 1 {
				t.Fatalf("MigrationStatus on empty = (%d, %d), want (0, >=1)", current, latest)
			}

			if err := models.Migrate(ctx, db); err != nil {
				t.Fatalf("Migrate: %v", err)
			}
			// A second run must be a no-op, as at every server start.
			if err := models.Migrate(ctx, db); err != nil {
				t.Fatalf("Migrate again: %v", err)
			}
			current, latest2, err := models.MigrationStatus(ctx, db)
			if err != nil {
				t.Fatalf("MigrationStatus: %v", err)
			}
			if current != latest || latest2 != latest {
				t.Fatalf("after Migrate status = (%d, %d), want (%d, %d)", current, latest2, latest, latest)
			}
			if err := models.CheckSchema(ctx, db); err != nil {
				t.Fatalf("CheckSchema after Migrate: %v", err)
			}
			for _, table := range []string{"job_centres", "staff_users", "sessions", "login_attempts",
				"employers", "sites", "contact_persons", "vacancies", "events", "event_days",
				"event_tables", "event_registrations", "registration_vacancies", "table_bookings",
				"employer_windows", "applicants", "event_applicants", "availability_windows",
				"candidates", "interviews", "outcomes", "outcome_changes", "outbox_mails",
				"audit_events", "link_tokens"} {
				if !db.Migrator().HasTable(table) {
					t.Errorf("table %s missing after migration", table)
				}
			}
			assertNoGoMigratedDrift(t, db)
			assertMinimalApplicantData(t, db)
		})
	}
}

// assertNoGoMigratedDrift checks every Go struct maps onto existing columns:
// a field without a column would fail only at run time otherwise.
func assertNoGoMigratedDrift(t *testing.T, db *gorm.DB) {
	t.Helper()
	for _, m := range []any{&models.JobCentre{}, &models.StaffUser{}, &models.Session{},
		&models.LoginAttempt{}, &models.Employer{}, &models.Site{}, &models.ContactPerson{},
		&models.Vacancy{}, &models.Event{}, &models.EventDay{}, &models.EventTable{},
		&models.EventRegistration{}, &models.RegistrationVacancy{}, &models.TableBooking{},
		&models.EmployerWindow{}, &models.Applicant{}, &models.EventApplicant{},
		&models.AvailabilityWindow{}, &models.Candidate{}, &models.Interview{},
		&models.Outcome{}, &models.OutcomeChange{}, &models.OutboxMail{},
		&models.AuditEvent{}, &models.LinkToken{}} {
		stmt := &gorm.Statement{DB: db}
		if err := stmt.Parse(m); err != nil {
			t.Fatalf("parse %T: %v", m, err)
		}
		for _, f := range stmt.Schema.Fields {
			if f.DBName == "" {
				continue
			}
			if !db.Migrator().HasColumn(m, f.DBName) {
				t.Errorf("%T.%s: column %s.%s missing", m, f.Name, stmt.Schema.Table, f.DBName)
			}
		}
	}
}

// assertMinimalApplicantData guards the data-protection promise: applicant
// rows have no place for nationality, benefits or health.
func assertMinimalApplicantData(t *testing.T, db *gorm.DB) {
	t.Helper()
	cols, err := db.Migrator().ColumnTypes("applicants")
	if err != nil {
		t.Fatalf("applicant columns: %v", err)
	}
	if len(cols) == 0 {
		t.Fatal("applicants has no columns")
	}
	for _, c := range cols {
		for _, banned := range []string{"nation", "citizen", "origin", "birth", "benefit", "health", "disab", "religio", "gender"} {
			if strings.Contains(c.Name(), banned) {
				t.Errorf("applicants.%s looks like data we must not keep", c.Name())
			}
		}
	}
}
