// Package export turns interviews and their outcomes into spreadsheet rows
// and writes them as CSV or XLSX, one row at a time, so that an export of
// years of interviews never sits in memory whole. It knows nothing of HTTP
// or the database: the handler feeds it models.ExportRow values from
// Store.EachExportRow and hands it the response writer.
//
// Two variants: Full names applicants and contacts for the job centre's own
// work; Pseudonymised is for reporting and carries no names and no contact
// data, only a stable pseudonym per applicant (HMAC of the applicant's ID),
// German level, language, postcode area, employer sector, outcome and dates.
package export

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"strings"
	"time"

	"treffpunkt/models"
)

// Options say what an export looks like.
type Options struct {
	// Pseudonymised leaves out names and contact data.
	Pseudonymised bool
	// Key is the pseudonym key (see Key); required for Pseudonymised.
	Key []byte
	// Zone is the job centre's zone in which dates and times are written.
	Zone *time.Location
	// Label translates a column key ("col.applicant_last_name") or an
	// enum value ("outcome.internship", "status.attended", "language.uk")
	// into the user's language; nil keeps the keys.
	Label func(key string) string
}

func (o Options) label(key string) string {
	if o.Label == nil {
		return key
	}
	return o.Label(key)
}

// Key derives the pseudonym key from the server secret. A key of its own
// (not the secret itself, and not the key of the applicants' links) means a
// pseudonym reveals nothing about any other use of the secret.
func Key(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("treffpunkt export pseudonym v1"))
	return m.Sum(nil)
}

// Pseudonym is the applicant's stable pseudonym: the same in every export
// made with the same key, so reports can count people across events, but
// without the key nobody can tell who it is or compute it from the ID.
func Pseudonym(key []byte, applicantID int64) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("applicant\x00" + strconv.FormatInt(applicantID, 10)))
	return "P-" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(m.Sum(nil))[:12]
}

// Escape defuses a free-text cell against formula injection (CSV/Excel
// "DDE" attacks, OWASP "CSV Injection"): a spreadsheet treats a cell that
// starts with = + - @ (and, in some programs, tab or carriage return) as a
// formula, so an applicant named "=HYPERLINK(…)" could make staff click a
// link or run a command. A leading apostrophe makes every program take the
// cell as text: Excel hides it when it reads CSV, as when it is typed; in
// XLSX it shows, the price of both formats carrying the same cells, and it
// keeps the cell safe when someone edits it or saves the sheet as CSV
// again (the XLSX cells are strings, never formulas). Every cell whose text came
// from a person (names, titles, sectors, towns, phone numbers, e-mail) goes
// through it, in both formats, so the two files carry the same cells.
func Escape(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// column is one column of a variant: its label key and how a row fills it.
type column struct {
	key  string
	cell func(o Options, r models.ExportRow) any // string (escaped here) or int64
}

func text(f func(r models.ExportRow) string) func(Options, models.ExportRow) any {
	return func(_ Options, r models.ExportRow) any { return Escape(f(r)) }
}

func optText(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func local(o Options, t time.Time) time.Time {
	if o.Zone == nil {
		return t.UTC()
	}
	return t.In(o.Zone)
}

// Columns shared by both variants: when, what, with whom (by sector) and
// what came of it.
var (
	colEvent  = column{"col.event", text(func(r models.ExportRow) string { return r.EventTitle })}
	colDate   = column{"col.date", func(o Options, r models.ExportRow) any { return local(o, r.StartsAt).Format(time.DateOnly) }}
	colStart  = column{"col.start", func(o Options, r models.ExportRow) any { return local(o, r.StartsAt).Format("15:04") }}
	colEnd    = column{"col.end", func(o Options, r models.ExportRow) any { return local(o, r.EndsAt).Format("15:04") }}
	colStatus = column{"col.status", func(o Options, r models.ExportRow) any { return o.label("status." + string(r.Status)) }}
	colLang   = column{"col.language", func(o Options, r models.ExportRow) any {
		if r.ApplicantLanguage == "" {
			return ""
		}
		return o.label("language." + string(r.ApplicantLanguage))
	}}
	colLevel   = column{"col.german_level", text(func(r models.ExportRow) string { return string(r.ApplicantLevel) })}
	colSector  = column{"col.employer_sector", text(func(r models.ExportRow) string { return r.EmployerSector })}
	colVacancy = column{"col.vacancy", text(func(r models.ExportRow) string { return r.VacancyTitle })}
	colOutcome = column{"col.outcome", func(o Options, r models.ExportRow) any {
		if r.OutcomeKind == nil {
			return ""
		}
		return o.label("outcome." + string(*r.OutcomeKind))
	}}
	colOutcomeStart = column{"col.outcome_start", func(_ Options, r models.ExportRow) any {
		if r.OutcomeStartDate == nil {
			return ""
		}
		return r.OutcomeStartDate.Format(time.DateOnly)
	}}
	colOutcomeRecorded = column{"col.outcome_recorded", func(o Options, r models.ExportRow) any {
		if r.OutcomeRecordedAt == nil {
			return ""
		}
		return local(o, *r.OutcomeRecordedAt).Format(time.DateOnly)
	}}
)

func fullColumns() []column {
	return []column{
		{"col.interview_id", func(_ Options, r models.ExportRow) any { return r.InterviewID }},
		colEvent, colDate, colStart, colEnd, colStatus,
		{"col.applicant_first_name", text(func(r models.ExportRow) string { return r.ApplicantFirstName })},
		{"col.applicant_last_name", text(func(r models.ExportRow) string { return r.ApplicantLastName })},
		{"col.applicant_email", text(func(r models.ExportRow) string { return r.ApplicantEmail })},
		{"col.applicant_phone", text(func(r models.ExportRow) string { return r.ApplicantPhone })},
		colLang, colLevel,
		{"col.postcode", text(func(r models.ExportRow) string { return r.ApplicantPostcode })},
		{"col.town", text(func(r models.ExportRow) string { return r.ApplicantTown })},
		{"col.employer", text(func(r models.ExportRow) string { return r.EmployerName })},
		colSector,
		{"col.contact", text(func(r models.ExportRow) string { return optText(r.ContactName) })},
		{"col.contact_email", text(func(r models.ExportRow) string { return optText(r.ContactEmail) })},
		{"col.contact_phone", text(func(r models.ExportRow) string { return optText(r.ContactPhone) })},
		colVacancy, colOutcome, colOutcomeStart, colOutcomeRecorded,
	}
}

// pseudonymisedColumns leave out everything that names or reaches a
// person: applicant and contact names, e-mail, phone, town, full postcode,
// the employer's name (a sole trader's name is a person's name) and the
// interview ID (a key back into the database).
func pseudonymisedColumns() []column {
	return []column{
		{"col.pseudonym", func(o Options, r models.ExportRow) any { return Pseudonym(o.Key, r.ApplicantID) }},
		colEvent, colDate, colStart, colEnd, colStatus, colLang, colLevel,
		{"col.postcode_area", text(func(r models.ExportRow) string { return PostcodeArea(r.ApplicantPostcode) })},
		colSector, colOutcome, colOutcomeStart, colOutcomeRecorded,
	}
}

// PostcodeArea is the first two digits of a German postcode (the
// "Leitregion"): enough for regional statistics, too coarse to find
// anybody. Anything that is not a postcode gives "".
func PostcodeArea(pc string) string {
	pc = strings.TrimSpace(pc)
	if len(pc) < 2 || pc[0] < '0' || pc[0] > '9' || pc[1] < '0' || pc[1] > '9' {
		return ""
	}
	return pc[:2]
}

func (o Options) columns() []column {
	if o.Pseudonymised {
		return pseudonymisedColumns()
	}
	return fullColumns()
}

// Header returns the translated column titles of the variant.
func Header(o Options) []string {
	cols := o.columns()
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = o.label(c.key)
	}
	return out
}

// Row builds the cells of r for the variant: strings (free text escaped)
// and the interview ID as int64. cells is reused when it has room, so a
// writer allocates no slice per row.
func Row(o Options, r models.ExportRow, cells []any) []any {
	cols := o.columns()
	cells = cells[:0]
	for _, c := range cols {
		cells = append(cells, c.cell(o, r))
	}
	return cells
}

// cellText is a cell as CSV writes it.
func cellText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	default:
		return ""
	}
}
