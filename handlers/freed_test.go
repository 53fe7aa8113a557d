package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// freedHandlerFixture is tenant A's published event in which Olena
// declined her interview at 09:50 (Berlin). Anna fits best, Boris is the
// alternative; Chen's German is too weak, Eva's childcare hours start too
// late and Farid is at another employer then.
type freedHandlerFixture struct {
	*fixture
	declined models.Interview
	cands    map[string]models.Candidate
}

func newFreedHandlerFixture(t *testing.T, db *gorm.DB) *freedHandlerFixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, db, testOptions())
	svc := withInvites(t, f)
	a := f.a
	ff := &freedHandlerFixture{fixture: f, cands: map[string]models.Candidate{}}

	other := models.Employer{JobCentreID: a.centre.ID, Name: "Baufirma Stein",
		Contacts:  []models.ContactPerson{{Name: "Bernd Stein", Email: "bernd@a.example"}},
		Vacancies: []models.Vacancy{{Title: "Bauhelfer/in", Hours: models.HoursFull, CandidatesWanted: 4}}}
	testdb.Must(t, f.store.CreateEmployer(ctx, &other))
	otherReg := models.EventRegistration{EventID: a.event.ID, EmployerID: other.ID, ContactPersonID: other.Contacts[0].ID,
		Status: models.RegistrationRegistered, ParallelInterviews: 1}
	testdb.Must(t, db.Omit("Employer", "Contact", "Vacancies", "Windows").Create(&otherReg).Error)
	var reg models.EventRegistration
	testdb.Must(t, db.Where("event_id = ? AND employer_id = ?", a.event.ID, a.employer.ID).First(&reg).Error)
	testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: reg.ID, VacancyID: a.employer.Vacancies[0].ID}).Error)
	testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: otherReg.ID, VacancyID: other.Vacancies[0].ID}).Error)

	apps := map[string]models.Applicant{"Olena": a.applicant}
	for _, p := range []struct {
		first, availability string
		level               models.GermanLevel
	}{{"Anna", "", models.GermanB2}, {"Boris", "", models.GermanB1}, {"Chen", "", models.GermanA2},
		{"Eva", "12:00-14:00", models.GermanB2}, {"Farid", "", models.GermanB2}} {
		ap := models.Applicant{JobCentreID: a.centre.ID, FirstName: p.first, LastName: "Neu", Email: p.first + "@a.example",
			PreferredLanguage: models.LanguageDE, GermanLevel: p.level, Availability: p.availability, MaxInterviewsPerDay: 2,
			ConsentAt: a.applicant.ConsentAt}
		testdb.Must(t, f.store.CreateApplicant(ctx, &ap))
		apps[p.first] = ap
	}
	care := a.employer.Vacancies[0].ID
	list := []struct {
		first string
		score int
	}{{"Olena", 4}, {"Anna", 4}, {"Boris", 3}, {"Chen", 5}, {"Eva", 5}, {"Farid", 5}}
	var cs []models.Candidate
	for _, l := range list {
		cs = append(cs, models.Candidate{ApplicantID: apps[l.first].ID, VacancyID: care, Score: l.score})
	}
	cs = append(cs, models.Candidate{ApplicantID: apps["Farid"].ID, VacancyID: other.Vacancies[0].ID, Score: 3})
	testdb.Must(t, f.store.SaveCandidates(ctx, a.centre.ID, a.event.ID, cs))
	for i, l := range list {
		ff.cands[l.first] = cs[i]
	}
	start := a.event.Days[0].StartsAt.Add(50 * time.Minute) // on the 25-minute grid from 09:00 Berlin
	ivs := []models.Interview{
		{CandidateID: cs[0].ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute), ICalUID: svc.NewUID(), CheckinCode: "FREEDOLENA"},
		{CandidateID: cs[len(cs)-1].ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute), ICalUID: svc.NewUID(), CheckinCode: "FREEDFARID"},
	}
	testdb.Must(t, f.store.CreateInterviews(ctx, a.centre.ID, a.event.ID, ivs))
	testdb.Must(t, f.store.Transaction(ctx, func(tx *models.Store) error {
		return svc.Publish(ctx, tx, a.centre.ID, []int64{ivs[0].ID, ivs[1].ID})
	}))
	iv, err := f.store.GetInterview(ctx, a.centre.ID, ivs[0].ID)
	testdb.Must(t, err)
	_, err = f.store.SetInterviewStatus(ctx, a.centre.ID, iv.ID, iv.Version, models.InterviewDeclined)
	testdb.Must(t, err)
	ff.declined, err = f.store.GetInterview(ctx, a.centre.ID, iv.ID)
	testdb.Must(t, err)
	return ff
}

func (ff *freedHandlerFixture) interviewsOf(t *testing.T, applicantID int64) []models.Interview {
	t.Helper()
	ivs, err := ff.store.ListInterviews(context.Background(), ff.a.centre.ID, ff.a.event.ID)
	testdb.Must(t, err)
	var out []models.Interview
	for _, iv := range ivs {
		if iv.ApplicantID == applicantID {
			out = append(out, iv)
		}
	}
	return out
}

func (ff *freedHandlerFixture) outbox(t *testing.T) []models.OutboxMail {
	t.Helper()
	ms, err := ff.store.ListOutbox(context.Background(), ff.a.centre.ID, "", 0)
	testdb.Must(t, err)
	return ms
}

// firstAcceptForm is the candidate of the first accept button on the page.
var firstAcceptForm = regexp.MustCompile(`name="candidate" value="(\d+)"`)

func TestFreedSlots(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ff := newFreedHandlerFixture(t, db)
		staff := ff.browser("10.0.0.1")
		staff.login(t, ff.a.staff.Email) // English
		other := ff.browser("10.0.0.3")
		other.login(t, ff.b.staff.Email)
		event := fmt.Sprintf("/events/%d", ff.a.event.ID)
		freed := event + "/freed"
		accept := fmt.Sprintf("%s/%d", freed, ff.declined.ID)

		// The event page points to the freed slot.
		expect(t, staff.request(t, http.MethodGet, event, nil, nil), http.StatusOK,
			[]string{`id="freed-notice"`, "Freed slots: 1."}, nil)

		res := staff.request(t, http.MethodGet, freed, nil, nil)
		expect(t, res, http.StatusOK, []string{
			"Olena Koval-A declined.", "Invite Anna Neu", "Invite Boris Neu", "best fit",
			"Chen Neu (Pflegehelfer/in): The German level is below the vacancy&#39;s minimum",
			"Eva Neu (Pflegehelfer/in): No common time",
			"Farid Neu (Pflegehelfer/in): Has another interview at that time.",
		}, []string{"Invite Chen", "Invite Eva", "Invite Farid", "Invite Olena"})
		m := firstAcceptForm.FindStringSubmatch(res.body)
		if m == nil || m[1] != strconv.FormatInt(ff.cands["Anna"].ID, 10) {
			t.Fatalf("first proposal = %v, want Anna's candidate %d", m, ff.cands["Anna"].ID)
		}

		// Another job centre sees nothing and changes nothing.
		form := url.Values{"candidate": {m[1]}, "version": {strconv.Itoa(ff.declined.Version)}}
		expect(t, other.request(t, http.MethodGet, freed, nil, nil), http.StatusNotFound, nil, []string{"Anna"})
		form.Set("_csrf", other.csrf)
		expect(t, other.request(t, http.MethodPost, accept, form, nil), http.StatusNotFound, nil, nil)
		expect(t, other.request(t, http.MethodPost, accept, url.Values{"_csrf": {other.csrf}}, nil), http.StatusNotFound, nil, nil)
		expect(t, staff.request(t, http.MethodPost, accept, url.Values{"_csrf": {staff.csrf}}, nil), http.StatusBadRequest, nil, nil)
		// A forged form neither.
		form.Set("_csrf", "forged")
		expect(t, staff.request(t, http.MethodPost, accept, form, nil), http.StatusForbidden, nil, nil)
		// Nor a stale interview version.
		form.Set("_csrf", staff.csrf)
		form.Set("version", strconv.Itoa(ff.declined.Version-1))
		expect(t, staff.request(t, http.MethodPost, accept, form, nil), http.StatusConflict,
			[]string{"This interview changed in the meantime."}, nil)
		// Nor an applicant who cannot take the slot.
		form.Set("version", strconv.Itoa(ff.declined.Version))
		form.Set("candidate", strconv.FormatInt(ff.cands["Chen"].ID, 10))
		expect(t, staff.request(t, http.MethodPost, accept, form, nil), http.StatusConflict,
			[]string{"can no longer take the slot"}, nil)
		anna := ff.cands["Anna"].ApplicantID
		if n := len(ff.interviewsOf(t, anna)) + len(ff.interviewsOf(t, ff.cands["Chen"].ApplicantID)); n != 0 {
			t.Fatalf("refused acceptances created %d interviews", n)
		}
		before := len(ff.outbox(t))

		// One click: Anna gets exactly the slot and is invited at once.
		form.Set("candidate", m[1])
		res = staff.request(t, http.MethodPost, accept, form, nil)
		if res.status != http.StatusSeeOther || res.location != freed+"?done=invited" {
			t.Fatalf("accept: status %d, location %q, body %.300s", res.status, res.location, res.body)
		}
		ivs := ff.interviewsOf(t, anna)
		if len(ivs) != 1 {
			t.Fatalf("Anna has %d interviews, want 1", len(ivs))
		}
		got := ivs[0]
		if got.Status != models.InterviewInvited || !got.StartsAt.Equal(ff.declined.StartsAt) || !got.EndsAt.Equal(ff.declined.EndsAt) ||
			got.EmployerID != ff.declined.EmployerID || got.ReplacesInterviewID == nil || *got.ReplacesInterviewID != ff.declined.ID {
			t.Errorf("new interview = %+v, want Anna invited in the declined slot", got)
		}
		queued := len(ff.outbox(t)) - before
		toAnna := 0
		for _, ml := range ff.outbox(t) {
			if ml.Recipient == "Anna@a.example" && ml.InterviewID != nil && *ml.InterviewID == got.ID && ml.Status == models.MailPending {
				toAnna++
			}
		}
		if toAnna != 1 || queued < 2 {
			t.Errorf("accept queued %d mails, %d invitations to Anna; want the invitations to Anna and the employer", queued, toAnna)
		}
		var audited int64
		testdb.Must(t, db.Model(&models.AuditEvent{}).Where("action = ? AND object_id = ?", "interview.fill_freed_slot", got.ID).Count(&audited).Error)
		if audited != 1 {
			t.Errorf("filling the slot left %d audit entries, want 1", audited)
		}
		expect(t, staff.request(t, http.MethodGet, freed+"?done=invited", nil, nil), http.StatusOK,
			[]string{"The slot is filled and the invitation is on its way.", "No freed slots"}, []string{"Invite Boris"})
		expect(t, staff.request(t, http.MethodGet, event, nil, nil), http.StatusOK, nil, []string{`id="freed-notice"`})

		// The second click (or a colleague's) is refused: one interview, no more mails.
		after := len(ff.outbox(t))
		form.Set("candidate", strconv.FormatInt(ff.cands["Boris"].ID, 10))
		expect(t, staff.request(t, http.MethodPost, accept, form, nil), http.StatusConflict,
			[]string{"This slot was filled in the meantime."}, nil)
		form.Set("candidate", m[1])
		expect(t, staff.request(t, http.MethodPost, accept, form, nil), http.StatusConflict,
			[]string{"This slot was filled in the meantime."}, nil)
		if n := len(ff.interviewsOf(t, anna)) + len(ff.interviewsOf(t, ff.cands["Boris"].ApplicantID)); n != 1 {
			t.Errorf("after accepting twice: %d interviews for Anna and Boris, want 1", n)
		}
		if n := len(ff.outbox(t)); n != after {
			t.Errorf("refused acceptance queued %d mails", n-after)
		}
	})
}

func TestFreedSlotsGerman(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ff := newFreedHandlerFixture(t, db)
		admin := ff.browser("10.0.0.2")
		admin.login(t, ff.a.admin.Email) // German
		expect(t, admin.request(t, http.MethodGet, fmt.Sprintf("/events/%d/freed", ff.a.event.ID), nil, nil), http.StatusOK,
			[]string{"Frei gewordene Termine", "Olena Koval-A hat abgesagt.", "Anna Neu einladen", "Hat zu dieser Zeit ein anderes Gespräch."}, nil)
	})
}

// TestImportMaxRows: TREFFPUNKT_IMPORT_MAX_ROWS (configurability of issue
// 5) refuses a file with more applicants than configured, with a clear
// message, and stages nothing; a file within the limit passes.
func TestImportMaxRows(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		opts := testOptions()
		opts.ImportMaxRows = 1
		f := newFixture(t, db, opts)
		b := f.browser("10.0.0.1")
		b.login(t, f.a.staff.Email)
		b.request(t, http.MethodGet, "/applicants/import", nil, nil)
		res := b.upload(t, "/applicants/import", "two.csv", importCSV) // two applicants
		expect(t, res, http.StatusRequestEntityTooLarge, []string{"The file has more than 1 applicants.", "Nothing was saved"}, nil)
		var staged int64
		testdb.Must(t, db.Model(&models.ApplicantImport{}).Count(&staged).Error)
		if staged != 0 {
			t.Errorf("refused file staged %d imports", staged)
		}
		lines := strings.SplitAfter(importCSV, "\n")
		res = b.upload(t, "/applicants/import", "one.csv", lines[0]+lines[1])
		if res.status != http.StatusSeeOther {
			t.Errorf("one applicant within the limit: status %d, body %.300s", res.status, res.body)
		}
	})
}

// TestFreedSlotStarted: a freed slot that has begun is no longer filled,
// even from a page opened before it began.
func TestFreedSlotStarted(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ff := newFreedHandlerFixture(t, db)
		ff.clock.advance(ff.declined.StartsAt.Sub(ff.clock.now()) + time.Minute)
		staff := ff.browser("10.0.0.1")
		staff.login(t, ff.a.staff.Email)
		accept := fmt.Sprintf("/events/%d/freed/%d", ff.a.event.ID, ff.declined.ID)
		form := url.Values{"_csrf": {staff.csrf}, "candidate": {strconv.FormatInt(ff.cands["Anna"].ID, 10)},
			"version": {strconv.Itoa(ff.declined.Version)}}
		expect(t, staff.request(t, http.MethodPost, accept, form, nil), http.StatusConflict,
			[]string{"This interview changed in the meantime."}, nil)
		if n := len(ff.interviewsOf(t, ff.cands["Anna"].ApplicantID)); n != 0 {
			t.Errorf("a started slot was filled: Anna has %d interviews", n)
		}
	})
}
