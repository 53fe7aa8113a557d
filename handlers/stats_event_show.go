package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// showEventStatsPage shows the statistics of one event: the same figures
// as across events, without filter and chart over time. Another job
// centre's event is 404 like an unknown one.
func (h *Handler) showEventStatsPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	event, err := h.store.GetEvent(ctx, user.JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: event statistics: %w", err)
	}
	st, err := h.store.Statistics(ctx, user.JobCentreID, models.StatsFilter{EventID: event.ID})
	if err != nil {
		return fmt.Errorf("handlers: event statistics: %w", err)
	}
	page := views.StatsPage{Layout: h.layout(c, "events"), Event: &event}
	h.fillStatsPage(&page, st, false)
	return h.render(c, fiber.StatusOK, views.PageStats, page)
}
