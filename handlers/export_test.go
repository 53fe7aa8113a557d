package handlers

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/export"
	"treffpunkt/models/testdb"
	"treffpunkt/views"
)

var testExportKey = export.Key([]byte("export-test-secret-0123456789abcdef"))

// exportFixture is tenant A's and tenant B's interview, A's with an
// outcome, and the app configured with an export key.
type exportFixture struct {
	*fixture
	ivA, ivB models.Interview
}

func newExportFixture(t *testing.T, db *gorm.DB) *exportFixture {
	t.Helper()
	opts := testOptions()
	opts.ExportKey = testExportKey
	f := newFixture(t, db, opts)
	ef := &exportFixture{fixture: f, ivA: addOutcomeInterview(t, f, f.a, "EXPORTA1"), ivB: addOutcomeInterview(t, f, f.b, "EXPORTB1")}
	_, err := f.store.RecordOutcome(context.Background(), f.a.centre.ID, ef.ivA.ID, models.OutcomeInternship, nil, models.ActorStaff, &f.a.staff.ID)
	testdb.Must(t, err)
	return ef
}

// exportAudits returns the export entries of tenant A's audit trail.
func (ef *exportFixture) exportAudits(t *testing.T) []models.AuditEvent {
	t.Helper()
	evs, err := ef.store.ListAudit(context.Background(), ef.a.centre.ID, 0)
	testdb.Must(t, err)
	var out []models.AuditEvent
	for _, ev := range evs {
		if ev.Action == "export_interviews" {
			out = append(out, ev)
		}
	}
	return out
}

func parseExportCSV(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("CSV lacks the BOM: %.60q", body)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, body)
	}
	return rows
}

func TestExports(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ef := newExportFixture(t, db)
		anon := ef.browser("198.51.100.20")
		res := anon.request(t, http.MethodGet, "/exports/interviews.csv", nil, nil)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/login") {
			t.Errorf("export without login: status %d, location %q", res.status, res.location)
		}
		b := ef.browser("198.51.100.21")
		b.login(t, ef.a.staff.Email) // English UI
		res = b.request(t, http.MethodGet, "/exports", nil, nil)
		expect(t, res, http.StatusOK, []string{`id="export-form"`, `formaction="/exports/interviews.xlsx"`, ef.a.event.Title,
			`href="/exports" aria-current="page"`}, []string{ef.b.event.Title, "export."})

		// Full CSV: names and contact data of tenant A only.
		res = b.request(t, http.MethodGet, "/exports/interviews.csv?from=2026-04-01&to=2026-04-30", nil, nil)
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(res.header.Get("Content-Disposition"), `attachment; filename="treffpunkt-gespraeche-`) {
			t.Fatalf("CSV: status %d, headers %v", res.status, res.header)
		}
		rows := parseExportCSV(t, res.body)
		if len(rows) != 2 {
			t.Fatalf("CSV has %d rows, want header + tenant A's interview:\n%s", len(rows), res.body)
		}
		all := fmt.Sprint(rows)
		for _, want := range []string{"Olena", ef.a.applicant.LastName, ef.a.applicant.Email, "Clara Kontakt", "clara@a.example",
			"Internship", "Last name", strconv.FormatInt(ef.ivA.ID, 10), "2026-04-14", "10:00"} {
			if !strings.Contains(all, want) {
				t.Errorf("full CSV lacks %q:\n%s", want, all)
			}
		}
		if strings.Contains(all, ef.b.applicant.LastName) || strings.Contains(all, "clara@b.example") {
			t.Errorf("tenant A's export holds tenant B's data:\n%s", all)
		}

		// Pseudonymised CSV and XLSX: no names, e-mails, phone or full postcode.
		pseudo := export.Pseudonym(testExportKey, ef.a.applicant.ID)
		res = b.request(t, http.MethodGet, "/exports/interviews.csv?pseudonymised=1&event="+strconv.FormatInt(ef.a.event.ID, 10), nil, nil)
		expect(t, res, http.StatusOK, []string{pseudo, "B1", "Pflege", "Internship", "Postcode area"},
			[]string{"Olena", "Koval", "olena@", "Clara", "clara@", "92224", ef.a.employer.Name})
		if !strings.Contains(res.header.Get("Content-Disposition"), "-pseudonymisiert.csv") {
			t.Errorf("pseudonymised file name: %s", res.header.Get("Content-Disposition"))
		}
		csvRows := parseExportCSV(t, res.body)
		res = b.request(t, http.MethodGet, "/exports/interviews.xlsx?pseudonymised=1", nil, nil)
		if res.status != http.StatusOK || res.header.Get("Content-Type") != export.FormatXLSX.ContentType() {
			t.Fatalf("XLSX: status %d, type %q", res.status, res.header.Get("Content-Type"))
		}
		xf, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
		testdb.Must(t, err)
		xlsxRows, err := xf.GetRows("Treffpunkt")
		testdb.Must(t, err)
		_ = xf.Close()
		trim := func(r []string) []string {
			for len(r) > 0 && r[len(r)-1] == "" {
				r = r[:len(r)-1]
			}
			return r
		}
		if len(xlsxRows) != len(csvRows) {
			t.Fatalf("XLSX %d rows, CSV %d", len(xlsxRows), len(csvRows))
		}
		for i := range csvRows {
			if fmt.Sprint(trim(csvRows[i])) != fmt.Sprint(xlsxRows[i]) {
				t.Errorf("row %d: CSV %q, XLSX %q", i, csvRows[i], xlsxRows[i])
			}
		}
		if x := fmt.Sprint(xlsxRows); strings.Contains(x, "Olena") || strings.Contains(x, "olena@") {
			t.Errorf("pseudonymised XLSX names the applicant: %s", x)
		}

		// A period without interviews: the header only.
		res = b.request(t, http.MethodGet, "/exports/interviews.csv?from=2026-04-15", nil, nil)
		if rows := parseExportCSV(t, res.body); len(rows) != 1 {
			t.Errorf("export from the day after: %d rows, want the header only", len(rows))
		}

		// Every export is audited with who and the filter; refused ones
		// export nothing and audit nothing.
		audits := ef.exportAudits(t)
		if len(audits) != 4 {
			t.Fatalf("%d export audit entries, want 4", len(audits))
		}
		oldest := audits[len(audits)-1] // ListAudit lists newest first
		var details map[string]any
		testdb.Must(t, json.Unmarshal([]byte(oldest.Details), &details))
		if oldest.ActorID == nil || *oldest.ActorID != ef.a.staff.ID || details["from"] != "2026-04-01" || details["variant"] != "full" || details["format"] != "csv" {
			t.Errorf("audit of the first export: %+v %v", oldest, details)
		}
		refused := []struct {
			name, query, want string
		}{
			{"bad start", "from=soon", "Please give the start as a date"},
			{"bad end", "to=31.02.2026", "Please give the end as a date"},
			{"end before start", "from=2026-04-14&to=2026-04-13", "The end cannot be before the start."},
			{"another job centre's event", "event=" + strconv.FormatInt(ef.b.event.ID, 10), "This event does not exist."},
			{"not an event", "event=abc", "This event does not exist."},
		}
		for _, r := range refused {
			for _, path := range []string{"/exports/interviews.csv", "/exports/interviews.xlsx"} {
				res := b.request(t, http.MethodGet, path+"?"+r.query, nil, nil)
				expect(t, res, http.StatusUnprocessableEntity, []string{r.want, `id="export-form"`}, []string{ef.b.applicant.LastName, "Olena"})
			}
		}
		if n := len(ef.exportAudits(t)); n != 4 {
			t.Errorf("refused exports wrote audit entries: %d, want 4", n)
		}
		// The form keeps what was typed.
		res = b.request(t, http.MethodGet, "/exports/interviews.csv?"+url.Values{"from": {"2026-04-14"}, "to": {"2026-04-13"}, "pseudonymised": {"1"}}.Encode(), nil, nil)
		expect(t, res, http.StatusUnprocessableEntity, []string{`value="2026-04-14"`, `value="2026-04-13"`, `value="1" checked`}, nil)
	})
}

// TestExportLabelsExist: every column title and enum value an export
// writes has a translation in every UI language (the keys are built from
// data, so TestHandlerKeysExist cannot see them).
func TestExportLabelsExist(t *testing.T) {
	tr, err := views.NewTranslator(views.LocalesFS())
	testdb.Must(t, err)
	for _, lang := range tr.Languages() {
		label := func(key string) string {
			v := tr.T(lang, "export."+key)
			if v == "export."+key {
				t.Errorf("%s: no translation of export.%s", lang, key)
			}
			return v
		}
		for _, pseudo := range []bool{false, true} {
			o := export.Options{Pseudonymised: pseudo, Key: testExportKey, Label: label}
			export.Header(o)
			for i, st := range models.InterviewStatuses() {
				kinds := models.OutcomeKinds()
				langs := models.Languages()
				k := kinds[i%len(kinds)]
				export.Row(o, models.ExportRow{Status: st, OutcomeKind: &k, ApplicantLanguage: langs[i%len(langs)]}, nil)
			}
			for _, k := range models.OutcomeKinds() {
				export.Row(o, models.ExportRow{Status: models.InterviewAttended, OutcomeKind: &k}, nil)
			}
		}
	}
}

// BenchmarkExportDownload downloads 5,000 and 50,000 interviews from a
// real server on SQLite (the single-connection case), as CSV and XLSX, and
// reads the body as it comes. B/op and allocs/op cover server and client;
// live-heap-MB is the largest live heap sampled (after a GC) during the
// download. It stays flat for ten times the rows when the export streams.
func BenchmarkExportDownload(b *testing.B) {
	db := testdb.Open(b, models.DialectSQLite)
	opts := testOptions()
	opts.ExportKey = testExportKey
	f := newFixture(b, db, opts)
	ctx := context.Background()
	tn := f.a
	small := tn.event
	big := models.Event{JobCentreID: tn.centre.ID, Kind: models.EventKindJobFair, Title: "Jobmesse groß", Status: models.EventDone,
		SlotMinutes: 20, PublicToken: "bench-export-big-0123456789", Days: small.Days[:1]}
	big.Days = []models.EventDay{{Date: small.Days[0].Date, StartsAt: small.Days[0].StartsAt, EndsAt: small.Days[0].EndsAt}}
	testdb.Must(b, f.store.CreateEvent(ctx, &big))
	add := func(ev models.Event, n int) {
		testdb.Must(b, f.store.AddEventApplicants(ctx, tn.centre.ID, ev.ID, []models.EventApplicant{{ApplicantID: tn.applicant.ID, MaxInterviews: 2}}, nil))
		cs := []models.Candidate{{ApplicantID: tn.applicant.ID, VacancyID: tn.employer.Vacancies[0].ID, Score: 3}}
		testdb.Must(b, f.store.SaveCandidates(ctx, tn.centre.ID, ev.ID, cs))
		start := ev.Days[0].StartsAt
		for done := 0; done < n; done += 1000 {
			ivs := make([]models.Interview, 0, 1000)
			for i := done; i < min(done+1000, n); i++ {
				s := start.Add(time.Duration(i) * time.Minute)
				ivs = append(ivs, models.Interview{CandidateID: cs[0].ID, StartsAt: s, EndsAt: s.Add(20 * time.Minute),
					Status: models.InterviewAttended, ICalUID: fmt.Sprintf("bench-%d-%d@example", ev.ID, i), CheckinCode: fmt.Sprintf("B%d-%06d", ev.ID, i)})
			}
			testdb.Must(b, f.store.CreateInterviews(ctx, tn.centre.ID, ev.ID, ivs))
		}
	}
	add(small, 5_000)
	add(big, 45_000)

	login := f.browser("198.51.100.30")
	login.login(b, tn.staff.Email)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	testdb.Must(b, err)
	go func() { _ = f.app.Listener(ln) }()
	b.Cleanup(func() { _ = f.app.Shutdown() })
	base := "http://" + ln.Addr().String()

	for _, c := range []struct {
		name, query string
		rows        int
	}{
		{"csv/rows=5000", "/exports/interviews.csv?event=" + strconv.FormatInt(small.ID, 10), 5_000},
		{"csv/rows=50000", "/exports/interviews.csv", 50_000},
		{"xlsx/rows=5000", "/exports/interviews.xlsx?event=" + strconv.FormatInt(small.ID, 10), 5_000},
		{"xlsx/rows=50000", "/exports/interviews.xlsx", 50_000},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				req, err := http.NewRequest(http.MethodGet, base+c.query, nil)
				testdb.Must(b, err)
				for name, value := range login.cookies {
					req.AddCookie(&http.Cookie{Name: name, Value: value})
				}
				stop := make(chan struct{})
				var wg sync.WaitGroup
				wg.Go(func() {
					var ms runtime.MemStats
					for {
						select {
						case <-stop:
							return
						case <-time.After(200 * time.Millisecond):
						}
						runtime.GC()
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapAlloc)
					}
				})
				res, err := http.DefaultClient.Do(req)
				testdb.Must(b, err)
				n, err := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				close(stop)
				wg.Wait()
				testdb.Must(b, err)
				if res.StatusCode != http.StatusOK || n < int64(c.rows)*50 {
					b.Fatalf("status %d, %d bytes for %d rows", res.StatusCode, n, c.rows)
				}
				b.SetBytes(n)
			}
			b.ReportMetric(float64(peak)/(1<<20), "live-heap-MB")
		})
	}
}
