package views

import (
	"time"

	"treffpunkt/models"
)

// PageOutcomeLink is the employer's outcome page opened from the mail.
const PageOutcomeLink = "outcome_link"

// OutcomeLinkPage shows one interview and the outcome choices, the outcome
// just recorded (Saved), or why the link does not work (ProblemKey).
type OutcomeLinkPage struct {
	Layout
	Token      string
	ProblemKey string
	EventTitle string
	Employer   string
	Applicant  string // as the job centre lets employers see it (models.EmployerView.Show)
	Vacancy    string
	Start, End time.Time // in the job centre's zone
	Kinds      []models.OutcomeKind
	Selected   models.OutcomeKind // pre-selected choice: ?kind=… or the recorded one
	StartDate  string             // yyyy-mm-dd as typed or recorded
	MinDate    string             // the interview's date: no start before it
	Recorded   *models.Outcome
	Saved      bool
	ErrorKey   string

	// GermanLevel always; Email and Phone only when shared (else empty).
	GermanLevel models.GermanLevel
	Email       string
	Phone       string
}

// PageEventOutcomes is the staff list of an event's interviews with their
// outcomes, a form per interview and the history.
const PageEventOutcomes = "event_outcomes"

// EventOutcomesPage lists the event's interviews for recording outcomes.
type EventOutcomesPage struct {
	Layout
	Event models.Event
	Kinds []models.OutcomeKind
	Rows  []OutcomeRow
	Saved int64 // interview whose outcome was just saved
}

// OutcomeRow is one interview on the staff outcome page.
type OutcomeRow struct {
	InterviewID int64
	Start, End  time.Time // in the job centre's zone
	Applicant   string
	Employer    string
	Vacancy     string
	Status      models.InterviewStatus
	Outcome     *models.Outcome
	Selected    models.OutcomeKind
	StartDate   string // yyyy-mm-dd
	MinDate     string
	History     []OutcomeHistoryRow
	ErrorKey    string
}

// OutcomeHistoryRow is one change: who, when, the previous and new value.
type OutcomeHistoryRow struct {
	When          time.Time
	ActorKind     models.ActorKind
	Who           string             // name of the staff user or employer contact, if known
	Previous      models.OutcomeKind // "" for the first recording
	PreviousStart *time.Time
	New           models.OutcomeKind
	NewStart      *time.Time
}
