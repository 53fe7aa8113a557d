package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showCheckinScanPage is the camera page for a tablet or phone: where the
// browser has the BarcodeDetector API, checkin-scan.js reads the QR code
// from the camera and sends it like the code field; elsewhere the field
// stays, with a hint. Only this page lets the browser ask for the camera.
func (h *Handler) showCheckinScanPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var notice *views.CheckinNotice
	for _, k := range []string{"checked", "already"} {
		if ivID, err := strconv.ParseInt(c.Query(k), 10, 64); err == nil && ivID > 0 {
			if notice, err = h.checkinNotice(c, id, ivID, "checkin.notice."+k); err != nil {
				return err
			}
		}
	}
	return h.renderCheckinScan(c, fiber.StatusOK, id, notice)
}

func (h *Handler) renderCheckinScan(c *fiber.Ctx, status int, eventID int64, notice *views.CheckinNotice) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	event, err := h.store.GetEvent(ctx, userOf(c).JobCentreID, eventID)
	if err != nil {
		return fmt.Errorf("handlers: scan page: %w", err)
	}
	// The app denies the camera everywhere (securityHeaders); the scanner
	// needs it on this one page of our own origin.
	c.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
	return h.render(c, status, views.PageCheckinScan, views.CheckinScanPage{Layout: h.layout(c, "events"), Event: event, Notice: notice})
}
