package handlers

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

func TestPrintPlans(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		af := newApplicantFixture(t, db)
		testdb.Must(t, db.Model(&models.JobCentre{}).Where("id = ?", af.a.centre.ID).Update("contact_phone", "09621 3900-0").Error)
		staff := af.browser("10.1.0.2")
		staff.login(t, af.a.admin.Email)
		tables := fmt.Sprintf("/events/%d/print/tables", af.a.event.ID)
		sheets := fmt.Sprintf("/events/%d/print/applicants", af.a.event.ID)

		scenarios := []struct {
			name        string
			path        string
			status      int
			contains    []string
			notContains []string
		}{
			{"plan per table", tables, http.StatusOK,
				[]string{af.a.employer.Name, "Olena K.", "Karim F.", "Pflegehelfer/in", "eingeladen", `class="pr-sheet"`, "print.css"},
				[]string{"Koval-A", "Fremd", "app-nav", "<script"}},
			{"sheets in each applicant's language", sheets, http.StatusOK,
				[]string{`<section class="pr-sheet" lang="uk" dir="ltr">`, "Ваш план на день: Olena Koval-A",
					`<section class="pr-sheet" lang="ar" dir="rtl">`, "خطة يومك: Karim Fremd", "09621 3900-0", "Stadthalle", "openstreetmap.org"},
				[]string{"Your day plan", "Laufzettel:"}},
			{"sheets in one chosen language", sheets + "?lang=en", http.StatusOK,
				[]string{`lang="en" dir="ltr"`, "Your day plan: Olena Koval-A", "Your day plan: Karim Fremd", "Employer"},
				[]string{"Ваш план", "خطة يومك"}},
			{"unknown language falls back to the applicant's", sheets + "?lang=xx", http.StatusOK,
				[]string{"Ваш план на день", "خطة يومك"}, nil},
			{"tables of another job centre's event", fmt.Sprintf("/events/%d/print/tables", af.b.event.ID), http.StatusNotFound,
				nil, []string{af.b.employer.Name}},
			{"sheets of another job centre's event", fmt.Sprintf("/events/%d/print/applicants", af.b.event.ID), http.StatusNotFound,
				nil, []string{af.b.applicant.LastName}},
		}
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				res := staff.request(t, http.MethodGet, sc.path, nil, nil)
				expect(t, res, sc.status, sc.contains, sc.notContains)
			})
		}

		t.Run("anonymous visitors are sent to the login", func(t *testing.T) {
			res := af.browser("10.1.0.3").request(t, http.MethodGet, sheets, nil, nil)
			if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/login") {
				t.Errorf("status %d, location %q; want a redirect to the login", res.status, res.location)
			}
		})

		t.Run("every table row is printed once", func(t *testing.T) {
			res := staff.request(t, http.MethodGet, tables, nil, nil)
			rows := strings.Count(res.body, "<tr>") - strings.Count(res.body, "<thead><tr>")
			if rows != 3 {
				t.Errorf("%d interview rows, want 3", rows)
			}
		})

		t.Run("a sheet lists only its applicant's interviews", func(t *testing.T) {
			res := staff.request(t, http.MethodGet, sheets, nil, nil)
			parts := strings.Split(res.body, `<section class="pr-sheet"`)[1:]
			want := map[string]struct {
				items   int
				foreign string
			}{"Olena": {2, "Karim"}, "Karim": {1, "Olena"}}
			if len(parts) != len(want) {
				t.Fatalf("%d sheets, want %d", len(parts), len(want))
			}
			for _, p := range parts {
				for name, w := range want {
					if !strings.Contains(p, ": "+name+" ") {
						continue
					}
					if n := strings.Count(p, `class="pr-item"`); n != w.items {
						t.Errorf("%s's sheet has %d interviews, want %d", name, n, w.items)
					}
					if strings.Contains(p, w.foreign) {
						t.Errorf("%s's sheet mentions %s", name, w.foreign)
					}
					delete(want, name)
				}
			}
			if len(want) != 0 {
				t.Errorf("no sheet for %v", want)
			}
		})
	})
}

func TestNaturalLess(t *testing.T) {
	ordered := []string{"Raum A", "Tisch 1", "Tisch 2", "Tisch 02a", "Tisch 10", "Tisch 10b", "Tisch 100"}
	for i := range ordered {
		for j := range ordered {
			if got, want := naturalLess(ordered[i], ordered[j]), i < j; got != want {
				t.Errorf("naturalLess(%q, %q) = %v, want %v", ordered[i], ordered[j], got, want)
			}
		}
	}
}
