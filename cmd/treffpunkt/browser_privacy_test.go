package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"treffpunkt/handlers"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestBrowserPrivacy walks an admin through the data-protection pages: the
// settings, an applicant's data export and the erasure with its preview,
// each screenshotted and checked with axe-core. The store behind them is
// tested on both databases; one is enough here.
func TestBrowserPrivacy(t *testing.T) {
	db := testdb.Open(t, models.DialectSQLite)
	ctx := context.Background()
	now := func() time.Time { return time.Now().UTC() }
	store := models.NewStore(db, now)
	const password = "browser-privacy-password"
	hash, err := handlers.HashPassword(password)
	testdb.Must(t, err)
	jc := models.JobCentre{Name: "Jobcenter Rems-Murr", Slug: "rems-murr"}
	testdb.Must(t, store.CreateJobCentre(ctx, &jc))
	admin := models.StaffUser{JobCentreID: jc.ID, Email: "leitung@jobcenter.example", Name: "Petra Schmid", PasswordHash: hash,
		Role: models.RoleAdmin, Locale: models.LocaleDE, Active: true}
	testdb.Must(t, store.CreateStaffUser(ctx, &admin))

	// A past speed-dating with one interview and its outcome.
	loc, err := time.LoadLocation("Europe/Berlin")
	testdb.Must(t, err)
	day := time.Date(now().Year(), now().Month(), now().Day(), 0, 0, 0, 0, loc).AddDate(0, 0, -14)
	venue := "Bürgerzentrum Waiblingen"
	ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindSpeedDating, Title: "Speed-Dating Pflege", Status: models.EventDone,
		VenueName: &venue, SlotMinutes: 20, PublicToken: "browser-privacy-token-0123456789",
		Days:   []models.EventDay{{Date: time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC), StartsAt: day.Add(9 * time.Hour), EndsAt: day.Add(13 * time.Hour)}},
		Tables: []models.EventTable{{Label: "Tisch 1"}}}
	testdb.Must(t, store.CreateEvent(ctx, &ev))
	level := models.GermanB1
	emp := models.Employer{JobCentreID: jc.ID, Name: "Pflegeheim Sonnenhof",
		Contacts:  []models.ContactPerson{{Name: "Clara Kontakt", Email: "clara@sonnenhof.example"}},
		Vacancies: []models.Vacancy{{Title: "Pflegehelfer/in", Hours: models.HoursPart, MinGermanLevel: &level, CandidatesWanted: 4}}}
	testdb.Must(t, store.CreateEmployer(ctx, &emp))
	a := models.Applicant{JobCentreID: jc.ID, FirstName: "Olena", LastName: "Kovalenko", Email: "olena@example.org",
		Phone: "0176 1234567", PreferredLanguage: models.LanguageUK, GermanLevel: models.GermanB1, Postcode: "71522", Town: "Backnang",
		Availability: "08:30-13:30", Notes: "Kind in der Kita bis 14 Uhr", ConsentAt: now().AddDate(0, -1, 0)}
	testdb.Must(t, store.CreateApplicant(ctx, &a))
	testdb.Must(t, store.AddEventApplicants(ctx, jc.ID, ev.ID, []models.EventApplicant{{ApplicantID: a.ID, MaxInterviews: 2}}, nil))
	cands := []models.Candidate{{ApplicantID: a.ID, VacancyID: emp.Vacancies[0].ID, Score: 4}}
	testdb.Must(t, store.SaveCandidates(ctx, jc.ID, ev.ID, cands))
	ivs := []models.Interview{{CandidateID: cands[0].ID, StartsAt: day.Add(10 * time.Hour), EndsAt: day.Add(10*time.Hour + 20*time.Minute),
		Status: models.InterviewAttended, ICalUID: "browser-privacy@treffpunkt.example", CheckinCode: "PRIV-0001"}}
	testdb.Must(t, store.CreateInterviews(ctx, jc.ID, ev.ID, ivs))
	_, err = store.RecordOutcome(ctx, jc.ID, ivs[0].ID, models.OutcomeInternship, &day, models.ActorStaff, &admin.ID)
	testdb.Must(t, err)

	base := serveStore(t, store, now)
	b := newBrowser(t, base, screenshotDir(t, t.Name()))
	b.loginStaff(admin.Email, password, `a[href="/admin/settings"]`)

	// Settings: change the retention period.
	b.open("/admin/settings")
	b.screenshot("settings")
	b.checkAccessibility("settings")
	b.run(chromedp.SetValue(`#retention_days`, "60", chromedp.ByQuery))
	b.tick(`#view-full_name`)
	b.run(chromedp.Submit(`#settings-form`, chromedp.ByQuery), chromedp.WaitVisible(`.kern-alert--success`, chromedp.ByQuery))
	if got, err := store.GetJobCentre(ctx, jc.ID); err != nil || got.RetentionDays != 60 || got.EmployerMaySee != models.EmployerSeesFullName {
		t.Fatalf("settings after saving = %+v, %v", got, err)
	}
	b.screenshot("settings-saved")

	// The applicant page links to the export and the erasure.
	b.open("/applicants/" + strconv.FormatInt(a.ID, 10))
	b.screenshot("applicant")
	b.run(chromedp.Click(`a[href$="/export"]`, chromedp.ByQuery), chromedp.WaitVisible(`#interviews-caption`, chromedp.ByQuery))
	if txt := b.text("main"); !strings.Contains(txt, "Kind in der Kita bis 14 Uhr") || !strings.Contains(txt, "Pflegeheim Sonnenhof") ||
		!strings.Contains(txt, "Praktikum") {
		t.Errorf("export page lacks data: %.600s", txt)
	}
	b.screenshot("export")
	b.checkAccessibility("export")

	// Erasure: preview, confirmation, result.
	b.open("/applicants/" + strconv.FormatInt(a.ID, 10) + "/erase")
	if txt := b.text("#erase-kept"); !strings.Contains(txt, "Gespräche: 1") || !strings.Contains(txt, "Ergebnisse mit Verlauf: 1") {
		t.Errorf("erase preview: %q", txt)
	}
	b.screenshot("erase-preview")
	b.checkAccessibility("erase preview")
	b.tick(`#confirm`)
	b.run(chromedp.Submit(`#erase-form`, chromedp.ByQuery), chromedp.WaitVisible(`#erased-at`, chromedp.ByQuery))
	b.screenshot("erased")
	b.checkAccessibility("erased")
	got, err := store.GetApplicant(ctx, jc.ID, a.ID)
	testdb.Must(t, err)
	if got.AnonymisedAt == nil || got.LastName != "" || got.Notes != "" {
		t.Errorf("applicant after erasure = %+v", got)
	}
}
