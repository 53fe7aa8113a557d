package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// readyTimeout is short: a load balancer probing /readyz wants a quick no.
const readyTimeout = 2 * time.Second

// showHealth answers whether the process serves at all; it touches nothing
// else, so a database outage does not get the process restarted.
func (h *Handler) showHealth(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.SendString("ok")
}

// showReadiness answers whether the process can do its work, i.e. whether
// the database answers.
func (h *Handler) showReadiness(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), readyTimeout)
	defer cancel()
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	if err := h.store.Ping(ctx); err != nil {
		h.log.Warn("readiness check failed", "request_id", requestIDOf(c), "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable")
	}
	return c.SendString("ready")
}
