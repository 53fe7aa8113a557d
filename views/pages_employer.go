package views

import (
	"html/template"
	"time"

	"treffpunkt/models"
)

// Pages of the employer area, the passwordless login and the waiting list.
const (
	PageEmployerLogin       = "employer_login"
	PageEmployerLoginSent   = "employer_login_sent"
	PageEmployerLoginLink   = "employer_login_link"
	PageEmployerArea        = "employerarea"
	PageEmployerAreaReg     = "employerarea_registration"
	PageEmployerWaitlistOff = "waitlist_offer"
)

// EmployerLoginPage asks for the e-mail address the login link goes to.
type EmployerLoginPage struct {
	Layout
	Email        string
	ErrorKey     string // translation key of a message above the form
	RetryMinutes int
}

// EmployerLoginSentPage is the same answer for known and unknown addresses.
type EmployerLoginSentPage struct {
	Layout
	ValidMinutes int
}

// EmployerLoginLinkPage shows the button that uses a login link, or why the
// link cannot be used (ProblemKey: expired, used or unknown).
type EmployerLoginLinkPage struct {
	Layout
	Token      string
	ProblemKey string
}

// EmployerHeader is the logged-in employer as the area shows them.
type EmployerHeader struct {
	ContactName  string
	EmployerName string
	JobCentre    string
}

// EmployerInterview is one planned interview as the employer sees it: the
// applicant as the job centre's setting allows (models.EmployerView.Show).
type EmployerInterview struct {
	EventTitle string
	Applicant  string
	Vacancy    string
	StartsAt   time.Time
	EndsAt     time.Time
	Status     models.InterviewStatus
	// GermanLevel always; Email and Phone only when shared (else empty).
	GermanLevel models.GermanLevel
	Email       string
	Phone       string
}

// EmployerRegistrationView is one registration with what the area may do.
type EmployerRegistrationView struct {
	models.EmployerRegistration
	Changeable bool // before the deadline and not cancelled
	TableLabel map[int64]string
}

// EmployerWaitlistEvent is an open event the employer may queue for.
type EmployerWaitlistEvent struct {
	Event  models.Event
	Full   bool
	Blocks []models.Block // the job fair's blocks, all taken when Full
}

// EmployerAreaPage is the employer's overview.
type EmployerAreaPage struct {
	Layout
	Employer      EmployerHeader
	Registrations []EmployerRegistrationView
	Interviews    []EmployerInterview
	Waitlist      []models.WaitlistEntry
	OpenEvents    []EmployerWaitlistEvent
	HasFeed       bool
	FeedURL       template.URL // webcal://…, shown once right after the feed was created; built by the handler, not user input

	FeedHTTPSURL string
	Notice       string // translation key of a success message
}

// EmployerRegistrationPage shows one registration with the change form.
type EmployerRegistrationPage struct {
	Layout
	Employer     EmployerHeader
	Registration EmployerRegistrationView
	Vacancies    []models.Vacancy // all of the employer's vacancies, for the checkboxes
	Selected     map[int64]bool
	Parallel     int
	Errors       FieldErrors
}

// WaitlistOfferPage shows the button that takes an offered place, or why
// the offer cannot be taken (ProblemKey).
type WaitlistOfferPage struct {
	Layout
	Token      string
	ProblemKey string
	EventTitle string
	Employer   string
	BlockStart *time.Time
	BlockEnd   *time.Time
	Expires    *time.Time
	Taken      bool // the place was just taken by this employer
}
