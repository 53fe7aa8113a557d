package views

import (
	"time"

	"treffpunkt/models"
)

// PageFreed lists an event's freed slots with the proposed replacements.
const PageFreed = "freed"

// FreedPage shows the slots that declined or cancelled interviews left
// free, each with the best replacement, the alternatives and why the
// other shortlisted applicants cannot take it.
type FreedPage struct {
	Layout
	Event models.Event
	Slots []FreedSlot
	// Published: a newcomer is invited at once (mails queued), not only planned.
	Published bool
	// Notice is the translation key of the success message after accepting.
	Notice string
	// Error is the translation key of a failure; ErrorSlot the slot it concerns (0: the page).
	Error     string
	ErrorSlot int64
}

// FreedSlot is one free slot: the interview that freed it and the choices.
type FreedSlot struct {
	InterviewID int64 // the declined or cancelled interview
	Version     int   // its version, so a changed interview refuses the acceptance
	Start, End  time.Time
	Table       string
	Employer    string
	Vacancy     string
	Freed       string // who declined or was cancelled
	Status      models.InterviewStatus
	Proposals   []FreedProposal // best first
	Rejected    []FreedRejection
}

// FreedProposal is a shortlisted applicant who can take the slot.
type FreedProposal struct {
	CandidateID int64
	Applicant   string
	Vacancy     string
	Score       int
	Interviews  int // interviews the applicant already has at this event
}

// FreedRejection is a shortlisted applicant who cannot take the slot.
type FreedRejection struct {
	Applicant string
	Vacancy   string
	ReasonKey string // translation key of the reason
}
