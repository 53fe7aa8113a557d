package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// BenchmarkApplicantImport10000 measures a whole import of 10,000
// applicants through the HTTP layer: upload (read, stage), preview (check
// against the database, render every row) and confirm (check again, insert
// all in one transaction). Each round uses new e-mail addresses.
func BenchmarkApplicantImport10000(b *testing.B) {
	for _, dialect := range []string{models.DialectPostgres, models.DialectSQLite} {
		b.Run(dialect, func(b *testing.B) {
			f := newFixture(b, testdb.Open(b, dialect), testOptions())
			br := f.browser("10.20.0.2")
			br.login(b, f.a.staff.Email)
			br.request(b, http.MethodGet, "/applicants/import", nil, nil)
			round := 0
			for b.Loop() {
				var csv strings.Builder
				csv.WriteString("Vorname;Nachname;E-Mail;Deutschniveau;PLZ;Einwilligung;Verfügbarkeit\n")
				for i := range 10000 {
					fmt.Fprintf(&csv, "Person%d;Müller-%d;r%d-p%d@mail.example;B1;92224;15.01.2026;08:30-13:30\n", i, i, round, i)
				}
				round++
				res := br.upload(b, "/applicants/import", "liste.csv", csv.String())
				if res.status != http.StatusSeeOther {
					b.Fatalf("upload: %d %.300s", res.status, res.body)
				}
				if p := br.request(b, http.MethodGet, res.location, nil, nil); p.status != http.StatusOK {
					b.Fatalf("preview: %d", p.status)
				}
				if c := br.request(b, http.MethodPost, res.location+"/confirm", url.Values{"_csrf": {br.csrf}}, nil); c.status != http.StatusSeeOther {
					b.Fatalf("confirm: %d %.300s", c.status, c.body)
				}
			}
		})
	}
}
