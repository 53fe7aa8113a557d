package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// auditCount counts the job centre's audit entries of action.
func auditCount(t *testing.T, f *fixture, jobCentreID int64, action string) int {
	t.Helper()
	evs, err := f.store.ListAudit(context.Background(), jobCentreID, 0)
	testdb.Must(t, err)
	n := 0
	for _, ev := range evs {
		if ev.Action == action {
			n++
		}
	}
	return n
}

func TestApplicantExport(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		a := f.a.applicant
		addOutcomeInterview(t, f, f.a, "EXPORTA1")
		staff := f.browser("203.0.113.20")
		staff.login(t, f.a.staff.Email)

		page := staff.request(t, http.MethodGet, fmt.Sprintf("/applicants/%d", a.ID), nil, nil)
		expect(t, page, http.StatusOK, []string{fmt.Sprintf(`href="/applicants/%d/export"`, a.ID)},
			[]string{fmt.Sprintf(`href="/applicants/%d/erase"`, a.ID)})

		html := staff.request(t, http.MethodGet, fmt.Sprintf("/applicants/%d/export", a.ID), nil, nil)
		expect(t, html, http.StatusOK, []string{"Data export: Olena Koval-A", "olena@a.example", "Pflegeheim Sonnenhof A",
			"Speed-Dating Pflege Jobcenter Amberg", "Access and changes", "export.json", "privacy.css"}, []string{"privacy.export."})
		if got := html.header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control = %q", got)
		}

		js := staff.request(t, http.MethodGet, fmt.Sprintf("/applicants/%d/export.json", a.ID), nil, nil)
		if js.status != http.StatusOK || !strings.Contains(js.header.Get("Content-Disposition"), "attachment") ||
			!strings.HasPrefix(js.header.Get("Content-Type"), "application/json") {
			t.Fatalf("JSON export: %d %v", js.status, js.header)
		}
		var d models.ApplicantDossier
		if err := json.Unmarshal([]byte(js.body), &d); err != nil {
			t.Fatalf("JSON export does not parse: %v", err)
		}
		if d.Applicant.LastName != "Koval-A" || d.Applicant.Email != "olena@a.example" || len(d.Interviews) != 1 ||
			len(d.Shortlists) != 1 || d.RetentionDays != 90 || len(d.Audit) < 2 {
			t.Errorf("dossier = %+v", d)
		}
		for _, key := range []string{`"first_name"`, `"interviews"`, `"shortlists"`, `"audit"`, `"mails"`} {
			if !strings.Contains(js.body, key) {
				t.Errorf("JSON lacks %s", key)
			}
		}
		if n := auditCount(t, f, f.a.centre.ID, "applicant.export"); n != 2 {
			t.Errorf("%d export audit entries; want 2", n)
		}

		// Another job centre's applicant does not exist for this user.
		for _, p := range []string{"/applicants/%d/export", "/applicants/%d/export.json"} {
			res := staff.request(t, http.MethodGet, fmt.Sprintf(p, f.b.applicant.ID), nil, nil)
			expect(t, res, http.StatusNotFound, nil, []string{"Koval-B", "olena@b.example"})
		}
		if n := auditCount(t, f, f.b.centre.ID, "applicant.export"); n != 0 {
			t.Errorf("foreign export audited %d times", n)
		}
		anon := f.browser("203.0.113.21")
		res := anon.request(t, http.MethodGet, fmt.Sprintf("/applicants/%d/export.json", a.ID), nil, nil)
		if res.status != http.StatusSeeOther || strings.Contains(res.body, "olena@a.example") {
			t.Errorf("export without login: %d", res.status)
		}
	})
}

func TestApplicantErase(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		a := f.a.applicant
		iv := addOutcomeInterview(t, f, f.a, "ERASEA01")
		erasePath := fmt.Sprintf("/applicants/%d/erase", a.ID)

		// Staff users may not erase.
		staff := f.browser("203.0.113.30")
		staff.login(t, f.a.staff.Email)
		expect(t, staff.request(t, http.MethodGet, erasePath, nil, nil), http.StatusForbidden, nil, []string{"erase-form"})
		expect(t, staff.request(t, http.MethodPost, erasePath, url.Values{"_csrf": {staff.csrf}, "confirm": {"yes"}}, nil),
			http.StatusForbidden, nil, nil)

		admin := f.browser("203.0.113.31")
		admin.login(t, f.a.admin.Email)
		page := admin.request(t, http.MethodGet, fmt.Sprintf("/applicants/%d", a.ID), nil, nil)
		expect(t, page, http.StatusOK, []string{`href="` + erasePath + `"`}, nil)

		// An upcoming interview blocks the erasure: no form, and a forged POST
		// is refused with the reason.
		res := admin.request(t, http.MethodGet, erasePath, nil, nil)
		expect(t, res, http.StatusOK, []string{"Daten löschen: Olena Koval-A", "erase-blocked", "Gespräche: 1"}, []string{"erase-form"})
		res = admin.request(t, http.MethodPost, erasePath, url.Values{"_csrf": {admin.csrf}, "confirm": {"yes"}}, nil)
		expect(t, res, http.StatusConflict, []string{"Die Löschung muss warten"}, nil)

		_, err := f.store.SetInterviewStatus(ctx, f.a.centre.ID, iv.ID, iv.Version, models.InterviewCancelled)
		testdb.Must(t, err)
		res = admin.request(t, http.MethodGet, erasePath, nil, nil)
		expect(t, res, http.StatusOK, []string{"erase-form", `name="confirm"`, "Endgültig löschen"}, []string{"erase-blocked"})

		// Without the confirmation nothing happens; without CSRF neither.
		res = admin.request(t, http.MethodPost, erasePath, url.Values{"_csrf": {admin.csrf}}, nil)
		expect(t, res, http.StatusUnprocessableEntity, []string{"Bitte bestätigen Sie"}, nil)
		res = admin.request(t, http.MethodPost, erasePath, url.Values{"confirm": {"yes"}}, nil)
		expect(t, res, http.StatusForbidden, nil, nil)
		if got, _ := f.store.GetApplicant(ctx, f.a.centre.ID, a.ID); got.AnonymisedAt != nil {
			t.Fatal("applicant erased without confirmation")
		}

		// Another job centre's applicant is 404 and stays.
		foreign := fmt.Sprintf("/applicants/%d/erase", f.b.applicant.ID)
		expect(t, admin.request(t, http.MethodGet, foreign, nil, nil), http.StatusNotFound, nil, []string{"Koval-B"})
		expect(t, admin.request(t, http.MethodPost, foreign, url.Values{"_csrf": {admin.csrf}, "confirm": {"yes"}}, nil),
			http.StatusNotFound, nil, nil)

		res = admin.request(t, http.MethodPost, erasePath, url.Values{"_csrf": {admin.csrf}, "confirm": {"yes"}}, nil)
		if res.status != http.StatusSeeOther || res.location != erasePath+"?erased=1" {
			t.Fatalf("erase: %d %q %.300s", res.status, res.location, res.body)
		}
		res = admin.request(t, http.MethodGet, res.location, nil, nil)
		expect(t, res, http.StatusOK, []string{"Die Daten sind gelöscht.", "erased-at"}, []string{"Koval-A", "erase-form"})
		got, err := f.store.GetApplicant(ctx, f.a.centre.ID, a.ID)
		testdb.Must(t, err)
		if got.AnonymisedAt == nil || got.LastName != "" || got.Email != "" {
			t.Errorf("applicant after erasure = %+v", got)
		}
		if kept, err := f.store.GetInterview(ctx, f.a.centre.ID, iv.ID); err != nil || kept.ApplicantID != a.ID {
			t.Errorf("interview after erasure = %+v, %v; want kept", kept, err)
		}
		if n := auditCount(t, f, f.a.centre.ID, "applicant.erase"); n != 1 {
			t.Errorf("%d erase audit entries; want 1", n)
		}
		// A second POST is harmless: it shows the erased state.
		res = admin.request(t, http.MethodPost, erasePath, url.Values{"_csrf": {admin.csrf}, "confirm": {"yes"}}, nil)
		if res.status != http.StatusSeeOther || res.location != erasePath {
			t.Errorf("second erase: %d %q", res.status, res.location)
		}
		if b, _ := f.store.GetApplicant(ctx, f.b.centre.ID, f.b.applicant.ID); b.AnonymisedAt != nil {
			t.Error("job centre b's applicant was erased")
		}
	})
}

func TestSettingsPage(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		staff := f.browser("203.0.113.40")
		staff.login(t, f.a.staff.Email)
		expect(t, staff.request(t, http.MethodGet, "/admin/settings", nil, nil), http.StatusForbidden, nil, []string{"retention_days"})
		expect(t, staff.request(t, http.MethodPost, "/admin/settings",
			url.Values{"_csrf": {staff.csrf}, "retention_days": {"5"}, "employer_may_see": {"contact"}}, nil), http.StatusForbidden, nil, nil)

		admin := f.browser("203.0.113.41")
		admin.login(t, f.a.admin.Email)
		res := admin.request(t, http.MethodGet, "/admin/settings", nil, nil)
		expect(t, res, http.StatusOK, []string{`href="/admin/settings" aria-current="page"`, `name="retention_days"`, `value="90"`,
			`value="initials" checked`, "Jobcenter Amberg"}, []string{"settings."})

		for _, tc := range []struct {
			name string
			form url.Values
			want string
		}{
			{"zero days", url.Values{"retention_days": {"0"}, "employer_may_see": {"initials"}}, "zwischen 1 und 3650"},
			{"too many days", url.Values{"retention_days": {"3651"}, "employer_may_see": {"initials"}}, "zwischen 1 und 3650"},
			{"not a number", url.Values{"retention_days": {"neunzig"}, "employer_may_see": {"initials"}}, `value="neunzig"`},
			{"unknown view", url.Values{"retention_days": {"30"}, "employer_may_see": {"everything"}}, "eine der Möglichkeiten"},
		} {
			tc.form.Set("_csrf", admin.csrf)
			res := admin.request(t, http.MethodPost, "/admin/settings", tc.form, nil)
			expect(t, res, http.StatusUnprocessableEntity, []string{tc.want}, nil)
		}
		if jc, _ := f.store.GetJobCentre(ctx, f.a.centre.ID); jc.RetentionDays != 90 || jc.EmployerMaySee != models.EmployerSeesInitials {
			t.Fatalf("invalid input changed the settings: %+v", jc)
		}

		res = admin.request(t, http.MethodPost, "/admin/settings",
			url.Values{"_csrf": {admin.csrf}, "retention_days": {" 30 "}, "employer_may_see": {"full_name"}}, nil)
		if res.status != http.StatusSeeOther || res.location != "/admin/settings?saved=1" {
			t.Fatalf("save settings: %d %q %.300s", res.status, res.location, res.body)
		}
		expect(t, admin.request(t, http.MethodGet, res.location, nil, nil), http.StatusOK,
			[]string{"Die Einstellungen sind gespeichert.", `value="30"`, `value="full_name" checked`}, nil)
		jc, err := f.store.GetJobCentre(ctx, f.a.centre.ID)
		testdb.Must(t, err)
		if jc.RetentionDays != 30 || jc.EmployerMaySee != models.EmployerSeesFullName || jc.Name != "Jobcenter Amberg" {
			t.Errorf("saved settings = %+v", jc)
		}
		evs, err := f.store.ListAudit(ctx, f.a.centre.ID, 1)
		testdb.Must(t, err)
		if len(evs) != 1 || evs[0].Action != "settings.update" || !strings.Contains(evs[0].Details, `"retention_days":[90,30]`) {
			t.Errorf("audit = %+v", evs)
		}
		if b, _ := f.store.GetJobCentre(ctx, f.b.centre.ID); b.RetentionDays != 90 {
			t.Errorf("job centre b changed: %+v", b)
		}
	})
}
