package handlers

import "github.com/gofiber/fiber/v2"

// showHome sends staff to their events and everyone else to the login.
func (h *Handler) showHome(c *fiber.Ctx) error {
	if userOf(c) != nil {
		return c.Redirect("/events", fiber.StatusSeeOther)
	}
	if employerOf(c) != nil {
		return c.Redirect("/employer", fiber.StatusSeeOther)
	}
	return c.Redirect("/login", fiber.StatusSeeOther)
}
