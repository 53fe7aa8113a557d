package main

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"treffpunkt/handlers"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/demo"
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
		now := func() time.Time { return time.Now().UTC() }
		store := models.NewStore(db, now)
		var cfg *Config
		base := serveApp(t, func(baseURL string) (*fiber.App, error) {
			var err error
			cfg, err = loadConfig(envFrom(map[string]string{"TREFFPUNKT_BASE_URL": baseURL,
				"TREFFPUNKT_SECRET_KEY": strings.Repeat("b", 64)}), noFiles)
			if err != nil {
				return nil, err
			}
			return newApp(cfg, store, now, slog.New(slog.DiscardHandler))
		})
		invites, err := newInvites(cfg, now)
		testdb.Must(t, err)
		res, err := demo.Seed(ctx, store, demo.Options{Now: now(), HashPassword: handlers.HashPassword, Invites: invites})
		if err != nil {
			t.Fatalf("demo data: %v", err)
		}
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
