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

// TestBrowserBoardJourney drives the whole planning journey in Chromium:
// CSV import → shortlist → plan → apply → a refused and a valid board move
// → publish, with a screenshot and an axe-core run at each step. One
// database is enough here: the handler tests run both.
func TestBrowserBoardJourney(t *testing.T) {
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
	ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindSpeedDating, Title: "Speed-Dating Pflege", Status: models.EventClosed,
		VenueName: &venue, VenueLat: &lat, VenueLon: &lon, SlotMinutes: 20, PublicToken: "browser-board-public-token",
		Days: []models.EventDay{{Date: day.Truncate(24 * time.Hour), StartsAt: day, EndsAt: day.Add(3 * time.Hour)}}}
	testdb.Must(t, store.CreateEvent(ctx, &ev))
	emp := models.Employer{JobCentreID: jc.ID, Name: "Pflegeheim Sonnenhof",
		Contacts:  []models.ContactPerson{{Name: "Clara Kontakt", Email: "clara@sonnenhof.example"}},
		Vacancies: []models.Vacancy{{Title: "Pflegehelfer/in", Hours: models.HoursPart, CandidatesWanted: 4}}}
	testdb.Must(t, store.CreateEmployer(ctx, &emp))
	reg := models.EventRegistration{EventID: ev.ID, EmployerID: emp.ID, ContactPersonID: emp.Contacts[0].ID,
		Status: models.RegistrationRegistered, ParallelInterviews: 1} // one room: a clash is a clash
	testdb.Must(t, db.Omit("Employer", "Contact", "Vacancies", "Windows").Create(&reg).Error)
	vac := emp.Vacancies[0].ID
	testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: reg.ID, VacancyID: vac}).Error)

	base := serveStore(t, store, now)
	b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))
	b.loginStaff(staff.Email, "browser-test-password", `h1`)

	// 1. CSV import: upload, preview, confirm.
	csv := filepath.Join(t.TempDir(), "bewerber.csv")
	consent := time.Now().AddDate(0, 0, -3).Format("02.01.2006")
	content := "Vorname;Nachname;E-Mail;Deutschniveau;PLZ;Einwilligung\n" +
		"Iryna;Bondarenko;iryna@mail.example;B1;92224;" + consent + "\n" +
		"Olha;Shevchenko;olha@mail.example;B2;92224;" + consent + "\n" +
		"Mehmet;Yilmaz;mehmet@mail.example;B1;92237;" + consent + "\n"
	testdb.Must(t, os.WriteFile(csv, []byte(content), 0o600))
	b.open("/applicants/import")
	b.run(
		chromedp.SetUploadFiles(`#file`, []string{csv}, chromedp.ByQuery),
		chromedp.Submit(`#import-form`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action$="/confirm"]`, chromedp.ByQuery),
	)
	b.screenshot("import-preview")
	b.checkAccessibility("import preview")
	b.run(chromedp.Submit(`form[action$="/confirm"]`, chromedp.ByQuery), chromedp.WaitVisible(`.kern-alert--success`, chromedp.ByQuery))
	if loc := b.location(); loc != "/applicants?imported=3" {
		t.Fatalf("after confirm at %q", loc)
	}

	// 2. Shortlist: add the three suggested applicants one after the other.
	shortlist := fmt.Sprintf("/events/%d/shortlist/%d", ev.ID, vac)
	addForm := fmt.Sprintf(`form[action="%s"]`, shortlist)
	for i := 0; i < 3; i++ {
		b.open(shortlist)
		b.run(chromedp.Submit(addForm, chromedp.ByQuery), chromedp.WaitVisible(`h1`, chromedp.ByQuery))
	}
	cands, err := store.ListCandidates(ctx, jc.ID, ev.ID)
	testdb.Must(t, err)
	if len(cands) != 3 {
		t.Fatalf("%d candidates after shortlisting, want 3", len(cands))
	}
	b.screenshot("shortlist")
	b.checkAccessibility("shortlist")

	// 3. Plan and apply.
	event := fmt.Sprintf("/events/%d", ev.ID)
	b.open(event + "/plan")
	b.run(chromedp.Submit(`input[name="mode"]`, chromedp.ByQuery), chromedp.WaitVisible(`#plan-stats`, chromedp.ByQuery))
	b.screenshot("plan-preview")
	b.checkAccessibility("plan preview")
	b.run(chromedp.Submit(`form[action$="/plan/apply"]`, chromedp.ByQuery), chromedp.WaitVisible("h1", chromedp.ByQuery))
	if loc := b.location(); loc != event+"?done=planned" {
		t.Fatalf("after apply at %q", loc)
	}
	ivs, err := store.ListInterviews(ctx, jc.ID, ev.ID)
	testdb.Must(t, err)
	if len(ivs) != 3 {
		t.Fatalf("%d interviews after apply, want 3", len(ivs))
	}

	// 4. The board, reached from the event page.
	b.run(chromedp.Click(`a[href="`+event+`/board"]`, chromedp.ByQuery), chromedp.WaitVisible(`table.board`, chromedp.ByQuery))
	if got := b.text("main"); !strings.Contains(got, "Planungstafel") || !strings.Contains(got, "Iryna B.") {
		t.Errorf("board lacks its title or a block:\n%s", got)
	}
	b.screenshot("board")
	b.checkAccessibility("board")

	// A refused move: onto the table and time of another interview.
	moved, other := ivs[0], ivs[1]
	var otherRow string
	b.run(chromedp.Evaluate(fmt.Sprintf(`document.querySelector('#iv-%d').closest('tr').querySelector('.board-row__label').textContent`, other.ID), &otherRow))
	b.run(chromedp.Click(fmt.Sprintf(`#iv-%d`, moved.ID), chromedp.ByQuery), chromedp.WaitVisible(`#panel`, chromedp.ByQuery))
	b.checkAccessibility("board with panel")
	rowValue := rowOptionValue(b, "#move-row", strings.TrimSpace(otherRow))
	b.run(
		chromedp.SetValue(`#move-row`, rowValue, chromedp.ByQuery),
		chromedp.SetValue(`#move-start`, other.StartsAt.UTC().Format(time.RFC3339), chromedp.ByQuery),
		chromedp.Submit(`#move-row`, chromedp.ByQuery),
		chromedp.WaitVisible(`#board-refused`, chromedp.ByQuery),
	)
	if got := b.text("#board-refused"); !strings.Contains(got, "Tisch zu dieser Zeit schon belegt") {
		t.Errorf("refusal does not name the table rule: %q", got)
	}
	b.screenshot("board-move-refused")
	b.checkAccessibility("board move refused")
	if iv, err := store.GetInterview(ctx, jc.ID, moved.ID); err != nil || !iv.StartsAt.Equal(moved.StartsAt) {
		t.Fatalf("refused move changed the interview: %+v %v", iv, err)
	}

	// A valid move: to a time at which no interview starts, in the same row.
	free := time.Time{}
	for at := day; at.Before(day.Add(3 * time.Hour)); at = at.Add(20 * time.Minute) {
		taken := false
		for _, iv := range ivs {
			taken = taken || iv.StartsAt.Equal(at)
		}
		if !taken {
			free = at
			break
		}
	}
	if free.IsZero() {
		t.Fatalf("no free slot left for the valid move")
	}
	b.run(
		chromedp.SetValue(`#move-start`, free.Format(time.RFC3339), chromedp.ByQuery),
		chromedp.Submit(`#move-start`, chromedp.ByQuery),
		chromedp.WaitVisible(`.kern-alert--success`, chromedp.ByQuery),
	)
	if iv, err := store.GetInterview(ctx, jc.ID, moved.ID); err != nil || !iv.StartsAt.Equal(free) || !iv.Pinned {
		t.Fatalf("after the move: %+v %v", iv, err)
	}
	b.screenshot("board-moved")
	b.checkAccessibility("board after move")

	// 5. Publish from the event page.
	b.open(event)
	b.run(chromedp.Submit(`form[action$="/publish"]`, chromedp.ByQuery), chromedp.WaitVisible(`.kern-alert--success`, chromedp.ByQuery))
	if loc := b.location(); loc != event+"?done=published" {
		t.Fatalf("after publish at %q", loc)
	}
	mails, err := store.ListOutbox(ctx, jc.ID, "", 0)
	testdb.Must(t, err)
	if len(mails) < 6 {
		t.Errorf("%d mails queued after publishing 3 interviews, want at least 6", len(mails))
	}
	b.screenshot("published")
	b.checkAccessibility("event after publish")
}

// rowOptionValue returns the value of the option of sel for the row with
// label (the option shows the label and, in brackets, the employer).
func rowOptionValue(b *browser, sel, label string) string {
	b.t.Helper()
	var v string
	b.run(chromedp.Evaluate(fmt.Sprintf(`(() => { for (const o of document.querySelectorAll(%q)) {
		if (o.textContent.split(' (')[0] === %q) return o.value } return '' })()`, sel+" option", label), &v))
	if v == "" {
		b.t.Fatalf("no option of %s for row %q", sel, label)
	}
	return v
}

// TestBrowserBoardThirtyTables renders a job fair with 30 tables and 14
// slots, most of them taken, at 1366×768: the size the issue asks to be
// readable on a 13-inch laptop. The viewport screenshot is for people to
// look at; the test checks the sticky headers and that axe finds nothing.
func TestBrowserBoardThirtyTables(t *testing.T) {
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

	const tables, slots = 30, 14
	venue := "Messehalle Amberg"
	day := time.Now().UTC().AddDate(0, 0, 14).Truncate(24 * time.Hour).Add(7 * time.Hour)
	ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindJobFair, Title: "Jobmesse Amberg 2026", Status: models.EventClosed,
		VenueName: &venue, SlotMinutes: 20, BufferMinutes: 5, PublicToken: "browser-board-thirty-tables",
		Days: []models.EventDay{{Date: day.Truncate(24 * time.Hour), StartsAt: day, EndsAt: day.Add(slots * 25 * time.Minute)}}}
	for i := 1; i <= tables; i++ {
		ev.Tables = append(ev.Tables, models.EventTable{Label: fmt.Sprintf("Tisch %d", i)})
	}
	testdb.Must(t, store.CreateEvent(ctx, &ev))
	sectors := []string{"Pflegehelfer/in Altenpflege", "Lagerlogistik", "Küchenhilfe", "Verkäufer/in Einzelhandel", "Berufskraftfahrer/in"}
	firsts := []string{"Olena", "Ahmad", "Iryna", "Mehmet", "Fatima", "Jonas", "Aylin", "Pavlo", "Lena", "Samir", "Daria", "Yusuf"}
	var ivs []models.Interview
	for i, table := range ev.Tables {
		emp := models.Employer{JobCentreID: jc.ID, Name: fmt.Sprintf("Betrieb %02d GmbH", i+1),
			Contacts:  []models.ContactPerson{{Name: "Kontakt", Email: fmt.Sprintf("kontakt%d@betrieb.example", i)}},
			Vacancies: []models.Vacancy{{Title: sectors[i%len(sectors)], Hours: models.HoursFull, CandidatesWanted: slots}}}
		testdb.Must(t, store.CreateEmployer(ctx, &emp))
		reg := models.EventRegistration{EventID: ev.ID, EmployerID: emp.ID, ContactPersonID: emp.Contacts[0].ID,
			Status: models.RegistrationRegistered, ParallelInterviews: 1}
		testdb.Must(t, db.Omit("Employer", "Contact", "Vacancies", "Windows").Create(&reg).Error)
		testdb.Must(t, db.Create(&models.RegistrationVacancy{RegistrationID: reg.ID, VacancyID: emp.Vacancies[0].ID}).Error)
		testdb.Must(t, db.Create(&models.TableBooking{EventID: ev.ID, TableID: table.ID, RegistrationID: reg.ID,
			StartsAt: ev.Days[0].StartsAt, EndsAt: ev.Days[0].EndsAt}).Error)
		var cands []models.Candidate
		for s := 0; s < slots; s++ {
			if (i+s)%4 == 0 {
				continue // leave some cells free
			}
			a := models.Applicant{JobCentreID: jc.ID, FirstName: firsts[(i+s)%len(firsts)], LastName: fmt.Sprintf("%c-Test", 'A'+rune((i*slots+s)%26)),
				Email: fmt.Sprintf("a%d-%d@mail.example", i, s), PreferredLanguage: models.LanguageDE, GermanLevel: models.GermanB1,
				ConsentAt: day.Truncate(24*time.Hour).AddDate(0, 0, -30)}
			testdb.Must(t, store.CreateApplicant(ctx, &a))
			cands = append(cands, models.Candidate{ApplicantID: a.ID, VacancyID: emp.Vacancies[0].ID, Score: 3})
		}
		testdb.Must(t, store.SaveCandidates(ctx, jc.ID, ev.ID, cands))
		k := 0
		for s := 0; s < slots; s++ {
			if (i+s)%4 == 0 {
				continue
			}
			start := day.Add(time.Duration(s*25) * time.Minute)
			tid := table.ID
			ivs = append(ivs, models.Interview{CandidateID: cands[k].ID, TableID: &tid, StartsAt: start, EndsAt: start.Add(20 * time.Minute),
				Pinned: s%5 == 0, ICalUID: fmt.Sprintf("thirty-%d-%d@treffpunkt.test", i, s), CheckinCode: fmt.Sprintf("TAB%02dS%02d", i, s)})
			k++
		}
	}
	// The candidates' ids came back in order of insertion per employer.
	all, err := store.ListCandidates(ctx, jc.ID, ev.ID)
	testdb.Must(t, err)
	if len(all) != len(ivs) {
		t.Fatalf("%d candidates for %d interviews", len(all), len(ivs))
	}
	testdb.Must(t, store.CreateInterviews(ctx, jc.ID, ev.ID, ivs))

	base := serveStore(t, store, now)
	b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))
	b.run(chromedp.EmulateViewport(1366, 768))
	b.loginStaff(staff.Email, "browser-test-password", `h1`)
	b.open(fmt.Sprintf("/events/%d/board", ev.ID))
	var rows, cols int
	b.run(
		chromedp.Evaluate(`document.querySelectorAll('table.board tbody tr').length`, &rows),
		chromedp.Evaluate(`document.querySelectorAll('table.board thead th.board-time').length`, &cols),
	)
	if rows != tables || cols != slots {
		t.Errorf("board has %d rows and %d time columns, want %d and %d", rows, cols, tables, slots)
	}
	var first string
	b.run(chromedp.Evaluate(`[...document.querySelectorAll('table.board tbody th .board-row__label')].slice(0, 3).map(e => e.textContent).join(',')`, &first))
	if first != "Tisch 1,Tisch 2,Tisch 3" {
		t.Errorf("rows start %q, want natural order", first)
	}
	// All 14 slot columns fit next to the row headers without scrolling sideways.
	var overflow bool
	b.run(chromedp.Evaluate(`(() => { const s = document.querySelector('.board-scroll'); return s.scrollWidth > s.clientWidth })()`, &overflow))
	if overflow {
		t.Errorf("the board scrolls sideways at 1366 px with %d slots", slots)
	}
	var pageOverflow int
	b.run(chromedp.Evaluate(`document.documentElement.scrollWidth - document.documentElement.clientWidth`, &pageOverflow))
	if pageOverflow > 0 {
		t.Errorf("the page is %d px wider than the 1366 px window", pageOverflow)
	}
	b.checkAccessibility("board with 30 tables")
	// What a staff member sees on a 13-inch laptop once the board is in
	// view: taken after the next frames, so the picture is settled.
	b.run(chromedp.Evaluate(`document.querySelector('.board-scroll').scrollIntoView()`, nil), chromedp.Sleep(500*time.Millisecond))
	var png []byte
	b.run(chromedp.CaptureScreenshot(&png))
	testdb.Must(t, os.WriteFile(filepath.Join(b.shots, "board-30-tables-1366x768.png"), png, 0o644))
	// Scrolled halfway down, the time header must stick to the board's top.
	b.run(chromedp.Evaluate(`document.querySelector('.board-scroll').scrollTop = 400`, nil), chromedp.Sleep(300*time.Millisecond))
	var headTop, scrollTop float64
	b.run(
		chromedp.Evaluate(`document.querySelector('table.board thead th').getBoundingClientRect().top`, &headTop),
		chromedp.Evaluate(`document.querySelector('.board-scroll').getBoundingClientRect().top`, &scrollTop),
	)
	if headTop-scrollTop > 2 || headTop-scrollTop < -2 {
		t.Errorf("time header is at %.0f px, the board's top at %.0f px: not sticky", headTop, scrollTop)
	}
	b.run(chromedp.CaptureScreenshot(&png))
	testdb.Must(t, os.WriteFile(filepath.Join(b.shots, "board-30-tables-scrolled.png"), png, 0o644))
	b.run(chromedp.Evaluate(`document.querySelector('.board-scroll').scrollTop = 0`, nil))
	b.screenshot("board-30-tables-full")
}
