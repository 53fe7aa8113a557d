package models_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// fixture holds two job centres so every test can check tenant scoping.
type fixture struct {
	ctx   context.Context
	store *models.Store
	a, b  models.JobCentre
}

func newFixture(t *testing.T, db *gorm.DB) fixture {
	t.Helper()
	f := fixture{ctx: context.Background(), store: models.NewStore(db, testdb.Clock)}
	f.a = models.JobCentre{Name: "Jobcenter Rems-Murr", Slug: "rems-murr", ContactEmail: "ags@example.org"}
	f.b = models.JobCentre{Name: "Jobcenter Ostalb", Slug: "ostalb"}
	testdb.Must(t, f.store.CreateJobCentre(f.ctx, &f.a))
	testdb.Must(t, f.store.CreateJobCentre(f.ctx, &f.b))
	return f
}

func ptr[T any](v T) *T { return &v }

var berlin = mustLoad("Europe/Berlin")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func (f fixture) employer(t *testing.T, jc models.JobCentre, name string) models.Employer {
	t.Helper()
	e := models.Employer{
		JobCentreID: jc.ID, Name: name, Sector: "Bäckerei",
		Sites: []models.Site{{Name: "Backstube", Street: "Lange Straße 12", Postcode: "71332",
			Town: "Waiblingen", Lat: ptr(48.8306), Lon: ptr(9.3169), StepFree: true}},
		Contacts: []models.ContactPerson{{Name: "Petra Maier", Email: "maier@" + jc.Slug + ".example"}},
		Vacancies: []models.Vacancy{{Title: "Verkäufer/in", Hours: models.HoursPart,
			HoursPerWeek: ptr(20), MinGermanLevel: ptr(models.GermanB1)}},
	}
	testdb.Must(t, f.store.CreateEmployer(f.ctx, &e))
	return e
}

func (f fixture) applicant(t *testing.T, jc models.JobCentre, first, last string, level models.GermanLevel) models.Applicant {
	t.Helper()
	a := models.Applicant{JobCentreID: jc.ID, FirstName: first, LastName: last,
		Email: first + "@example.org", PreferredLanguage: models.LanguageUK, GermanLevel: level,
		Postcode: "71522", Town: "Backnang", ConsentAt: testdb.Clock()}
	testdb.Must(t, f.store.CreateApplicant(f.ctx, &a))
	return a
}

func (f fixture) event(t *testing.T, jc models.JobCentre, title string) models.Event {
	t.Helper()
	day := time.Date(2026, time.April, 20, 0, 0, 0, 0, berlin)
	ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindJobFair, Title: title,
		VenueName: ptr("Bürgerzentrum Waiblingen"), VenueStreet: ptr("An der Talaue 4"),
		VenuePostcode: ptr("71334"), VenueTown: ptr("Waiblingen"),
		SlotMinutes: 20, BufferMinutes: 5, PublicToken: fmt.Sprintf("tok-%s-%s-0123456789", jc.Slug, title),
		Days:   []models.EventDay{{Date: day, StartsAt: day.Add(9 * time.Hour), EndsAt: day.Add(15 * time.Hour)}},
		Tables: []models.EventTable{{Label: "Tisch 1"}, {Label: "Tisch 2"}},
	}
	testdb.Must(t, f.store.CreateEvent(f.ctx, &ev))
	return ev
}

// wantErr checks err against want (nil means success expected).
func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Errorf("%s: unexpected error %v", what, err)
	case want != nil && !errors.Is(err, want):
		t.Errorf("%s: error %v, want %v", what, err, want)
	}
}

// wantRejected checks that the database refused a write.
func wantRejected(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: the database accepted it, want a constraint violation", what)
	}
}

func TestStoreBasics(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		if err := f.store.Ping(f.ctx); err != nil {
			t.Fatalf("Ping: %v", err)
		}
		jc, err := f.store.GetJobCentre(f.ctx, f.a.ID)
		if err != nil {
			t.Fatalf("GetJobCentre: %v", err)
		}
		if jc.Timezone != "Europe/Berlin" || jc.RetentionDays != 90 || jc.EmployerMaySee != models.EmployerSeesInitials {
			t.Errorf("defaults = %q %d %q", jc.Timezone, jc.RetentionDays, jc.EmployerMaySee)
		}
		if !jc.CreatedAt.Equal(testdb.Clock()) || jc.CreatedAt.Location() != time.UTC {
			t.Errorf("CreatedAt = %v, want %v in UTC", jc.CreatedAt, testdb.Clock())
		}
		_, err = f.store.GetJobCentre(f.ctx, 999999)
		wantErr(t, "GetJobCentre missing", err, models.ErrNotFound)
		dup := models.JobCentre{Name: "again", Slug: "rems-murr"}
		wantErr(t, "duplicate slug", f.store.CreateJobCentre(f.ctx, &dup), models.ErrDuplicate)
		bad := models.JobCentre{Name: "x", Slug: "Not A Slug"}
		wantRejected(t, "bad slug", f.store.CreateJobCentre(f.ctx, &bad))

		// Transaction rolls back everything when fn fails.
		boom := errors.New("boom")
		err = f.store.Transaction(f.ctx, func(tx *models.Store) error {
			jc := models.JobCentre{Name: "Rollback", Slug: "rollback"}
			if err := tx.CreateJobCentre(f.ctx, &jc); err != nil {
				return err
			}
			return boom
		})
		wantErr(t, "Transaction", err, boom)
		_, err = f.store.FindJobCentreBySlug(f.ctx, "rollback")
		wantErr(t, "rolled back job centre", err, models.ErrNotFound)
	})
}
