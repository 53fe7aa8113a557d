package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/matching"
	"treffpunkt/models/planning"
	"treffpunkt/scheduling"
	"treffpunkt/views"
)

// planTimeLimit is a safety stop: the demo and real event sizes solve in
// milliseconds to a second, and a staff member waits for the page.
const planTimeLimit = 10 * time.Second

// defaultPlanSeed makes the preview and the applied plan the same solve.
const defaultPlanSeed = 1

// planInput is what the planner needs of one event, loaded and built.
type planInput struct {
	data    planning.EventData
	problem *scheduling.Problem
	index   planning.Index
}

// loadPlan loads an event of the user's job centre and builds its problem.
func (h *Handler) loadPlan(c *fiber.Ctx, eventID int64) (planInput, error) {
	ctx, cancel := dbContext(c)
	defer cancel()
	return buildPlan(ctx, h.store, userOf(c).JobCentreID, eventID, h.travel())
}

// buildPlan loads and builds with store, which may be a transaction. A kept
// interview that no longer fits comes back as planning.ErrUnmappedInterview
// with the event data still filled in, so the page can say so.
func buildPlan(ctx context.Context, store *models.Store, jobCentreID, eventID int64, travel matching.Params) (planInput, error) {
	var in planInput
	data, err := planning.Load(ctx, store, jobCentreID, eventID)
	if err != nil {
		return in, fmt.Errorf("handlers: plan: %w", err)
	}
	in.data = data
	params := travel // the configured travel figures (TREFFPUNKT_TRAVEL_*)
	params.MinOverlap = time.Duration(data.Event.SlotMinutes) * time.Minute
	in.problem, in.index, err = planning.BuildProblem(data, params)
	if err != nil {
		return in, fmt.Errorf("handlers: plan event %d: %w", eventID, err)
	}
	return in, nil
}

// planPage fills the parts of the page every planner view shares.
func (h *Handler) planPage(c *fiber.Ctx, in planInput, mode planning.Mode, seed int64) views.PlanPage {
	page := views.PlanPage{Layout: h.layout(c, "events"), Event: in.data.Event, Mode: mode, Seed: seed,
		Modes: []planning.Mode{planning.ModeBestFit, planning.ModeEveryoneFirst}, Stored: len(in.data.Interviews)}
	if in.problem != nil {
		page.Pairs = len(in.problem.Candidates) + len(in.index.Ineligible)
		page.Kept = len(in.problem.FixedMeetings)
		seen := map[string]bool{}
		for _, cand := range in.problem.Candidates {
			seen[cand.ApplicantID] = true
		}
		for _, u := range in.index.Ineligible {
			seen[u.ApplicantID] = true
		}
		page.Applicants = len(seen)
	}
	return page
}

// planErrorKey turns a planning failure staff can fix into its message key.
func planErrorKey(err error) string {
	var fe *scheduling.FixedMeetingError
	switch {
	case errors.Is(err, planning.ErrUnmappedInterview):
		return "plan.error.kept_unmapped"
	case errors.As(err, &fe):
		return "plan.error.fixed_conflict"
	}
	return ""
}

// solvePlan runs the planner with the page's mode and seed.
func (h *Handler) solvePlan(c *fiber.Ctx, in planInput, mode planning.Mode, seed int64) (*scheduling.Schedule, error) {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*planTimeLimit)
	defer cancel()
	return planning.Run(ctx, in.problem, mode, seed, planTimeLimit, h.now)
}

// planForm reads mode and seed from the form; a bad value is a bad request.
func planForm(c *fiber.Ctx) (planning.Mode, int64, error) {
	mode := planning.Mode(c.FormValue("mode", string(planning.ModeBestFit)))
	if !mode.Valid() {
		return mode, 0, newHTTPError(fiber.StatusBadRequest, fmt.Errorf("handlers: plan: mode %q", mode))
	}
	seed, err := strconv.ParseInt(c.FormValue("seed", strconv.Itoa(defaultPlanSeed)), 10, 64)
	if err != nil {
		return mode, 0, newHTTPError(fiber.StatusBadRequest, fmt.Errorf("handlers: plan: seed: %w", err))
	}
	return mode, seed, nil
}

// showPlanPage shows the planner form of an event: how much is to be
// planned and the choice of mode. Nothing runs yet.
func (h *Handler) showPlanPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	in, err := h.loadPlan(c, id)
	page := h.planPage(c, in, planning.ModeBestFit, defaultPlanSeed)
	if key := planErrorKey(err); key != "" {
		page.Error = key
		return h.render(c, fiber.StatusOK, views.PagePlan, page)
	}
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, views.PagePlan, page)
}
