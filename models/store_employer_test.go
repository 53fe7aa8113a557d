package models_test

import (
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestEmployers(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		weller := f.employer(t, f.a, "Bäckerei Weller")
		anker := f.employer(t, f.a, "Anker Logistik")
		foreign := f.employer(t, f.b, "Ostalb Bau")

		list, err := f.store.ListEmployers(f.ctx, f.a.ID)
		if err != nil {
			t.Fatalf("ListEmployers: %v", err)
		}
		if len(list) != 2 || list[0].ID != anker.ID || list[1].ID != weller.ID || len(list[0].Sites) != 1 {
			t.Fatalf("ListEmployers = %+v, want Anker, Weller with sites", list)
		}

		got, err := f.store.GetEmployer(f.ctx, f.a.ID, weller.ID)
		if err != nil {
			t.Fatalf("GetEmployer: %v", err)
		}
		if len(got.Sites) != 1 || len(got.Contacts) != 1 || len(got.Vacancies) != 1 {
			t.Fatalf("GetEmployer children = %d sites, %d contacts, %d vacancies", len(got.Sites), len(got.Contacts), len(got.Vacancies))
		}
		v := got.Vacancies[0]
		if v.CandidatesWanted != 4 || v.SiteID == nil || *v.SiteID != got.Sites[0].ID ||
			v.MinGermanLevel == nil || *v.MinGermanLevel != models.GermanB1 || *v.HoursPerWeek != 20 {
			t.Errorf("vacancy = %+v", v)
		}
		if s := got.Sites[0]; s.Lat == nil || *s.Lat != 48.8306 || !s.StepFree || s.Postcode != "71332" {
			t.Errorf("site = %+v", s)
		}
		if got.Contacts[0].Locale != models.LocaleDE {
			t.Errorf("contact locale = %q, want de", got.Contacts[0].Locale)
		}

		_, err = f.store.GetEmployer(f.ctx, f.a.ID, foreign.ID)
		wantErr(t, "GetEmployer other job centre", err, models.ErrNotFound)
		foreign.Name = "taken over"
		foreign.JobCentreID = f.a.ID
		wantErr(t, "UpdateEmployer other job centre", f.store.UpdateEmployer(f.ctx, foreign), models.ErrNotFound)
		weller.Notes = "Chefin spricht Türkisch."
		testdb.Must(t, f.store.UpdateEmployer(f.ctx, weller))
		got, _ = f.store.GetEmployer(f.ctx, f.a.ID, weller.ID)
		if got.Notes != "Chefin spricht Türkisch." {
			t.Errorf("Notes = %q", got.Notes)
		}

		for _, tc := range []struct {
			name string
			add  func() error
			err  error // nil: any rejection
		}{
			{"site for other job centre's employer", func() error {
				return f.store.AddSite(f.ctx, f.a.ID, &models.Site{EmployerID: foreign.ID, Street: "x 1", Postcode: "73430", Town: "Aalen"})
			}, models.ErrNotFound},
			{"site with bad postcode", func() error {
				return f.store.AddSite(f.ctx, f.a.ID, &models.Site{EmployerID: weller.ID, Street: "x 1", Postcode: "7133", Town: "Waiblingen"})
			}, nil},
			{"site with latitude only", func() error {
				return f.store.AddSite(f.ctx, f.a.ID, &models.Site{EmployerID: weller.ID, Street: "x 1", Postcode: "71332", Town: "Waiblingen", Lat: ptr(48.8)})
			}, nil},
			{"contact e-mail twice in other case", func() error {
				return f.store.AddContactPerson(f.ctx, f.a.ID, &models.ContactPerson{EmployerID: weller.ID, Name: "P", Email: "MAIER@rems-murr.example"})
			}, models.ErrDuplicate},
			{"vacancy with unknown level", func() error {
				return f.store.AddVacancy(f.ctx, f.a.ID, &models.Vacancy{EmployerID: weller.ID, Title: "x", Hours: models.HoursFull, MinGermanLevel: ptr(models.GermanLevel("D1"))})
			}, nil},
			{"vacancy with unknown hours", func() error {
				return f.store.AddVacancy(f.ctx, f.a.ID, &models.Vacancy{EmployerID: weller.ID, Title: "x", Hours: "some"})
			}, nil},
			{"vacancy of other job centre's employer", func() error {
				return f.store.AddVacancy(f.ctx, f.a.ID, &models.Vacancy{EmployerID: foreign.ID, Title: "x", Hours: models.HoursFull})
			}, models.ErrNotFound},
		} {
			err := tc.add()
			if tc.err != nil {
				wantErr(t, tc.name, err, tc.err)
			} else {
				wantRejected(t, tc.name, err)
			}
		}

		// The fixture gives Weller and Anker the same contact address: one
		// person may speak for two firms.
		cs, err := f.store.FindContactsByEmail(f.ctx, " Maier@Rems-Murr.example")
		if err != nil || len(cs) != 2 {
			t.Errorf("FindContactsByEmail = %d contacts, %v; want 2", len(cs), err)
		}
	})
}

func TestApplicants(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db)
		olena := f.applicant(t, f.a, "Olena", "Kovalenko", models.GermanB1)
		ahmad := f.applicant(t, f.a, "Ahmad", "Al-Hassan", models.GermanA2)
		ahmad.PreferredLanguage, ahmad.Postcode = models.LanguageAR, "73614"
		testdb.Must(t, f.store.UpdateApplicant(f.ctx, ahmad))
		lena := f.applicant(t, f.a, "Lena", "Müller_50%", models.GermanC1)
		ayse := f.applicant(t, f.a, "Ayşe", "Öztürk", models.GermanB2)
		foreign := f.applicant(t, f.b, "Oksana", "Kovalenko", models.GermanB2)

		for _, tc := range []struct {
			name   string
			filter models.ApplicantFilter
			want   []int64
		}{
			{"all", models.ApplicantFilter{}, []int64{ahmad.ID, olena.ID, lena.ID, ayse.ID}},
			{"without diacritics", models.ApplicantFilter{Query: "ayse ozturk"}, []int64{ayse.ID}},
			{"upper-case umlaut", models.ApplicantFilter{Query: "ÖZT"}, []int64{ayse.ID}},
			{"umlaut in query", models.ApplicantFilter{Query: "müller"}, []int64{lena.ID}},
			{"name part any case", models.ApplicantFilter{Query: "KOVAL"}, []int64{olena.ID}},
			{"full name", models.ApplicantFilter{Query: "olena kovalenko"}, []int64{olena.ID}},
			{"wildcards are literal", models.ApplicantFilter{Query: "_50%"}, []int64{lena.ID}},
			{"percent alone matches literally", models.ApplicantFilter{Query: "%"}, []int64{lena.ID}},
			{"at least B1", models.ApplicantFilter{GermanLevel: models.GermanB1}, []int64{olena.ID, lena.ID, ayse.ID}},
			{"language", models.ApplicantFilter{Language: models.LanguageAR}, []int64{ahmad.ID}},
			{"postcode prefix", models.ApplicantFilter{Postcode: "715"}, []int64{olena.ID, lena.ID, ayse.ID}},
			{"combined", models.ApplicantFilter{Postcode: "715", GermanLevel: models.GermanC1}, []int64{lena.ID}},
			{"limit", models.ApplicantFilter{Limit: 1}, []int64{ahmad.ID}},
		} {
			as, err := f.store.ListApplicants(f.ctx, f.a.ID, tc.filter)
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			var got []int64
			for _, a := range as {
				got = append(got, a.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			}
		}

		got, err := f.store.GetApplicant(f.ctx, f.a.ID, olena.ID)
		if err != nil {
			t.Fatalf("GetApplicant: %v", err)
		}
		if got.MaxInterviewsPerDay != 3 || got.PreferredLanguage != models.LanguageUK ||
			!got.ConsentAt.Equal(testdbDay()) || got.AnonymisedAt != nil {
			t.Errorf("GetApplicant = %+v", got)
		}
		_, err = f.store.GetApplicant(f.ctx, f.a.ID, foreign.ID)
		wantErr(t, "GetApplicant other job centre", err, models.ErrNotFound)
		foreign.JobCentreID = f.a.ID
		wantErr(t, "UpdateApplicant other job centre", f.store.UpdateApplicant(f.ctx, foreign), models.ErrNotFound)

		for _, tc := range []struct {
			name string
			a    models.Applicant
		}{
			{"unknown level", models.Applicant{FirstName: "a", LastName: "b", GermanLevel: "A0", PreferredLanguage: models.LanguageDE}},
			{"unknown language", models.Applicant{FirstName: "a", LastName: "b", GermanLevel: models.GermanA2, PreferredLanguage: "fr"}},
			{"no name", models.Applicant{GermanLevel: models.GermanA2, PreferredLanguage: models.LanguageDE}},
			{"too many interviews", models.Applicant{FirstName: "a", LastName: "b", GermanLevel: models.GermanA2, PreferredLanguage: models.LanguageDE, MaxInterviewsPerDay: 50}},
		} {
			tc.a.JobCentreID, tc.a.ConsentAt = f.a.ID, testdb.Clock()
			wantRejected(t, tc.name, f.store.CreateApplicant(f.ctx, &tc.a))
		}
	})
}

// testdbDay is the fixed clock's calendar day, as consent dates are stored.
func testdbDay() (d time.Time) {
	y, m, dd := testdb.Clock().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}
