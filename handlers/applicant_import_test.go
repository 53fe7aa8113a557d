package handlers

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// upload posts a CSV file as the import form does.
func (b *browser) upload(t testing.TB, target, name, content string) response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	testdb.Must(t, w.WriteField("_csrf", b.csrf))
	part, err := w.CreateFormFile("file", name)
	testdb.Must(t, err)
	_, err = part.Write([]byte(content))
	testdb.Must(t, err)
	testdb.Must(t, w.Close())
	req := httptest.NewRequest(http.MethodPost, target, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-Forwarded-For", b.ip)
	for n, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: n, Value: v})
	}
	return b.f.do(t, req)
}

// applicantCount counts the living applicants of a job centre.
func applicantCount(t testing.TB, f *fixture, jobCentreID int64) int {
	t.Helper()
	as, err := f.store.ListApplicants(context.Background(), jobCentreID, models.ApplicantFilter{})
	testdb.Must(t, err)
	return len(as)
}

func applicantForm(b *browser, edits map[string]string) url.Values {
	v := url.Values{"_csrf": {b.csrf}, "first_name": {"Jürgen"}, "last_name": {"Weiß"}, "email": {"juergen@a.example"},
		"language": {"de"}, "german_level": {"B2"}, "postcode": {"92224"}, "town": {"Amberg"},
		"max_interviews_per_day": {"2"}, "consent_date": {"2026-03-20"}, "availability": {"08:30-13:30"}}
	for k, x := range edits {
		v.Set(k, x)
	}
	return v
}

func TestApplicantForm(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		b := f.browser("10.0.0.1")
		b.login(t, f.a.staff.Email)
		before := applicantCount(t, f, f.a.centre.ID)

		expect(t, b.request(t, http.MethodGet, "/applicants/new", nil, nil), http.StatusOK, []string{`name="first_name"`, `value="2026-03-25"`}, nil)
		res := b.request(t, http.MethodPost, "/applicants", applicantForm(b, map[string]string{"last_name": "", "consent_date": "31.02.2026"}), nil)
		expect(t, res, http.StatusUnprocessableEntity, []string{`value="Jürgen"`, "Please fill in this field.", "Please enter a date as 31.12.2026"}, nil)
		res = b.request(t, http.MethodPost, "/applicants", applicantForm(b, map[string]string{"email": f.a.applicant.Email}), nil)
		expect(t, res, http.StatusUnprocessableEntity, []string{"already exists"}, nil)
		if n := applicantCount(t, f, f.a.centre.ID); n != before {
			t.Fatalf("invalid forms saved applicants: %d, want %d", n, before)
		}

		res = b.request(t, http.MethodPost, "/applicants", applicantForm(b, nil), nil)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/applicants/") {
			t.Fatalf("create: %d %q %.300s", res.status, res.location, res.body)
		}
		path := strings.TrimSuffix(res.location, "?saved=1")
		expect(t, b.request(t, http.MethodGet, res.location, nil, nil), http.StatusOK, []string{"Jürgen Weiß", "08:30-13:30", "has been saved"}, nil)

		// Two staff open the form; the first save wins, the second is told.
		other := f.browser("10.0.0.2")
		other.login(t, f.a.admin.Email)
		expect(t, b.request(t, http.MethodGet, path+"/edit", nil, nil), http.StatusOK, []string{`name="version" value="1"`}, nil)
		expect(t, other.request(t, http.MethodGet, path+"/edit", nil, nil), http.StatusOK, []string{`name="version" value="1"`}, nil)
		res = b.request(t, http.MethodPost, path, applicantForm(b, map[string]string{"version": "1", "german_level": "C1"}), nil)
		expect(t, res, http.StatusSeeOther, nil, nil)
		res = other.request(t, http.MethodPost, path, applicantForm(other, map[string]string{"version": "1", "german_level": "A2", "town": "Sulzbach"}), nil)
		expect(t, res, http.StatusConflict, []string{"Jemand anderes hat diese Person geändert", `value="Sulzbach"`, `name="version" value="2"`}, nil)
		var id int64
		_, err := fmt.Sscanf(path, "/applicants/%d", &id)
		testdb.Must(t, err)
		got, err := f.store.GetApplicant(context.Background(), f.a.centre.ID, id)
		testdb.Must(t, err)
		if got.GermanLevel != models.GermanC1 || got.Town != "Amberg" || got.Version != 2 {
			t.Errorf("after conflict: level %s, town %s, version %d; want C1, Amberg, 2", got.GermanLevel, got.Town, got.Version)
		}
		res = b.request(t, http.MethodPost, path, applicantForm(b, map[string]string{"version": "2", "postcode": "123"}), nil)
		expect(t, res, http.StatusUnprocessableEntity, []string{"five digits", `value="123"`}, nil)
		res = b.request(t, http.MethodPost, path, applicantForm(b, map[string]string{"version": "2", "postcode": "00000"}), nil)
		expect(t, res, http.StatusUnprocessableEntity, []string{"postcode does not exist"}, nil)

		// Another job centre's applicant does not exist for this user.
		foreign := fmt.Sprintf("/applicants/%d", f.b.applicant.ID)
		expect(t, b.request(t, http.MethodGet, foreign+"/edit", nil, nil), http.StatusNotFound, nil, []string{f.b.applicant.LastName})
		expect(t, b.request(t, http.MethodPost, foreign, applicantForm(b, map[string]string{"version": "1"}), nil), http.StatusNotFound, nil, nil)
		stored, err := f.store.GetApplicant(context.Background(), f.b.centre.ID, f.b.applicant.ID)
		testdb.Must(t, err)
		if stored.FirstName != "Olena" {
			t.Errorf("foreign applicant changed: %+v", stored)
		}
	})
}

const importCSV = "\xEF\xBB\xBFVorname;Nachname;E-Mail;Deutschniveau;PLZ;Einwilligung;Verfügbarkeit\n" +
	"Iryna;Bondarenko;iryna@mail.example;B1;92224;01.03.2026;08:30-13:30\n" +
	"Ahmad;Al-Hassan;ahmad@mail.example;A2;92237;2026-02-15;\n"

func TestApplicantImport(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		f := newFixture(t, db, testOptions())
		b := f.browser("10.0.0.1")
		b.login(t, f.a.staff.Email)
		before := applicantCount(t, f, f.a.centre.ID)
		b.request(t, http.MethodGet, "/applicants/import", nil, nil)

		// Preview saves nothing; confirm saves all rows; a second confirm finds nothing.
		res := b.upload(t, "/applicants/import", "liste.csv", importCSV)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/applicants/import/") {
			t.Fatalf("upload: %d %q %.400s", res.status, res.location, res.body)
		}
		preview := res.location
		expect(t, b.request(t, http.MethodGet, preview, nil, nil), http.StatusOK, []string{"Bondarenko", "Al-Hassan", "2 rows, 0 with problems", "Save all 2 applicants"}, nil)
		if n := applicantCount(t, f, f.a.centre.ID); n != before {
			t.Fatalf("preview saved applicants: %d, want %d", n, before)
		}
		// Neither a colleague nor another job centre sees the staged import.
		colleague := f.browser("10.0.0.3")
		colleague.login(t, f.a.admin.Email)
		expect(t, colleague.request(t, http.MethodGet, preview, nil, nil), http.StatusNotFound, nil, []string{"Bondarenko"})
		stranger := f.browser("10.0.0.4")
		stranger.login(t, f.b.staff.Email)
		expect(t, stranger.request(t, http.MethodPost, preview+"/confirm", url.Values{"_csrf": {stranger.csrf}}, nil), http.StatusNotFound, nil, nil)

		res = b.request(t, http.MethodPost, preview+"/confirm", url.Values{"_csrf": {b.csrf}}, nil)
		expect(t, res, http.StatusSeeOther, nil, nil)
		if res.location != "/applicants?imported=2" {
			t.Errorf("confirm location = %q", res.location)
		}
		if n := applicantCount(t, f, f.a.centre.ID); n != before+2 {
			t.Fatalf("after confirm %d applicants, want %d", n, before+2)
		}
		expect(t, b.request(t, http.MethodGet, res.location, nil, nil), http.StatusOK, []string{"2 applicants imported", "Bondarenko"}, nil)
		var audits []models.AuditEvent
		testdb.Must(t, db.Where("action = ? AND job_centre_id = ?", "applicant.import", f.a.centre.ID).Find(&audits).Error)
		if len(audits) != 1 || !strings.Contains(audits[0].Details, `"rows":2`) {
			t.Errorf("import audit = %+v", audits)
		}
		expect(t, b.request(t, http.MethodPost, preview+"/confirm", url.Values{"_csrf": {b.csrf}}, nil), http.StatusNotFound, nil, nil)

		// Excel on German Windows writes Windows-1252 with commas or
		// semicolons; umlauts must arrive intact.
		latin1, err := charmap.Windows1252.NewEncoder().String("first_name,last_name,german_level,consent_date\nJürgen,Weiß,B1,2026-01-15\n")
		testdb.Must(t, err)
		res = b.upload(t, "/applicants/import", "excel.csv", latin1)
		expect(t, b.request(t, http.MethodGet, res.location, nil, nil), http.StatusOK, []string{"Weiß, Jürgen", "Windows-1252", "0 with problems"}, nil)

		// Uploading the same file again: every row's address is taken now.
		res = b.upload(t, "/applicants/import", "liste.csv", importCSV)
		expect(t, b.request(t, http.MethodGet, res.location, nil, nil), http.StatusOK,
			[]string{"2 rows have problems", "already exists"}, []string{"/confirm"})
		expect(t, b.request(t, http.MethodPost, res.location+"/confirm", url.Values{"_csrf": {b.csrf}}, nil), http.StatusUnprocessableEntity, []string{"Nothing was saved"}, nil)
		if n := applicantCount(t, f, f.a.centre.ID); n != before+2 {
			t.Fatalf("invalid import saved: %d applicants, want %d", n, before+2)
		}
	})
}

func TestApplicantImportAllOrNothing(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		opts := testOptions()
		opts.SessionIdle = 2 * importTTL // the session outlives the staged import
		f := newFixture(t, db, opts)
		b := f.browser("10.0.0.1")
		b.login(t, f.a.staff.Email)
		b.request(t, http.MethodGet, "/applicants/import", nil, nil)
		before := applicantCount(t, f, f.a.centre.ID)
		res := b.upload(t, "/applicants/import", "liste.csv", importCSV)
		expect(t, b.request(t, http.MethodGet, res.location, nil, nil), http.StatusOK, []string{"0 with problems"}, nil)
		// Between preview and confirm someone adds the second row's person.
		late := models.Applicant{JobCentreID: f.a.centre.ID, FirstName: "Ahmad", LastName: "Al-Hassan", Email: "AHMAD@mail.example",
			GermanLevel: models.GermanA2, PreferredLanguage: models.LanguageDE, ConsentAt: testdb.Clock()}
		testdb.Must(t, f.store.CreateApplicant(context.Background(), &late))
		expect(t, b.request(t, http.MethodPost, res.location+"/confirm", url.Values{"_csrf": {b.csrf}}, nil), http.StatusUnprocessableEntity,
			[]string{"no longer valid", "already exists"}, nil)
		if n := applicantCount(t, f, f.a.centre.ID); n != before+1 {
			t.Fatalf("partial import: %d applicants, want %d (only the one added meanwhile)", n, before+1)
		}

		// An import not confirmed in time is gone; nothing is saved.
		res = b.upload(t, "/applicants/import", "liste2.csv", strings.ReplaceAll(importCSV, "mail.example", "other.example"))
		f.clock.advance(importTTL + time.Second)
		expect(t, b.request(t, http.MethodGet, res.location, nil, nil), http.StatusGone, []string{"upload the file again"}, []string{"Bondarenko"})
		expect(t, b.request(t, http.MethodPost, res.location+"/confirm", url.Values{"_csrf": {b.csrf}}, nil), http.StatusGone, nil, nil)
		if n := applicantCount(t, f, f.a.centre.ID); n != before+1 {
			t.Fatalf("expired import saved: %d applicants, want %d", n, before+1)
		}
	})
}

func TestApplicantImportBadFiles(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		opts := testOptions()
		opts.ImportMaxBytes = 400
		f := newFixture(t, db, opts)
		b := f.browser("10.0.0.1")
		b.login(t, f.a.staff.Email)
		b.request(t, http.MethodGet, "/applicants/import", nil, nil)
		before := applicantCount(t, f, f.a.centre.ID)
		for _, tc := range []struct {
			name, content string
			status        int
			want          string
		}{
			{"binary", "PK\x03\x04\x00\x00\x00", http.StatusUnprocessableEntity, "not a text file"},
			{"missing columns", "Vorname;E-Mail\nA;a@x.de\n", http.StatusUnprocessableEntity, "Required columns are missing"},
			{"not csv", "%PDF-1.4 hello world\n", http.StatusUnprocessableEntity, "cannot be read as a CSV"},
			{"too large", importCSV + strings.Repeat("Anna;Berg;;B1;;1.1.2026;\n", 20), http.StatusRequestEntityTooLarge, "larger than"},
			{"control characters", "Vorname;Nachname\x02\n", http.StatusUnprocessableEntity, "encoding"},
		} {
			res := b.upload(t, "/applicants/import", tc.name+".csv", tc.content)
			if res.status != tc.status || !strings.Contains(res.body, tc.want) || !strings.Contains(res.body, "Nothing was saved") {
				t.Errorf("%s: status %d, body lacks %q or the nothing-saved note: %.300s", tc.name, res.status, tc.want, res.body)
			}
		}
		var staged int64
		testdb.Must(t, db.Model(&models.ApplicantImport{}).Count(&staged).Error)
		if n := applicantCount(t, f, f.a.centre.ID); n != before || staged != 0 {
			t.Errorf("bad files changed data: %d applicants (want %d), %d staged imports", n, before, staged)
		}
	})
}
