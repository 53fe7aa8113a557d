package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"treffpunkt/handlers"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestBrowserBoardHTMX checks the board with JavaScript on: htmx posts the
// board's forms in the background and swaps the board in place. A marker
// set on window before each action survives only if the page did not
// navigate. The CSP is enforced here (the other browser tests bypass it for
// axe), and every violation the page reports fails the test.
func TestBrowserBoardHTMX(t *testing.T) {
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

	// A job fair with one employer at one table and two interviews on it,
	// at the first and the second slot.
	day := time.Now().UTC().AddDate(0, 0, 14).Truncate(24 * time.Hour).Add(7 * time.Hour)
	venue := "Messehalle Amberg"
	ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindJobFair, Title: "Jobmesse Amberg", Status: models.EventClosed,
		VenueName: &venue, SlotMinutes: 20, PublicToken: "browser-board-htmx",
		Days:   []models.EventDay{{Date: day.Truncate(24 * time.Hour), StartsAt: day, EndsAt: day.Add(2 * time.Hour)}},
		Tables: []models.EventTable{{Label: "Tisch 1"}}}
	testdb.Must(t, store.CreateEvent(ctx, &ev))
	emp := models.Employer{JobCentreID: jc.ID, Name: "Pflegeheim Sonnenhof",
		Contacts:  []models.ContactPerson{{Name: "Clara Kontakt", Email: "clara@sonnenhof.example"}},
		Vacancies: []models.Vacancy{{Title: "Pflegehelfer/in", Hours: models.HoursPart, CandidatesWanted: 4}}}
	testdb.Must(t, store.CreateEmployer(ctx, &emp))
	reg := models.EventRegistration{EventID: ev.ID, EmployerID: emp.ID, ContactPersonID: emp.Contacts[0].ID,
		Status: models.RegistrationRegistered, ParallelInterviews: 1}
	testdb.Must(t, db.Omit("Employer", "Contact", "Vacancies", "Windows").Create(&reg).Error)
	testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: reg.ID, VacancyID: emp.Vacancies[0].ID}).Error)
	testdb.Must(t, db.Create(&models.TableBooking{EventID: ev.ID, TableID: ev.Tables[0].ID, RegistrationID: reg.ID,
		StartsAt: ev.Days[0].StartsAt, EndsAt: ev.Days[0].EndsAt}).Error)
	var cands []models.Candidate
	for i, name := range []string{"Iryna", "Mehmet"} {
		a := models.Applicant{JobCentreID: jc.ID, FirstName: name, LastName: "Test", Email: fmt.Sprintf("a%d@mail.example", i),
			PreferredLanguage: models.LanguageDE, GermanLevel: models.GermanB1, ConsentAt: day.AddDate(0, 0, -30)}
		testdb.Must(t, store.CreateApplicant(ctx, &a))
		cands = append(cands, models.Candidate{ApplicantID: a.ID, VacancyID: emp.Vacancies[0].ID, Score: 3})
	}
	testdb.Must(t, store.SaveCandidates(ctx, jc.ID, ev.ID, cands))
	stored, err := store.ListCandidates(ctx, jc.ID, ev.ID)
	testdb.Must(t, err)
	if len(stored) != 2 {
		t.Fatalf("%d candidates, want 2", len(stored))
	}
	tid := ev.Tables[0].ID
	ivs := []models.Interview{
		{CandidateID: stored[0].ID, TableID: &tid, StartsAt: day, EndsAt: day.Add(20 * time.Minute), ICalUID: "htmx-0@treffpunkt.test", CheckinCode: "HTMX00"},
		{CandidateID: stored[1].ID, TableID: &tid, StartsAt: day.Add(20 * time.Minute), EndsAt: day.Add(40 * time.Minute), ICalUID: "htmx-1@treffpunkt.test", CheckinCode: "HTMX01"},
	}
	testdb.Must(t, store.CreateInterviews(ctx, jc.ID, ev.ID, ivs))
	moved, other := ivs[0], ivs[1]

	base := serveStore(t, store, now)
	b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))
	// Enforce the CSP again and record what it refuses, from the first
	// script of every document on.
	b.run(
		chromedp.ActionFunc(func(ctx context.Context) error { return page.SetBypassCSP(false).Do(ctx) }),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(`window.__csp = [];
				document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`).Do(ctx)
			return err
		}),
	)
	b.loginStaff(staff.Email, "browser-test-password", `h1`)
	board := fmt.Sprintf("/events/%d/board", ev.ID)
	b.open(fmt.Sprintf("%s?interview=%d#panel", board, moved.ID))
	b.run(chromedp.WaitVisible(`#panel`, chromedp.ByQuery))
	var configured bool
	b.run(chromedp.Poll(`typeof htmx === 'object' && htmx.config.allowEval === false && htmx.config.historyCacheSize === 0`, &configured,
		chromedp.WithPollingTimeout(20*time.Second)))
	if !configured {
		t.Fatalf("htmx is not loaded with the board's meta config")
	}
	startURL := b.location()

	// act marks the window, submits the form of button, waits for sel and
	// fails unless the window is still the same one, at the same URL.
	act := func(what, button, sel string) {
		t.Helper()
		b.run(
			chromedp.Evaluate(`window.__marker = 1; document.querySelector('#board-main').dataset.old = 'yes'`, nil),
			// As a keyboard user does: a mouse click at the button's centre
			// can miss while a loaded machine still lays out the page.
			chromedp.Focus(button, chromedp.ByQuery),
			chromedp.KeyEvent("\r"),
		)
		// The swapped-in region lacks the old one's data-old. The wait is
		// bounded so that a swap that never comes fails in time.
		wctx, cancel := context.WithTimeout(b.ctx, time.Minute)
		defer cancel()
		if err := chromedp.Run(wctx, chromedp.WaitVisible(`#board-main:not([data-old]) `+sel, chromedp.ByQuery)); err != nil {
			t.Fatalf("%s: %s never appeared in a swapped board: %v", what, sel, err)
		}
		var marker int
		b.run(chromedp.Evaluate(`window.__marker || 0`, &marker))
		if marker != 1 {
			t.Errorf("%s: the page navigated (marker gone)", what)
		}
		if loc := b.location(); loc != startURL {
			t.Errorf("%s: URL is %q, want it unchanged %q", what, loc, startURL)
		}
		// Focus lands on the message: it says what happened, and its
		// role (status or alert) has screen readers read it.
		var ok bool
		if err := chromedp.Run(b.ctx, chromedp.Poll(fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, sel), &ok,
			chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			var focused string
			b.run(chromedp.Evaluate(`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : ''`, &focused))
			t.Errorf("%s: focus is on %q, want %s (%v)", what, focused, sel, err)
		}
	}
	moveButton := `#panel form[action$="/board/move"] button`

	// A refused move onto the other interview's slot: 422, shown in place.
	b.run(chromedp.SetValue(`#move-start`, other.StartsAt.UTC().Format(time.RFC3339), chromedp.ByQuery))
	act("refused move", moveButton, `#board-refused`)
	if got := b.text("#board-refused"); !strings.Contains(got, "Tisch zu dieser Zeit schon belegt") {
		t.Errorf("refusal does not name the table rule: %q", got)
	}
	if iv, err := store.GetInterview(ctx, jc.ID, moved.ID); err != nil || !iv.StartsAt.Equal(moved.StartsAt) {
		t.Fatalf("refused move changed the interview: %+v %v", iv, err)
	}
	b.screenshot("board-htmx-refused")
	b.checkAccessibility("board htmx refused")

	// A valid move to the fourth slot: the grid shows the block there.
	free := day.Add(60 * time.Minute)
	b.run(chromedp.SetValue(`#move-start`, free.Format(time.RFC3339), chromedp.ByQuery))
	act("move", moveButton, `#board-notice`)
	if got := b.text("#board-notice"); !strings.Contains(got, "verschoben") {
		t.Errorf("notice after the move: %q", got)
	}
	var column string
	b.run(chromedp.Evaluate(fmt.Sprintf(`(() => { const td = document.querySelector('#iv-%d').closest('td');
		return document.querySelectorAll('table.board thead th')[td.cellIndex].querySelector('time').getAttribute('datetime') })()`, moved.ID), &column))
	if column != free.Format(time.RFC3339) {
		t.Errorf("the moved block is in the column of %q, want %q", column, free.Format(time.RFC3339))
	}
	if iv, err := store.GetInterview(ctx, jc.ID, moved.ID); err != nil || !iv.StartsAt.Equal(free) || !iv.Pinned {
		t.Fatalf("after the move: %+v %v", iv, err)
	}
	b.screenshot("board-htmx-moved")
	b.checkAccessibility("board htmx moved")

	// The swapped forms carry the new plan version: unpinning works.
	act("unpin", `#panel form[action$="/board/pin"] button`, `#board-notice`)
	if iv, err := store.GetInterview(ctx, jc.ID, moved.ID); err != nil || iv.Pinned {
		t.Fatalf("after unpinning: %+v %v", iv, err)
	}

	// Someone else changes the plan: the next action is stale (409), in place.
	iv, err := store.GetInterview(ctx, jc.ID, other.ID)
	testdb.Must(t, err)
	iv.Pinned = true
	testdb.Must(t, store.MoveInterview(ctx, jc.ID, &iv))
	act("stale pin", `#panel form[action$="/board/pin"] button`, `#board-error`)
	if got := b.text("#board-error"); !strings.Contains(got, "von jemand anderem geändert") {
		t.Errorf("stale message: %q", got)
	}
	b.screenshot("board-htmx-stale")
	b.checkAccessibility("board htmx stale")

	// Any other error (here a forged row: 400) shows its error page in
	// <main> instead of doing nothing, still without navigating.
	b.run(
		chromedp.Evaluate(`(() => { const o = document.createElement('option'); o.value = 'forged'; o.selected = true;
			document.querySelector('#move-row').append(o); window.__marker = 1;
			document.querySelector('#main').dataset.old = 'yes' })()`, nil),
		chromedp.Focus(moveButton, chromedp.ByQuery),
		chromedp.KeyEvent("\r"),
	)
	wctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Run(wctx, chromedp.WaitVisible(`#main:not([data-old]) h1`, chromedp.ByQuery)); err != nil {
		t.Fatalf("forged move: no error page in <main>: %v", err)
	}
	var marker int
	b.run(chromedp.Evaluate(`window.__marker || 0`, &marker))
	if got := b.text("#main h1"); got != "Ungültige Anfrage" || marker != 1 {
		t.Errorf("forged move: heading %q, marker %d; want the 400 page in place", got, marker)
	}
	b.screenshot("board-htmx-bad-request")

	var violations []string
	b.run(chromedp.Evaluate(`window.__csp`, &violations))
	if len(violations) > 0 {
		t.Errorf("the CSP refused: %v", violations)
	}
}
