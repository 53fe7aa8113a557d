package handlers

import (
	"github.com/gofiber/fiber/v2"

	"treffpunkt/models/planning"
	"treffpunkt/views"
)

// savePlanPreview runs the planner on the event as it is now and shows the
// proposal: planned interviews, unplaced pairs with their reason,
// applicants without an interview and the solver's figures. Nothing is
// saved; applying re-runs the same deterministic solve.
func (h *Handler) savePlanPreview(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	mode, seed, err := planForm(c)
	if err != nil {
		return err
	}
	in, err := h.loadPlan(c, id)
	page := h.planPage(c, in, mode, seed)
	if key := planErrorKey(err); key != "" {
		page.Error = key
		return h.render(c, fiber.StatusConflict, views.PagePlan, page)
	}
	if err != nil {
		return err
	}
	s, err := h.solvePlan(c, in, mode, seed)
	if key := planErrorKey(err); key != "" {
		page.Error = key
		return h.render(c, fiber.StatusConflict, views.PagePlan, page)
	}
	if err != nil {
		return err
	}
	pv := planning.NewPreview(in.problem, s, in.index)
	page.Preview = &pv
	page.RuntimeMS = pv.Stats.RuntimeMS
	h.log.Info("plan previewed", "request_id", requestIDOf(c), "by", userOf(c).ID, "event_id", id, "mode", mode,
		"meetings", len(pv.Planned), "unplaced", len(pv.Unplaced), "runtime_ms", pv.Stats.RuntimeMS)
	return h.render(c, fiber.StatusOK, views.PagePlan, page)
}
