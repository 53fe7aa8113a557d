package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// BenchmarkEmployerPages measures the employer area and the calendar feed
// of an employer with 40 published interviews, end to end through app.Test.
func BenchmarkEmployerPages(b *testing.B) {
	for _, dialect := range []string{models.DialectSQLite, models.DialectPostgres} {
		db := testdb.Open(b, dialect)
		f := newFixture(b, db, testOptions())
		start := time.Date(2026, 4, 14, 7, 0, 0, 0, time.UTC)
		for i := range 40 {
			addInterview(b, db, f.a, f.a.employer, start.Add(time.Duration(i)*25*time.Minute), models.InterviewConfirmed, fmt.Sprintf("bench%d", i))
		}
		testdb.Must(b, db.Model(&models.Event{}).Where("id = ?", f.a.event.ID).Update("status", models.EventPublished).Error)
		br := f.browser("10.60.0.1")
		employerLogin(b, f, br, f.a.employer.Contacts[0].Email)
		res := br.request(b, http.MethodPost, "/employer/feed", url.Values{"_csrf": {br.csrf}}, nil)
		m := feedLinkRE.FindStringSubmatch(res.body)
		if m == nil {
			b.Fatalf("no feed link: %d", res.status)
		}
		for _, path := range []string{"/employer", "/feed/" + m[2] + ".ics"} {
			name := path
			if len(name) > 10 {
				name = name[:5]
			}
			b.Run(dialect+name, func(b *testing.B) {
				for b.Loop() {
					if res := br.request(b, http.MethodGet, path, nil, nil); res.status != http.StatusOK {
						b.Fatalf("status %d", res.status)
					}
				}
			})
		}
	}
}
