package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestShortlist(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		vac := f.a.employer.Vacancies[0] // minimum level B1
		var reg models.EventRegistration
		testdb.Must(t, db.Where("event_id = ?", f.a.event.ID).First(&reg).Error)
		testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: reg.ID, VacancyID: vac.ID}).Error)
		ahmad := models.Applicant{JobCentreID: f.a.centre.ID, FirstName: "Ahmad", LastName: "Haddad", GermanLevel: models.GermanA2,
			PreferredLanguage: models.LanguageAR, ConsentAt: testdb.Clock()}
		testdb.Must(t, f.store.CreateApplicant(ctx, &ahmad))

		b := f.browser("10.0.0.1")
		b.login(t, f.a.staff.Email) // English UI
		base := fmt.Sprintf("/events/%d/shortlist", f.a.event.ID)
		page := fmt.Sprintf("%s/%d", base, vac.ID)
		expect(t, b.request(t, http.MethodGet, base, nil, nil), http.StatusOK, []string{vac.Title, page, "0 of 4 wanted"}, nil)
		res := b.request(t, http.MethodGet, page, nil, nil)
		expect(t, res, http.StatusOK, []string{"Koval-A", "Haddad", "German level below the vacancy", "travel time unknown"}, nil)

		add := func(applicant int64, score string, extra url.Values) response {
			v := url.Values{"_csrf": {b.csrf}, "applicant_id": {fmt.Sprint(applicant)}, "score": {score}}
			for k, x := range extra {
				v[k] = x
			}
			return b.request(t, http.MethodPost, page, v, nil)
		}
		expect(t, add(f.a.applicant.ID, "4", nil), http.StatusSeeOther, nil, nil)
		expect(t, add(ahmad.ID, "3", nil), http.StatusUnprocessableEntity, []string{"does not meet the rules"}, nil)
		expect(t, add(ahmad.ID, "3", url.Values{"override": {"on"}, "override_reason": {"  "}}), http.StatusUnprocessableEntity, []string{"give a reason"}, nil)
		expect(t, add(ahmad.ID, "9", url.Values{"override": {"on"}, "override_reason": {"x"}}), http.StatusUnprocessableEntity, []string{"score from 1 to 5"}, nil)
		expect(t, add(f.b.applicant.ID, "3", nil), http.StatusUnprocessableEntity, []string{"cannot be added"}, nil)
		expect(t, add(ahmad.ID, "2", url.Values{"override": {"on"}, "override_reason": {"Sprachkurs B1 endet nächste Woche"}}), http.StatusSeeOther, nil, nil)

		cands, err := f.store.ListCandidates(ctx, f.a.centre.ID, f.a.event.ID)
		testdb.Must(t, err)
		got := map[int64]models.Candidate{}
		for _, c := range cands {
			got[c.ApplicantID] = c
		}
		olena, ah := got[f.a.applicant.ID], got[ahmad.ID]
		if len(cands) != 2 || olena.Score != 4 || olena.Override || olena.CreatedBy == nil || *olena.CreatedBy != f.a.staff.ID {
			t.Fatalf("candidates = %+v", cands)
		}
		if ah.Score != 2 || !ah.Override || ah.OverrideReason != "Sprachkurs B1 endet nächste Woche" || ah.CreatedBy == nil || *ah.CreatedBy != f.a.staff.ID {
			t.Errorf("override not recorded: %+v", ah)
		}
		var audits []models.AuditEvent
		testdb.Must(t, db.Where("action = ? AND object_id = ?", "candidate.add", ahmad.ID).Find(&audits).Error)
		if len(audits) != 1 || audits[0].ActorID == nil || *audits[0].ActorID != f.a.staff.ID || !strings.Contains(audits[0].Details, "Sprachkurs B1") {
			t.Errorf("override audit = %+v", audits)
		}
		expect(t, b.request(t, http.MethodGet, page, nil, nil), http.StatusOK, []string{"accepted despite the rules: Sprachkurs B1", "2 of 4 wanted", "No further suitable"}, []string{"Add as an exception"})

		res = b.request(t, http.MethodPost, page+"/scores", url.Values{"_csrf": {b.csrf}, fmt.Sprintf("score_%d", olena.ID): {"5"}}, nil)
		expect(t, res, http.StatusSeeOther, nil, nil)
		expect(t, b.request(t, http.MethodPost, page+"/scores", url.Values{"_csrf": {b.csrf}, fmt.Sprintf("score_%d", olena.ID): {"0"}}, nil), http.StatusUnprocessableEntity, nil, nil)
		expect(t, b.request(t, http.MethodPost, page+"/remove", url.Values{"_csrf": {b.csrf}, "candidate_id": {fmt.Sprint(ah.ID)}}, nil), http.StatusSeeOther, nil, nil)
		cands, err = f.store.ListCandidates(ctx, f.a.centre.ID, f.a.event.ID)
		testdb.Must(t, err)
		if len(cands) != 1 || cands[0].Score != 5 {
			t.Errorf("after rescore and remove: %+v", cands)
		}

		// Another job centre's event, or this vacancy in its event: not found.
		expect(t, b.request(t, http.MethodGet, fmt.Sprintf("/events/%d/shortlist", f.b.event.ID), nil, nil), http.StatusNotFound, nil, nil)
		expect(t, b.request(t, http.MethodGet, fmt.Sprintf("/events/%d/shortlist/%d", f.b.event.ID, vac.ID), nil, nil), http.StatusNotFound, nil, nil)
		expect(t, b.request(t, http.MethodGet, fmt.Sprintf("%s/%d", base, f.b.employer.Vacancies[0].ID), nil, nil), http.StatusNotFound, nil, nil)
		stranger := f.browser("10.0.0.9")
		stranger.login(t, f.b.staff.Email)
		expect(t, stranger.request(t, http.MethodPost, page, url.Values{"_csrf": {stranger.csrf}, "applicant_id": {fmt.Sprint(f.b.applicant.ID)}, "score": {"3"}}, nil), http.StatusNotFound, nil, nil)
	})
}
