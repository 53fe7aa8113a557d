package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"gorm.io/gorm"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestBrowserEmployerJourney drives a real Chromium through what an
// employer does: register for a job fair on the public page, ask for a
// login link, find it in the mail (file sender), open it, press the button
// and see the booked table in the employer area. Every page is
// screenshotted and checked with axe-core.
func TestBrowserEmployerJourney(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Now().UTC() }
		store := models.NewStore(db, now)
		jc := models.JobCentre{Name: "Jobcenter Amberg-Sulzbach", Slug: "amberg", ContactEmail: "ags@amberg.example"}
		testdb.Must(t, store.CreateJobCentre(ctx, &jc))
		venue, town := "Stadthalle Amberg", "Amberg"
		day := time.Now().UTC().AddDate(0, 0, 21).Truncate(24 * time.Hour).Add(7 * time.Hour)
		ev := models.Event{JobCentreID: jc.ID, Kind: models.EventKindJobFair, Title: "Jobmesse Pflege und Logistik",
			Status: models.EventOpen, VenueName: &venue, VenueTown: &town, SlotMinutes: 20, BufferMinutes: 5,
			PublicToken: "browser-employer-journey-token",
			Days:        []models.EventDay{{Date: day.Truncate(24 * time.Hour), StartsAt: day, EndsAt: day.Add(6 * time.Hour)}},
			Tables:      []models.EventTable{{Label: "Tisch 1"}, {Label: "Tisch 2"}}}
		testdb.Must(t, store.CreateEvent(ctx, &ev))

		base := serveStore(t, store, now)
		mailDir := filepath.Join(t.TempDir(), "mail")
		sender, err := mail.NewFileSender(mailDir)
		testdb.Must(t, err)
		b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))
		const email = "clara.kontakt@sonnenhof.example"

		// 1. Register on the public page and book the first free block.
		b.open("/r/" + ev.PublicToken + "?lang=de")
		b.screenshot("registration")
		b.checkAccessibility("registration form")
		b.run(
			chromedp.SendKeys(`#company`, "Pflegeheim Sonnenhof", chromedp.ByQuery),
			chromedp.SendKeys(`#contact`, "Clara Kontakt", chromedp.ByQuery),
			chromedp.SendKeys(`#email`, email, chromedp.ByQuery),
			chromedp.SendKeys(`#street`, "Lindenweg 3", chromedp.ByQuery),
			chromedp.SendKeys(`#postcode`, "92224", chromedp.ByQuery),
			chromedp.SendKeys(`#town`, "Amberg", chromedp.ByQuery),
			chromedp.SendKeys(`#v0_title`, "Pflegehelfer/in", chromedp.ByQuery),
			chromedp.SetValue(`#parallel`, "2", chromedp.ByQuery),
		)
		b.tick(`input[name="block"]:not([disabled])`)
		submitAndWait(b, "#registration-form")
		if loc := b.location(); strings.HasPrefix(loc, "/r/"+ev.PublicToken+"?") || loc == "/r/"+ev.PublicToken {
			t.Fatalf("registration not accepted, still on the form:\n%s", b.text("main"))
		}
		b.screenshot("registration-done")
		b.checkAccessibility("registration done")
		var booked []models.TableBooking
		testdb.Must(t, db.Where("event_id = ?", ev.ID).Find(&booked).Error)
		if len(booked) != 1 {
			t.Fatalf("%d table bookings after registering, want 1", len(booked))
		}

		// 2. Ask for a login link.
		b.open("/employer/login?lang=de")
		b.screenshot("employer-login")
		b.checkAccessibility("employer login")
		b.run(chromedp.SendKeys(`#employer-login-form input[name="email"]`, email, chromedp.ByQuery))
		submitAndWait(b, "#employer-login-form")
		if got := b.text("main"); !strings.Contains(got, "ist ein Anmeldelink unterwegs") {
			t.Fatalf("after asking for a link: %s", got)
		}
		b.screenshot("employer-login-sent")
		b.checkAccessibility("login link sent")

		// 3. The mail arrives as a file; the link is in it.
		deliverQueued(t, store, sender)
		link := loginLinkFromMailDir(t, mailDir, email, base)

		// 4. Opening the link shows a button; only the button logs in.
		b.run(chromedp.Navigate(link), chromedp.WaitVisible(`#employer-link-form`, chromedp.ByQuery))
		b.screenshot("employer-login-link")
		b.checkAccessibility("login link page")
		submitAndWait(b, "#employer-link-form")
		if loc := b.location(); loc != "/employer" {
			t.Fatalf("after login at %q, want /employer", loc)
		}
		page := b.text("main")
		for _, want := range []string{"Pflegeheim Sonnenhof", ev.Title, "Pflegehelfer/in", "Tisch "} {
			if !strings.Contains(page, want) {
				t.Errorf("employer area does not show %q:\n%s", want, page)
			}
		}
		b.screenshot("employer-area")
		b.checkAccessibility("employer area")

		// The calendar link, shown once.
		submitAndWait(b, `form[action="/employer/feed"]`)
		if got := b.text("main"); !strings.Contains(got, "webcal://") {
			t.Errorf("no webcal link after creating the feed:\n%s", got)
		}
		b.screenshot("employer-feed")
		b.checkAccessibility("employer area with feed link")

		// The same link a second time: a clear page, no login.
		submitAndWait(b, `form[action="/employer/logout"]`)
		b.run(chromedp.Navigate(link), chromedp.WaitVisible("h1", chromedp.ByQuery))
		if got := b.text("main"); !strings.Contains(got, "bereits verwendet") {
			t.Errorf("used link page: %s", got)
		}
		b.screenshot("employer-login-link-used")
		b.checkAccessibility("used login link")
	})
}

// submitAndWait submits the form and waits until the next page has loaded,
// whatever it is: the old page's body is marked first, so a form that comes
// back with errors does not hang the test the way waiting for the form to
// disappear would.
func submitAndWait(b *browser, form string) {
	b.t.Helper()
	b.run(
		chromedp.Evaluate(`document.body.dataset.leaving = "1"`, nil),
		chromedp.Submit(form, chromedp.ByQuery),
		chromedp.WaitVisible(`body:not([data-leaving]) h1`, chromedp.ByQuery),
	)
}

// deliverQueued sends every pending outbox mail through sender, as the
// outbox worker does.
func deliverQueued(t *testing.T, store *models.Store, sender mail.Sender) {
	t.Helper()
	var rows []models.OutboxMail
	testdb.Must(t, store.DB().Where("status = ?", models.MailPending).Order("id").Find(&rows).Error)
	for _, r := range rows {
		msg, err := outbox.Decode(r)
		testdb.Must(t, err)
		testdb.Must(t, sender.Send(context.Background(), msg))
	}
}

// loginLinkFromMailDir reads the .eml files to recipient and returns the
// login link of the newest login mail.
func loginLinkFromMailDir(t *testing.T, dir, recipient, base string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	testdb.Must(t, err)
	re := regexp.MustCompile(regexp.QuoteMeta(base) + `/employer/login/[A-Za-z0-9_-]{43}`)
	var link string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		testdb.Must(t, err)
		m, err := netmail.ReadMessage(bytes.NewReader(raw))
		testdb.Must(t, err)
		if !strings.Contains(m.Header.Get("To"), recipient) {
			continue
		}
		if l := re.FindString(plainText(t, m)); l != "" {
			link = l
		}
	}
	if link == "" {
		t.Fatalf("no login link to %s among %d mails in %s", recipient, len(files), dir)
	}
	return link
}

// plainText returns the decoded text/plain part of a mail.
func plainText(t *testing.T, m *netmail.Message) string {
	t.Helper()
	var walk func(ctype string, header map[string][]string, body io.Reader) string
	walk = func(ctype string, header map[string][]string, body io.Reader) string {
		mt, params, err := mime.ParseMediaType(ctype)
		testdb.Must(t, err)
		if strings.HasPrefix(mt, "multipart/") {
			r := multipart.NewReader(body, params["boundary"])
			for {
				p, err := r.NextRawPart()
				if err == io.EOF {
					return ""
				}
				testdb.Must(t, err)
				if s := walk(p.Header.Get("Content-Type"), p.Header, p); s != "" {
					return s
				}
			}
		}
		if mt != "text/plain" {
			return ""
		}
		var enc string
		if v := header["Content-Transfer-Encoding"]; len(v) > 0 {
			enc = strings.ToLower(v[0])
		}
		switch enc {
		case "quoted-printable":
			body = quotedprintable.NewReader(body)
		case "base64":
			body = base64.NewDecoder(base64.StdEncoding, body)
		}
		b, err := io.ReadAll(body)
		testdb.Must(t, err)
		return string(b)
	}
	return walk(m.Header.Get("Content-Type"), m.Header, m.Body)
}
