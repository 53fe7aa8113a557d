package views

import "treffpunkt/models"

// Page names, one per template file; handlers pass them to Renderer.Render.
const (
	PageLogin      = "login"
	PageError      = "error"
	PageEvents     = "events"
	PageEvent      = "event"
	PageEmployers  = "employers"
	PageEmployer   = "employer"
	PageApplicants = "applicants"
	PageApplicant  = "applicant"
	PageStaff      = "staff"
	PageStaffNew   = "staff_new"
	PageStaffUser  = "staff_user"
)

// Layout is what every page shares: the frame around the content. Handlers
// fill it through one helper, so each page struct only adds its own data.
// Field names are chosen not to collide with page fields (Languages, User),
// which would shadow them in templates.
type Layout struct {
	Lang          string
	Dir           string // "ltr" or "rtl", for the dir attribute
	Path          string // current path without query, for the language links
	Nav           string // active navigation item: "events", "employers", …
	CSRF          string
	RequestID     string
	Version       string
	LanguageLinks []LanguageLink
	Viewer        *CurrentUser // the logged-in user; nil when nobody is logged in
}

// LanguageLink is one entry of the language switch.
type LanguageLink struct {
	Code    string
	Name    string // the language's own name, e.g. "Deutsch"
	Current bool
}

// CurrentUser is the logged-in staff user as the header shows them.
type CurrentUser struct {
	Name          string
	JobCentreName string
	IsAdmin       bool
}

// FieldErrors maps a form field name to the translation key of its message.
type FieldErrors map[string]string

// FieldError is one message next to a field; ID is the field's id.
type FieldError struct {
	ID  string
	Key string
}

// Has reports whether field has an error.
func (e FieldErrors) Has(field string) bool { _, ok := e[field]; return ok }

// For returns the error of field, or nil, for the "fielderror" partial.
func (e FieldErrors) For(field string) *FieldError {
	key, ok := e[field]
	if !ok {
		return nil
	}
	return &FieldError{ID: field, Key: key}
}

// LoginPage is the staff login form.
type LoginPage struct {
	Layout
	Email        string // kept after a failed try
	ErrorKey     string // translation key of the generic failure message
	RetryMinutes int    // for the "too many attempts" message
}

// ErrorPage shows a failure without internals; RequestID (in Layout) lets
// support find the log entry.
type ErrorPage struct {
	Layout
	Status     int
	TitleKey   string
	MessageKey string
}

// EventsPage lists the job centre's events.
type EventsPage struct {
	Layout
	Events []models.Event
}

// EventPage shows one event with its registrations and counts.
type EventPage struct {
	Layout
	Event  models.Event
	Counts models.EventCounts
	Links  EventLinks // public registration link and actions (pages_events.go)
	// FreedSlots counts declined or cancelled slots still free (freed page).
	FreedSlots int
}

// EmployersPage lists the job centre's employers.
type EmployersPage struct {
	Layout
	Employers []models.Employer
}

// EmployerPage shows one employer with sites, contacts and vacancies.
type EmployerPage struct {
	Layout
	Employer models.Employer
}

// ApplicantFilterForm is the search form as typed, kept for redisplay.
type ApplicantFilterForm struct {
	Name     string
	Level    string
	Language string
	Postcode string
}

// ApplicantsPage is the applicant search.
type ApplicantsPage struct {
	Layout
	Filter     ApplicantFilterForm
	Levels     []models.GermanLevel
	Languages  []models.Language
	Applicants []models.Applicant
	Imported   int // applicants just imported from a CSV file
}

// ApplicantPage shows one applicant.
type ApplicantPage struct {
	Layout
	Applicant models.Applicant
	Saved     bool // the applicant was just added or edited
}

// StaffPage lists the staff users of the job centre (admins only).
type StaffPage struct {
	Layout
	Staff   []models.StaffUser
	Created bool // a user was just added
}

// StaffForm is the new-staff form as typed; the password is never echoed.
type StaffForm struct {
	Name   string
	Email  string
	Role   string
	Locale string
}

// StaffNewPage is the form to add a staff user.
type StaffNewPage struct {
	Layout
	Form        StaffForm
	Errors      FieldErrors
	Roles       []models.Role
	Locales     []models.Locale
	MinPassword int
}

// StaffUserPage shows one staff user (admins only).
type StaffUserPage struct {
	Layout
	User models.StaffUser
}
