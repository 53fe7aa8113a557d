package views

import (
	"treffpunkt/models"
	"treffpunkt/models/planning"
)

// PagePlan is the planner page of an event: the form and, after a run, the preview.
const PagePlan = "plan"

// PlanPage shows the planner form of an event and, after a run, the
// proposed plan. Nothing on it is saved until staff apply the plan.
type PlanPage struct {
	Layout
	Event models.Event
	Mode  planning.Mode   // the chosen mode
	Modes []planning.Mode // in the order offered
	Seed  int64
	// Pairs and Applicants say how much is being planned, shown before and after a run.
	Pairs      int
	Applicants int
	Kept       int // pinned or already sent interviews the planner keeps
	Stored     int // interviews of the event in the database now
	// Preview is nil before a run.
	Preview *planning.Preview
	// RuntimeMS is the wall time of the run shown.
	RuntimeMS int64
	// Error is the translation key of a planning failure, e.g. a kept interview that no longer fits.
	Error string
}
