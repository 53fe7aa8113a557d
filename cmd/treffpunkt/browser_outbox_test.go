package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"treffpunkt/handlers"
	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestBrowserOutbox shows the Postausgang with a mail in every state, a
// failed mail with its reason, and the retry button at work; each page is
// screenshotted and checked with axe-core. One database is enough here:
// the store behind these pages is tested on both.
func TestBrowserOutbox(t *testing.T) {
	db := testdb.Open(t, models.DialectSQLite)
	ctx := context.Background()
	now := func() time.Time { return time.Now().UTC() }
	store := models.NewStore(db, now)
	// Its own job centre rather than the demo data: this test is about the
	// outbox and should not break when the demo grows.
	const password = "browser-outbox-password"
	hash, err := handlers.HashPassword(password)
	testdb.Must(t, err)
	jc := models.JobCentre{Name: "Jobcenter Rems-Murr", Slug: "rems-murr"}
	testdb.Must(t, store.CreateJobCentre(ctx, &jc))
	staff := models.StaffUser{JobCentreID: jc.ID, Email: "ags@jobcenter.example", Name: "Petra Schmid", PasswordHash: hash,
		Role: models.RoleStaff, Locale: models.LocaleDE, Active: true}
	testdb.Must(t, store.CreateStaffUser(ctx, &staff))

	// One mail per state, as a worker would have left them.
	subjects := []string{"Einladung zum Kennenlerngespräch", "Ihr Zugang zu Treffpunkt", "Terminänderung", "Absage des Gesprächs", "Erinnerung an morgen"}
	var ids []int64
	for i, subject := range subjects {
		msg := &mail.Message{
			MessageID: fmt.Sprintf("browser-%d@treffpunkt.test", i), Date: now(),
			From:    mail.Address{Name: "Jobcenter Rems-Murr", Email: "termine@jobcenter.example"},
			To:      mail.Address{Name: "Olena Kovalenko", Email: fmt.Sprintf("olena%d@example.org", i)},
			Subject: subject,
			Text:    "Guten Tag Frau Kovalenko,\n\nSie haben einen Termin am Dienstag um 9 Uhr.\nBitte bringen Sie Ihren Lebenslauf mit.\n\nFreundliche Grüße\nIhr Jobcenter",
			HTML:    "<p>Guten Tag Frau Kovalenko,</p>",
		}
		err := store.Transaction(ctx, func(tx *models.Store) error {
			return outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: jc.ID, Kind: "invitation", Locale: "de", Message: msg})
		})
		testdb.Must(t, err)
		ms, err := store.ListOutbox(ctx, jc.ID, models.MailPending, 1)
		testdb.Must(t, err)
		ids = append(ids, ms[0].ID)
	}
	claimed, err := store.ClaimMails(ctx, now(), 100, time.Minute)
	testdb.Must(t, err)
	for _, m := range claimed {
		switch m.ID {
		case ids[0]:
			testdb.Must(t, store.MarkMailSent(ctx, m, now()))
		case ids[1]:
			testdb.Must(t, store.MarkMailFailed(ctx, m, now(), `mail: send to olena1@example.org: 550 5.1.1 "no such user"`))
		case ids[2]:
			testdb.Must(t, store.MarkMailRetry(ctx, m, now(), now().Add(4*time.Minute), "mail: connect to mail.example:587: connection refused"))
		case ids[3]:
			testdb.Must(t, store.MarkMailCancelled(ctx, m, now(), outbox.ReasonInterviewCancelled))
		default:
			testdb.Must(t, store.ReleaseMail(ctx, m, now()))
		}
	}

	base := serveStore(t, store, now)
	b := newBrowser(t, base, screenshotDir(t, t.Name()))
	b.loginStaff(staff.Email, password, `a[href="/outbox"]`)

	b.run(chromedp.Click(`a[href="/outbox"]`, chromedp.ByQuery), chromedp.WaitVisible(`a[href^="/outbox/"]`, chromedp.ByQuery))
	page := b.text("main")
	for _, want := range append(subjects, "Gesendet", "Fehlgeschlagen", "Wartet", "Nicht gesendet", "no such user", "connection refused") {
		if !strings.Contains(page, want) {
			t.Errorf("the outbox does not show %q", want)
		}
	}
	b.screenshot("outbox")
	b.checkAccessibility("outbox")

	b.open("/outbox?status=failed")
	if got := b.text("main"); !strings.Contains(got, subjects[1]) || strings.Contains(got, subjects[0]) {
		t.Errorf("the failed filter shows:\n%s", got)
	}
	b.screenshot("outbox-failed")
	b.checkAccessibility("outbox filtered")

	b.open(fmt.Sprintf("/outbox/%d", ids[1]))
	if got := b.text("main"); !strings.Contains(got, "Bitte bringen Sie Ihren Lebenslauf mit.") || !strings.Contains(got, "550 5.1.1") {
		t.Errorf("the failed mail page shows:\n%s", got)
	}
	b.screenshot("outbox-mail-failed")
	b.checkAccessibility("failed mail")

	b.run(chromedp.Submit(`form[action$="/retry"]`, chromedp.ByQuery), chromedp.WaitVisible(`.kern-alert--success`, chromedp.ByQuery))
	if loc := b.location(); loc != fmt.Sprintf("/outbox/%d?retried=1", ids[1]) {
		t.Errorf("after retry at %q", loc)
	}
	if got := b.text("main"); !strings.Contains(got, "Wartet") || strings.Contains(got, "Erneut senden") {
		t.Errorf("after retry the page shows:\n%s", got)
	}
	b.screenshot("outbox-mail-retried")
	b.checkAccessibility("retried mail")

	b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	b.open("/outbox")
	b.screenshot("outbox-phone")
	b.checkAccessibility("outbox on a phone")
}
