package views

import (
	"time"

	"treffpunkt/models"
	"treffpunkt/models/planning"
)

// PageBoard is the planning board of an event: tables × time.
const PageBoard = "board"

// BoardPage shows an event's plan as a grid and, for the selected
// interview or empty slot, the forms to move, pin, remove or add.
type BoardPage struct {
	Layout
	Event models.Event
	Board planning.Board
	// Selected is the interview whose panel is open; nil when none is.
	Selected *planning.BoardBlock
	// Form is what the open forms show: the stored values, or the input
	// of a refused change so staff can correct it.
	Form BoardForm
	// Refused are the rules a refused change would break.
	Refused []planning.BoardRule
	// Error is the translation key of a failure that is not a rule, e.g. a stale plan version.
	Error string
	// Notice is the translation key of the success message after a change.
	Notice string
	// Enhanced is set when htmx asked for the page (HX-Request): it swaps
	// the board in place, so the message gets autofocus to tell keyboard
	// and screen reader users what happened. A full page load keeps its
	// #panel jump instead.
	Enhanced bool
}

// BoardForm is the input of the move and add forms.
type BoardForm struct {
	InterviewID int64
	CandidateID int64
	Row         string
	Start       time.Time
}
