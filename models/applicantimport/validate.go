// Package applicantimport turns applicant data as people type it — a form or
// a CSV file from another system — into models.Applicant values, with one
// validator for both so that a field accepted by the form is accepted by the
// import and the other way round. It only parses and validates; saving is
// the store's job (models.Store.CreateApplicants, all-or-nothing).
package applicantimport

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"treffpunkt/models"
	"treffpunkt/models/matching"
)

// Input is one applicant as typed, every field a string: form values or
// CSV cells. It is also what an import keeps while it waits for
// confirmation, so the JSON names are part of the staging format.
type Input struct {
	Line           int    `json:"l,omitempty"` // CSV line number; 0 for the form
	FirstName      string `json:"fn"`
	LastName       string `json:"ln"`
	Email          string `json:"em,omitempty"`
	Phone          string `json:"ph,omitempty"`
	Language       string `json:"la,omitempty"`
	GermanLevel    string `json:"gl"`
	DrivingLicence string `json:"dl,omitempty"`
	StepFree       string `json:"sf,omitempty"`
	Postcode       string `json:"pc,omitempty"`
	Town           string `json:"to,omitempty"`
	MaxPerDay      string `json:"mx,omitempty"`
	ConsentDate    string `json:"cd"`
	Availability   string `json:"av,omitempty"`
	Notes          string `json:"no,omitempty"`
	SharesContact  string `json:"sc,omitempty"`
	Problem        string `json:"pr,omitempty"` // a row-level problem found while reading (e.g. wrong cell count)
}

// Errors maps a field name (as in Fields) to the translation key of its
// message; the views translate "applicants.error.<key>".
type Errors map[string]string

// Field names used in Errors, in form order.
const (
	FieldRow            = "row"
	FieldFirstName      = "first_name"
	FieldLastName       = "last_name"
	FieldEmail          = "email"
	FieldPhone          = "phone"
	FieldLanguage       = "language"
	FieldGermanLevel    = "german_level"
	FieldDrivingLicence = "driving_licence"
	FieldStepFree       = "needs_step_free"
	FieldPostcode       = "postcode"
	FieldTown           = "town"
	FieldMaxPerDay      = "max_interviews_per_day"
	FieldConsentDate    = "consent_date"
	FieldAvailability   = "availability"
	FieldNotes          = "notes"
	FieldSharesContact  = "shares_contact"
)

// Fields returns the field names in form order, for showing errors in a
// stable order.
func Fields() []string {
	return []string{FieldRow, FieldFirstName, FieldLastName, FieldEmail, FieldPhone, FieldLanguage,
		FieldGermanLevel, FieldDrivingLicence, FieldStepFree, FieldPostcode, FieldTown,
		FieldMaxPerDay, FieldConsentDate, FieldAvailability, FieldNotes, FieldSharesContact}
}

// Limits of free text, so a field fits a table cell and a mail header.
const (
	maxName  = 200
	maxEmail = 254
	maxPhone = 40
	maxTown  = 100
	maxNotes = 2000
)

// DefaultMaxPerDay is the interview cap of an applicant who names none.
const DefaultMaxPerDay = 3

var (
	postcodeRE = regexp.MustCompile(`^[0-9]{5}$`) // German postcodes only: the job centres are German
	phoneRE    = regexp.MustCompile(`^\+?[0-9 ()/\-]{3,}$`)
)

// Postcodes knows which German postcodes exist and the towns they serve;
// models/postcode.Table is one.
type Postcodes interface {
	Known(code string) bool
	Towns(code string) []string
}

// Validate checks in and returns the applicant it describes (without
// JobCentreID, ID and Version) or the errors. today is the job centre's
// current day: a consent cannot be dated after it. pc, if not nil, rejects
// postcodes that do not exist and fills in the town of a postcode that
// serves only one.
func Validate(in Input, today time.Time, pc Postcodes) (models.Applicant, Errors) {
	errs := Errors{}
	in = trimmed(in)
	a := models.Applicant{FirstName: in.FirstName, LastName: in.LastName, Email: in.Email, Phone: in.Phone,
		Postcode: in.Postcode, Town: in.Town, Notes: in.Notes}
	if in.Problem != "" {
		errs[FieldRow] = in.Problem
	}
	if in.FirstName == "" {
		errs[FieldFirstName] = "required"
	} else if utf8.RuneCountInString(in.FirstName) > maxName {
		errs[FieldFirstName] = "too_long"
	}
	if in.LastName == "" {
		errs[FieldLastName] = "required"
	} else if utf8.RuneCountInString(in.LastName) > maxName {
		errs[FieldLastName] = "too_long"
	}
	if in.Email != "" {
		addr, err := mail.ParseAddress(in.Email)
		if err != nil || addr.Address != in.Email || len(in.Email) > maxEmail {
			errs[FieldEmail] = "email_invalid"
		}
	}
	if in.Phone != "" && (!phoneRE.MatchString(in.Phone) || len(in.Phone) > maxPhone) {
		errs[FieldPhone] = "phone_invalid"
	}
	if lang, ok := parseLanguage(in.Language); ok {
		a.PreferredLanguage = lang
	} else {
		errs[FieldLanguage] = "language_invalid"
	}
	if level := models.GermanLevel(strings.ToUpper(in.GermanLevel)); level.Valid() {
		a.GermanLevel = level
	} else if in.GermanLevel == "" {
		errs[FieldGermanLevel] = "required"
	} else {
		errs[FieldGermanLevel] = "level_invalid"
	}
	var ok bool
	if a.DrivingLicence, ok = parseBool(in.DrivingLicence); !ok {
		errs[FieldDrivingLicence] = "yes_no"
	}
	if a.NeedsStepFree, ok = parseBool(in.StepFree); !ok {
		errs[FieldStepFree] = "yes_no"
	}
	if a.SharesContact, ok = parseBool(in.SharesContact); !ok {
		errs[FieldSharesContact] = "yes_no"
	}
	switch {
	case in.Postcode == "":
	case !postcodeRE.MatchString(in.Postcode):
		errs[FieldPostcode] = "postcode_invalid"
	case pc != nil && !pc.Known(in.Postcode):
		errs[FieldPostcode] = "postcode_unknown"
	case pc != nil && in.Town == "":
		if towns := pc.Towns(in.Postcode); len(towns) == 1 {
			a.Town = towns[0]
		}
	}
	if utf8.RuneCountInString(in.Town) > maxTown {
		errs[FieldTown] = "too_long"
	}
	a.MaxInterviewsPerDay = DefaultMaxPerDay
	if in.MaxPerDay != "" {
		n, err := strconv.Atoi(in.MaxPerDay)
		if err != nil || n < 1 || n > 10 {
			errs[FieldMaxPerDay] = "max_invalid"
		}
		a.MaxInterviewsPerDay = n
	}
	switch day, err := ParseDate(in.ConsentDate); {
	case in.ConsentDate == "":
		errs[FieldConsentDate] = "required"
	case err != nil:
		errs[FieldConsentDate] = "date_invalid"
	case day.After(today):
		errs[FieldConsentDate] = "date_future"
	default:
		a.ConsentAt = day
	}
	if ds, err := matching.ParseDaily(in.Availability); err != nil {
		errs[FieldAvailability] = "availability_invalid"
	} else {
		a.Availability = matching.FormatDaily(ds)
	}
	if utf8.RuneCountInString(in.Notes) > maxNotes {
		errs[FieldNotes] = "too_long"
	}
	if len(errs) > 0 {
		return models.Applicant{}, errs
	}
	return a, nil
}

func trimmed(in Input) Input {
	for _, p := range []*string{&in.FirstName, &in.LastName, &in.Email, &in.Phone, &in.Language,
		&in.GermanLevel, &in.DrivingLicence, &in.StepFree, &in.Postcode, &in.Town, &in.MaxPerDay,
		&in.ConsentDate, &in.Availability, &in.SharesContact} {
		*p = strings.Join(strings.Fields(*p), " ")
	}
	in.Notes = strings.TrimSpace(in.Notes)
	return in
}

// ParseDate reads a calendar day written the German way (31.12.2026,
// 1.2.2026) or as ISO 8601 (2026-12-31) and returns it as midnight UTC.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"02.01.2006", "2.1.2006", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	_, err := time.Parse("2006-01-02", s)
	return time.Time{}, err
}

// parseBool reads the yes/no spellings found in spreadsheets and forms;
// empty is no.
func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "0", "nein", "no", "n", "false", "falsch", "-":
		return false, true
	case "1", "ja", "yes", "j", "y", "true", "wahr", "x", "on":
		return true, true
	}
	return false, false
}

// parseLanguage reads a language code or its German or English name; empty
// is German, the language of the job centre.
func parseLanguage(s string) (models.Language, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "de", "deutsch", "german":
		return models.LanguageDE, true
	case "en", "englisch", "english":
		return models.LanguageEN, true
	case "uk", "ua", "ukrainisch", "ukrainian", "українська":
		return models.LanguageUK, true
	case "ar", "arabisch", "arabic", "العربية":
		return models.LanguageAR, true
	}
	return "", false
}
