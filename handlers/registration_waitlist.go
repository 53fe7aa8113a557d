package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/views"
)

// saveRegistrationWaitlist puts an employer without an account on the
// waiting list from the public registration page, when the event is full or
// the blocks it wants are all booked. The form is the registration form
// (button "Auf die Warteliste"); blocks that were ticked but are taken by
// now come as "want_block", because a disabled checkbox is not sent.
// Employer, waiting registration, waiting-list entries and the confirmation
// mail are saved in one transaction.
func (h *Handler) saveRegistrationWaitlist(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), registrationTimeout)
	defer cancel()
	pe, err := h.loadPublicEvent(ctx, c)
	if err != nil {
		return err
	}
	if !models.RegistrationOpen(pe.Event, h.now()) {
		return h.registrationRefused(c, pe, "closed", nil)
	}
	form := parseRegistrationForm(c)
	for _, v := range c.Request().PostArgs().PeekMulti("want_block") {
		form.Blocks[string(v)] = true
	}
	if err := h.limitRegistrations(ctx, c); err != nil {
		return err
	}
	in, errs := signupFromForm(form, pe.Event, models.FairBlocks(pe.Event), pe.Zone, h.postcodes)
	delete(errs, "blocks") // no block ticked: waiting for any place
	if len(errs) == 0 {
		full, err := h.placeFull(ctx, pe.Event, in.Tables)
		if err != nil {
			return err
		}
		if !full {
			errs["waitlist"] = "registrationwaitlist.error.not_full"
		}
	}
	if len(errs) > 0 {
		if wantsJSON(c) {
			return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"error": "invalid", "fields": errs})
		}
		return h.renderRegistration(ctx, c, pe, fiber.StatusUnprocessableEntity, form, errs, nil)
	}
	in.Contact.Locale = models.Locale(h.lang(c))
	w, err := h.store.JoinWaitlistSignup(ctx, pe.JobCentre.ID, in, func(tx *models.Store, w models.WaitlistSignup) error {
		return h.queueWaitlistJoinedMail(ctx, tx, pe, in, w)
	})
	switch {
	case errors.Is(err, models.ErrDuplicate):
		return h.registrationRefused(c, pe, "duplicate", &form)
	case errors.Is(err, models.ErrRegistrationClosed):
		return h.registrationRefused(c, pe, "closed", nil)
	case err != nil:
		return fmt.Errorf("handlers: join waiting list from registration: %w", err)
	}
	h.log.Info("employer joined waiting list from registration", "request_id", requestIDOf(c), "event_id", pe.Event.ID,
		"registration_id", w.Registration.ID, "position", w.Position)
	if wantsJSON(c) {
		return c.Status(fiber.StatusCreated).JSON(fiber.Map{"registration_id": w.Registration.ID, "position": w.Position})
	}
	return c.Redirect("/r/"+pe.Event.PublicToken+"/waitlist?position="+strconv.Itoa(w.Position), fiber.StatusSeeOther)
}

// placeFull reports whether what the employer wants is gone: a seat of an
// event with a capacity, or, at a job fair, every table of each wanted
// block start (every block when none is wanted). A courtesy check outside
// the transaction; a race only means someone waits who just missed a place.
func (h *Handler) placeFull(ctx context.Context, ev models.Event, wanted []models.TableBooking) (bool, error) {
	if ev.Capacity != nil {
		taken, err := h.store.SeatsTaken(ctx, ev.ID)
		if err != nil {
			return false, fmt.Errorf("handlers: waiting list: %w", err)
		}
		if taken >= *ev.Capacity {
			return true, nil
		}
	}
	if ev.Kind != models.EventKindJobFair {
		return false, nil
	}
	blocks, err := h.store.EventBlocks(ctx, ev)
	if err != nil {
		return false, fmt.Errorf("handlers: waiting list: %w", err)
	}
	starts := map[int64]bool{}
	for _, b := range wanted {
		starts[b.StartsAt.Unix()] = true
	}
	for _, b := range blocks {
		if !b.Taken && (len(starts) == 0 || starts[b.StartsAt.Unix()]) {
			return false, nil
		}
	}
	return len(blocks) > 0, nil
}

// queueWaitlistJoinedMail renders the waiting-list confirmation and stores
// it in the outbox with tx, the join's own transaction.
func (h *Handler) queueWaitlistJoinedMail(ctx context.Context, tx *models.Store, pe publicEvent, in models.Signup, w models.WaitlistSignup) error {
	d := mail.WaitlistJoinedData{
		Notice: mail.Notice{MessageID: newMessageID(h.mailFrom.Email), Now: h.now(), Zone: pe.Zone, Organizer: h.mailFrom,
			Recipient: mail.Address{Name: in.Contact.Name, Email: in.Contact.Email}},
		EventTitle: pe.Event.Title,
		Employer:   in.Employer.Name,
		Position:   w.Position,
		LoginURL:   h.opts.BaseURL + "/employer/login",
	}
	for _, e := range w.Entries {
		if e.StartsAt != nil {
			d.Blocks = append(d.Blocks, [2]time.Time{*e.StartsAt, *e.EndsAt})
		}
	}
	locale := string(in.Contact.Locale)
	msg, err := h.employerMail.BuildWaitlistJoined(d, locale)
	if err != nil {
		return fmt.Errorf("handlers: waiting-list mail: %w", err)
	}
	return outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: pe.JobCentre.ID, Kind: "waitlist_joined", Locale: locale, Message: msg})
}

// showRegistrationWaitlistDonePage confirms the place on the waiting list
// after the redirect.
func (h *Handler) showRegistrationWaitlistDonePage(c *fiber.Ctx) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	pe, err := h.loadPublicEvent(ctx, c)
	if err != nil {
		return err
	}
	pos, err := strconv.Atoi(c.Query("position"))
	if err != nil || pos < 1 {
		pos = 0 // only shown when it came with the redirect
	}
	return h.render(c, fiber.StatusOK, views.PageRegistrationWaitlistDone,
		views.RegistrationWaitlistDonePage{Layout: h.layout(c, ""), Event: pe.Event, JobCentre: pe.JobCentre, Position: pos})
}
