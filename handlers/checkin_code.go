package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// saveCheckinCode checks an applicant in by the code on the printout or the
// personal page: typed, sent by a USB scanner (which types the code and
// Enter) or by the camera page. An unknown code, another event's code or a
// cancelled interview re-renders the page with a clear message; nothing
// changes. The camera page sends from=scan and gets its own page back, so
// the next person can be scanned at once.
func (h *Handler) saveCheckinCode(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	user := userOf(c)
	code := c.FormValue("code")
	fromScan := c.FormValue("from") == "scan"
	ctx, cancel := dbContext(c)
	defer cancel()
	res, err := h.store.CheckInByCode(ctx, user.JobCentreID, id, code,
		models.CheckinActor{StaffID: user.ID, IP: clientIP(c), Via: "code"})
	var key string
	switch {
	case errors.Is(err, models.ErrCheckinUnknown):
		key = "checkin.error.unknown"
	case errors.Is(err, models.ErrCheckinOtherEvent):
		key = "checkin.error.other_event"
	case errors.Is(err, models.ErrCheckinInactive):
		key = "checkin.error.inactive"
	case errors.Is(err, models.ErrConflict):
		key = "checkin.error.conflict" // two devices scanned the same code at once
	case err != nil:
		return fmt.Errorf("handlers: check in by code at event %d: %w", id, err)
	}
	if key != "" {
		h.log.Info("check-in code refused", "request_id", requestIDOf(c), "by", user.ID, "event_id", id, "reason", key)
		notice := &views.CheckinNotice{Key: key, Bad: true, Code: models.NormalizeCheckinCode(code)}
		if fromScan {
			return h.renderCheckinScan(c, fiber.StatusUnprocessableEntity, id, notice)
		}
		return h.renderCheckin(c, fiber.StatusUnprocessableEntity, id, c.FormValue("day"), notice)
	}
	h.log.Info("checked in by code", "request_id", requestIDOf(c), "by", user.ID, "interview_id", res.Interview.ID, "already", res.Already)
	which := "checked"
	if res.Already {
		which = "already"
	}
	target := fmt.Sprintf("/events/%d/checkin?%s=%d", id, which, res.Interview.ID)
	if fromScan {
		target = fmt.Sprintf("/events/%d/checkin/scan?%s=%d", id, which, res.Interview.ID)
	}
	return c.Redirect(target+"#applicant-"+strconv.FormatInt(res.Interview.ApplicantID, 10), fiber.StatusSeeOther)
}
