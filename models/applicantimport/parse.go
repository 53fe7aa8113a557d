package applicantimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"treffpunkt/models"
)

// DefaultMaxBytes is the upload limit when the configuration names none:
// 5 MB holds far more than the 10,000 applicants a job centre imports at once.
const DefaultMaxBytes = 5 << 20

// Error is a problem with the whole file; nothing of it is imported. Key is
// the translation key ("applicants.import.error.<key>"); Columns and Line
// fill its message.
type Error struct {
	Key     string
	Columns []string // missing or duplicate columns
	Line    int      // line of a syntax error
	Err     error
}

func (e *Error) Error() string {
	msg := "applicantimport: " + e.Key
	if len(e.Columns) > 0 {
		msg += " " + strings.Join(e.Columns, ", ")
	}
	if e.Line > 0 {
		msg += fmt.Sprintf(" (line %d)", e.Line)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Error keys.
const (
	ErrKeyTooLarge       = "too_large"
	ErrKeyEmpty          = "empty"
	ErrKeyBinary         = "binary"
	ErrKeyEncoding       = "encoding"
	ErrKeyNotCSV         = "not_csv"
	ErrKeyMissingColumns = "missing_columns"
	ErrKeyDuplicateCols  = "duplicate_columns"
	ErrKeyNoRows         = "no_rows"
)

// File is a read CSV file: its rows as typed, and how it was written.
type File struct {
	Encoding  string // "UTF-8" or "Windows-1252"
	Delimiter rune
	Unknown   []string // header cells that name no field; their columns are ignored
	Rows      []Input
}

// headerAliases maps a folded header cell (see foldHeader) to a field. The
// German names are what job centres' spreadsheets use, the English ones are
// the field names of our own export.
func headerAliases() map[string]string {
	aliases := map[string][]string{
		FieldFirstName:      {"vorname", "firstname", "givenname"},
		FieldLastName:       {"nachname", "lastname", "familienname", "surname", "familyname"},
		FieldEmail:          {"email", "emailadresse", "mail", "emailaddress"},
		FieldPhone:          {"telefon", "phone", "telefonnummer", "tel", "mobil", "handy", "phonenumber"},
		FieldLanguage:       {"sprache", "language", "preferredlanguage", "bevorzugtesprache"},
		FieldGermanLevel:    {"deutschniveau", "germanlevel", "sprachniveau", "niveau", "deutsch"},
		FieldDrivingLicence: {"fuehrerschein", "drivinglicence", "drivinglicense"},
		FieldStepFree:       {"barrierefrei", "needsstepfree", "stepfree", "barrierefreiheit"},
		FieldPostcode:       {"plz", "postcode", "postleitzahl", "zip", "postalcode"},
		FieldTown:           {"ort", "town", "wohnort", "city", "stadt"},
		FieldMaxPerDay:      {"maxgespraecheprotag", "maxinterviewsperday", "maxgespraeche", "maxinterviews", "gespraecheprotag"},
		FieldConsentDate:    {"einwilligung", "consentdate", "consent", "einwilligungsdatum", "datumeinwilligung", "consentat"},
		FieldAvailability:   {"verfuegbarkeit", "availability", "verfuegbar", "zeiten"},
		FieldNotes:          {"notizen", "notes", "bemerkung", "bemerkungen", "anmerkungen", "notiz"},
		FieldSharesContact:  {"kontaktweitergabe", "sharescontact", "kontaktfreigabe"},
	}
	out := map[string]string{}
	for field, names := range aliases {
		for _, n := range names {
			out[n] = field
		}
	}
	return out
}

// RequiredFields are the columns an import cannot do without.
func RequiredFields() []string {
	return []string{FieldFirstName, FieldLastName, FieldGermanLevel, FieldConsentDate}
}

// foldHeader makes "Max. Gespräche pro Tag", "max_interviews_per_day" and
// "E-Mail" comparable: lower case, umlauts spelled out, letters and digits
// only.
func foldHeader(s string) string {
	s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ß", "ss").Replace(strings.ToLower(s))
	var b strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Read reads a whole CSV file of at most maxBytes (≤ 0: DefaultMaxBytes).
// The file's problems (size, encoding, syntax, columns) are an *Error; a
// row's problems are left to Validate so that the preview can show every
// row.
func Read(r io.Reader, maxBytes int64) (File, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	raw, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return File{}, fmt.Errorf("applicantimport: read: %w", err)
	}
	if int64(len(raw)) > maxBytes {
		return File{}, &Error{Key: ErrKeyTooLarge}
	}
	text, enc, err := decode(raw)
	if err != nil {
		return File{}, err
	}
	if strings.TrimSpace(text) == "" {
		return File{}, &Error{Key: ErrKeyEmpty}
	}
	f := File{Encoding: enc, Delimiter: sniffDelimiter(text)}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = f.Delimiter
	cr.FieldsPerRecord = -1 // a short row is the row's error, not the file's
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return File{}, syntaxError(err)
	}
	columns, err := mapHeader(header, &f)
	if err != nil {
		return File{}, err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return File{}, syntaxError(err)
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		in := Input{Line: line}
		if len(rec) != len(header) {
			in.Problem = "cell_count"
		}
		for i, cell := range rec {
			if i < len(columns) && columns[i] != nil {
				*columns[i](&in) = cell
			}
		}
		f.Rows = append(f.Rows, in)
	}
	if len(f.Rows) == 0 {
		return File{}, &Error{Key: ErrKeyNoRows}
	}
	return f, nil
}

// decode returns the text of raw: UTF-8 (without BOM) when it is valid
// UTF-8, otherwise Windows-1252, which is what Excel writes on German
// Windows. NUL bytes mean a binary file (or UTF-16): refused, as is text
// that decodes to control characters.
func decode(raw []byte) (string, string, error) {
	if bytes.IndexByte(raw, 0) >= 0 {
		return "", "", &Error{Key: ErrKeyBinary}
	}
	text, enc := "", "UTF-8"
	if utf8.Valid(raw) {
		text = string(bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF")))
	} else {
		b, err := charmap.Windows1252.NewDecoder().Bytes(raw)
		if err != nil {
			return "", "", &Error{Key: ErrKeyEncoding, Err: err}
		}
		text, enc = string(b), "Windows-1252"
	}
	for _, r := range text {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') {
			return "", "", &Error{Key: ErrKeyEncoding}
		}
	}
	return text, enc, nil
}

// sniffDelimiter picks ';', ',' or tab, whichever occurs most often outside
// quotes in the header line. German Excel writes ';' because ',' is the
// decimal separator.
func sniffDelimiter(text string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range text {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (r == '\n' || r == '\r') {
			break
		}
		if !quoted && (r == ';' || r == ',' || r == '\t') {
			counts[r]++
		}
	}
	best := ';'
	for _, r := range []rune{',', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// setter returns the Input field a column fills.
type setter func(*Input) *string

func fieldSetter(field string) setter {
	switch field {
	case FieldFirstName:
		return func(in *Input) *string { return &in.FirstName }
	case FieldLastName:
		return func(in *Input) *string { return &in.LastName }
	case FieldEmail:
		return func(in *Input) *string { return &in.Email }
	case FieldPhone:
		return func(in *Input) *string { return &in.Phone }
	case FieldLanguage:
		return func(in *Input) *string { return &in.Language }
	case FieldGermanLevel:
		return func(in *Input) *string { return &in.GermanLevel }
	case FieldDrivingLicence:
		return func(in *Input) *string { return &in.DrivingLicence }
	case FieldStepFree:
		return func(in *Input) *string { return &in.StepFree }
	case FieldPostcode:
		return func(in *Input) *string { return &in.Postcode }
	case FieldTown:
		return func(in *Input) *string { return &in.Town }
	case FieldMaxPerDay:
		return func(in *Input) *string { return &in.MaxPerDay }
	case FieldConsentDate:
		return func(in *Input) *string { return &in.ConsentDate }
	case FieldAvailability:
		return func(in *Input) *string { return &in.Availability }
	case FieldNotes:
		return func(in *Input) *string { return &in.Notes }
	case FieldSharesContact:
		return func(in *Input) *string { return &in.SharesContact }
	}
	return nil
}

// mapHeader assigns each column its field; unknown columns are noted in
// f.Unknown and ignored.
func mapHeader(header []string, f *File) ([]setter, error) {
	aliases := headerAliases()
	columns := make([]setter, len(header))
	seen := map[string]bool{}
	var dup []string
	for i, cell := range header {
		cell = strings.TrimSpace(cell)
		field, ok := aliases[foldHeader(cell)]
		if !ok {
			if cell != "" {
				f.Unknown = append(f.Unknown, cell)
			}
			continue
		}
		if seen[field] {
			dup = append(dup, field)
			continue
		}
		seen[field] = true
		columns[i] = fieldSetter(field)
	}
	if len(seen) == 0 {
		return nil, &Error{Key: ErrKeyNotCSV}
	}
	if len(dup) > 0 {
		return nil, &Error{Key: ErrKeyDuplicateCols, Columns: dup}
	}
	var missing []string
	for _, field := range RequiredFields() {
		if !seen[field] {
			missing = append(missing, field)
		}
	}
	if len(missing) > 0 {
		return nil, &Error{Key: ErrKeyMissingColumns, Columns: missing}
	}
	return columns, nil
}

func syntaxError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Key: ErrKeyNotCSV, Line: pe.Line, Err: err}
	}
	return &Error{Key: ErrKeyNotCSV, Err: err}
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// Row is one validated row of an import.
type Row struct {
	Input     Input
	Applicant models.Applicant // zero unless the row is valid
	Errors    Errors
}

// Check validates every row (see Validate) and marks duplicate e-mail addresses: a second
// row with the address of an earlier one, and rows whose address taken
// reports as already known (lower-cased keys). It never stops early: the
// preview shows every row's errors at once.
func Check(rows []Input, today time.Time, taken map[string]bool, pc Postcodes) []Row {
	out := make([]Row, len(rows))
	first := map[string]int{}
	for i, in := range rows {
		a, errs := Validate(in, today, pc)
		if errs == nil {
			errs = Errors{}
		}
		if key := strings.ToLower(strings.TrimSpace(in.Email)); key != "" && errs[FieldEmail] == "" {
			if _, dup := first[key]; dup {
				errs[FieldEmail] = "email_duplicate_file"
			} else if taken[key] {
				errs[FieldEmail] = "email_taken"
			} else {
				first[key] = in.Line
			}
		}
		out[i] = Row{Input: in, Applicant: a, Errors: errs}
	}
	return out
}

// Valid reports whether no row has an error.
func Valid(rows []Row) bool {
	for _, r := range rows {
		if len(r.Errors) > 0 {
			return false
		}
	}
	return true
}
