package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"treffpunkt/models"
)

var testKey = Key([]byte("test-secret-test-secret-test-secret-0123"))

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Olena", "Olena"},
		{"=HYPERLINK(\"http://evil.example\",\"Klick\")", "'=HYPERLINK(\"http://evil.example\",\"Klick\")"},
		{"+49 170 1234567", "'+49 170 1234567"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"Koval=A", "Koval=A"}, // only the first character matters
		{" =1+1", " =1+1"},     // a leading space makes it text in every program
		{"'already", "'already"},
		{"Müller-Lüdenscheidt", "Müller-Lüdenscheidt"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPostcodeArea(t *testing.T) {
	for in, want := range map[string]string{"92224": "92", " 01067 ": "01", "9": "", "": "", "AB123": "", "D-92224": ""} {
		if got := PostcodeArea(in); got != want {
			t.Errorf("PostcodeArea(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPseudonym(t *testing.T) {
	a, b := Pseudonym(testKey, 41), Pseudonym(testKey, 42)
	if a == b || a != Pseudonym(testKey, 41) || !strings.HasPrefix(a, "P-") || len(a) != 14 {
		t.Errorf("pseudonyms %q, %q: want stable, distinct, P- and 12 characters", a, b)
	}
	other := Key([]byte("another-secret-another-secret-0123456789"))
	if Pseudonym(other, 41) == a {
		t.Error("another secret gives the same pseudonym")
	}
	if strings.Contains(a, "41") {
		t.Errorf("pseudonym %q shows the ID", a)
	}
}

func ptr[T any](v T) *T { return &v }

// sampleRows are two interviews whose free text tries formula injection.
func sampleRows() []models.ExportRow {
	start := time.Date(2026, 4, 14, 8, 0, 0, 0, time.UTC)
	return []models.ExportRow{
		{InterviewID: 7, EventID: 3, EventTitle: "Speed-Dating Pflege", StartsAt: start, EndsAt: start.Add(20 * time.Minute),
			Status: models.InterviewAttended, ApplicantID: 11, ApplicantFirstName: "Olena", ApplicantLastName: "=Koval",
			ApplicantEmail: "olena@a.example", ApplicantPhone: "+49 170 1234567", ApplicantPostcode: "92224", ApplicantTown: "Amberg",
			ApplicantLanguage: models.LanguageUK, ApplicantLevel: models.GermanB1, EmployerName: "@Pflegeheim Sonnenhof",
			EmployerSector: "Pflege; Gesundheit", ContactName: ptr("Clara Kontakt"), ContactEmail: ptr("clara@a.example"),
			ContactPhone: ptr("-0961 123"), VacancyTitle: "Pflegehelfer/in \"Nacht\"",
			OutcomeKind: ptr(models.OutcomeInternship), OutcomeStartDate: ptr(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)),
			OutcomeRecordedAt: ptr(start.Add(48 * time.Hour))},
		{InterviewID: 8, EventID: 3, EventTitle: "Speed-Dating Pflege", StartsAt: start.Add(time.Hour), EndsAt: start.Add(80 * time.Minute),
			Status: models.InterviewNoShow, ApplicantID: 12, ApplicantFirstName: "Ahmad", ApplicantLastName: "Rahimi",
			ApplicantEmail: "ahmad@a.example", ApplicantPostcode: "01067", ApplicantLanguage: models.LanguageAR,
			ApplicantLevel: models.GermanA2, EmployerName: "Bäckerei Schröder", EmployerSector: "Handwerk", VacancyTitle: "Verkauf"},
	}
}

func berlin(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func write(t testing.TB, f Format, o Options, rows []models.ExportRow) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := New(f, &buf, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Fatalf("CSV does not start with the UTF-8 BOM: % x", b[:min(8, len(b))])
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse with ';': %v\n%s", err, b)
	}
	return rows
}

func readXLSX(t *testing.T, b []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("XLSX does not open: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetName)
	if err != nil {
		t.Fatalf("XLSX sheet %s: %v", sheetName, err)
	}
	return rows
}

func TestCSVAndXLSXHaveTheSameCells(t *testing.T) {
	o := Options{Zone: berlin(t), Label: func(k string) string { return "L:" + k }}
	csvBytes := write(t, FormatCSV, o, sampleRows())
	if !bytes.Contains(csvBytes, []byte("\r\n")) || !bytes.Contains(csvBytes, []byte(";")) {
		t.Errorf("CSV lacks CRLF or ';':\n%s", csvBytes)
	}
	csvRows := readCSV(t, csvBytes)
	xlsxRows := readXLSX(t, write(t, FormatXLSX, o, sampleRows()))
	if len(csvRows) != 3 || len(xlsxRows) != 3 {
		t.Fatalf("%d CSV rows, %d XLSX rows, want 3 each (header + 2)", len(csvRows), len(xlsxRows))
	}
	for i := range csvRows {
		// GetRows drops trailing empty cells; compare what both have.
		c, x := csvRows[i], xlsxRows[i]
		for len(c) > 0 && c[len(c)-1] == "" {
			c = c[:len(c)-1]
		}
		if fmt.Sprint(c) != fmt.Sprint(x) {
			t.Errorf("row %d differs:\nCSV  %q\nXLSX %q", i, c, x)
		}
	}
	header, first := csvRows[0], csvRows[1]
	cell := func(key string) string {
		for i, h := range header {
			if h == "L:col."+key {
				return first[i]
			}
		}
		t.Fatalf("no column %s in %q", key, header)
		return ""
	}
	want := map[string]string{
		"interview_id": "7", "applicant_last_name": "'=Koval", "applicant_phone": "'+49 170 1234567",
		"employer": "'@Pflegeheim Sonnenhof", "contact_phone": "'-0961 123", "employer_sector": "Pflege; Gesundheit",
		"vacancy": "Pflegehelfer/in \"Nacht\"", "date": "2026-04-14", "start": "10:00", "end": "10:20", // CEST
		"status": "L:status.attended", "outcome": "L:outcome.internship", "outcome_start": "2026-05-01",
		"language": "L:language.uk", "german_level": "B1", "postcode": "92224",
	}
	for k, v := range want {
		if got := cell(k); got != v {
			t.Errorf("column %s = %q, want %q", k, got, v)
		}
	}
}

// TestPseudonymisedHasNoPersonalData: no names, e-mail, phone, town, full
// postcode or employer name, in either format; the pseudonym and the
// reporting columns are there.
func TestPseudonymisedHasNoPersonalData(t *testing.T) {
	o := Options{Pseudonymised: true, Key: testKey, Zone: berlin(t)}
	rows := sampleRows()
	var personal []string
	for _, r := range rows {
		personal = append(personal, r.ApplicantFirstName, strings.TrimPrefix(r.ApplicantLastName, "="), r.ApplicantEmail,
			r.ApplicantPostcode, r.EmployerName[1:])
		if r.ApplicantPhone != "" {
			personal = append(personal, r.ApplicantPhone[1:], r.ApplicantTown)
		}
		if r.ContactName != nil {
			personal = append(personal, *r.ContactName, *r.ContactEmail, "0961 123")
		}
	}
	for _, f := range []Format{FormatCSV, FormatXLSX} {
		var cells [][]string
		if f == FormatCSV {
			cells = readCSV(t, write(t, f, o, rows))
		} else {
			cells = readXLSX(t, write(t, f, o, rows))
		}
		all := fmt.Sprint(cells)
		for _, p := range personal {
			if strings.Contains(all, p) {
				t.Errorf("%s: pseudonymised export contains %q:\n%s", f, p, all)
			}
		}
		for _, w := range []string{Pseudonym(testKey, 11), Pseudonym(testKey, 12), "92", "01", "B1", "A2", "Pflege; Gesundheit", "outcome.internship"} {
			if !strings.Contains(all, w) {
				t.Errorf("%s: pseudonymised export lacks %q:\n%s", f, w, all)
			}
		}
		if len(cells) != 3 || len(cells[0]) != len(pseudonymisedColumns()) {
			t.Errorf("%s: %d rows of %d columns", f, len(cells), len(cells[0]))
		}
	}
	if _, err := New(FormatCSV, io.Discard, Options{Pseudonymised: true}); err == nil {
		t.Error("a pseudonymised export without a key was started")
	}
	if _, err := New("pdf", io.Discard, Options{}); err == nil {
		t.Error("an unknown format was accepted")
	}
}

// BenchmarkExport writes 5,000 and 50,000 rows per iteration. allocs/op
// and B/op are per export; live-heap-MB is the largest live heap (after a
// GC, five samples per export) while writing: it stays about the same for ten times the rows because the
// writers stream (a file built in memory would grow with the rows).
func BenchmarkExport(b *testing.B) {
	rows := sampleRows()
	loc := berlin(b)
	cases := []struct {
		f      Format
		pseudo bool
		n      int
	}{
		{FormatCSV, false, 5_000}, {FormatCSV, false, 50_000}, {FormatCSV, true, 50_000},
		{FormatXLSX, false, 5_000}, {FormatXLSX, false, 50_000},
	}
	for _, c := range cases {
		b.Run(fmt.Sprintf("%s/pseudonymised=%v/rows=%d", c.f, c.pseudo, c.n), func(b *testing.B) {
			o := Options{Pseudonymised: c.pseudo, Key: testKey, Zone: loc}
			b.ReportAllocs()
			var peak uint64
			var ms runtime.MemStats
			for b.Loop() {
				cw := &countingWriter{}
				w, err := New(c.f, cw, o)
				if err != nil {
					b.Fatal(err)
				}
				for i := range c.n {
					r := rows[i%2]
					r.InterviewID, r.ApplicantID = int64(i), int64(i)
					if err := w.Write(r); err != nil {
						b.Fatal(err)
					}
					if i%(c.n/5) == c.n/5-1 {
						// Live heap: collect first, so garbage the GC
						// has not reached yet does not count.
						runtime.GC()
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapAlloc)
					}
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(cw.n)
			}
			b.ReportMetric(float64(peak)/(1<<20), "live-heap-MB")
		})
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }
