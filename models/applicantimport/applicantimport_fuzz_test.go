package applicantimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// localeKeys reads the German and English applicant translations: every
// error key the importer hands out must have a message in both, or staff
// would see a raw key instead of what to fix.
func localeKeys(f *testing.F) []map[string]json.RawMessage {
	f.Helper()
	var out []map[string]json.RawMessage
	for _, lang := range []string{"de", "en"} {
		raw, err := os.ReadFile("../../views/locales/applicants." + lang + ".json")
		if err != nil {
			f.Fatalf("read %s locale: %v", lang, err)
		}
		m := map[string]json.RawMessage{} // plural messages are objects
		if err := json.Unmarshal(raw, &m); err != nil {
			f.Fatalf("parse %s locale: %v", lang, err)
		}
		out = append(out, m)
	}
	return out
}

// FuzzRead feeds arbitrary bytes to the CSV importer as an uploaded file.
// It must never panic; a refused file is an *Error with a translated key,
// and every row of an accepted file either yields an applicant or carries
// translated error messages, never neither.
func FuzzRead(f *testing.F) {
	seeds := []string{
		"Vorname;Nachname;Deutschniveau;Einwilligung\nOlena;Koval;B1;01.03.2026\n",
		"first_name,last_name,german_level,consent_date,email,max_interviews_per_day\nA,B,c1,2026-01-02,a@b.example,3\n,,,,\n",
		"\xEF\xBB\xBFVorname\tNachname\tNiveau\tConsent\tPLZ\tOrt\n\"Jo\"\"se\"\tM\xfcller\tA2\t1.2.2026\t92224\t\n",
		"Vorname;Nachname;Deutschniveau;Einwilligung;Verfügbarkeit;Führerschein\nA;B;B2;31.12.2026;Mo-Fr 08:00-12:00;ja;extra\n",
		"Vorname;Vorname;Deutschniveau;Einwilligung\n",
		"Vorname;Nachname\nA;B\n",
		"\"unclosed;Nachname\nx",
		"a\x00b",
		"Vorname;Nachname;Deutschniveau;Einwilligung\n\"A\nB\";C;B1;01.01.2026\n",
		"Vorname;Nachname;Deutschniveau;Einwilligung;E-Mail\nA;B;B1;01.01.2026;x@y.example\nC;D;B1;01.01.2026;X@Y.example\n",
		"",
		"\r\n\r\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	locales := localeKeys(f)
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	pc := fakePostcodes{"92224": {"Amberg"}, "71522": {"Backnang", "Burgstetten"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		// 64 KiB keeps each run fast; TestRead covers the size limit.
		file, err := Read(bytes.NewReader(data), 64<<10)
		if err != nil {
			var ie *Error
			if !errors.As(err, &ie) {
				t.Fatalf("Read error %v is no *Error: the user would see no message", err)
			}
			for _, m := range locales {
				if len(m["applicants.import.error."+ie.Key]) == 0 {
					t.Fatalf("file error key %q has no translation", ie.Key)
				}
			}
			return
		}
		if len(file.Rows) == 0 {
			t.Fatal("Read accepted a file without rows")
		}
		rows := Check(file.Rows, today, map[string]bool{"taken@a.example": true}, pc)
		if len(rows) != len(file.Rows) {
			t.Fatalf("Check returned %d rows for %d inputs", len(rows), len(file.Rows))
		}
		for i, r := range rows {
			if len(r.Errors) == 0 {
				if r.Applicant.FirstName == "" || r.Applicant.LastName == "" || !r.Applicant.GermanLevel.Valid() || r.Applicant.ConsentAt.IsZero() {
					t.Fatalf("row %d (line %d) has no error but no complete applicant: %+v", i, r.Input.Line, r.Applicant)
				}
				continue
			}
			for field, key := range r.Errors {
				if !strings.Contains(strings.Join(Fields(), " "), field) {
					t.Fatalf("row %d: error on unknown field %q", i, field)
				}
				for _, m := range locales {
					if len(m["applicants.error."+key]) == 0 {
						t.Fatalf("row %d: error key %q of field %s has no translation", i, key, field)
					}
				}
			}
		}
	})
}
