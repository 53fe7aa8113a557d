package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// updateCheckinAttendance marks one interview arrived or no-show, or undoes
// the mark, with the version the list showed: when someone else changed the
// interview meanwhile (another tablet at the door), the list is shown again
// with a message and nothing changes.
func (h *Handler) updateCheckinAttendance(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ivID, err := strconv.ParseInt(c.Params("interview"), 10, 64)
	if err != nil || ivID <= 0 {
		return fmt.Errorf("handlers: interview %q: %w", c.Params("interview"), models.ErrNotFound)
	}
	mark := models.Attendance(c.FormValue("mark"))
	version, verr := strconv.Atoi(c.FormValue("version"))
	if !mark.Valid() || verr != nil {
		return fiber.NewError(fiber.StatusBadRequest, "unknown attendance mark or version")
	}
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	iv, err := h.store.SetAttendance(ctx, user.JobCentreID, id, ivID, version, mark,
		models.CheckinActor{StaffID: user.ID, IP: clientIP(c), Via: "list"})
	var key string
	switch {
	case errors.Is(err, models.ErrConflict):
		key = "checkin.error.conflict"
	case errors.Is(err, models.ErrCheckinInactive):
		key = "checkin.error.inactive"
	case err != nil:
		return fmt.Errorf("handlers: attendance of interview %d: %w", ivID, err)
	}
	if key != "" {
		return h.renderCheckin(c, fiber.StatusConflict, id, c.FormValue("day"), &views.CheckinNotice{Key: key, Bad: true})
	}
	h.log.Info("attendance marked", "request_id", requestIDOf(c), "by", user.ID, "interview_id", iv.ID, "mark", mark)
	day := c.FormValue("day")
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		day = "" // only a date goes back into the URL; the list then picks the day itself
	}
	return c.Redirect(fmt.Sprintf("/events/%d/checkin?day=%s&marked=%d#applicant-%d", id, day, iv.ID, iv.ApplicantID),
		fiber.StatusSeeOther)
}
