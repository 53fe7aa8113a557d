package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// saveEvent creates a draft event in the user's job centre. "Add a day"
// and invalid input show the form again with the input kept.
func (h *Handler) saveEvent(c *fiber.Ctx) error {
	form := parseEventForm(c)
	if c.FormValue("add_day") != "" {
		return h.render(c, fiber.StatusOK, views.PageEventForm, h.eventFormPage(c, 0, form, nil))
	}
	ev, tables, errs := eventFromForm(form, staffZone(c))
	if len(errs) > 0 {
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageEventForm, h.eventFormPage(c, 0, form, errs))
	}
	token, err := randomToken()
	if err != nil {
		return fmt.Errorf("handlers: save event: %w", err)
	}
	user := userOf(c)
	ev.JobCentreID, ev.Status, ev.PublicToken, ev.Version = user.JobCentreID, models.EventDraft, token, 1
	for i := range tables {
		ev.Tables = append(ev.Tables, models.EventTable{Label: "Tisch " + strconv.Itoa(i+1)})
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.CreateEvent(ctx, &ev); err != nil {
			return err
		}
		return h.auditStaffAction(ctx, c, tx, "event.create", "event", ev.ID, nil)
	})
	if err != nil {
		return fmt.Errorf("handlers: save event: %w", err)
	}
	h.log.Info("event created", "request_id", requestIDOf(c), "by", user.ID, "event_id", ev.ID)
	return c.Redirect("/events/"+strconv.FormatInt(ev.ID, 10)+"?done=created", fiber.StatusSeeOther)
}
