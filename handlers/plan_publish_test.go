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

func TestPublishPlan(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		f := newFixture(t, db, testOptions())
		withInvites(t, f)

		vac := f.a.employer.Vacancies[0]
		var reg models.EventRegistration
		testdb.Must(t, db.Where("event_id = ?", f.a.event.ID).First(&reg).Error)
		testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: reg.ID, VacancyID: vac.ID}).Error)
		testdb.Must(t, f.store.SaveCandidates(ctx, f.a.centre.ID, f.a.event.ID, []models.Candidate{
			{ApplicantID: f.a.applicant.ID, VacancyID: vac.ID, Score: 4},
		}))

		staff := f.browser("10.0.0.1")
		staff.login(t, f.a.staff.Email)
		other := f.browser("10.0.0.3")
		other.login(t, f.b.staff.Email)
		event := fmt.Sprintf("/events/%d", f.a.event.ID)
		post := func(b *browser, path string) response {
			return b.request(t, http.MethodPost, path, url.Values{"_csrf": {b.csrf}, "mode": {"best_fit"}, "seed": {"1"}}, nil)
		}
		outbox := func() int {
			ms, err := f.store.ListOutbox(ctx, f.a.centre.ID, "", 0)
			testdb.Must(t, err)
			return len(ms)
		}

		if res := post(staff, event+"/plan/apply"); res.status != http.StatusSeeOther {
			t.Fatalf("apply plan: status %d", res.status)
		}
		before := outbox()

		// Another job centre and a forged form change nothing.
		expect(t, post(other, event+"/publish"), http.StatusNotFound, nil, nil)
		expect(t, staff.request(t, http.MethodPost, event+"/publish", url.Values{"_csrf": {"forged"}}, nil), http.StatusForbidden, nil, nil)
		if n := outbox(); n != before {
			t.Fatalf("refused publish queued %d mails", n-before)
		}

		res := post(staff, event+"/publish")
		if res.status != http.StatusSeeOther || res.location != event+"?done=published" {
			t.Fatalf("publish: status %d, location %q", res.status, res.location)
		}
		ivs, err := f.store.ListInterviews(ctx, f.a.centre.ID, f.a.event.ID)
		testdb.Must(t, err)
		if len(ivs) != 1 || ivs[0].Status != models.InterviewInvited {
			t.Fatalf("after publish: interviews = %+v", ivs)
		}
		// The event is published now: the employer area shows plans of
		// published events only.
		if ev, err := f.store.GetEvent(ctx, f.a.centre.ID, f.a.event.ID); err != nil || ev.Status != models.EventPublished {
			t.Errorf("after publish: event status %q (%v), want %q", ev.Status, err, models.EventPublished)
		}
		// One invitation to the applicant, one to the employer contact and
		// the employer's plan summary.
		if n := outbox() - before; n != 3 {
			t.Errorf("publish queued %d mails, want 3", n)
		}
		expect(t, staff.request(t, http.MethodGet, event+"?done=published", nil, nil), http.StatusOK, []string{"The plan is published."}, nil)

		// Publishing again invites nobody twice.
		after := outbox()
		res = post(staff, event+"/publish")
		if res.location != event+"?done=nothing_to_publish" {
			t.Fatalf("second publish: location %q", res.location)
		}
		if n := outbox(); n != after {
			t.Errorf("second publish queued %d more mails", n-after)
		}
	})
}
