package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// showStatsPage shows the statistics across the job centre's events,
// filtered by period, event kind and employer sector (GET query, so a
// filtered view can be bookmarked). A refused filter value is shown next
// to its field with status 422 and no figures, rather than figures for a
// filter the user did not ask for.
func (h *Handler) showStatsPage(c *fiber.Ctx) error {
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	sectors, err := h.store.EmployerSectors(ctx, user.JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: statistics page: %w", err)
	}
	form, filter, errs := parseStatsFilter(c, sectors)
	page := views.StatsPage{Layout: h.layout(c, "stats"), Filter: form, Errors: errs,
		Kinds:   []models.EventKind{models.EventKindJobFair, models.EventKindSpeedDating, models.EventKindGroupSession},
		Sectors: sectors}
	if len(errs) > 0 {
		page.Invalid = true
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageStats, page)
	}
	st, err := h.store.Statistics(ctx, user.JobCentreID, filter)
	if err != nil {
		return fmt.Errorf("handlers: statistics page: %w", err)
	}
	h.fillStatsPage(&page, st, true)
	return h.render(c, fiber.StatusOK, views.PageStats, page)
}
