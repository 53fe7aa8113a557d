package applicantimport

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"treffpunkt/models"
)

var today = time.Date(2026, 3, 25, 0, 0, 0, 0, time.UTC)

const header = "Vorname;Nachname;E-Mail;Deutschniveau;PLZ;Einwilligung;Verfügbarkeit\n"

func win1252(t *testing.T, s string) string {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		csv       string
		max       int64
		wantKey   string   // file error expected
		wantCols  []string // columns named in the error
		wantEnc   string
		wantDelim rune
		wantRows  int
		first     Input // compared field by field when set
	}{
		{name: "utf8 with BOM and umlauts", csv: "\xEF\xBB\xBF" + header + "Jürgen;Öztürk;j@x.de;B1;92224;31.12.2025;08:30-13:30\n",
			wantEnc: "UTF-8", wantDelim: ';', wantRows: 1,
			first: Input{Line: 2, FirstName: "Jürgen", LastName: "Öztürk", Email: "j@x.de", GermanLevel: "B1", Postcode: "92224", ConsentDate: "31.12.2025", Availability: "08:30-13:30"}},
		{name: "windows-1252 umlauts", csv: "", wantEnc: "Windows-1252", wantDelim: ';', wantRows: 1,
			first: Input{Line: 2, FirstName: "Jürgen", LastName: "Weiß", Email: "j@x.de", GermanLevel: "B1", Postcode: "92224", ConsentDate: "31.12.2025"}},
		{name: "english header with commas", csv: "first_name,last_name,email,german_level,consent_date,driving_licence\nOlena,Koval,o@x.de,b2,2026-01-15,yes\n",
			wantEnc: "UTF-8", wantDelim: ',', wantRows: 1,
			first: Input{Line: 2, FirstName: "Olena", LastName: "Koval", Email: "o@x.de", GermanLevel: "b2", ConsentDate: "2026-01-15", DrivingLicence: "yes"}},
		{name: "quoted availability with delimiter", csv: header + "A;B;;A2;;1.2.2026;\"08:00-12:00; 14:00-16:00\"\n",
			wantEnc: "UTF-8", wantDelim: ';', wantRows: 1,
			first: Input{Line: 2, FirstName: "A", LastName: "B", GermanLevel: "A2", ConsentDate: "1.2.2026", Availability: "08:00-12:00; 14:00-16:00"}},
		{name: "blank lines skipped", csv: header + "\n;;;;;;\nA;B;;A2;;1.2.2026;\n", wantEnc: "UTF-8", wantDelim: ';', wantRows: 1},
		{name: "missing columns", csv: "Vorname;E-Mail\nA;a@x.de\n", wantKey: ErrKeyMissingColumns, wantCols: []string{FieldLastName, FieldGermanLevel, FieldConsentDate}},
		{name: "duplicate columns", csv: "Vorname;first_name;Nachname;Deutschniveau;Einwilligung\nA;A;B;B1;1.1.2026\n", wantKey: ErrKeyDuplicateCols, wantCols: []string{FieldFirstName}},
		{name: "not a csv", csv: "<html><body>Hallo</body></html>\n", wantKey: ErrKeyNotCSV},
		{name: "binary", csv: "PK\x03\x04\x00\x00binary", wantKey: ErrKeyBinary},
		{name: "utf-16", csv: "\xFF\xFEV\x00o\x00", wantKey: ErrKeyBinary},
		{name: "control characters", csv: "Vorname;Nachname\x01\n", wantKey: ErrKeyEncoding},
		{name: "too large", csv: header + strings.Repeat("A;B;;B1;;1.1.2026;\n", 100), max: 200, wantKey: ErrKeyTooLarge},
		{name: "empty", csv: "\xEF\xBB\xBF \n", wantKey: ErrKeyEmpty},
		{name: "header only", csv: header, wantKey: ErrKeyNoRows},
		{name: "bare quote", csv: header + "A;B\"x;;B1;;1.1.2026;\n", wantKey: ErrKeyNotCSV},
		{name: "short row kept with problem", csv: header + "A;B;;B1\n", wantEnc: "UTF-8", wantDelim: ';', wantRows: 1,
			first: Input{Line: 2, FirstName: "A", LastName: "B", GermanLevel: "B1", Problem: "cell_count"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			csv := tc.csv
			if tc.name == "windows-1252 umlauts" {
				csv = win1252(t, header+"Jürgen;Weiß;j@x.de;B1;92224;31.12.2025;\n")
			}
			f, err := Read(strings.NewReader(csv), tc.max)
			if tc.wantKey != "" {
				var fe *Error
				if !errors.As(err, &fe) || fe.Key != tc.wantKey {
					t.Fatalf("Read error = %v, want key %s", err, tc.wantKey)
				}
				if strings.Join(fe.Columns, ",") != strings.Join(tc.wantCols, ",") {
					t.Errorf("columns = %v, want %v", fe.Columns, tc.wantCols)
				}
				return
			}
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if f.Encoding != tc.wantEnc || f.Delimiter != tc.wantDelim || len(f.Rows) != tc.wantRows {
				t.Fatalf("Read = encoding %s, delimiter %q, %d rows; want %s, %q, %d", f.Encoding, f.Delimiter, len(f.Rows), tc.wantEnc, tc.wantDelim, tc.wantRows)
			}
			if tc.first != (Input{}) && f.Rows[0] != tc.first {
				t.Errorf("first row = %+v\nwant %+v", f.Rows[0], tc.first)
			}
		})
	}
}

func TestReadUnknownColumns(t *testing.T) {
	t.Parallel()
	f, err := Read(strings.NewReader("Vorname;Nachname;Deutschniveau;Einwilligung;Staatsangehörigkeit\nA;B;B1;1.1.2026;X\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Unknown) != 1 || f.Unknown[0] != "Staatsangehörigkeit" {
		t.Errorf("Unknown = %v", f.Unknown)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	valid := Input{FirstName: " Olena ", LastName: "Koval", Email: "olena@x.de", GermanLevel: "b1", ConsentDate: "31.12.2025",
		Language: "Ukrainisch", DrivingLicence: "ja", StepFree: "", Postcode: "92224", MaxPerDay: "2", Availability: "8-12 und 14:00-16:00"}
	a, errs := Validate(valid, today, nil)
	if errs != nil {
		t.Fatalf("Validate(valid) errors = %v", errs)
	}
	want := models.Applicant{FirstName: "Olena", LastName: "Koval", Email: "olena@x.de", GermanLevel: models.GermanB1,
		PreferredLanguage: models.LanguageUK, DrivingLicence: true, Postcode: "92224", MaxInterviewsPerDay: 2,
		ConsentAt: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), Availability: "08:00-12:00, 14:00-16:00"}
	if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", want) {
		t.Errorf("Validate = %+v\nwant %+v", a, want)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Input)
		field string
		code  string
	}{
		{"first name missing", func(in *Input) { in.FirstName = "  " }, FieldFirstName, "required"},
		{"last name too long", func(in *Input) { in.LastName = strings.Repeat("ä", 201) }, FieldLastName, "too_long"},
		{"bad e-mail", func(in *Input) { in.Email = "olena at x.de" }, FieldEmail, "email_invalid"},
		{"e-mail with name", func(in *Input) { in.Email = "Olena <o@x.de>" }, FieldEmail, "email_invalid"},
		{"bad phone", func(in *Input) { in.Phone = "call me" }, FieldPhone, "phone_invalid"},
		{"unknown language", func(in *Input) { in.Language = "fr" }, FieldLanguage, "language_invalid"},
		{"level missing", func(in *Input) { in.GermanLevel = "" }, FieldGermanLevel, "required"},
		{"level unknown", func(in *Input) { in.GermanLevel = "B3" }, FieldGermanLevel, "level_invalid"},
		{"licence not yes/no", func(in *Input) { in.DrivingLicence = "vielleicht" }, FieldDrivingLicence, "yes_no"},
		{"postcode short", func(in *Input) { in.Postcode = "9222" }, FieldPostcode, "postcode_invalid"},
		{"max zero", func(in *Input) { in.MaxPerDay = "0" }, FieldMaxPerDay, "max_invalid"},
		{"max text", func(in *Input) { in.MaxPerDay = "zwei" }, FieldMaxPerDay, "max_invalid"},
		{"consent missing", func(in *Input) { in.ConsentDate = "" }, FieldConsentDate, "required"},
		{"consent 31.02.", func(in *Input) { in.ConsentDate = "31.02.2026" }, FieldConsentDate, "date_invalid"},
		{"consent US format", func(in *Input) { in.ConsentDate = "12/31/2025" }, FieldConsentDate, "date_invalid"},
		{"consent in the future", func(in *Input) { in.ConsentDate = "2026-03-26" }, FieldConsentDate, "date_future"},
		{"availability backwards", func(in *Input) { in.Availability = "13:30-08:30" }, FieldAvailability, "availability_invalid"},
		{"availability text", func(in *Input) { in.Availability = "vormittags" }, FieldAvailability, "availability_invalid"},
		{"row problem", func(in *Input) { in.Problem = "cell_count" }, FieldRow, "cell_count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := valid
			tc.edit(&in)
			_, errs := Validate(in, today, nil)
			if errs[tc.field] != tc.code || len(errs) != 1 {
				t.Errorf("errors = %v, want only %s=%s", errs, tc.field, tc.code)
			}
		})
	}
	for _, iso := range []string{"2026-03-25", "25.03.2026", "5.3.2026"} {
		if _, errs := Validate(Input{FirstName: "A", LastName: "B", GermanLevel: "A1", ConsentDate: iso}, today, nil); errs != nil {
			t.Errorf("consent %s: %v", iso, errs)
		}
	}
}

func TestCheckDuplicateEmails(t *testing.T) {
	t.Parallel()
	row := func(line int, email string) Input {
		return Input{Line: line, FirstName: "A", LastName: "B", GermanLevel: "B1", ConsentDate: "1.1.2026", Email: email}
	}
	rows := Check([]Input{row(2, "a@x.de"), row(3, "A@X.de"), row(4, "known@x.de"), row(5, ""), row(6, "")},
		today, map[string]bool{"known@x.de": true}, nil)
	want := []string{"", "email_duplicate_file", "email_taken", "", ""}
	for i, r := range rows {
		if r.Errors[FieldEmail] != want[i] {
			t.Errorf("row %d e-mail error = %q, want %q", r.Input.Line, r.Errors[FieldEmail], want[i])
		}
	}
	if Valid(rows) {
		t.Error("Valid = true with duplicate rows")
	}
	if !Valid(rows[3:]) {
		t.Errorf("Valid = false for rows without problems: %+v", rows[3:])
	}
}

// csvRows builds a file of n valid rows with distinct e-mail addresses.
func csvRows(n int) string {
	var b strings.Builder
	b.WriteString(header)
	for i := range n {
		fmt.Fprintf(&b, "Person%d;Müller-%d;p%d@mail.example;B1;92224;15.01.2026;08:30-13:30\n", i, i, i)
	}
	return b.String()
}

func TestTenThousandRows(t *testing.T) {
	t.Parallel()
	f, err := Read(strings.NewReader(csvRows(10000)), 0)
	if err != nil {
		t.Fatal(err)
	}
	rows := Check(f.Rows, today, nil, nil)
	if len(rows) != 10000 || !Valid(rows) {
		t.Fatalf("%d rows, valid %v", len(rows), Valid(rows))
	}
	if rows[9999].Applicant.LastName != "Müller-9999" || rows[9999].Input.Line != 10001 {
		t.Errorf("last row = %+v", rows[9999])
	}
}

// BenchmarkImport10000 measures reading and validating a file of 10,000
// applicants, the largest import job centres report.
func BenchmarkImport10000(b *testing.B) {
	data := csvRows(10000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		f, err := Read(strings.NewReader(data), 0)
		if err != nil {
			b.Fatal(err)
		}
		if rows := Check(f.Rows, today, nil, nil); !Valid(rows) {
			b.Fatal("invalid rows")
		}
	}
}

// fakePostcodes is a postcode table of two entries.
type fakePostcodes map[string][]string

func (f fakePostcodes) Known(code string) bool     { _, ok := f[code]; return ok }
func (f fakePostcodes) Towns(code string) []string { return f[code] }

func TestValidatePostcodes(t *testing.T) {
	t.Parallel()
	pc := fakePostcodes{"92224": {"Amberg"}, "71522": {"Backnang", "Burgstetten"}}
	for _, tc := range []struct {
		postcode, town string
		wantTown       string
		wantErr        string
	}{
		{"92224", "", "Amberg", ""},             // one town: filled in
		{"92224", "Ammerthal", "Ammerthal", ""}, // typed town wins
		{"71522", "", "", ""},                   // two towns: staff must choose
		{"00000", "", "", "postcode_unknown"},
		{"", "", "", ""},
	} {
		in := Input{FirstName: "A", LastName: "B", GermanLevel: "B1", ConsentDate: "1.1.2026", Postcode: tc.postcode, Town: tc.town}
		a, errs := Validate(in, today, pc)
		if errs[FieldPostcode] != tc.wantErr || a.Town != tc.wantTown {
			t.Errorf("postcode %q town %q: town %q errors %v; want town %q error %q", tc.postcode, tc.town, a.Town, errs, tc.wantTown, tc.wantErr)
		}
	}
}
