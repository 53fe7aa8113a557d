package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// updateEvent saves an edited event if nobody else saved it since the form
// was opened; otherwise the form comes back with the user's input and a
// note to compare with the current state (409).
func (h *Handler) updateEvent(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	// Another job centre's event is a 404 before the form is read: the
	// route runs ownEvent first (routes.go).
	form := parseEventForm(c)
	if c.FormValue("add_day") != "" {
		return h.render(c, fiber.StatusOK, views.PageEventForm, h.eventFormPage(c, id, form, nil))
	}
	ev, tables, errs := eventFromForm(form, staffZone(c))
	if len(errs) > 0 {
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageEventForm, h.eventFormPage(c, id, form, errs))
	}
	user := userOf(c)
	ev.ID, ev.JobCentreID = id, user.JobCentreID
	ctx, cancel := dbContext(c)
	defer cancel()
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.SaveEventSchedule(ctx, &ev, tables); err != nil {
			return err
		}
		return h.auditStaffAction(ctx, c, tx, "event.update", "event", id, nil)
	})
	switch {
	case errors.Is(err, models.ErrConflict):
		// Show the current version's number, so that saving again
		// deliberately overwrites what the other person saved.
		current, gerr := h.store.GetEvent(ctx, user.JobCentreID, id)
		if gerr != nil {
			return fmt.Errorf("handlers: update event: %w", gerr)
		}
		form.Version = current.Version
		page := h.eventFormPage(c, id, form, nil)
		page.Conflict = true
		return h.render(c, fiber.StatusConflict, views.PageEventForm, page)
	case errors.Is(err, models.ErrCapacityTooLow):
		errs = views.FieldErrors{"capacity": "events.error.capacity_taken"}
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageEventForm, h.eventFormPage(c, id, form, errs))
	case err != nil:
		return fmt.Errorf("handlers: update event: %w", err)
	}
	h.log.Info("event updated", "request_id", requestIDOf(c), "by", user.ID, "event_id", id, "version", ev.Version)
	return c.Redirect("/events/"+strconv.FormatInt(id, 10)+"?done=saved", fiber.StatusSeeOther)
}
