package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showShortlistIndexPage lists the vacancies an event's employers bring,
// each with how many applicants are shortlisted for it.
func (h *Handler) showShortlistIndexPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	jc := userOf(c).JobCentreID
	ctx, cancel := dbContext(c)
	defer cancel()
	ev, err := h.store.GetEvent(ctx, jc, id)
	if err != nil {
		return fmt.Errorf("handlers: shortlist index: %w", err)
	}
	vacancies, err := h.store.ListEventVacancies(ctx, jc, id)
	if err != nil {
		return fmt.Errorf("handlers: shortlist index: %w", err)
	}
	cands, err := h.store.ListCandidates(ctx, jc, id)
	if err != nil {
		return fmt.Errorf("handlers: shortlist index: %w", err)
	}
	counts := map[int64]int{}
	for _, cand := range cands {
		counts[cand.VacancyID]++
	}
	page := views.ShortlistIndexPage{Layout: h.layout(c, "events"), Event: ev, Vacancies: vacancies, Counts: counts}
	return h.render(c, fiber.StatusOK, views.PageShortlistIndex, page)
}

// showShortlistPage shows the workbench of one vacancy: the shortlist with
// editable scores, eligible suggestions ranked by fit, and ineligible pairs
// with their reasons and an explicit override.
func (h *Handler) showShortlistPage(c *fiber.Ctx) error {
	d, err := h.loadShortlist(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, views.PageShortlist, h.shortlistPage(c, d))
}
