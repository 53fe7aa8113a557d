package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"treffpunkt/handlers"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestBrowserAudit: an admin's login and look at an applicant appear in the
// audit log, the search narrows it, and the page says the hash chain is
// intact; screenshots and axe-core on desktop and phone.
func TestBrowserAudit(t *testing.T) {
	db := testdb.Open(t, models.DialectSQLite)
	ctx := context.Background()
	now := func() time.Time { return time.Now().UTC() }
	store := models.NewStore(db, now)
	const password = "browser-audit-password"
	hash, err := handlers.HashPassword(password)
	testdb.Must(t, err)
	jc := models.JobCentre{Name: "Jobcenter Rems-Murr", Slug: "rems-murr"}
	testdb.Must(t, store.CreateJobCentre(ctx, &jc))
	admin := models.StaffUser{JobCentreID: jc.ID, Email: "leitung@jobcenter.example", Name: "Petra Schmid", PasswordHash: hash,
		Role: models.RoleAdmin, Locale: models.LocaleDE, Active: true}
	testdb.Must(t, store.CreateStaffUser(ctx, &admin))
	applicant := models.Applicant{JobCentreID: jc.ID, FirstName: "Olena", LastName: "Kovalenko", Email: "olena@example.org",
		PreferredLanguage: models.LanguageUK, GermanLevel: models.GermanB1, Postcode: "71332", Town: "Waiblingen", ConsentAt: now()}
	testdb.Must(t, store.CreateApplicant(ctx, &applicant))

	base := serveStore(t, store, now)
	b := newBrowser(t, base, screenshotDir(t, t.Name()))
	b.loginStaff(admin.Email, password, `a[href="/admin/audit"]`)
	b.open(fmt.Sprintf("/applicants/%d", applicant.ID))

	b.run(chromedp.Click(`a[href="/admin/audit"]`, chromedp.ByQuery), chromedp.WaitVisible(`#audit-caption`, chromedp.ByQuery))
	page := b.text("main")
	for _, want := range []string{"Protokoll", "Das Protokoll ist vollständig", "staff.login", "applicant.view",
		fmt.Sprintf("applicant #%d", applicant.ID), "Petra Schmid", "127.0.0.1"} {
		if !strings.Contains(page, want) {
			t.Errorf("the audit page does not show %q:\n%s", want, page)
		}
	}
	b.screenshot("audit")
	b.checkAccessibility("audit")

	b.run(chromedp.SetValue(`#action`, "applicant.view", chromedp.ByQuery),
		chromedp.Submit(`form[action="/admin/audit"]`, chromedp.ByQuery), chromedp.WaitVisible(`#audit-caption`, chromedp.ByQuery))
	if got := b.text("main"); !strings.Contains(b.text("tbody"), "applicant.view") || strings.Contains(b.text("tbody"), "staff.login") ||
		!strings.Contains(got, "Einträge 1–1 von 1") {
		t.Errorf("filtered by action, the page shows:\n%s", got)
	}
	b.screenshot("audit-filtered")
	b.checkAccessibility("audit filtered")

	b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	b.open("/admin/audit")
	b.screenshot("audit-phone")
	b.checkAccessibility("audit on a phone")
}
