package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/mail/outcomes"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// outcomeFixture is tenant A's interview with a valid, an expired and a
// wrong-employer outcome link, and tenant B's interview.
type outcomeFixture struct {
	*fixture
	interview models.Interview
	foreignIV models.Interview // tenant B's
	valid     string
	expired   string
	wrongEmp  string
}

func addOutcomeInterview(t *testing.T, f *fixture, tn tenant, code string) models.Interview {
	t.Helper()
	ctx := context.Background()
	cs := []models.Candidate{{ApplicantID: tn.applicant.ID, VacancyID: tn.employer.Vacancies[0].ID, Score: 4}}
	testdb.Must(t, f.store.SaveCandidates(ctx, tn.centre.ID, tn.event.ID, cs))
	start := tn.event.Days[0].StartsAt.Add(time.Hour)
	ivs := []models.Interview{{CandidateID: cs[0].ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute),
		Status: models.InterviewConfirmed, ICalUID: code + "@treffpunkt.example", CheckinCode: code}}
	testdb.Must(t, f.store.CreateInterviews(ctx, tn.centre.ID, tn.event.ID, ivs))
	iv, err := f.store.GetInterview(ctx, tn.centre.ID, ivs[0].ID)
	testdb.Must(t, err)
	return iv
}

func newOutcomeFixture(t *testing.T, db *gorm.DB) *outcomeFixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, db, testOptions())
	of := &outcomeFixture{fixture: f}
	of.interview = addOutcomeInterview(t, f, f.a, "OUTCOMEA1")
	of.foreignIV = addOutcomeInterview(t, f, f.b, "OUTCOMEB1")
	other := models.Employer{JobCentreID: f.a.centre.ID, Name: "Bäckerei Anders",
		Contacts: []models.ContactPerson{{Name: "Otto Anders", Email: "otto@a.example"}}}
	testdb.Must(t, f.store.CreateEmployer(ctx, &other))
	link := func(token string, contactID int64, expires time.Time) string {
		ivID, evID := of.interview.ID, of.interview.EventID
		lt := models.LinkToken{Kind: models.LinkOutcome, TokenHash: outcomes.HashToken(token), JobCentreID: f.a.centre.ID,
			EmployerContactID: &contactID, InterviewID: &ivID, EventID: &evID, ExpiresAt: expires}
		testdb.Must(t, f.store.CreateLinkToken(ctx, &lt))
		return token
	}
	now := f.clock.now()
	of.valid = link("valid-outcome-token-0123456789abcdefghijklmnopq", f.a.employer.Contacts[0].ID, now.Add(outcomes.LinkValidity))
	of.expired = link("expired-outcome-token-0123456789abcdefghijklmno", f.a.employer.Contacts[0].ID, now.Add(-time.Minute))
	of.wrongEmp = link("wrong-employer-token-0123456789abcdefghijklmnop", other.Contacts[0].ID, now.Add(outcomes.LinkValidity))
	return of
}

// history returns the outcome history of tenant A's interview.
func (of *outcomeFixture) history(t *testing.T) []models.OutcomeChange {
	t.Helper()
	h, err := of.store.OutcomeHistory(context.Background(), of.a.centre.ID, of.interview.ID)
	testdb.Must(t, err)
	return h
}

func TestOutcomeLink(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		of := newOutcomeFixture(t, db)
		contactID := of.a.employer.Contacts[0].ID
		b := of.browser("198.51.100.7")
		post := func(token string, form url.Values) response {
			form.Set("_csrf", b.csrf)
			return b.request(t, http.MethodPost, "/o/"+token, form, nil)
		}

		// Opening links, even with a choice, changes nothing.
		gets := []struct {
			name   string
			target string
			status int
			want   []string
		}{
			// A clear page in the employer's language (German here), never the form.
			{"forged", "/o/forged-token-that-was-never-mailed", http.StatusNotFound, []string{"Dieser Link ist ungültig."}},
			{"expired", "/o/" + of.expired, http.StatusGone, []string{"Dieser Link ist abgelaufen."}},
			{"other employer", "/o/" + of.wrongEmp, http.StatusNotFound, []string{"Dieser Link ist ungültig."}},
			{"plain", "/o/" + of.valid, http.StatusOK, []string{`id="outcome-form"`, "Olena K."}},
			{"pre-selected", "/o/" + of.valid + "?kind=internship", http.StatusOK, []string{`value="internship" required checked`}},
		}
		for _, g := range gets {
			res := b.request(t, http.MethodGet, g.target, nil, nil)
			expect(t, res, g.status, g.want, []string{"Koval-A"})
			if g.status != http.StatusOK && strings.Contains(res.body, `id="outcome-form"`) {
				t.Errorf("%s: the page offers the form", g.name)
			}
		}
		if h := of.history(t); len(h) != 0 {
			t.Fatalf("GETs recorded %d outcome changes", len(h))
		}

		posts := []struct {
			name        string
			token       string
			form        url.Values
			status      int
			wantChanges int
		}{
			{"start before the interview", of.valid, url.Values{"kind": {"internship"}, "start_date": {"2026-04-13"}}, http.StatusUnprocessableEntity, 0},
			{"unknown kind", of.valid, url.Values{"kind": {"boss"}}, http.StatusUnprocessableEntity, 0},
			{"bad date", of.valid, url.Values{"kind": {"internship"}, "start_date": {"soon"}}, http.StatusUnprocessableEntity, 0},
			{"internship", of.valid, url.Values{"kind": {"internship"}, "start_date": {"2026-05-01"}}, http.StatusOK, 1},
			{"same again (double click)", of.valid, url.Values{"kind": {"internship"}, "start_date": {"2026-05-01"}}, http.StatusOK, 1},
			{"changed to apprenticeship", of.valid, url.Values{"kind": {"apprenticeship"}, "start_date": {"14.04.2026"}}, http.StatusOK, 2},
			{"expired link", of.expired, url.Values{"kind": {"no_interest"}}, http.StatusGone, 2},
			{"other employer's link", of.wrongEmp, url.Values{"kind": {"no_interest"}}, http.StatusNotFound, 2},
			{"forged link", "forged-token-that-was-never-mailed", url.Values{"kind": {"no_interest"}}, http.StatusNotFound, 2},
		}
		for _, p := range posts {
			res := post(p.token, p.form)
			if res.status != p.status {
				t.Errorf("%s: status %d, want %d; body %.300s", p.name, res.status, p.status, res.body)
			}
			if n := len(of.history(t)); n != p.wantChanges {
				t.Errorf("%s: %d outcome changes, want %d", p.name, n, p.wantChanges)
			}
			if p.status == http.StatusOK && !strings.Contains(res.body, `id="outcome-recorded"`) {
				t.Errorf("%s: the thank-you page does not show the recorded value", p.name)
			}
			if p.name == "start before the interview" && !strings.Contains(res.body, "Der Beginn kann nicht vor dem Gespräch liegen.") {
				t.Errorf("%s: the page does not say why", p.name)
			}
		}
		res := b.request(t, http.MethodPost, "/o/"+of.valid, url.Values{"kind": {"no_interest"}, "_csrf": {"wrong"}}, nil)
		if res.status != http.StatusForbidden {
			t.Errorf("POST with a wrong CSRF token: status %d, want 403", res.status)
		}
		h := of.history(t)
		if len(h) != 2 {
			t.Fatalf("history has %d rows, want 2", len(h))
		}
		first, second := h[0], h[1]
		if first.PreviousKind != nil || first.NewKind != models.OutcomeInternship || first.ChangedByKind != models.ActorEmployer ||
			first.ChangedByID == nil || *first.ChangedByID != contactID || first.NewStartDate == nil ||
			first.NewStartDate.Format(time.DateOnly) != "2026-05-01" {
			t.Errorf("first change = %+v", first)
		}
		if second.PreviousKind == nil || *second.PreviousKind != models.OutcomeInternship || second.NewKind != models.OutcomeApprenticeship ||
			second.PreviousStartDate == nil || second.PreviousStartDate.Format(time.DateOnly) != "2026-05-01" ||
			second.NewStartDate == nil || second.NewStartDate.Format(time.DateOnly) != "2026-04-14" {
			t.Errorf("second change = %+v", second)
		}
		// Staff see who changed what: the employer contact by name.
		staff := of.browser("198.51.100.10")
		staff.login(t, of.a.staff.Email)
		res = staff.request(t, http.MethodGet, "/events/"+strconv.FormatInt(of.a.event.ID, 10)+"/outcomes", nil, nil)
		expect(t, res, http.StatusOK, []string{"Employer (Clara Kontakt) – Internship (", "→ Apprenticeship ("}, nil)
	})
}

func TestStaffOutcome(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		of := newOutcomeFixture(t, db)
		a := of.browser("198.51.100.8")
		a.login(t, of.a.staff.Email)
		bb := of.browser("198.51.100.9")
		bb.login(t, of.b.staff.Email)
		ivA := strconv.FormatInt(of.interview.ID, 10)
		tests := []struct {
			name        string
			b           *browser
			interview   string
			form        url.Values
			status      int
			wantChanges int
		}{
			{"other job centre", bb, ivA, url.Values{"kind": {"hire_full_time"}}, http.StatusNotFound, 0},
			{"unknown interview", a, "999999", url.Values{"kind": {"hire_full_time"}}, http.StatusNotFound, 0},
			{"start before the interview", a, ivA, url.Values{"kind": {"hire_full_time"}, "start_date": {"2026-04-01"}}, http.StatusUnprocessableEntity, 0},
			{"record", a, ivA, url.Values{"kind": {"trial_work"}}, http.StatusSeeOther, 1},
			{"correct", a, ivA, url.Values{"kind": {"hire_part_time"}, "start_date": {"2026-06-01"}}, http.StatusSeeOther, 2},
		}
		for _, tt := range tests {
			tt.form.Set("_csrf", tt.b.csrf)
			res := tt.b.request(t, http.MethodPost, "/interviews/"+tt.interview+"/outcome", tt.form, nil)
			if res.status != tt.status {
				t.Errorf("%s: status %d, want %d; body %.300s", tt.name, res.status, tt.status, res.body)
			}
			if n := len(of.history(t)); n != tt.wantChanges {
				t.Errorf("%s: %d outcome changes, want %d", tt.name, n, tt.wantChanges)
			}
		}
		h := of.history(t)
		if len(h) != 2 || h[1].ChangedByKind != models.ActorStaff || h[1].ChangedByID == nil || *h[1].ChangedByID != of.a.staff.ID ||
			h[1].PreviousKind == nil || *h[1].PreviousKind != models.OutcomeTrialWork {
			t.Fatalf("history = %+v", h)
		}
		eventA := "/events/" + strconv.FormatInt(of.a.event.ID, 10) + "/outcomes"
		res := a.request(t, http.MethodGet, eventA, nil, nil)
		expect(t, res, http.StatusOK, []string{of.a.staff.Name, `id="interview-` + ivA + `"`, "2026"}, []string{"outcome.kind.", "outcome.staff."})
		res = bb.request(t, http.MethodGet, eventA, nil, nil)
		expect(t, res, http.StatusNotFound, nil, []string{of.a.applicant.LastName})
	})
}
