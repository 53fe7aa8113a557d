package models_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestCreateApplicantsAllOrNothing(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		olena := f.applicant(t, f.a, "Olena", "Koval", models.GermanB1) // olena@example.org
		count := func(jc models.JobCentre) int {
			as, err := f.store.ListApplicants(f.ctx, jc.ID, models.ApplicantFilter{})
			testdb.Must(t, err)
			return len(as)
		}
		row := func(last, email string) models.Applicant {
			return models.Applicant{FirstName: "Anna", LastName: last, Email: email, PreferredLanguage: models.LanguageDE,
				GermanLevel: models.GermanB2, ConsentAt: testdb.Clock()}
		}
		// The database refuses a second living applicant with the same
		// address (any case) in a job centre, and then nothing is saved.
		for _, tc := range []struct {
			name string
			rows []models.Applicant
		}{
			{"same address twice in the batch", []models.Applicant{row("A", "anna@x.de"), row("B", "ANNA@x.de")}},
			{"address of an existing applicant", []models.Applicant{row("A", "anna@x.de"), row("B", "OLENA@example.org")}},
		} {
			wantErr(t, tc.name, f.store.CreateApplicants(f.ctx, f.a.ID, tc.rows), models.ErrDuplicate)
			if n := count(f.a); n != 1 {
				t.Fatalf("%s: %d applicants after the failed import, want 1", tc.name, n)
			}
		}
		// Another job centre may have the same address; empty ones never clash.
		testdb.Must(t, f.store.CreateApplicants(f.ctx, f.b.ID, []models.Applicant{row("A", "olena@example.org"), row("B", ""), row("C", "")}))
		if n := count(f.b); n != 3 {
			t.Errorf("job centre b has %d applicants, want 3", n)
		}
		taken, err := f.store.ApplicantEmailsTaken(f.ctx, f.a.ID, []string{" Olena@Example.org ", "new@x.de", ""})
		testdb.Must(t, err)
		if len(taken) != 1 || !taken["olena@example.org"] {
			t.Errorf("ApplicantEmailsTaken = %v, want only olena@example.org", taken)
		}

		// Optimistic locking: the second save from version 1 is a conflict.
		first := olena
		first.Town = "Waiblingen"
		testdb.Must(t, f.store.UpdateApplicant(f.ctx, first))
		second := olena
		second.Town = "Backnang-Süd"
		wantErr(t, "stale version", f.store.UpdateApplicant(f.ctx, second), models.ErrConflict)
		got, err := f.store.GetApplicant(f.ctx, f.a.ID, olena.ID)
		testdb.Must(t, err)
		if got.Town != "Waiblingen" || got.Version != 2 {
			t.Errorf("after conflict: town %q version %d, want Waiblingen 2", got.Town, got.Version)
		}
		foreign := got
		foreign.JobCentreID = f.b.ID
		wantErr(t, "other job centre", f.store.UpdateApplicant(f.ctx, foreign), models.ErrNotFound)
	})
}

func TestApplicantImportStaging(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		staff := func(jc models.JobCentre, email string) models.StaffUser {
			u := models.StaffUser{JobCentreID: jc.ID, Email: email, Name: email, PasswordHash: "x", Role: models.RoleStaff, Locale: models.LocaleDE, Active: true}
			testdb.Must(t, f.store.CreateStaffUser(f.ctx, &u))
			return u
		}
		petra, kai, bea := staff(f.a, "petra@a.example"), staff(f.a, "kai@a.example"), staff(f.b, "bea@b.example")
		imp := models.ApplicantImport{JobCentreID: f.a.ID, StaffUserID: petra.ID, FileName: "x.csv", RowCount: 1, Payload: `{"rows":[]}`}
		testdb.Must(t, f.store.CreateApplicantImport(f.ctx, &imp, 30*time.Minute))
		if _, err := f.store.GetApplicantImport(f.ctx, f.a.ID, petra.ID, imp.ID); err != nil {
			t.Fatalf("owner cannot load the import: %v", err)
		}
		_, err := f.store.GetApplicantImport(f.ctx, f.a.ID, kai.ID, imp.ID)
		wantErr(t, "colleague", err, models.ErrNotFound)
		_, err = f.store.GetApplicantImport(f.ctx, f.b.ID, bea.ID, imp.ID)
		wantErr(t, "other job centre", err, models.ErrNotFound)
		wantErr(t, "colleague deletes", f.store.DeleteApplicantImport(f.ctx, f.a.ID, kai.ID, imp.ID), models.ErrNotFound)

		// A store whose clock is past the expiry sees ErrExpired, and the
		// next staging removes the expired row.
		later := models.NewStore(db, func() time.Time { return testdb.Clock().Add(31 * time.Minute) })
		_, err = later.GetApplicantImport(f.ctx, f.a.ID, petra.ID, imp.ID)
		wantErr(t, "expired", err, models.ErrExpired)
		next := models.ApplicantImport{JobCentreID: f.b.ID, StaffUserID: bea.ID, RowCount: 0, Payload: "{}"}
		testdb.Must(t, later.CreateApplicantImport(f.ctx, &next, time.Minute))
		var left int64
		testdb.Must(t, db.Model(&models.ApplicantImport{}).Where("id = ?", imp.ID).Count(&left).Error)
		if left != 0 {
			t.Error("expired import was not purged")
		}
	})
}
