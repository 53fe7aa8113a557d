package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	ical "github.com/emersion/go-ical"
	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestEmployerViewSurfaces checks that the employer area, the calendar
// feed and the outcome link page show the applicant exactly as the job
// centre's setting and the applicant's consent allow.
func TestEmployerViewSurfaces(t *testing.T) {
	const (
		short = "Olena K."
		full  = "Olena Koval-A"
		email = "olena@a.example"
		phone = "+49 9621 555123"
	)
	tests := []struct {
		name    string
		view    models.EmployerView // "" keeps the default of a new job centre
		consent bool
		want    []string
		never   []string
	}{
		{"default", "", true, []string{short}, []string{"Koval", email, phone}},
		{"full name", models.EmployerSeesFullName, true, []string{full}, []string{email, phone}},
		{"contact with consent", models.EmployerSeesContact, true, []string{full, email, phone}, nil},
		{"contact without consent", models.EmployerSeesContact, false, []string{full}, []string{email, phone}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testdb.Run(t, func(t *testing.T, db *gorm.DB) {
				of := newOutcomeFixture(t, db)
				if tt.view != "" {
					testdb.Must(t, db.Model(&models.JobCentre{}).Where("id = ?", of.a.centre.ID).Update("employer_may_see", tt.view).Error)
				}
				testdb.Must(t, db.Model(&models.Applicant{}).Where("id = ?", of.a.applicant.ID).
					Updates(map[string]any{"phone": phone, "shares_contact": tt.consent}).Error)
				testdb.Must(t, db.Model(&models.Event{}).Where("id = ?", of.a.event.ID).Update("status", models.EventPublished).Error)
				check := func(surface, body string, want []string) {
					t.Helper()
					body = strings.ReplaceAll(body, "&#43;", "+") // html/template escapes the phone's plus
					for _, w := range want {
						if !strings.Contains(body, w) {
							t.Errorf("%s lacks %q", surface, w)
						}
					}
					for _, n := range tt.never {
						if strings.Contains(body, n) {
							t.Errorf("%s shows %q", surface, n)
						}
					}
				}

				b := of.browser("10.43.0.1")
				employerLogin(t, of.fixture, b, of.a.employer.Contacts[0].Email)
				res := b.request(t, http.MethodGet, "/employer", nil, nil)
				expect(t, res, http.StatusOK, nil, nil)
				check("employer area", res.body, append([]string{"Deutsch: B1"}, tt.want...))

				res = b.request(t, http.MethodPost, "/employer/feed", url.Values{"_csrf": {b.csrf}}, nil)
				m := feedLinkRE.FindStringSubmatch(res.body)
				if m == nil {
					t.Fatalf("create feed: status %d, no link", res.status)
				}
				res = of.browser("10.43.0.2").request(t, http.MethodGet, "/feed/"+m[2]+".ics", nil, nil)
				expect(t, res, http.StatusOK, nil, nil)
				cal, err := ical.NewDecoder(strings.NewReader(res.body)).Decode()
				testdb.Must(t, err)
				evs := cal.Events()
				if len(evs) != 1 {
					t.Fatalf("feed has %d events, want 1", len(evs))
				}
				summary, _ := evs[0].Props.Text(ical.PropSummary)
				desc, _ := evs[0].Props.Text(ical.PropDescription)
				// The feed follows the setting for the name but never carries
				// contact data (its URL is its only credential).
				var feedWant []string
				for _, w := range tt.want {
					if w != email && w != phone {
						feedWant = append(feedWant, w)
					}
				}
				check("feed", summary+"\n"+desc, append([]string{"Deutsch: B1"}, feedWant...))
				check("raw feed", res.body, nil)
				if strings.Contains(res.body, email) || strings.Contains(res.body, "555123") {
					t.Errorf("feed carries contact data:\n%s", res.body)
				}

				res = of.browser("10.43.0.3").request(t, http.MethodGet, "/o/"+of.valid, nil, nil)
				expect(t, res, http.StatusOK, []string{`id="outcome-form"`}, nil)
				check("outcome link page", res.body, append([]string{"Deutschniveau", ">B1<"}, tt.want...))
			})
		})
	}
}
