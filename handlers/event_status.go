package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// updateEventStatus opens an event for registration (from draft or closed)
// or closes it (from open). Later steps of the life cycle belong to
// planning and publishing, so they are refused here.
func (h *Handler) updateEventStatus(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	// Load (scoped) before reading the form: another job centre's event is
	// a 404 whatever the form says.
	ev, err := h.store.GetEvent(ctx, user.JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: event status: %w", err)
	}
	version, err := strconv.Atoi(c.FormValue("version"))
	if err != nil {
		return newHTTPError(fiber.StatusBadRequest, fmt.Errorf("handlers: event status: version %q", c.FormValue("version")))
	}
	target := models.EventStatus(c.FormValue("status"))
	allowed := (target == models.EventOpen && (ev.Status == models.EventDraft || ev.Status == models.EventClosed)) ||
		(target == models.EventClosed && ev.Status == models.EventOpen)
	back := "/events/" + strconv.FormatInt(id, 10)
	if !allowed {
		return newHTTPError(fiber.StatusBadRequest, fmt.Errorf("handlers: event %d: %s → %s", id, ev.Status, target))
	}
	if target == models.EventOpen && len(ev.Days) == 0 {
		return c.Redirect(back+"?done=no_days", fiber.StatusSeeOther)
	}
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if _, err := tx.SetEventStatus(ctx, user.JobCentreID, id, version, target); err != nil {
			return err
		}
		return h.auditStaffAction(ctx, c, tx, "event.status", "event", id, map[string]any{"status": target})
	})
	if errors.Is(err, models.ErrConflict) {
		return c.Redirect(back+"?done=conflict", fiber.StatusSeeOther)
	}
	if err != nil {
		return fmt.Errorf("handlers: event status: %w", err)
	}
	h.log.Info("event status changed", "request_id", requestIDOf(c), "by", user.ID, "event_id", id, "status", target)
	return c.Redirect(back+"?done="+string(target), fiber.StatusSeeOther)
}
