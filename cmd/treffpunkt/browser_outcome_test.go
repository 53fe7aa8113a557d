package main

import (
	"bytes"
	"context"
	netmail "net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"treffpunkt/handlers"
	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/mail/outcomes"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestBrowserOutcomeFromMail drives a real Chromium through what an
// employer does after an event: the outcome request mail is produced and
// written as a file, its one-click link ("Praktikum") is opened, the start
// date typed and the choice saved; eight weeks later the follow-up mail's
// link records the later outcome. Every page is screenshotted and checked
// with axe-core; the database must hold the outcome and its history.
func TestBrowserOutcomeFromMail(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		var mu sync.Mutex
		current := time.Now().UTC()
		now := func() time.Time { mu.Lock(); defer mu.Unlock(); return current }
		advance := func(d time.Duration) { mu.Lock(); current = current.Add(d); mu.Unlock() }
		store := models.NewStore(db, now)

		jc := models.JobCentre{Name: "Jobcenter Amberg-Sulzbach", Slug: "amberg", ContactEmail: "ags@amberg.example"}
		testdb.Must(t, store.CreateJobCentre(ctx, &jc))
		venue, town := "Stadthalle Amberg", "Amberg"
		day := now().AddDate(0, 0, -3).Truncate(24 * time.Hour).Add(7 * time.Hour)
		ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindSpeedDating, Title: "Speed-Dating Pflege",
			Status: models.EventPublished, VenueName: &venue, VenueTown: &town, SlotMinutes: 20, BufferMinutes: 5,
			PublicToken: "browser-outcome-token-0123456789",
			Days:        []models.EventDay{{Date: day.Truncate(24 * time.Hour), StartsAt: day, EndsAt: day.Add(5 * time.Hour)}}}
		testdb.Must(t, store.CreateEvent(ctx, &ev))
		const email = "clara.kontakt@sonnenhof.example"
		emp := models.Employer{JobCentreID: jc.ID, Name: "Pflegeheim Sonnenhof", Sector: "Pflege",
			Contacts:  []models.ContactPerson{{Name: "Clara Kontakt", Email: email, Locale: models.LocaleDE}},
			Vacancies: []models.Vacancy{{Title: "Pflegehelfer/in", Hours: models.HoursFull, CandidatesWanted: 4}}}
		testdb.Must(t, store.CreateEmployer(ctx, &emp))
		reg := models.EventRegistration{EventID: ev.ID, EmployerID: emp.ID, ContactPersonID: emp.Contacts[0].ID,
			Status: models.RegistrationRegistered, ParallelInterviews: 1}
		testdb.Must(t, db.Omit(clause.Associations).Create(&reg).Error)
		app := models.Applicant{JobCentreID: jc.ID, FirstName: "Olena", LastName: "Koval", GermanLevel: models.GermanB1,
			PreferredLanguage: models.LanguageUK, Postcode: "92224", Town: "Amberg", ConsentAt: day.Truncate(24 * time.Hour)}
		testdb.Must(t, store.CreateApplicant(ctx, &app))
		testdb.Must(t, store.AddEventApplicants(ctx, jc.ID, ev.ID, []models.EventApplicant{{ApplicantID: app.ID, MaxInterviews: 2}}, nil))
		cs := []models.Candidate{{ApplicantID: app.ID, VacancyID: emp.Vacancies[0].ID, Score: 4}}
		testdb.Must(t, store.SaveCandidates(ctx, jc.ID, ev.ID, cs))
		start := day.Add(time.Hour)
		ivs := []models.Interview{{CandidateID: cs[0].ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute),
			Status: models.InterviewAttended, ICalUID: "browser-outcome@treffpunkt.example", CheckinCode: "BROWSEROUT01"}}
		testdb.Must(t, store.CreateInterviews(ctx, jc.ID, ev.ID, ivs))
		iv := ivs[0]

		base := serveStore(t, store, now)
		composer, err := mail.NewOutcomeComposer()
		testdb.Must(t, err)
		from := mail.Address{Name: "Treffpunkt", Email: "termine@treffpunkt.localhost"}
		b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))

		// 1. A forged link: a clear page, no form.
		b.open("/o/forged-link-that-was-never-mailed-0123456789abcd?lang=de")
		if got := b.text("main"); !strings.Contains(got, "Dieser Link ist ungültig") {
			t.Errorf("forged link page: %s", got)
		}
		b.screenshot("outcome-link-forged")
		b.checkAccessibility("forged outcome link")

		// 2. The outcome request after the event day, as a mail file.
		n, err := outcomes.SendOutcomeRequests(ctx, store, composer, now, base, from)
		testdb.Must(t, err)
		if n != 1 {
			t.Fatalf("queued %d outcome requests, want 1", n)
		}
		link := outcomeLinkFromMail(t, store, outcomes.Kind, email, base)

		// 3. The employer clicks "Praktikum" in the mail: the page opens with
		// that choice made, nothing saved yet.
		b.run(chromedp.Navigate(link+"?kind=internship"), chromedp.WaitVisible(`#outcome-form`, chromedp.ByQuery))
		var checked bool
		b.run(chromedp.Evaluate(`document.querySelector("#kind-internship").checked`, &checked))
		if !checked {
			t.Error("the choice from the mail is not pre-selected")
		}
		if _, err := store.GetOutcome(ctx, jc.ID, iv.ID); err == nil {
			t.Fatal("opening the link recorded an outcome")
		}
		b.screenshot("outcome-link")
		b.checkAccessibility("outcome link page")
		startDate := start.AddDate(0, 0, 14).Format(time.DateOnly)
		b.run(chromedp.SetValue(`#start_date`, startDate, chromedp.ByQuery))
		submitAndWait(b, "#outcome-form")
		if got := b.text("main"); !strings.Contains(got, "Vielen Dank") || !strings.Contains(got, "Gespeichert: Praktikum") {
			t.Errorf("after saving: %s", got)
		}
		b.screenshot("outcome-saved")
		b.checkAccessibility("outcome saved")
		out, err := store.GetOutcome(ctx, jc.ID, iv.ID)
		testdb.Must(t, err)
		if out.Kind != models.OutcomeInternship || out.StartDate == nil || out.StartDate.Format(time.DateOnly) != startDate ||
			out.RecordedByKind != models.ActorEmployer || out.RecordedByID == nil || *out.RecordedByID != emp.Contacts[0].ID {
			t.Fatalf("recorded outcome = %+v", out)
		}

		// 4. Eight weeks after the event the internship is followed up; the
		// employer answers "Ausbildung" on the same page.
		advance(outcomes.DefaultFollowUpAfter + 24*time.Hour)
		n, err = outcomes.SendFollowUps(ctx, store, composer, now, base, from, outcomes.DefaultFollowUpAfter)
		testdb.Must(t, err)
		if n != 1 {
			t.Fatalf("queued %d follow-ups, want 1", n)
		}
		followUp := outcomeLinkFromMail(t, store, outcomes.FollowUpKind, email, base)
		if followUp == link {
			t.Fatal("the follow-up reuses the first link")
		}
		b.run(chromedp.Navigate(followUp), chromedp.WaitVisible(`#outcome-form`, chromedp.ByQuery))
		if got := b.text("main"); !strings.Contains(got, "Gespeichert: Praktikum") {
			t.Errorf("follow-up page does not show the outcome so far: %s", got)
		}
		b.tick("#kind-apprenticeship")
		b.screenshot("followup-link")
		b.checkAccessibility("follow-up link page")
		submitAndWait(b, "#outcome-form")
		if got := b.text("main"); !strings.Contains(got, "Gespeichert: Ausbildung") {
			t.Errorf("after the follow-up: %s", got)
		}
		b.screenshot("followup-saved")
		b.checkAccessibility("follow-up saved")
		h, err := store.OutcomeHistory(ctx, jc.ID, iv.ID)
		testdb.Must(t, err)
		if len(h) != 2 || h[1].PreviousKind == nil || *h[1].PreviousKind != models.OutcomeInternship ||
			h[1].NewKind != models.OutcomeApprenticeship || h[1].ChangedByKind != models.ActorEmployer {
			t.Fatalf("history after the follow-up = %+v", h)
		}
	})
}

// outcomeLinkFromMail writes the queued mails of kind as .eml files (the
// file sender of development) and returns the outcome link in the text of
// the one to recipient.
func outcomeLinkFromMail(t *testing.T, store *models.Store, kind, recipient, base string) string {
	t.Helper()
	dir := t.TempDir()
	sender, err := mail.NewFileSender(dir)
	testdb.Must(t, err)
	var rows []models.OutboxMail
	testdb.Must(t, store.DB().Where("kind = ? AND status = ?", kind, models.MailPending).Order("id").Find(&rows).Error)
	for _, r := range rows {
		msg, err := outbox.Decode(r)
		testdb.Must(t, err)
		testdb.Must(t, sender.Send(context.Background(), msg))
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	testdb.Must(t, err)
	re := regexp.MustCompile(regexp.QuoteMeta(base) + `/o/[A-Za-z0-9_-]{43}`)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		testdb.Must(t, err)
		m, err := netmail.ReadMessage(bytes.NewReader(raw))
		testdb.Must(t, err)
		if !strings.Contains(m.Header.Get("To"), recipient) {
			continue
		}
		if l := re.FindString(plainText(t, m)); l != "" {
			return l
		}
	}
	t.Fatalf("no outcome link to %s among %d %s mails", recipient, len(files), kind)
	return ""
}

// TestBrowserExportsPage shows the exports page (issue 7, part 5) as staff
// see it, and the same page when the period is refused; both screenshotted
// and checked with axe-core. The downloads themselves are checked in
// handlers (TestExports); one database is enough for a page.
func TestBrowserExportsPage(t *testing.T) {
	db := testdb.Open(t, models.DialectSQLite)
	ctx := context.Background()
	now := func() time.Time { return time.Now().UTC() }
	store := models.NewStore(db, now)
	const password = "browser-exports-password"
	hash, err := handlers.HashPassword(password)
	testdb.Must(t, err)
	jc := models.JobCentre{Name: "Jobcenter Rems-Murr", Slug: "rems-murr"}
	testdb.Must(t, store.CreateJobCentre(ctx, &jc))
	staff := models.StaffUser{JobCentreID: jc.ID, Email: "ags@jobcenter.example", Name: "Petra Schmid", PasswordHash: hash,
		Role: models.RoleStaff, Locale: models.LocaleDE, Active: true}
	testdb.Must(t, store.CreateStaffUser(ctx, &staff))
	day := now().AddDate(0, 0, -10).Truncate(24 * time.Hour).Add(7 * time.Hour)
	ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindJobFair, Title: "Jobmesse Waiblingen", Status: models.EventDone,
		SlotMinutes: 20, PublicToken: "browser-exports-token-0123456789",
		Days: []models.EventDay{{Date: day.Truncate(24 * time.Hour), StartsAt: day, EndsAt: day.Add(6 * time.Hour)}}}
	testdb.Must(t, store.CreateEvent(ctx, &ev))

	base := serveStore(t, store, now)
	b := newBrowser(t, base, screenshotDir(t, t.Name()))
	b.loginStaff(staff.Email, password, `a[href="/exports"]`)
	b.open("/exports")
	if got := b.text("main"); !strings.Contains(got, "Pseudonymisiert für Berichte") || !strings.Contains(got, "Jobmesse Waiblingen") {
		t.Errorf("exports page: %s", got)
	}
	b.screenshot("exports")
	b.checkAccessibility("exports page")
	b.run(
		chromedp.SetValue(`#from`, "2026-05-02", chromedp.ByQuery),
		chromedp.SetValue(`#to`, "2026-05-01", chromedp.ByQuery),
	)
	b.tick("#variant-pseudonymised")
	submitAndWait(b, "#export-form")
	if got := b.text("main"); !strings.Contains(got, "Das Ende darf nicht vor dem Beginn liegen.") {
		t.Errorf("refused period: %s", got)
	}
	var checked bool
	b.run(chromedp.Evaluate(`document.querySelector("#variant-pseudonymised").checked`, &checked))
	if !checked {
		t.Error("the refused form lost the chosen variant")
	}
	b.screenshot("exports-refused")
	b.checkAccessibility("exports page with error")
}
