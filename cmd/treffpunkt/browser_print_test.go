package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"treffpunkt/handlers"
	"treffpunkt/models"
	"treffpunkt/models/demo"
	"treffpunkt/models/testdb"
)

// TestBrowserPrintPlans opens the printable plans of a demo event with
// interviews in Chromium, screenshots them and checks them with axe-core,
// the applicant sheets also in Arabic (right to left) and Ukrainian.
func TestBrowserPrintPlans(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Now().UTC() }
		store := models.NewStore(db, now)
		var cfg *Config
		base := serveApp(t, func(baseURL string) (*fiber.App, error) {
			var err error
			cfg, err = loadConfig(envFrom(map[string]string{"TREFFPUNKT_BASE_URL": baseURL,
				"TREFFPUNKT_SECRET_KEY": strings.Repeat("p", 64)}), noFiles)
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
		if len(res.Logins) == 0 || res.Interviews == 0 {
			t.Fatalf("demo data has %d logins and %d interviews", len(res.Logins), res.Interviews)
		}
		var iv models.Interview
		testdb.Must(t, db.Order("id").First(&iv).Error)
		login := res.Logins[0]
		b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))
		b.loginStaff(login.Email, login.Password, `a[href^="/events/"]`)
		for _, p := range []struct{ path, name, want string }{
			{fmt.Sprintf("/events/%d/print/tables", iv.EventID), "print-tables", "Zeit"},
			{fmt.Sprintf("/events/%d/print/applicants", iv.EventID), "print-applicants", ""},
			{fmt.Sprintf("/events/%d/print/applicants?lang=ar", iv.EventID), "print-applicants-ar", "خطة يومك"},
			{fmt.Sprintf("/events/%d/print/applicants?lang=uk", iv.EventID), "print-applicants-uk", "Ваш план на день"},
		} {
			b.open(p.path)
			if got := b.text("main"); !strings.Contains(got, p.want) || strings.Contains(got, "404") {
				t.Errorf("%s does not show %q:\n%.300s", p.path, p.want, got)
			}
			b.screenshot(p.name)
			b.checkAccessibility(p.path)
		}
	})
}
