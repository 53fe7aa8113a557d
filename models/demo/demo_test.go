package demo_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/demo"
	"treffpunkt/models/testdb"
)

// fakeHash stands in for the web layer's password hashing.
func fakeHash(p string) (string, error) { return "hashed:" + p, nil }

var tables = []string{"job_centres", "staff_users", "employers", "sites", "contact_persons", "vacancies",
	"events", "event_days", "event_tables", "event_registrations", "registration_vacancies",
	"table_bookings", "employer_windows", "applicants", "event_applicants", "availability_windows",
	"candidates", "interviews"}

func rowCounts(t *testing.T, db *gorm.DB) map[string]int64 {
	t.Helper()
	counts := map[string]int64{}
	for _, table := range tables {
		var n int64
		if err := db.Table(table).Count(&n).Error; err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

func TestSeed(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		store := models.NewStore(db, testdb.Clock)
		opts := demo.Options{Now: testdb.Clock(), HashPassword: fakeHash}
		res, err := demo.Seed(ctx, store, opts)
		if err != nil {
			t.Fatalf("Seed: %v", err)
		}
		if !res.Created || res.Password != demo.Password || len(res.Logins) != 2 || res.Summary() == "" {
			t.Errorf("Result = %+v", res)
		}
		for _, tc := range []struct {
			what     string
			got, min int
		}{
			{"employers", res.Employers, 12},
			{"applicants", res.Applicants, 60},
			{"events", res.Events, 2},
			{"registrations", res.Registrations, 10},
			{"event applicants", res.EventApplicants, 40},
			{"candidates", res.Candidates, 30},
		} {
			if tc.got < tc.min {
				t.Errorf("%s = %d, want at least %d", tc.what, tc.got, tc.min)
			}
		}
		first := rowCounts(t, db)
		if first["applicants"] != int64(res.Applicants) || first["candidates"] != int64(res.Candidates) ||
			first["employers"] != int64(res.Employers) {
			t.Errorf("Result %+v disagrees with the tables %v", res, first)
		}

		// A second run, even a day later, changes nothing.
		opts.Now = opts.Now.Add(24 * time.Hour)
		again, err := demo.Seed(ctx, store, opts)
		if err != nil {
			t.Fatalf("second Seed: %v", err)
		}
		if again.Created || again.JobCentreID != res.JobCentreID || again.Applicants != 0 || len(again.Logins) != 2 {
			t.Errorf("second Result = %+v", again)
		}
		second := rowCounts(t, db)
		for _, table := range tables {
			if first[table] != second[table] {
				t.Errorf("%s: %d rows after first run, %d after second", table, first[table], second[table])
			}
		}

		// The staff can log in with the printed password.
		for _, l := range res.Logins {
			u, err := store.FindStaffUserByEmail(ctx, l.Email)
			if err != nil {
				t.Fatalf("staff %s: %v", l.Email, err)
			}
			if want, _ := fakeHash(demo.Password); u.PasswordHash != want || u.Role != l.Role || !u.Active {
				t.Errorf("staff %s = %+v", l.Email, u)
			}
		}

		as, err := store.ListApplicants(ctx, res.JobCentreID, models.ApplicantFilter{})
		if err != nil {
			t.Fatalf("ListApplicants: %v", err)
		}
		langs := map[models.Language]int{}
		for _, a := range as {
			langs[a.PreferredLanguage]++
			if a.GermanLevel < models.GermanA2 || a.GermanLevel > models.GermanC1 {
				t.Errorf("%s %s: level %s outside A2–C1", a.FirstName, a.LastName, a.GermanLevel)
			}
			if !inDistrict(a.Lat, a.Lon) || len(a.Postcode) != 5 {
				t.Errorf("%s %s: location %s %v/%v outside the district", a.FirstName, a.LastName, a.Postcode, a.Lat, a.Lon)
			}
		}
		for _, l := range models.Languages() {
			if langs[l] == 0 {
				t.Errorf("no applicant prefers %s", l)
			}
		}

		fair, err := store.GetEvent(ctx, res.JobCentreID, res.JobFairID)
		if err != nil {
			t.Fatalf("GetEvent job fair: %v", err)
		}
		if fair.Kind != models.EventKindJobFair || !fair.AtVenue() || len(fair.Tables) != 10 || len(fair.Days) != 1 {
			t.Errorf("job fair = %+v", fair)
		}
		if ahead := fair.Days[0].StartsAt.Sub(testdb.Clock()); ahead < 20*24*time.Hour || ahead > 26*24*time.Hour {
			t.Errorf("job fair is %v ahead, want about three weeks", ahead)
		}
		sd, err := store.GetEvent(ctx, res.JobCentreID, res.SpeedDatingID)
		if err != nil {
			t.Fatalf("GetEvent speed-dating: %v", err)
		}
		if sd.Kind != models.EventKindSpeedDating || sd.AtVenue() || len(sd.Days) != 2 {
			t.Errorf("speed-dating = %+v", sd)
		}
		for _, tb := range sd.Tables {
			if tb.SiteID == nil {
				t.Errorf("speed-dating room %q has no site", tb.Label)
			}
		}
		counts, err := store.EventCounts(ctx, res.JobCentreID, res.SpeedDatingID)
		if err != nil {
			t.Fatalf("EventCounts: %v", err)
		}
		if counts.Registrations != 6 || counts.Waiting != 1 || counts.Applicants == 0 || counts.Candidates == 0 || counts.Vacancies == 0 {
			t.Errorf("speed-dating counts = %+v", counts)
		}

		// The shortlist keeps the language rule unless overridden with a reason.
		cands, err := store.ListCandidates(ctx, res.JobCentreID, res.SpeedDatingID)
		if err != nil {
			t.Fatalf("ListCandidates: %v", err)
		}
		overrides := 0
		for _, c := range cands {
			if c.Vacancy.MinGermanLevel != nil && !c.Applicant.GermanLevel.AtLeast(*c.Vacancy.MinGermanLevel) {
				if !c.Override || c.OverrideReason == "" {
					t.Errorf("candidate %d below the minimum level without override", c.ID)
				}
				overrides++
			}
		}
		if overrides != 1 {
			t.Errorf("overrides = %d, want 1", overrides)
		}
	})
}

// inDistrict reports whether a point lies in a box around the Rems-Murr-Kreis.
func inDistrict(lat, lon *float64) bool {
	return lat != nil && lon != nil && *lat > 48.75 && *lat < 49.05 && *lon > 9.2 && *lon < 9.8
}

func TestSeedNeedsHash(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, models.DialectSQLite)
	_, err := demo.Seed(context.Background(), models.NewStore(db, testdb.Clock), demo.Options{Now: testdb.Clock()})
	if err == nil {
		t.Fatal("Seed without HashPassword succeeded")
	}
}
