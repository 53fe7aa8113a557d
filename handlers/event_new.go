package handlers

import (
	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// showEventNewPage shows the empty event form with the usual defaults.
func (h *Handler) showEventNewPage(c *fiber.Ctx) error {
	form := views.EventForm{
		Kind: string(models.EventKindJobFair), SlotMinutes: "20", BufferMinutes: "5", Tables: "10",
		Days: []views.EventDayRow{{From: "09:00", To: "15:00"}},
	}
	return h.render(c, fiber.StatusOK, views.PageEventForm, h.eventFormPage(c, 0, form, nil))
}
