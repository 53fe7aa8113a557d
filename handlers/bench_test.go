package handlers

import (
	"net/http"
	"testing"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// BenchmarkPages measures a logged-in page view end to end (session lookup,
// queries, template) through app.Test, on both databases.
func BenchmarkPages(b *testing.B) {
	for _, dialect := range []string{models.DialectSQLite, models.DialectPostgres} {
		f := newFixture(b, testdb.Open(b, dialect), testOptions())
		br := f.browser("10.20.0.1")
		br.login(b, f.a.admin.Email)
		for _, path := range []string{"/events", "/applicants", "/login"} {
			b.Run(dialect+path, func(b *testing.B) {
				for b.Loop() {
					if res := br.request(b, http.MethodGet, path, nil, nil); res.status >= 400 {
						b.Fatalf("status %d", res.status)
					}
				}
			})
		}
		b.Run(dialect+"/healthz", func(b *testing.B) {
			for b.Loop() {
				if res := br.request(b, http.MethodGet, "/healthz", nil, nil); res.status != http.StatusOK {
					b.Fatalf("status %d", res.status)
				}
			}
		})
	}
}
