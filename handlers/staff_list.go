package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showStaffPage lists the staff users of the admin's job centre.
func (h *Handler) showStaffPage(c *fiber.Ctx) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	users, err := h.store.ListStaffUsers(ctx, userOf(c).JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: staff page: %w", err)
	}
	page := views.StaffPage{Layout: h.layout(c, "staff"), Staff: users, Created: c.Query("created") == "1"}
	return h.render(c, fiber.StatusOK, views.PageStaff, page)
}
