package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// removeSession logs out: the session row goes, so the cookie is worthless
// even if a copy survives somewhere.
func (h *Handler) removeSession(c *fiber.Ctx) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	if s := sessionOf(c); s != nil {
		err := h.store.Transaction(ctx, func(tx *models.Store) error {
			if err := tx.DeleteSession(ctx, s.ID); err != nil {
				return fmt.Errorf("handlers: logout: %w", err)
			}
			return h.auditLogin(ctx, c, tx, *userOf(c), "staff.logout")
		})
		if err != nil {
			return err
		}
	}
	h.clearCookie(c, h.sessionCookieName())
	return c.Redirect("/login", fiber.StatusSeeOther)
}
