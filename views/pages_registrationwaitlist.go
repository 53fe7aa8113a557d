package views

import "treffpunkt/models"

// PageRegistrationWaitlistDone confirms a place on the waiting list taken
// from the public registration page.
const PageRegistrationWaitlistDone = "registration_waitlist_done"

// RegistrationWaitlistDonePage tells a new employer that it waits, and at
// which place of the queue.
type RegistrationWaitlistDonePage struct {
	Layout
	Event     models.Event
	JobCentre models.JobCentre
	Position  int // 0: unknown (the page was opened without it)
}

// WaitlistOffered reports whether the registration page offers the waiting
// list: the booking was just taken, the seats of the event are gone, or
// every block of the job fair is booked.
func (p RegistrationPage) WaitlistOffered() bool {
	if p.Taken {
		return true
	}
	if p.Event.Kind == models.EventKindGroupSession && p.Event.Capacity != nil && p.SeatsLeft == 0 {
		return true
	}
	if p.Event.Kind != models.EventKindJobFair || len(p.Blocks) == 0 {
		return false
	}
	for _, b := range p.Blocks {
		if !b.Taken {
			return false
		}
	}
	return true
}
