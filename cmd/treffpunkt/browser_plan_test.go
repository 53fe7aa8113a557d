package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"gorm.io/gorm"

	"treffpunkt/handlers"
	"treffpunkt/models"
	"treffpunkt/models/demo"
	"treffpunkt/models/testdb"
)

// TestBrowserPlan drives the planner from the event page on the demo
// speed-dating: choose "everyone gets one first", compute, read the
// proposal, apply it and land on the event page with the interviews stored.
func TestBrowserPlan(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Now().UTC() }
		store := models.NewStore(db, now)
		res, err := demo.Seed(ctx, store, demo.Options{Now: now(), HashPassword: handlers.HashPassword})
		if err != nil {
			t.Fatalf("demo data: %v", err)
		}
		login := res.Logins[0]
		base := serveStore(t, store, now)
		b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))
		b.loginStaff(login.Email, login.Password, `a[href^="/events/"]`)
		event := fmt.Sprintf("/events/%d", res.SpeedDatingID)
		b.open(event)
		b.run(chromedp.Click(`a[href="`+event+`/plan"]`, chromedp.ByQuery), chromedp.WaitVisible(`#plan-scope`, chromedp.ByQuery))
		if scope := b.text("#plan-scope"); !strings.Contains(scope, "35 Paare") {
			t.Errorf("plan page scope = %q", scope)
		}
		b.screenshot("plan-form")
		b.checkAccessibility("plan form")

		b.tick(`#mode-everyone_first`)
		b.run(chromedp.Submit(`input[name="mode"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#plan-stats`, chromedp.ByQuery))
		page := b.text("main")
		for _, want := range []string{"Vorschlag", "Geplante Gespräche", "Nicht eingeplante Paare und warum", "Obere Schranke"} {
			if !strings.Contains(page, want) {
				t.Errorf("preview lacks %q", want)
			}
		}
		if strings.Contains(page, "plan.reason.") {
			t.Errorf("preview shows an untranslated reason:\n%s", page)
		}
		planned := strings.TrimSpace(b.text("#plan-stats dd"))
		b.screenshot("plan-preview")
		b.checkAccessibility("plan preview")

		b.run(chromedp.Submit(`form[action$="/plan/apply"]`, chromedp.ByQuery), chromedp.WaitVisible("h1", chromedp.ByQuery))
		if loc := b.location(); loc != event+"?done=planned" {
			t.Fatalf("after apply at %q", loc)
		}
		ivs, err := store.ListInterviews(ctx, res.JobCentreID, res.SpeedDatingID)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(len(ivs)) != planned || len(ivs) == 0 {
			t.Errorf("%d interviews stored after apply, want the %s of the preview", len(ivs), planned)
		}
		b.screenshot("event-after-plan")
	})
}
