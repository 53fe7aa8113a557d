package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"gorm.io/gorm"

	"treffpunkt/handlers"
	"treffpunkt/models"
	"treffpunkt/models/demo"
	"treffpunkt/models/matching"
	"treffpunkt/models/planning"
	"treffpunkt/models/testdb"
)

// TestBrowserFreedSlot drives a freed slot end to end on the demo
// speed-dating: the plan is applied and published, an applicant declines,
// the event page points to the freed slot, the freed-slots page proposes a
// replacement and one click invites the newcomer.
func TestBrowserFreedSlot(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Now().UTC() }
		store := models.NewStore(db, now)
		res, err := demo.Seed(ctx, store, demo.Options{Now: now(), HashPassword: handlers.HashPassword})
		testdb.Must(t, err)
		jc, eventID := res.JobCentreID, res.SpeedDatingID
		d, err := planning.Load(ctx, store, jc, eventID)
		testdb.Must(t, err)
		p, idx, err := planning.BuildProblem(d, matching.Params{})
		testdb.Must(t, err)
		s, err := planning.Run(ctx, p, planning.ModeBestFit, 1, 30*time.Second, now)
		testdb.Must(t, err)
		ivs, err := planning.Interviews(s, idx)
		testdb.Must(t, err)
		for i := range ivs {
			ivs[i].ICalUID, ivs[i].CheckinCode = fmt.Sprintf("browser-freed-%d@treffpunkt.test", i), fmt.Sprintf("BRFREED%04d", i)
		}
		_, err = store.ReplacePlannedInterviews(ctx, jc, eventID, ivs)
		testdb.Must(t, err)

		base := serveStore(t, store, now)
		b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))
		login := res.Logins[0]
		b.loginStaff(login.Email, login.Password, `a[href^="/events/"]`)
		event := fmt.Sprintf("/events/%d", eventID)
		b.open(event)
		b.run(chromedp.Submit(`form[action$="/publish"]`, chromedp.ByQuery), chromedp.WaitVisible("h1", chromedp.ByQuery))
		if loc := b.location(); loc != event+"?done=published" {
			t.Fatalf("after publish at %q", loc)
		}

		// The applicant of the earliest interview declines. In the demo
		// everyone shortlisted with that employer meets it already, so staff
		// shortlist one more applicant, free all day and with a licence.
		stored, err := store.ListInterviews(ctx, jc, eventID)
		testdb.Must(t, err)
		declined := stored[0]
		_, err = store.SetInterviewStatus(ctx, jc, declined.ID, declined.Version, models.InterviewDeclined)
		testdb.Must(t, err)
		marta := models.Applicant{JobCentreID: jc, FirstName: "Marta", LastName: "Nowak", Email: "marta.nowak@example.org",
			PreferredLanguage: models.LanguageDE, GermanLevel: models.GermanC1, DrivingLicence: true, MaxInterviewsPerDay: 2, ConsentAt: now().Truncate(24 * time.Hour)}
		testdb.Must(t, store.CreateApplicant(ctx, &marta))
		testdb.Must(t, store.SaveCandidates(ctx, jc, eventID, []models.Candidate{{ApplicantID: marta.ID, VacancyID: declined.VacancyID, Score: 5}}))

		b.open(event)
		if got := b.text("#freed-notice"); !strings.Contains(got, "Frei gewordene Termine: 1.") {
			t.Errorf("event page notice = %q", got)
		}
		waitForFonts(b)
		b.screenshot("event-with-freed-slot")
		b.checkAccessibility("event page with freed slot")

		b.run(chromedp.Click(`#freed-notice a`, chromedp.ByQuery), chromedp.WaitVisible("h1", chromedp.ByQuery))
		page := b.text("main")
		name := declined.Applicant.FirstName + " " + declined.Applicant.LastName
		for _, want := range []string{"Frei gewordene Termine", name + " hat abgesagt.", "passt am besten", "einladen"} {
			if !strings.Contains(page, want) {
				t.Errorf("freed page lacks %q:\n%s", want, page)
			}
		}
		if strings.Contains(page, "plan.reason.") || strings.Contains(page, "freed.") {
			t.Errorf("freed page shows an untranslated key:\n%s", page)
		}
		// Why the others cannot: open the list.
		b.run(chromedp.Click(`section details summary`, chromedp.ByQuery))
		if got := b.text("section details"); !strings.Contains(got, "Hat schon ein Gespräch mit diesem Arbeitgeber.") {
			t.Errorf("reasons = %q", got)
		}
		waitForFonts(b)
		b.screenshot("freed-slots")
		b.checkAccessibility("freed slots")
		if !strings.Contains(page, "einladen") {
			t.FailNow() // no accept button: submitting would wait for it forever
		}

		b.run(chromedp.Submit(`section form`, chromedp.ByQuery), chromedp.WaitVisible("h1", chromedp.ByQuery))
		if loc := b.location(); loc != event+"/freed?done=invited" {
			t.Fatalf("after accepting at %q", loc)
		}
		if got := b.text("main"); !strings.Contains(got, "die Einladung ist unterwegs") {
			t.Errorf("after accepting: %s", got)
		}
		waitForFonts(b)
		b.screenshot("freed-slot-filled")
		after, err := store.ListInterviews(ctx, jc, eventID)
		testdb.Must(t, err)
		if len(after) != len(stored)+1 {
			t.Fatalf("%d interviews after accepting, want %d", len(after), len(stored)+1)
		}
		for _, iv := range after {
			if iv.ReplacesInterviewID != nil && *iv.ReplacesInterviewID == declined.ID {
				if iv.Status != models.InterviewInvited || !iv.StartsAt.Equal(declined.StartsAt) {
					t.Errorf("newcomer %+v, want invited at %v", iv, declined.StartsAt)
				}
				return
			}
		}
		t.Errorf("no interview replaces the declined one")
	})
}

// waitForFonts waits until the page's web fonts are loaded, so that a
// screenshot taken right after a navigation shows the text.
func waitForFonts(b *browser) {
	b.t.Helper()
	var ok bool
	b.run(chromedp.Evaluate(`document.fonts.ready.then(() => true)`, &ok,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
}
