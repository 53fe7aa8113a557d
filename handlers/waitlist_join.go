package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// saveWaitlistJoin puts the employer on the waiting list of a full event,
// or of a full block of a job fair (field "block": the block's start as
// Unix seconds). Only places the area offers can be joined: an event that
// is not open or not full is refused with 409.
func (h *Handler) saveWaitlistJoin(c *fiber.Ctx) error {
	v := employerOf(c)
	eventID, err := strconv.ParseInt(c.FormValue("event"), 10, 64)
	if err != nil {
		return newHTTPError(fiber.StatusBadRequest, err)
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	regs, err := h.store.ListEmployerRegistrations(ctx, v.JobCentre.ID, v.Employer.ID)
	if err != nil {
		return fmt.Errorf("handlers: join waiting list: %w", err)
	}
	open, err := h.openEventsForWaitlist(ctx, v.JobCentre.ID, regs, nil)
	if err != nil {
		return err
	}
	entry := models.WaitlistEntry{JobCentreID: v.JobCentre.ID, EventID: eventID, EmployerID: v.Employer.ID, ContactPersonID: v.Contact.ID}
	allowed := false
	for _, ev := range open {
		if ev.Event.ID != eventID {
			continue
		}
		if c.FormValue("block") == "" {
			allowed = ev.Full
		}
		for _, b := range ev.Blocks {
			if strconv.FormatInt(b.StartsAt.Unix(), 10) == c.FormValue("block") {
				start, end := b.StartsAt, b.EndsAt
				entry.StartsAt, entry.EndsAt = &start, &end
				allowed = true
			}
		}
	}
	if !allowed {
		return newHTTPError(fiber.StatusConflict, errors.New("handlers: join waiting list: place not full or event not open"))
	}
	err = h.store.JoinWaitlist(ctx, &entry)
	if err != nil && !errors.Is(err, models.ErrDuplicate) {
		return fmt.Errorf("handlers: join waiting list: %w", err)
	}
	h.log.Info("employer joined waiting list", "request_id", requestIDOf(c), "event_id", eventID, "block", entry.StartsAt != nil)
	return c.Redirect("/employer?notice=waitlist_joined", fiber.StatusSeeOther)
}

// removeWaitlistEntry takes the employer off a waiting list; an entry of
// another employer is a 404.
func (h *Handler) removeWaitlistEntry(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return newHTTPError(fiber.StatusNotFound, err)
	}
	v := employerOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	if err := h.store.WithdrawWaitlistEntry(ctx, v.JobCentre.ID, v.Employer.ID, int64(id)); err != nil {
		return fmt.Errorf("handlers: leave waiting list: %w", err)
	}
	return c.Redirect("/employer?notice=waitlist_left", fiber.StatusSeeOther)
}
