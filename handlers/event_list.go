package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showEventsPage lists the events of the user's job centre.
func (h *Handler) showEventsPage(c *fiber.Ctx) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	user := userOf(c)
	events, err := h.store.ListEvents(ctx, user.JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: events page: %w", err)
	}
	return h.render(c, fiber.StatusOK, views.PageEvents, views.EventsPage{Layout: h.layout(c, "events"), Events: events})
}
