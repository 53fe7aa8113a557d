package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestPlan(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		vac := f.a.employer.Vacancies[0] // minimum level B1
		var reg models.EventRegistration
		testdb.Must(t, db.Where("event_id = ?", f.a.event.ID).First(&reg).Error)
		testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: reg.ID, VacancyID: vac.ID}).Error)
		ahmad := models.Applicant{JobCentreID: f.a.centre.ID, FirstName: "Ahmad", LastName: "Haddad", GermanLevel: models.GermanA2,
			PreferredLanguage: models.LanguageAR, ConsentAt: testdb.Clock(), MaxInterviewsPerDay: 2}
		testdb.Must(t, f.store.CreateApplicant(ctx, &ahmad))
		testdb.Must(t, f.store.SaveCandidates(ctx, f.a.centre.ID, f.a.event.ID, []models.Candidate{
			{ApplicantID: f.a.applicant.ID, VacancyID: vac.ID, Score: 4},
			{ApplicantID: ahmad.ID, VacancyID: vac.ID, Score: 5}, // below B1, no exception
		}))

		staff := f.browser("10.0.0.1")
		staff.login(t, f.a.staff.Email) // English UI
		admin := f.browser("10.0.0.2")
		admin.login(t, f.a.admin.Email) // German UI
		other := f.browser("10.0.0.3")
		other.login(t, f.b.staff.Email)
		page := fmt.Sprintf("/events/%d/plan", f.a.event.ID)
		form := func(b *browser, mode string) url.Values {
			return url.Values{"_csrf": {b.csrf}, "mode": {mode}, "seed": {"1"}}
		}

		expect(t, staff.request(t, http.MethodGet, fmt.Sprintf("/events/%d", f.a.event.ID), nil, nil), http.StatusOK, []string{page}, nil)
		expect(t, staff.request(t, http.MethodGet, page, nil, nil), http.StatusOK,
			[]string{"Planning 2 shortlisted pairs with 2 applicants", "Best total fit", "Everyone gets one first"}, []string{"Proposal"})
		for _, tc := range []struct {
			name     string
			b        *browser
			mode     string
			status   int
			contains []string
		}{
			{"english, everyone first", staff, "everyone_first", http.StatusOK,
				[]string{"Proposal", "Koval-A", "Pflegeheim Sonnenhof A", "German level is below the vacancy&#39;s minimum", "Ahmad Haddad", "Upper bound"}},
			{"german, best fit", admin, "best_fit", http.StatusOK,
				[]string{"Vorschlag", "Koval-A", "Das Deutschniveau reicht für die Stelle nicht", "Ohne Gespräch"}},
			{"unknown mode", staff, "fastest", http.StatusBadRequest, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := tc.b.request(t, http.MethodPost, page, form(tc.b, tc.mode), nil)
				expect(t, res, tc.status, tc.contains, []string{"plan.reason.", "plan.stats."})
			})
		}
		ivs, err := f.store.ListInterviews(ctx, f.a.centre.ID, f.a.event.ID)
		testdb.Must(t, err)
		if len(ivs) != 0 {
			t.Fatalf("preview saved %d interviews", len(ivs))
		}

		for _, path := range []string{page, page + "/apply"} {
			expect(t, other.request(t, http.MethodPost, path, form(other, "best_fit"), nil), http.StatusNotFound, nil, []string{"Koval-A"})
		}
		expect(t, other.request(t, http.MethodGet, page, nil, nil), http.StatusNotFound, nil, []string{"Koval-A"})

		for round := 1; round <= 2; round++ {
			res := staff.request(t, http.MethodPost, page+"/apply", form(staff, "everyone_first"), nil)
			if res.status != http.StatusSeeOther || res.location != fmt.Sprintf("/events/%d?done=planned", f.a.event.ID) {
				t.Fatalf("apply %d: status %d, location %q, body %.300s", round, res.status, res.location, res.body)
			}
			ivs, err = f.store.ListInterviews(ctx, f.a.centre.ID, f.a.event.ID)
			testdb.Must(t, err)
			if len(ivs) != 1 || ivs[0].ApplicantID != f.a.applicant.ID || ivs[0].VacancyID != vac.ID ||
				ivs[0].EndsAt.Sub(ivs[0].StartsAt).Minutes() != 20 || ivs[0].Status != models.InterviewPlanned || ivs[0].ICalUID == "" {
				t.Fatalf("apply %d: interviews = %+v", round, ivs)
			}
		}
		// The event page the apply redirects to confirms what happened.
		expect(t, staff.request(t, http.MethodGet, fmt.Sprintf("/events/%d?done=planned", f.a.event.ID), nil, nil),
			http.StatusOK, []string{"The plan was applied."}, nil)
	})
}
