package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showEventEditPage shows the event form filled with the stored event; the
// form carries the version it was read at.
func (h *Handler) showEventEditPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	ev, err := h.store.GetEvent(ctx, userOf(c).JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: edit event: %w", err)
	}
	return h.render(c, fiber.StatusOK, views.PageEventForm, h.eventFormPage(c, id, eventForm(ev, staffZone(c)), nil))
}
