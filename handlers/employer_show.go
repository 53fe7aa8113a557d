package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showEmployerPage shows one employer of the user's job centre.
func (h *Handler) showEmployerPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	employer, err := h.store.GetEmployer(ctx, userOf(c).JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: employer page: %w", err)
	}
	page := views.EmployerPage{Layout: h.layout(c, "employers"), Employer: employer}
	return h.render(c, fiber.StatusOK, views.PageEmployer, page)
}
