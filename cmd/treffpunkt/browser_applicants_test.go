package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"treffpunkt/handlers"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestBrowserApplicantsAndShortlist drives Chromium through adding an
// applicant (with a validation error first), a CSV import with preview and
// confirmation, and the shortlist workbench; every page is checked with
// axe-core. One database is enough here: the handler tests run both.
func TestBrowserApplicantsAndShortlist(t *testing.T) {
	db := testdb.Open(t, models.DialectSQLite)
	ctx := context.Background()
	now := func() time.Time { return time.Now().UTC() }
	store := models.NewStore(db, now)
	jc := models.JobCentre{Name: "Jobcenter Amberg-Sulzbach", Slug: "amberg"}
	testdb.Must(t, store.CreateJobCentre(ctx, &jc))
	hash, err := handlers.HashPassword("browser-test-password")
	testdb.Must(t, err)
	staff := models.StaffUser{JobCentreID: jc.ID, Email: "petra@jobcenter.example", Name: "Petra Berger", PasswordHash: hash,
		Role: models.RoleStaff, Locale: models.LocaleDE, Active: true}
	testdb.Must(t, store.CreateStaffUser(ctx, &staff))
	venue, lat, lon := "Stadthalle Amberg", 49.4448, 11.8583
	day := time.Now().UTC().AddDate(0, 0, 14).Truncate(24 * time.Hour).Add(7 * time.Hour)
	ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindSpeedDating, Title: "Speed-Dating Pflege", Status: models.EventOpen,
		VenueName: &venue, VenueLat: &lat, VenueLon: &lon, SlotMinutes: 20, PublicToken: "browser-test-public-token",
		Days: []models.EventDay{{Date: day.Truncate(24 * time.Hour), StartsAt: day, EndsAt: day.Add(6 * time.Hour)}}}
	testdb.Must(t, store.CreateEvent(ctx, &ev))
	b1 := models.GermanB1
	emp := models.Employer{JobCentreID: jc.ID, Name: "Pflegeheim Sonnenhof",
		Contacts:  []models.ContactPerson{{Name: "Clara Kontakt", Email: "clara@sonnenhof.example"}},
		Vacancies: []models.Vacancy{{Title: "Pflegehelfer/in", Hours: models.HoursPart, MinGermanLevel: &b1, CandidatesWanted: 4}}}
	testdb.Must(t, store.CreateEmployer(ctx, &emp))
	reg := models.EventRegistration{EventID: ev.ID, EmployerID: emp.ID, ContactPersonID: emp.Contacts[0].ID,
		Status: models.RegistrationRegistered, ParallelInterviews: 1}
	testdb.Must(t, db.Omit("Employer", "Contact", "Vacancies", "Windows").Create(&reg).Error)
	testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: reg.ID, VacancyID: emp.Vacancies[0].ID}).Error)

	base := serveStore(t, store, now)
	b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))
	b.open("/login")
	b.run(
		chromedp.SendKeys(`#login-form input[name="email"]`, staff.Email, chromedp.ByQuery),
		chromedp.SendKeys(`#login-form input[name="password"]`, "browser-test-password", chromedp.ByQuery),
		chromedp.Submit(`#login-form`, chromedp.ByQuery),
		chromedp.WaitVisible(`h1`, chromedp.ByQuery),
	)

	// The form: a missing name comes back with the input kept and a message.
	b.open("/applicants")
	b.run(chromedp.Click(`a[href="/applicants/new"]`, chromedp.ByQuery), chromedp.WaitVisible(`#applicant-form`, chromedp.ByQuery))
	b.checkAccessibility("new applicant")
	b.run(
		chromedp.SendKeys(`#first_name`, "Jürgen", chromedp.ByQuery),
		chromedp.SetValue(`#german_level`, "B2", chromedp.ByQuery),
		chromedp.SendKeys(`#availability`, "08:30-13:30", chromedp.ByQuery),
		chromedp.Submit(`#applicant-form`, chromedp.ByQuery),
		chromedp.WaitVisible(`#last_name-error`, chromedp.ByQuery),
	)
	b.screenshot("applicant-form-error")
	b.checkAccessibility("applicant form with errors")
	b.run(
		chromedp.SendKeys(`#last_name`, "Weiß", chromedp.ByQuery),
		chromedp.Submit(`#applicant-form`, chromedp.ByQuery),
		chromedp.WaitVisible(`a[href$="/edit"]`, chromedp.ByQuery),
	)
	if got := b.text("main"); !strings.Contains(got, "Jürgen Weiß") || !strings.Contains(got, "08:30-13:30") {
		t.Errorf("applicant page after saving:\n%s", got)
	}
	b.checkAccessibility("applicant saved")

	// The import: upload, preview (nothing saved yet), confirm.
	csv := filepath.Join(t.TempDir(), "bewerber.csv")
	content := "Vorname;Nachname;E-Mail;Deutschniveau;PLZ;Einwilligung;Verfügbarkeit\n" +
		"Iryna;Bondarenko;iryna@mail.example;B1;92224;" + time.Now().AddDate(0, 0, -3).Format("02.01.2006") + ";08:30-13:30\n" +
		"Ahmad;Haddad;ahmad@mail.example;A2;92237;" + time.Now().AddDate(0, 0, -5).Format("2006-01-02") + ";\n"
	testdb.Must(t, os.WriteFile(csv, []byte(content), 0o600))
	b.open("/applicants/import")
	b.checkAccessibility("import upload")
	b.run(
		chromedp.SetUploadFiles(`#file`, []string{csv}, chromedp.ByQuery),
		chromedp.Submit(`#import-form`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action$="/confirm"]`, chromedp.ByQuery),
	)
	if got := b.text("main"); !strings.Contains(got, "Bondarenko") || !strings.Contains(got, "Haddad") {
		t.Errorf("preview lacks the rows:\n%s", got)
	}
	b.screenshot("import-preview")
	b.checkAccessibility("import preview")
	b.run(chromedp.Submit(`form[action$="/confirm"]`, chromedp.ByQuery), chromedp.WaitVisible(`.kern-alert--success`, chromedp.ByQuery))
	if loc := b.location(); loc != "/applicants?imported=2" {
		t.Errorf("after confirm at %q", loc)
	}
	b.checkAccessibility("applicants after import")

	// The shortlist: Iryna (B1) is suggested, Ahmad (A2) needs an override.
	b.open(fmt.Sprintf("/events/%d/shortlist", ev.ID))
	b.checkAccessibility("shortlist index")
	b.run(chromedp.Click(`a[href*="/shortlist/"]`, chromedp.ByQuery), chromedp.WaitVisible(`h1`, chromedp.ByQuery))
	got := b.text("main")
	for _, want := range []string{"Bondarenko", "Haddad", "Deutschniveau unter dem Mindestniveau"} {
		if !strings.Contains(got, want) {
			t.Errorf("shortlist page lacks %q:\n%s", want, got)
		}
	}
	b.screenshot("shortlist")
	b.checkAccessibility("shortlist")
}
