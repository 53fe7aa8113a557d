package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// registrationOf returns the registration of an employer for an event.
func registrationOf(t testing.TB, db *gorm.DB, eventID, employerID int64) models.EventRegistration {
	t.Helper()
	var reg models.EventRegistration
	testdb.Must(t, db.Where("event_id = ? AND employer_id = ?", eventID, employerID).First(&reg).Error)
	return reg
}

// addEmployer creates an employer with one contact and one vacancy.
func addEmployer(t testing.TB, f *fixture, jobCentreID int64, name, email string) models.Employer {
	t.Helper()
	e := models.Employer{JobCentreID: jobCentreID, Name: name,
		Contacts:  []models.ContactPerson{{Name: "Kontakt " + name, Email: email}},
		Vacancies: []models.Vacancy{{Title: "Stelle bei " + name, Hours: models.HoursFull}}}
	testdb.Must(t, f.store.CreateEmployer(context.Background(), &e))
	return e
}

// register adds a registered registration without going through a form.
func register(t testing.TB, db *gorm.DB, eventID int64, e models.Employer) models.EventRegistration {
	t.Helper()
	reg := models.EventRegistration{EventID: eventID, EmployerID: e.ID, ContactPersonID: e.Contacts[0].ID,
		Status: models.RegistrationRegistered, ParallelInterviews: 1}
	testdb.Must(t, db.Omit(clause.Associations).Create(&reg).Error)
	return reg
}

func TestEmployerAreaIsolation(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		ctx := context.Background()
		// Another employer of the same job centre at the same event, and
		// the employer of job centre B.
		other := addEmployer(t, f, f.a.centre.ID, "Autohaus Nachbar", "nachbar@a.example")
		otherReg := register(t, db, f.a.event.ID, other)
		otherEntry := models.WaitlistEntry{JobCentreID: f.a.centre.ID, EventID: f.a.event.ID, EmployerID: other.ID, ContactPersonID: other.Contacts[0].ID}
		testdb.Must(t, f.store.JoinWaitlist(ctx, &otherEntry))
		bReg := registrationOf(t, db, f.b.event.ID, f.b.employer.ID)
		bEntry := models.WaitlistEntry{JobCentreID: f.b.centre.ID, EventID: f.b.event.ID, EmployerID: f.b.employer.ID, ContactPersonID: f.b.employer.Contacts[0].ID}
		testdb.Must(t, f.store.JoinWaitlist(ctx, &bEntry))
		ownReg := registrationOf(t, db, f.a.event.ID, f.a.employer.ID)

		b := f.browser("10.40.0.1")
		employerLogin(t, f, b, f.a.employer.Contacts[0].Email)
		expect(t, b.request(t, http.MethodGet, "/employer", nil, nil), http.StatusOK,
			[]string{f.a.employer.Name, fmt.Sprintf(`href="/employer/registrations/%d"`, ownReg.ID)},
			[]string{other.Name, f.b.employer.Name, f.b.event.Title, fmt.Sprintf("/employer/registrations/%d", otherReg.ID)})
		expect(t, b.request(t, http.MethodGet, fmt.Sprintf("/employer/registrations/%d", ownReg.ID), nil, nil), http.StatusOK,
			[]string{f.a.event.Title, `id="registration-form"`, "Pflegehelfer/in"}, []string{"Stelle bei"})

		for _, target := range []struct {
			name  string
			reg   int64
			entry int64
		}{
			{"same job centre", otherReg.ID, otherEntry.ID},
			{"other job centre", bReg.ID, bEntry.ID},
		} {
			for _, req := range []struct {
				method, path string
				form         url.Values
			}{
				{http.MethodGet, fmt.Sprintf("/employer/registrations/%d", target.reg), nil},
				{http.MethodPost, fmt.Sprintf("/employer/registrations/%d", target.reg), url.Values{"parallel": {"7"}}},
				{http.MethodPost, fmt.Sprintf("/employer/registrations/%d/cancel", target.reg), url.Values{}},
				{http.MethodPost, fmt.Sprintf("/employer/waitlist/%d/leave", target.entry), url.Values{}},
			} {
				t.Run(target.name+" "+req.method+" "+req.path, func(t *testing.T) {
					if req.form != nil {
						req.form.Set("_csrf", b.csrf)
					}
					res := b.request(t, req.method, req.path, req.form, nil)
					expect(t, res, http.StatusNotFound, []string{"Seite nicht gefunden"}, []string{other.Name, f.b.employer.Name})
				})
			}
			var reg models.EventRegistration
			testdb.Must(t, db.First(&reg, target.reg).Error)
			if reg.Status != models.RegistrationRegistered || reg.ParallelInterviews == 7 {
				t.Errorf("%s: registration changed: %+v", target.name, reg)
			}
			var e models.WaitlistEntry
			testdb.Must(t, db.First(&e, target.entry).Error)
			if e.Status != models.WaitlistWaiting {
				t.Errorf("%s: waiting-list entry changed to %s", target.name, e.Status)
			}
		}
		for _, p := range []string{"/employer/registrations/abc", "/employer/registrations/0", "/employer/registrations/999999"} {
			expect(t, b.request(t, http.MethodGet, p, nil, nil), http.StatusNotFound, nil, nil)
		}
	})
}

func TestEmployerRegistrationChange(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		reg := registrationOf(t, db, f.a.event.ID, f.a.employer.ID)
		vacancy := f.a.employer.Vacancies[0].ID
		foreign := f.b.employer.Vacancies[0].ID
		b := f.browser("10.41.0.1")
		employerLogin(t, f, b, f.a.employer.Contacts[0].Email)
		path := fmt.Sprintf("/employer/registrations/%d", reg.ID)
		tests := []struct {
			name     string
			form     url.Values
			status   int
			contains []string
		}{
			{"parallel too high", url.Values{"parallel": {"21"}, "vacancy": {fmt.Sprint(vacancy)}}, http.StatusUnprocessableEntity,
				[]string{"Zahl von 1 bis 20", `value="21"`, `aria-invalid="true"`, "checked"}},
			{"parallel not a number", url.Values{"parallel": {"zwei"}}, http.StatusUnprocessableEntity, []string{"Zahl von 1 bis 20"}},
			{"vacancy of another employer", url.Values{"parallel": {"2"}, "vacancy": {fmt.Sprint(foreign)}}, http.StatusUnprocessableEntity,
				[]string{"nur Ihre eigenen Stellen"}},
			{"ok", url.Values{"parallel": {"3"}, "vacancy": {fmt.Sprint(vacancy)}}, http.StatusSeeOther, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.form.Set("_csrf", b.csrf)
				expect(t, b.request(t, http.MethodPost, path, tt.form, nil), tt.status, tt.contains, nil)
			})
		}
		got, err := f.store.GetEmployerRegistration(context.Background(), f.a.centre.ID, f.a.employer.ID, reg.ID)
		testdb.Must(t, err)
		if got.Registration.ParallelInterviews != 3 || len(got.Registration.Vacancies) != 1 || got.Registration.Vacancies[0].VacancyID != vacancy {
			t.Errorf("after change: %+v", got.Registration)
		}
		expect(t, b.request(t, http.MethodGet, "/employer?notice=updated", nil, nil), http.StatusOK, []string{"gespeichert", "Pflegehelfer/in"}, nil)

		// After the deadline nothing can be changed or cancelled.
		deadline := f.clock.now().Add(10 * time.Minute)
		testdb.Must(t, db.Model(&models.Event{}).Where("id = ?", f.a.event.ID).Update("registration_deadline", deadline).Error)
		f.clock.advance(11 * time.Minute)
		expect(t, b.request(t, http.MethodGet, path, nil, nil), http.StatusOK, []string{"nicht mehr möglich"}, []string{`id="registration-form"`, `id="cancel-form"`})
		expect(t, b.request(t, http.MethodPost, path, url.Values{"parallel": {"5"}, "_csrf": {b.csrf}}, nil), http.StatusConflict, []string{"Anmeldefrist"}, nil)
		expect(t, b.request(t, http.MethodPost, path+"/cancel", url.Values{"_csrf": {b.csrf}}, nil), http.StatusConflict, nil, nil)
		testdb.Must(t, db.First(&reg, reg.ID).Error)
		if reg.ParallelInterviews != 3 || reg.Status != models.RegistrationRegistered {
			t.Errorf("changed after the deadline: %+v", reg)
		}
	})
}

// addInterview plans an interview of the tenant's applicant with employer e.
func addInterview(t testing.TB, db *gorm.DB, tn tenant, e models.Employer, start time.Time, status models.InterviewStatus, uid string) models.Interview {
	t.Helper()
	c := models.Candidate{EventID: tn.event.ID, ApplicantID: tn.applicant.ID, VacancyID: e.Vacancies[0].ID, Score: 4}
	testdb.Must(t, db.Where(c).Omit(clause.Associations).FirstOrCreate(&c).Error)
	iv := models.Interview{EventID: tn.event.ID, CandidateID: c.ID, ApplicantID: tn.applicant.ID, EmployerID: e.ID,
		VacancyID: e.Vacancies[0].ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute), Status: status,
		ICalUID: uid + "@treffpunkt.test", ICalSequence: 2, CheckinCode: "code-" + uid, Version: 1}
	testdb.Must(t, db.Omit(clause.Associations).Create(&iv).Error)
	return iv
}

var feedLinkRE = regexp.MustCompile(`href="(webcal://localhost:8080/feed/([A-Za-z0-9_-]{43})\.ics)"`)

func TestEmployerFeed(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		start := time.Date(2026, 4, 14, 7, 0, 0, 0, time.UTC)
		addInterview(t, db, f.a, f.a.employer, start, models.InterviewConfirmed, "one")
		addInterview(t, db, f.a, f.a.employer, start.Add(30*time.Minute), models.InterviewCancelled, "cancelled")
		addInterview(t, db, f.b, f.b.employer, start, models.InterviewConfirmed, "foreign")

		b := f.browser("10.42.0.1")
		employerLogin(t, f, b, f.a.employer.Contacts[0].Email)
		// Before publication the plan is not shown.
		expect(t, b.request(t, http.MethodGet, "/employer", nil, nil), http.StatusOK, []string{"Sobald der Plan veröffentlicht ist"}, []string{"Olena K."})
		testdb.Must(t, db.Model(&models.Event{}).Where("id IN ?", []int64{f.a.event.ID, f.b.event.ID}).Update("status", models.EventPublished).Error)
		expect(t, b.request(t, http.MethodGet, "/employer", nil, nil), http.StatusOK,
			[]string{"Olena K.", "Pflegehelfer/in", "Di., 14.04.2026, 09:00 Uhr"}, []string{f.a.applicant.LastName})

		create := func(t *testing.T) (string, string) {
			t.Helper()
			res := b.request(t, http.MethodPost, "/employer/feed", url.Values{"_csrf": {b.csrf}}, nil)
			m := feedLinkRE.FindStringSubmatch(res.body)
			if res.status != http.StatusOK || m == nil {
				t.Fatalf("create feed: status %d, no webcal link in %.500s", res.status, res.body)
			}
			return m[1], "/feed/" + m[2] + ".ics"
		}
		webcal, path := create(t)
		if !strings.HasPrefix(webcal, "webcal://") {
			t.Errorf("feed link %q", webcal)
		}
		var feed models.EmployerFeed
		testdb.Must(t, db.Where("revoked_at IS NULL").First(&feed).Error)
		if strings.Contains(path, feed.TokenHash) || len(feed.TokenHash) != 64 {
			t.Errorf("stored token hash %q", feed.TokenHash)
		}
		// The overview no longer shows the URL, only that a feed exists.
		expect(t, b.request(t, http.MethodGet, "/employer", nil, nil), http.StatusOK, []string{"Kalender-Link ist aktiv"}, []string{path})

		anon := f.browser("10.42.0.2")
		res := anon.request(t, http.MethodGet, path, nil, nil)
		expect(t, res, http.StatusOK, []string{"BEGIN:VCALENDAR", "Olena K.", "feed-one@treffpunkt.test", "SEQUENCE:2", "DTSTART:20260414T070000Z"},
			[]string{"METHOD:", f.a.applicant.LastName, f.a.applicant.Email, "feed-cancelled", "feed-foreign", "Koval"})
		if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
			t.Errorf("Content-Type %q", ct)
		}
		cal, err := ical.NewDecoder(strings.NewReader(res.body)).Decode()
		testdb.Must(t, err)
		if evs := cal.Events(); len(evs) != 1 {
			t.Fatalf("%d events, want 1", len(evs))
		} else if s, _ := evs[0].Props.Text(ical.PropSummary); s != "Kennenlerngespräch: Olena K. (Pflegehelfer/in)" {
			t.Errorf("summary %q", s)
		}

		// Renewing ends the old URL; revoking ends the new one.
		_, renewed := create(t)
		expect(t, anon.request(t, http.MethodGet, path, nil, nil), http.StatusNotFound, nil, []string{"VCALENDAR"})
		expect(t, anon.request(t, http.MethodGet, renewed, nil, nil), http.StatusOK, []string{"Olena K."}, nil)
		res = b.request(t, http.MethodPost, "/employer/feed/revoke", url.Values{"_csrf": {b.csrf}}, nil)
		if res.status != http.StatusSeeOther {
			t.Fatalf("revoke: %d", res.status)
		}
		expect(t, anon.request(t, http.MethodGet, renewed, nil, nil), http.StatusNotFound, nil, []string{"VCALENDAR"})
		expect(t, anon.request(t, http.MethodGet, "/feed/"+strings.Repeat("x", 43)+".ics", nil, nil), http.StatusNotFound, nil, nil)
	})
}

// TestEmployerFeedEmpty: a feed created before any interview is planned is
// a valid, empty calendar, not a server error.
func TestEmployerFeedEmpty(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		b := f.browser("10.42.1.1")
		employerLogin(t, f, b, f.a.employer.Contacts[0].Email)
		res := b.request(t, http.MethodPost, "/employer/feed", url.Values{"_csrf": {b.csrf}}, nil)
		m := feedLinkRE.FindStringSubmatch(res.body)
		if m == nil {
			t.Fatalf("create feed: status %d, no webcal link", res.status)
		}
		res = f.browser("10.42.1.2").request(t, http.MethodGet, "/feed/"+m[2]+".ics", nil, nil)
		expect(t, res, http.StatusOK, []string{"BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "X-WR-CALNAME:", "END:VCALENDAR\r\n"}, []string{"VEVENT", "METHOD:"})
		if !strings.HasPrefix(res.body, "BEGIN:VCALENDAR\r\n") {
			t.Errorf("empty feed does not start with BEGIN:VCALENDAR: %q", res.body)
		}
	})
}
