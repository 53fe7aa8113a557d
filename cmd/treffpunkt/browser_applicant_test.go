package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"gorm.io/gorm"

	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

var applicantLinkRE = regexp.MustCompile(`/a/[A-Za-z0-9_-]{43}`)

// TestBrowserApplicantPage opens the personal page of the demo's published
// event from the links in its mails, as an applicant on a phone would, in
// German and in Arabic (right to left), checks it with axe-core and
// confirms one interview with the button.
func TestBrowserApplicantPage(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		base, store, res := servePublishedDemo(t, db)
		// The first personal link mailed in each language.
		rows, err := store.ListOutbox(ctx, res.JobCentreID, "", 0)
		testdb.Must(t, err)
		links := map[string]string{}
		for _, r := range rows {
			if links[r.Locale] != "" || r.Kind != "invitation" {
				continue
			}
			var full models.OutboxMail
			testdb.Must(t, db.First(&full, r.ID).Error)
			msg, err := outbox.Decode(full)
			testdb.Must(t, err)
			if m := applicantLinkRE.FindString(msg.Text); m != "" {
				links[r.Locale] = m
			}
		}
		for _, lang := range []string{"de", "ar"} {
			if links[lang] == "" {
				t.Fatalf("no personal link in a %s mail (links %v)", lang, links)
			}
		}

		b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))
		b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		for _, tc := range []struct {
			lang, path, dir, want string
		}{
			{"de", links["de"], "ltr", "Ihr Terminplan"},
			{"ar", links["ar"], "rtl", "مواعيدك"},
		} {
			b.open(tc.path)
			var dir, lang string
			b.run(chromedp.AttributeValue("html", "dir", &dir, nil, chromedp.ByQuery),
				chromedp.AttributeValue("html", "lang", &lang, nil, chromedp.ByQuery))
			if dir != tc.dir || lang != tc.lang {
				t.Errorf("%s page: lang %q dir %q", tc.lang, lang, dir)
			}
			if got := b.text("main"); !strings.Contains(got, tc.want) || !strings.Contains(got, "Kulturhaus Schwanen") {
				t.Errorf("%s page does not show %q and the venue:\n%s", tc.lang, tc.want, got)
			}
			b.screenshot("applicant-" + tc.lang + "-phone")
			b.checkAccessibility("applicant page " + tc.lang)
		}

		// Confirm the first open interview on the German page.
		b.open(links["de"])
		b.run(chromedp.Click(`form[action$="/confirm"] button`, chromedp.ByQuery),
			chromedp.WaitVisible(".ap-notice", chromedp.ByQuery))
		if got := b.text(".ap-notice"); !strings.Contains(got, "Sie haben zugesagt") {
			t.Errorf("after confirming the page says %q", got)
		}
		b.screenshot("applicant-de-confirmed")
		b.checkAccessibility("applicant page after confirming")
	})
}
