package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showStaffUserPage shows one staff user of the admin's job centre.
func (h *Handler) showStaffUserPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	user, err := h.store.GetStaffUser(ctx, userOf(c).JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: staff user page: %w", err)
	}
	page := views.StaffUserPage{Layout: h.layout(c, "staff"), User: user}
	return h.render(c, fiber.StatusOK, views.PageStaffUser, page)
}
