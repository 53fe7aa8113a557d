package views

import (
	"time"

	"treffpunkt/models"
)

// Pages of event editing and the public employer registration.
const (
	PageEventForm          = "event_form"
	PageRegistration       = "registration"
	PageRegistrationClosed = "registration_closed"
	PageRegistrationDone   = "registration_done"
)

// EventDayRow is one day of the event form as typed.
type EventDayRow struct {
	Date string // 2026-04-14
	From string // 09:00
	To   string // 14:00
}

// EventForm is the create/edit form of an event as typed.
type EventForm struct {
	Kind          string
	Title         string
	Description   string
	Days          []EventDayRow
	SlotMinutes   string
	BufferMinutes string
	Deadline      string // datetime-local, e.g. 2026-04-07T18:00
	VenueName     string
	VenueStreet   string
	VenuePostcode string
	VenueTown     string
	VenueStepFree bool
	Tables        string // number of venue tables (job fair)
	Capacity      string // employers at a group session
	Version       int    // the version the edit started from
}

// EventFormPage creates (ID 0) or edits an event.
type EventFormPage struct {
	Layout
	ID       int64
	Form     EventForm
	Errors   FieldErrors
	Kinds    []models.EventKind
	Conflict bool // someone else saved the event meanwhile
}

// EventLinks is what the event page shows about the public registration.
type EventLinks struct {
	RegistrationURL string // BaseURL + /r/ + token
	QRURL           string // staff-only QR image of it
	Open            bool   // registration is possible right now
	SeatsTaken      int
	Notice          string // translation key of the outcome of the last action
	NoticeIsError   bool
}

// VacancyRow is one vacancy of the registration form as typed.
type VacancyRow struct {
	Title            string
	Hours            string // full | part
	HoursPerWeek     string
	MinGermanLevel   string // empty: none
	DrivingLicence   bool
	CandidatesWanted string
	BAReference      string
}

// WindowRow is one time window of the registration form: the day is fixed
// by the event, the employer types the hours.
type WindowRow struct {
	Day  string // 2026-04-14, one of the event days
	From string
	To   string
}

// RegistrationForm is the public registration form as typed.
type RegistrationForm struct {
	Company   string
	Contact   string
	Email     string
	Phone     string
	Street    string
	Postcode  string
	Town      string
	StepFree  bool
	Vacancies []VacancyRow
	Windows   []WindowRow
	Parallel  string
	Blocks    map[string]bool // Block.Key() → ticked
}

// RegistrationDay is an event day as the registration page lists it.
type RegistrationDay struct {
	Value    string // 2026-04-14, the value of the window rows' day field
	StartsAt time.Time
	EndsAt   time.Time
}

// RegistrationPage is the public registration form of an event.
type RegistrationPage struct {
	Layout
	Token     string
	Event     models.Event
	JobCentre models.JobCentre
	Form      RegistrationForm
	Errors    FieldErrors
	Days      []RegistrationDay
	Blocks    []models.Block // job fairs: tables × time blocks
	SeatsLeft int            // group sessions
	Levels    []models.GermanLevel
	Taken     bool // the booking went to someone else a moment ago
	Duplicate bool // this e-mail address is already registered
}

// RegistrationClosedPage says that an event takes no registrations and how
// to reach the job centre.
type RegistrationClosedPage struct {
	Layout
	Event     models.Event
	JobCentre models.JobCentre
}

// RegistrationDonePage thanks the employer after a registration.
type RegistrationDonePage struct {
	Layout
	Event     models.Event
	JobCentre models.JobCentre
}

// InputView is one text field for the "input" template of the event and
// registration pages.
type InputView struct {
	Name     string // form name and id
	Label    string // translation key
	Hint     string // translation key; empty for none
	Value    string
	Type     string // text, email, tel, number, date, time, datetime-local
	Required bool
	Error    *FieldError
	Extra    string // autocomplete token
}

func input(errs FieldErrors, area, name, value, typ string, required bool) InputView {
	return InputView{Name: name, Label: area + ".field." + fieldKey(name), Value: value, Type: typ,
		Required: required, Error: errs.For(name)}
}

// fieldKey drops the row prefix of repeated fields ("v2_title" → "title",
// "d0_from" → "from"), so all rows share one label key.
func fieldKey(name string) string {
	if len(name) > 2 && (name[0] == 'v' || name[0] == 'd' || name[0] == 'w') {
		for i := 1; i < len(name); i++ {
			if name[i] == '_' {
				if i > 1 {
					return name[i+1:]
				}
				break
			}
			if name[i] < '0' || name[i] > '9' {
				break
			}
		}
	}
	return name
}

// Input describes a field of the event form.
func (p EventFormPage) Input(name, value, typ string, required bool) InputView {
	return input(p.Errors, "events", name, value, typ, required)
}

// Input describes a field of the registration form.
func (p RegistrationPage) Input(name, value, typ string, required bool) InputView {
	return input(p.Errors, "registration", name, value, typ, required)
}

// Ticked reports whether the block with key was ticked in the form.
func (f RegistrationForm) Ticked(key string) bool { return f.Blocks[key] }

// Num counts rows from one for headings ("Vacancy 1").
func (RegistrationPage) Num(i int) int { return i + 1 }
