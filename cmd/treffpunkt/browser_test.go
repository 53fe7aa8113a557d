package main

import (
	"context"
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

// TestBrowserStaffJourney drives a real Chromium through what a staff member
// does first: log in, see the events, open one, look at employers and
// applicants. Every page is screenshotted and checked with axe-core.
func TestBrowserStaffJourney(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Now().UTC() }
		store := models.NewStore(db, now)
		res, err := demo.Seed(ctx, store, demo.Options{Now: now(), HashPassword: handlers.HashPassword})
		if err != nil {
			t.Fatalf("demo data: %v", err)
		}
		if len(res.Logins) == 0 {
			t.Fatal("demo data has no staff login")
		}
		login := res.Logins[0]

		base := serveStore(t, store, now)
		b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))

		b.open("/events")
		if loc := b.location(); !strings.HasPrefix(loc, "/login") {
			t.Fatalf("anonymous /events went to %q, want the login page", loc)
		}
		b.screenshot("login")
		b.checkAccessibility("login")

		// A wrong password keeps the user on the login page with a message.
		b.run(
			chromedp.SendKeys(`#login-form input[name="email"]`, login.Email, chromedp.ByQuery),
			chromedp.SendKeys(`#login-form input[name="password"]`, "wrong password!", chromedp.ByQuery),
			chromedp.Submit(`#login-form`, chromedp.ByQuery),
			chromedp.WaitVisible(`#login-form`, chromedp.ByQuery),
		)
		if loc := b.location(); !strings.HasPrefix(loc, "/login") {
			t.Fatalf("wrong password went to %q", loc)
		}
		b.screenshot("login-wrong-password")
		b.checkAccessibility("login with error")

		b.run(
			chromedp.SetValue(`#login-form input[name="email"]`, login.Email, chromedp.ByQuery),
			chromedp.SetValue(`#login-form input[name="password"]`, login.Password, chromedp.ByQuery),
			chromedp.Submit(`#login-form`, chromedp.ByQuery),
			chromedp.WaitVisible(`a[href^="/events/"]`, chromedp.ByQuery),
		)
		if loc := b.location(); loc != "/events" {
			t.Fatalf("after login at %q, want /events", loc)
		}
		page := b.text("main")
		for _, want := range []string{"Jobmesse", "Speed-Dating"} {
			if !strings.Contains(page, want) {
				t.Errorf("events list does not show %q:\n%s", want, page)
			}
		}
		b.screenshot("events")
		b.checkAccessibility("events")

		var href string
		b.run(chromedp.AttributeValue(`a[href^="/events/"]`, "href", &href, nil, chromedp.ByQuery))
		b.run(chromedp.Click(`a[href^="/events/"]`, chromedp.ByQuery), chromedp.WaitVisible("h1", chromedp.ByQuery))
		if loc := b.location(); loc != href {
			t.Fatalf("clicked %q, landed on %q", href, loc)
		}
		b.screenshot("event")
		b.checkAccessibility("event detail")

		for _, p := range []struct{ path, name, want string }{
			{"/employers", "employers", "Bäckerei"},
			{"/applicants", "applicants", "B1"},
			{"/applicants?level=C1", "applicants-filtered", "C1"},
			{"/staff", "staff", login.Email},
			{"/events?lang=en", "events-english", "Events"},
			{"/no-such-page", "not-found", "404"},
		} {
			b.open(p.path)
			if got := b.text("body"); !strings.Contains(got, p.want) {
				t.Errorf("%s does not show %q", p.path, p.want)
			}
			b.screenshot(p.name)
			b.checkAccessibility(p.path)
		}

		// On a phone the same pages must stay usable.
		b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		b.open("/events?lang=de")
		b.screenshot("events-phone")
		b.checkAccessibility("events on a phone")

		b.run(chromedp.EmulateViewport(1280, 900))
		b.run(chromedp.Submit(`form[action="/logout"]`, chromedp.ByQuery), chromedp.WaitVisible("h1", chromedp.ByQuery))
		b.open("/events")
		if loc := b.location(); !strings.HasPrefix(loc, "/login") {
			t.Errorf("after logout /events went to %q, want the login page", loc)
		}
	})
}
