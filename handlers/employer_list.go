package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showEmployersPage lists the employers of the user's job centre.
func (h *Handler) showEmployersPage(c *fiber.Ctx) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	employers, err := h.store.ListEmployers(ctx, userOf(c).JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: employers page: %w", err)
	}
	page := views.EmployersPage{Layout: h.layout(c, "employers"), Employers: employers}
	return h.render(c, fiber.StatusOK, views.PageEmployers, page)
}
