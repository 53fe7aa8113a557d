package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
)

// showOutboxMailFile downloads one mail as the .eml file that is (or was)
// sent: with its HTML part and calendar, which the page does not render.
// It is an attachment, never shown inline, so its HTML cannot run in our
// origin.
func (h *Handler) showOutboxMailFile(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	m, err := h.store.GetOutboxMail(ctx, userOf(c).JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: outbox mail file: %w", err)
	}
	if err := h.auditMailAccess(c, m, "outbox.download"); err != nil {
		return err
	}
	msg, err := outbox.Decode(m)
	if err != nil {
		return fmt.Errorf("handlers: outbox mail file: %w", err)
	}
	data, err := msg.Bytes()
	if err != nil {
		return fmt.Errorf("handlers: outbox mail file %d: %w", m.ID, err)
	}
	c.Set(fiber.HeaderContentType, "message/rfc822")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+mail.FileName(msg)+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(data)
}
