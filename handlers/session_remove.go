package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
)

// removeSession logs out: the session row goes, so the cookie is worthless
// even if a copy survives somewhere.
func (h *Handler) removeSession(c *fiber.Ctx) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	if s := sessionOf(c); s != nil {
		if err := h.store.DeleteSession(ctx, s.ID); err != nil {
			return fmt.Errorf("handlers: logout: %w", err)
		}
	}
	h.clearCookie(c, h.sessionCookieName())
	return c.Redirect("/login", fiber.StatusSeeOther)
}
