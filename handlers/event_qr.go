package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"
)

// qrPixels is the PNG size: large enough to print sharply on an A5 flyer.
const qrPixels = 512

// showEventQR serves the QR code of an event's public registration link
// as a PNG for flyers (staff only: the link itself is public anyway, but
// the event id is not).
func (h *Handler) showEventQR(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	ev, err := h.store.GetEvent(ctx, userOf(c).JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: event qr: %w", err)
	}
	png, err := qrcode.Encode(h.registrationURL(ev.PublicToken), qrcode.Medium, qrPixels)
	if err != nil {
		return fmt.Errorf("handlers: event qr %d: %w", id, err)
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="anmeldung-%d.png"`, id))
	return c.Send(png)
}

// registrationURL is the public registration link of an event.
func (h *Handler) registrationURL(token string) string {
	return h.opts.BaseURL + "/r/" + token
}
