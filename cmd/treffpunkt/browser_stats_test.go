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
	"treffpunkt/models/demo"
	"treffpunkt/models/testdb"
)

// TestBrowserStats opens the statistics of the demo data in Chromium:
// across events, filtered through the form, with a refused filter value and
// for one finished event; screenshots and axe-core on each. The figures
// themselves are proven on both databases in models; one is enough here.
func TestBrowserStats(t *testing.T) {
	db := testdb.Open(t, models.DialectSQLite)
	ctx := context.Background()
	now := func() time.Time { return time.Now().UTC() }
	store := models.NewStore(db, now)
	base := serveStore(t, store, now)
	res, err := demo.Seed(ctx, store, demo.Options{Now: now(), HashPassword: handlers.HashPassword})
	if err != nil {
		t.Fatalf("demo data: %v", err)
	}
	var past models.Event
	testdb.Must(t, db.Where("job_centre_id = ? AND status = ?", res.JobCentreID, models.EventDone).Order("id").First(&past).Error)
	login := res.Logins[0]
	b := newBrowser(t, base, screenshotDir(t, "TestBrowserStats"))
	b.loginStaff(login.Email, login.Password, `a[href="/stats"]`)

	b.run(chromedp.Click(`a[href="/stats"]`, chromedp.ByQuery), chromedp.WaitVisible("#funnel-table", chromedp.ByQuery))
	main := b.text("main")
	for _, want := range []string{"Statistik", "Vom Vorschlag zur Einstellung", "Teilgenommen", "Einstellung Vollzeit", "Verlauf nach Monaten", "So wird gezählt"} {
		if !strings.Contains(main, want) {
			t.Errorf("/stats does not show %q", want)
		}
	}
	var charts int
	b.run(chromedp.Evaluate(`document.querySelectorAll('main svg[role="img"]').length`, &charts))
	if charts != 3 {
		t.Errorf("/stats has %d charts, want funnel, outcomes and months", charts)
	}
	b.screenshot("stats")
	b.checkAccessibility("/stats")

	// The filter form: speed-datings only.
	b.run(chromedp.SetValue(`#kind`, "speed_dating", chromedp.ByQuery),
		chromedp.Click(`form.app-filter button[type="submit"]`, chromedp.ByQuery),
		chromedp.WaitReady(`#kind option[value="speed_dating"][selected]`, chromedp.ByQuery))
	if loc := b.location(); !strings.Contains(loc, "kind=speed_dating") {
		t.Errorf("filter went to %q", loc)
	}
	b.screenshot("stats-speed-dating")

	// A refused value: the message sits next to its field.
	b.open("/stats?from=31.02.2025")
	if got := b.text("#from-error"); !strings.Contains(got, "TT.MM.JJJJ") {
		t.Errorf("from error = %q", got)
	}
	b.screenshot("stats-invalid")
	b.checkAccessibility("/stats with an error")

	b.open(fmt.Sprintf("/events/%d/stats", past.ID))
	if got := b.text("h1"); !strings.Contains(got, past.Title) {
		t.Errorf("event statistics heading = %q", got)
	}
	b.screenshot("stats-event")
	b.checkAccessibility("/events/:id/stats")

	b.open("/stats?lang=en")
	if got := b.text("h1"); got != "Statistics" {
		t.Errorf("English heading = %q", got)
	}
	b.screenshot("stats-english")
}
