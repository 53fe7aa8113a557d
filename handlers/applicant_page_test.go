package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/mail"
	"treffpunkt/mail/invite"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

var pageTokenRE = regexp.MustCompile(`/a/([A-Za-z0-9_-]{43})`)

// applicantFixture is tenant A of the handler fixture with two published
// interviews of its applicant (one with a second employer's table), one
// published interview of another applicant, and the applicant's token.
type applicantFixture struct {
	*fixture
	svc     *invite.Service
	token   string
	mine    models.Interview
	mine2   models.Interview
	foreign models.Interview
}

// withInvites rebuilds f's app with an invitation service (fixed link key,
// f's clock) and returns the service, for tests that publish or answer.
func withInvites(t *testing.T, f *fixture) *invite.Service {
	t.Helper()
	inv, err := mail.NewComposer()
	testdb.Must(t, err)
	rem, err := mail.NewReminderComposer()
	testdb.Must(t, err)
	svc, err := invite.New(invite.Config{BaseURL: "http://localhost:8080", From: "Treffpunkt <termine@treffpunkt.example>",
		LinkKey: []byte(strings.Repeat("s", 32))}, inv, rem, f.clock.now)
	testdb.Must(t, err)
	f.app, err = New(Deps{Options: testOptions(), Store: f.store, Now: f.clock.now, Logger: slog.New(slog.DiscardHandler), Invites: svc})
	testdb.Must(t, err)
	return svc
}

func newApplicantFixture(t *testing.T, db *gorm.DB) *applicantFixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, db, testOptions())
	svc := withInvites(t, f)
	af := &applicantFixture{fixture: f, svc: svc}

	a := f.a
	other := models.Applicant{JobCentreID: a.centre.ID, FirstName: "Karim", LastName: "Fremd", Email: "karim@a.example",
		PreferredLanguage: models.LanguageAR, GermanLevel: models.GermanB1, ConsentAt: a.applicant.ConsentAt}
	testdb.Must(t, f.store.CreateApplicant(ctx, &other))
	vac := a.employer.Vacancies[0].ID
	cs := []models.Candidate{{ApplicantID: a.applicant.ID, VacancyID: vac, Score: 4}, {ApplicantID: other.ID, VacancyID: vac, Score: 3}}
	testdb.Must(t, f.store.SaveCandidates(ctx, a.centre.ID, a.event.ID, cs))
	start := a.event.Days[0].StartsAt.Add(time.Hour)
	var ivs []models.Interview
	for i, c := range []int64{cs[0].ID, cs[0].ID, cs[1].ID} {
		s := start.Add(time.Duration(i) * 30 * time.Minute)
		ivs = append(ivs, models.Interview{CandidateID: c, StartsAt: s, EndsAt: s.Add(20 * time.Minute),
			ICalUID: svc.NewUID(), CheckinCode: fmt.Sprintf("CHECKIN%05d", i)})
	}
	testdb.Must(t, f.store.CreateInterviews(ctx, a.centre.ID, a.event.ID, ivs))
	testdb.Must(t, f.store.Transaction(ctx, func(tx *models.Store) error {
		return svc.Publish(ctx, tx, a.centre.ID, []int64{ivs[0].ID, ivs[1].ID, ivs[2].ID})
	}))
	af.mine, af.mine2, af.foreign = af.reload(t, ivs[0].ID), af.reload(t, ivs[1].ID), af.reload(t, ivs[2].ID)

	rows, err := f.store.ListOutbox(ctx, a.centre.ID, "", 0)
	testdb.Must(t, err)
	for _, r := range rows {
		if r.Recipient != a.applicant.Email {
			continue
		}
		var full models.OutboxMail
		testdb.Must(t, db.First(&full, r.ID).Error)
		msg, err := outbox.Decode(full)
		testdb.Must(t, err)
		if m := pageTokenRE.FindStringSubmatch(msg.Text); m != nil {
			af.token = m[1]
		}
	}
	if af.token == "" {
		t.Fatal("no personal link in the applicant's mails")
	}
	return af
}

func (af *applicantFixture) reload(t *testing.T, id int64) models.Interview {
	t.Helper()
	iv, err := af.store.GetInterview(context.Background(), af.a.centre.ID, id)
	testdb.Must(t, err)
	return iv
}

func (af *applicantFixture) outboxCount(t *testing.T) int {
	t.Helper()
	rows, err := af.store.ListOutbox(context.Background(), af.a.centre.ID, "", 0)
	testdb.Must(t, err)
	return len(rows)
}

func TestApplicantPage(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		af := newApplicantFixture(t, db)
		page := "/a/" + af.token
		forged := "/a/" + strings.Repeat("x", 43)
		anon := af.browser("10.1.0.1")
		mailsBefore := af.outboxCount(t)

		scenarios := []struct {
			name        string
			path        string
			header      map[string]string
			status      int
			contains    []string
			notContains []string
		}{
			{"plan in the applicant's language", page, nil, http.StatusOK,
				[]string{`lang="uk"`, `dir="ltr"`, "Olena", af.a.employer.Name, "Stadthalle", "CHECKIN00000", "CHECKIN00001",
					`action="` + page + `/confirm"`, `action="` + page + `/decline"`, `action="` + page + `/reschedule"`,
					`name="_csrf"`, "calendar.ics?interview=", "qr.svg?interview=", "openstreetmap.org"},
				[]string{"CHECKIN00002", "Karim", "Fremd"}},
			{"arabic right to left", page + "?lang=ar", nil, http.StatusOK,
				[]string{`lang="ar"`, `dir="rtl"`, "مواعيدك"}, nil},
			{"mail link preselects the answer but changes nothing", fmt.Sprintf("%s?interview=%d&answer=confirmed", page, af.mine.ID), nil, http.StatusOK,
				[]string{"«Так, я прийду»"}, nil},
			{"forged link", forged, map[string]string{"Accept-Language": "de"}, http.StatusNotFound,
				[]string{"Dieser Link ist nicht gültig", "Es wurde nichts geändert"}, []string{"Olena", "CHECKIN"}},
			{"garbage link", "/a/%3Cscript%3E", nil, http.StatusNotFound, []string{"Dieser Link ist nicht gültig"}, []string{"<script>"}},
			{"calendar of another applicant's interview", fmt.Sprintf("%s/calendar.ics?interview=%d", page, af.foreign.ID), nil, http.StatusNotFound, nil, []string{af.foreign.ICalUID}},
			{"qr of another applicant's interview", fmt.Sprintf("%s/qr.svg?interview=%d", page, af.foreign.ID), nil, http.StatusNotFound, nil, []string{"<svg"}},
		}
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				res := anon.request(t, http.MethodGet, sc.path, nil, sc.header)
				expect(t, res, sc.status, sc.contains, sc.notContains)
			})
		}
		if iv := af.reload(t, af.mine.ID); iv.Version != af.mine.Version || iv.Status != models.InterviewInvited {
			t.Fatalf("opening the page changed the interview: %+v", iv)
		}
		if n := af.outboxCount(t); n != mailsBefore {
			t.Fatalf("opening the page queued %d mails", n-mailsBefore)
		}

		// Calendar download and QR code of the applicant's own interview.
		cal := anon.request(t, http.MethodGet, fmt.Sprintf("%s/calendar.ics?interview=%d", page, af.mine.ID), nil, nil)
		expect(t, cal, http.StatusOK, []string{"BEGIN:VCALENDAR", "UID:" + af.mine.ICalUID, "TZID=Europe/Berlin"}, nil)
		if ct := cal.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
			t.Errorf("calendar content type %q", ct)
		}
		qr := anon.request(t, http.MethodGet, fmt.Sprintf("%s/qr.svg?interview=%d", page, af.mine.ID), nil, nil)
		expect(t, qr, http.StatusOK, []string{"<svg", "<path"}, []string{"Olena", af.a.applicant.LastName, af.mine.CheckinCode})

		// Answers: POST once; a repeat shows the state and changes nothing.
		anon.request(t, http.MethodGet, page, nil, nil)
		post := func(path string, id int64, csrf string) response {
			return anon.request(t, http.MethodPost, path, url.Values{"_csrf": {csrf}, "interview": {fmt.Sprint(id)}}, nil)
		}
		if res := post(page+"/confirm", af.mine.ID, "wrong"); res.status != http.StatusForbidden {
			t.Errorf("POST without the CSRF token: %d", res.status)
		}
		res := post(page+"/confirm", af.mine.ID, anon.csrf)
		if res.status != http.StatusSeeOther || !strings.Contains(res.location, "notice=confirmed") {
			t.Fatalf("confirm: %d %q", res.status, res.location)
		}
		confirmed := af.reload(t, af.mine.ID)
		if confirmed.Status != models.InterviewConfirmed {
			t.Fatalf("after confirm: %s", confirmed.Status)
		}
		res = post(page+"/decline", af.mine.ID, anon.csrf)
		if res.status != http.StatusSeeOther || !strings.Contains(res.location, "notice=already") {
			t.Errorf("repeat answer: %d %q", res.status, res.location)
		}
		if iv := af.reload(t, af.mine.ID); iv.Version != confirmed.Version || iv.Status != models.InterviewConfirmed {
			t.Errorf("repeat answer changed the interview: %s v%d", iv.Status, iv.Version)
		}
		shown := anon.request(t, http.MethodGet, page+"?notice=already", nil, nil)
		expect(t, shown, http.StatusOK, []string{"Ви вже відповіли", "Ви підтвердили, що прийдете"}, nil)

		res = post(page+"/reschedule", af.mine2.ID, anon.csrf)
		if iv := af.reload(t, af.mine2.ID); res.status != http.StatusSeeOther || iv.Answer != models.AnswerReschedule || iv.Status != models.InterviewInvited {
			t.Errorf("reschedule: %d, answer %q status %s", res.status, iv.Answer, iv.Status)
		}

		before := af.outboxCount(t)
		for _, bad := range []struct {
			name, path string
			id         int64
			status     int
		}{
			{"another applicant's interview", page + "/decline", af.foreign.ID, http.StatusNotFound},
			{"forged link", forged + "/decline", af.foreign.ID, http.StatusNotFound},
			{"unknown answer", page + "/maybe", af.mine2.ID, http.StatusNotFound},
			{"no interview", page + "/decline", 0, http.StatusNotFound},
		} {
			if res := post(bad.path, bad.id, anon.csrf); res.status != bad.status {
				t.Errorf("%s: status %d, want %d", bad.name, res.status, bad.status)
			}
		}
		if iv := af.reload(t, af.foreign.ID); iv.Status != models.InterviewInvited || iv.Version != af.foreign.Version {
			t.Errorf("a bad POST changed another applicant's interview: %s", iv.Status)
		}
		if n := af.outboxCount(t); n != before {
			t.Errorf("bad POSTs queued %d mails", n-before)
		}

		// Expired and revoked links: a clear page, nothing changes.
		lt, err := af.store.FindApplicantLink(context.Background(), af.a.applicant.ID, af.a.event.ID)
		testdb.Must(t, err)
		af.clock.advance(lt.ExpiresAt.Sub(af.clock.now()) + time.Minute)
		expect(t, anon.request(t, http.MethodGet, page, nil, nil), http.StatusGone, []string{"Термін дії посилання минув"}, []string{"CHECKIN"})
		res = post(page+"/decline", af.mine2.ID, anon.csrf)
		expect(t, res, http.StatusGone, []string{"Нічого не змінено"}, nil)
		testdb.Must(t, af.store.RevokeLinkToken(context.Background(), lt.ID, af.clock.now()))
		expect(t, anon.request(t, http.MethodGet, page, nil, nil), http.StatusGone, []string{"Це посилання більше не діє"}, nil)
		if iv := af.reload(t, af.mine2.ID); iv.Status != models.InterviewInvited {
			t.Errorf("an expired link changed the interview: %s", iv.Status)
		}
	})
}

func TestQRSVG(t *testing.T) {
	tests := []struct{ content string }{{"ABCDEF123456"}, {strings.Repeat("Z", 40)}}
	for _, tt := range tests {
		svg, err := qrSVG(tt.content)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(svg, "<svg") || !strings.HasSuffix(svg, "</svg>") || strings.Count(svg, "h1v1h-1z") < 100 {
			t.Errorf("qrSVG(%q) = %.80s…", tt.content, svg)
		}
	}
}
