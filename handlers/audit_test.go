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

// auditWant is one audit row an action must write.
type auditWant struct {
	action     string
	actorKind  models.ActorKind
	actorID    int64
	objectKind string
	objectID   int64
}

// newAuditRows returns the audit rows of job centre jc after id since.
func newAuditRows(t *testing.T, db *gorm.DB, jc, since int64) []models.AuditEvent {
	t.Helper()
	var evs []models.AuditEvent
	testdb.Must(t, db.Where("job_centre_id = ? AND id > ?", jc, since).Order("id").Find(&evs).Error)
	return evs
}

func lastAuditID(t *testing.T, db *gorm.DB) int64 {
	t.Helper()
	var id int64
	testdb.Must(t, db.Model(&models.AuditEvent{}).Select("COALESCE(MAX(id), 0)").Scan(&id).Error)
	return id
}

// TestAuditCompleteness runs each staff read of applicant data, each
// change, each export and each login (failed ones too) and checks the
// audit rows it writes: who, what, which record, from where.
func TestAuditCompleteness(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		af := newAccessFixture(t, db)
		a := af.a
		staff, admin := af.staffClient(t, a.staff), af.staffClient(t, a.admin)
		ev := fmt.Sprint(a.event.ID)
		var published models.Event
		testdb.Must(t, db.First(&published, a.event.ID).Error)
		contact := a.employer.Contacts[0].ID
		loginToken := af.mintLink(t, models.LinkEmployerLogin)
		visitor := af.client(t, "anon")
		stranger := af.browser("192.0.2.99")

		cases := []struct {
			name string
			run  func(t *testing.T) response
			want []auditWant
		}{
			{"staff login", func(t *testing.T) response {
				b := af.browser("192.0.2.10")
				b.request(t, http.MethodGet, "/login", nil, nil)
				return b.request(t, http.MethodPost, "/login", url.Values{"email": {a.staff.Email}, "password": {testPassword}, "_csrf": {b.csrf}}, nil)
			}, []auditWant{{"staff.login", models.ActorStaff, a.staff.ID, "staff_user", a.staff.ID}}},
			{"failed staff login", func(t *testing.T) response {
				b := af.browser("192.0.2.10")
				b.request(t, http.MethodGet, "/login", nil, nil)
				return b.request(t, http.MethodPost, "/login", url.Values{"email": {a.staff.Email}, "password": {"falsch"}, "_csrf": {b.csrf}}, nil)
			}, []auditWant{{"staff.login_failed", models.ActorStaff, a.staff.ID, "staff_user", a.staff.ID}}},
			{"login with an unknown e-mail (no job centre)", func(t *testing.T) response {
				stranger.request(t, http.MethodGet, "/login", nil, nil)
				return stranger.request(t, http.MethodPost, "/login", url.Values{"email": {"niemand@example.org"}, "password": {"x"}, "_csrf": {stranger.csrf}}, nil)
			}, nil},
			{"view applicant", func(t *testing.T) response {
				return staff.request(t, http.MethodGet, fmt.Sprintf("/applicants/%d", a.applicant.ID), nil, nil)
			}, []auditWant{{"applicant.view", models.ActorStaff, a.staff.ID, "applicant", a.applicant.ID}}},
			{"edit form of applicant", func(t *testing.T) response {
				return staff.request(t, http.MethodGet, fmt.Sprintf("/applicants/%d/edit", a.applicant.ID), nil, nil)
			}, []auditWant{{"applicant.view", models.ActorStaff, a.staff.ID, "applicant", a.applicant.ID}}},
			{"print applicant sheets", func(t *testing.T) response {
				return staff.request(t, http.MethodGet, "/events/"+ev+"/print/applicants", nil, nil)
			}, []auditWant{{"plan.print", models.ActorStaff, a.staff.ID, "event", a.event.ID}}},
			{"print table plans", func(t *testing.T) response {
				return staff.request(t, http.MethodGet, "/events/"+ev+"/print/tables", nil, nil)
			}, []auditWant{{"plan.print", models.ActorStaff, a.staff.ID, "event", a.event.ID}}},
			{"record an outcome", func(t *testing.T) response {
				return staff.request(t, http.MethodPost, fmt.Sprintf("/interviews/%d/outcome", af.mine.ID),
					url.Values{"_csrf": {staff.csrf}, "kind": {"internship"}}, nil)
			}, []auditWant{{"outcome.record", models.ActorStaff, a.staff.ID, "interview", af.mine.ID}}},
			{"add a staff user", func(t *testing.T) response {
				return admin.request(t, http.MethodPost, "/staff", url.Values{"_csrf": {admin.csrf}, "name": {"Neu Nutzer"},
					"email": {"neu@a.example"}, "password": {"ein-sehr-langes-passwort"}, "role": {"staff"}, "locale": {"de"}}, nil)
			}, []auditWant{{"staff.create", models.ActorStaff, a.admin.ID, "staff_user", -1}}},
			{"employer login by link", func(t *testing.T) response {
				return visitor.request(t, http.MethodPost, "/employer/login/"+loginToken, url.Values{"_csrf": {visitor.csrf}}, nil)
			}, []auditWant{{"employer.login", models.ActorEmployer, contact, "contact_person", contact}}},
			{"replayed employer login link", func(t *testing.T) response {
				b := af.client(t, "anon")
				return b.request(t, http.MethodPost, "/employer/login/"+loginToken, url.Values{"_csrf": {b.csrf}}, nil)
			}, []auditWant{{"employer.login_failed", models.ActorEmployer, contact, "contact_person", contact}}},
			{"staff logout", func(t *testing.T) response {
				return staff.request(t, http.MethodPost, "/logout", url.Values{"_csrf": {staff.csrf}}, nil)
			}, []auditWant{{"staff.logout", models.ActorStaff, a.staff.ID, "staff_user", a.staff.ID}}},
		}
		for _, tc := range cases {
			since := lastAuditID(t, db)
			res := tc.run(t)
			if res.status >= 500 {
				t.Errorf("%s: status %d", tc.name, res.status)
			}
			got := newAuditRows(t, db, a.centre.ID, since)
			if other := newAuditRows(t, db, af.b.centre.ID, since); len(other) > 0 {
				t.Errorf("%s: wrote %d rows into job centre B's trail", tc.name, len(other))
			}
			if len(got) != len(tc.want) {
				t.Errorf("%s: %d audit rows %+v, want %d", tc.name, len(got), got, len(tc.want))
				continue
			}
			for i, w := range tc.want {
				g := got[i]
				ok := g.Action == w.action && g.ActorKind == w.actorKind && g.ActorID != nil && *g.ActorID == w.actorID &&
					g.ObjectKind == w.objectKind && g.ObjectID != nil && (w.objectID < 0 || *g.ObjectID == w.objectID) &&
					g.IP != "" && !g.At.IsZero()
				if !ok {
					t.Errorf("%s: audit row %+v, want %+v with an address", tc.name, g, w)
				}
			}
		}
		if bad, err := af.store.VerifyAudit(context.Background(), a.centre.ID); err != nil || bad != 0 {
			t.Errorf("VerifyAudit = %d, %v; want an intact chain", bad, err)
		}
	})
}

// TestAuditPage: admins search their own job centre's trail by action,
// actor, record and text, page by page, and see a broken hash chain.
func TestAuditPage(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		af := newAccessFixture(t, db)
		a, ctx := af.a, context.Background()
		for i := 0; i < 60; i++ {
			id := a.applicant.ID
			testdb.Must(t, af.store.AppendAudit(ctx, &models.AuditEvent{JobCentreID: a.centre.ID, ActorKind: models.ActorStaff,
				ActorID: &a.staff.ID, Action: "applicant.view", ObjectKind: "applicant", ObjectID: &id, IP: "192.0.2.1"}))
		}
		other := a.admin.ID
		testdb.Must(t, af.store.AppendAudit(ctx, &models.AuditEvent{JobCentreID: a.centre.ID, ActorKind: models.ActorStaff,
			ActorID: &other, Action: "staff.create", ObjectKind: "staff_user", ObjectID: &other, Details: `{"role":"geheimrolle"}`}))
		testdb.Must(t, af.store.AppendAudit(ctx, &models.AuditEvent{JobCentreID: af.b.centre.ID, ActorKind: models.ActorSystem,
			Action: "tenant-b-only"}))
		admin := af.staffClient(t, a.admin)

		res := admin.request(t, http.MethodGet, "/admin/audit?lang=en", nil, nil)
		expect(t, res, http.StatusOK, []string{"Audit log", "no entry has been changed", "staff.create", "Entries 1–50 of",
			`href="/admin/audit?page=2"`, "Sam Staff A"}, []string{"tenant-b-only"})
		res = admin.request(t, http.MethodGet, "/admin/audit?page=2", nil, nil)
		expect(t, res, http.StatusOK, []string{"applicant.view", `rel="prev"`}, []string{`rel="next"`})

		for _, tc := range []struct {
			query      string
			contains   []string
			notContain []string
		}{
			{"action=staff.create", []string{"geheimrolle"}, []string{"<code>applicant.view</code>"}},
			{fmt.Sprintf("actor=staff:%d", a.admin.ID), []string{"geheimrolle"}, []string{"<code>applicant.view</code>"}},
			{fmt.Sprintf("object=applicant&id=%d", a.applicant.ID), []string{"<code>applicant.view</code>"}, []string{"geheimrolle"}},
			{"q=GEHEIM", []string{"geheimrolle"}, []string{"<code>applicant.view</code>"}},
			{"from=2020-01-01&to=2020-12-31", []string{"No entries match"}, []string{"<code>applicant.view</code>"}},
		} {
			res := admin.request(t, http.MethodGet, "/admin/audit?lang=en&"+tc.query, nil, nil)
			expect(t, res, http.StatusOK, tc.contains, tc.notContain)
		}
		for _, bad := range []string{"id=abc", "from=gestern", "actor=staff:x", "actor=nobody", "page=0"} {
			res := admin.request(t, http.MethodGet, "/admin/audit?lang=en&"+bad, nil, nil)
			expect(t, res, http.StatusUnprocessableEntity, []string{"could not be read"}, []string{"<code>applicant.view</code>"})
		}

		// Staff are refused; another job centre's admin sees only theirs.
		expect(t, af.staffClient(t, a.staff).request(t, http.MethodGet, "/admin/audit", nil, nil), http.StatusForbidden, nil, nil)
		res = af.staffClient(t, af.b.admin).request(t, http.MethodGet, "/admin/audit", nil, nil)
		expect(t, res, http.StatusOK, []string{"tenant-b-only"}, []string{"applicant.view", "geheimrolle"})

		// A deleted entry breaks the chain, and the page says so.
		var victim models.AuditEvent
		testdb.Must(t, db.Where("job_centre_id = ?", a.centre.ID).Order("id").Offset(3).First(&victim).Error)
		testdb.Must(t, db.Delete(&models.AuditEvent{}, victim.ID).Error)
		res = admin.request(t, http.MethodGet, "/admin/audit?lang=en", nil, nil)
		expect(t, res, http.StatusOK, []string{"has been tampered with"}, []string{"no entry has been changed"})
		if !strings.Contains(res.body, "kern-alert--danger") {
			t.Error("the broken chain is not shown as a danger alert")
		}
	})
}
