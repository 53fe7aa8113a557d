package main

import (
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestBrowserPrintPlans opens the printable plans of a demo event with
// interviews in Chromium, screenshots them and checks them with axe-core,
// the applicant sheets also in Arabic (right to left) and Ukrainian.
func TestBrowserPrintPlans(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		base, _, res := servePublishedDemo(t, db)
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
