package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/views"
)

// Rate limit of public registrations per client address: generous for a
// job centre's own office behind one address, tight for a script.
const (
	registrationMaxPerWindow = 30
	registrationWindow       = 15 * time.Minute
	registrationTimeout      = 30 * time.Second
)

// saveRegistration saves a public registration and queues the confirmation
// mail in the same transaction. A booking that someone else got a moment
// earlier answers 409: JSON for scripts and htmx, the form with a message
// for browsers. Invalid input shows the form again with the input kept.
func (h *Handler) saveRegistration(c *fiber.Ctx) error {
	// Longer than dbTimeout: when many employers want the last table at
	// once, their transactions queue on its lock, and each should get its
	// answer ("yours" or "just taken") rather than a timeout.
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
	if c.FormValue("add_vacancy") != "" || c.FormValue("add_window") != "" {
		return h.renderRegistration(ctx, c, pe, fiber.StatusOK, form, nil, nil)
	}
	if err := h.limitRegistrations(ctx, c); err != nil {
		return err
	}
	in, errs := signupFromForm(form, pe.Event, models.FairBlocks(pe.Event), pe.Zone, h.postcodes)
	if len(errs) > 0 {
		if wantsJSON(c) {
			return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"error": "invalid", "fields": errs})
		}
		return h.renderRegistration(ctx, c, pe, fiber.StatusUnprocessableEntity, form, errs, nil)
	}
	in.Contact.Locale = models.Locale(h.lang(c))
	reg, err := h.store.RegisterSignup(ctx, pe.JobCentre.ID, in, func(tx *models.Store, reg models.EventRegistration) error {
		return h.queueRegistrationMail(ctx, tx, pe, in, reg)
	})
	switch {
	case errors.Is(err, models.ErrTaken):
		return h.registrationRefused(c, pe, "taken", &form)
	case errors.Is(err, models.ErrDuplicate):
		return h.registrationRefused(c, pe, "duplicate", &form)
	case errors.Is(err, models.ErrRegistrationClosed):
		return h.registrationRefused(c, pe, "closed", nil)
	case err != nil:
		return fmt.Errorf("handlers: save registration: %w", err)
	}
	h.log.Info("employer registered", "request_id", requestIDOf(c), "event_id", pe.Event.ID, "registration_id", reg.ID)
	if wantsJSON(c) {
		return c.Status(fiber.StatusCreated).JSON(fiber.Map{"registration_id": reg.ID})
	}
	return c.Redirect("/r/"+pe.Event.PublicToken+"/done", fiber.StatusSeeOther)
}

// registrationRefused answers a registration that cannot be saved: 409 with
// a JSON reason for scripts and htmx; for browsers the closed page, or the
// form with the input kept and a message.
func (h *Handler) registrationRefused(c *fiber.Ctx, pe publicEvent, reason string, form *views.RegistrationForm) error {
	if wantsJSON(c) {
		return c.Status(fiber.StatusConflict).JSON(fiber.Map{"error": reason})
	}
	if form == nil {
		return h.renderRegistrationClosed(c, fiber.StatusConflict, pe)
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), registrationTimeout)
	defer cancel()
	// The page is built anew: the blocks show who holds what now.
	return h.renderRegistration(ctx, c, pe, fiber.StatusConflict, *form, nil, func(p *views.RegistrationPage) {
		p.Taken, p.Duplicate = reason == "taken", reason == "duplicate"
	})
}

func (h *Handler) renderRegistration(ctx context.Context, c *fiber.Ctx, pe publicEvent, status int, form views.RegistrationForm,
	errs views.FieldErrors, adjust func(*views.RegistrationPage)) error {
	page, err := h.registrationPage(ctx, c, pe, form, errs)
	if err != nil {
		return err
	}
	if adjust != nil {
		adjust(&page)
	}
	return h.render(c, status, views.PageRegistration, page)
}

// wantsJSON reports whether the caller is a script or htmx rather than a
// browser following a form.
func wantsJSON(c *fiber.Ctx) bool {
	return c.Get("HX-Request") != "" || strings.Contains(c.Get(fiber.HeaderAccept), fiber.MIMEApplicationJSON)
}

// limitRegistrations counts the submissions of the client address in the
// database (shared by all instances) and refuses more than the limit.
func (h *Handler) limitRegistrations(ctx context.Context, c *fiber.Ctx) error {
	key, now := "registration-ip:"+clientIP(c), h.now()
	n, err := h.store.CountFailedLogins(ctx, key, now.Add(-registrationWindow))
	if err != nil {
		return fmt.Errorf("handlers: registration rate limit: %w", err)
	}
	if n >= registrationMaxPerWindow {
		return newHTTPError(fiber.StatusTooManyRequests, fmt.Errorf("handlers: %d registrations from %s", n, key))
	}
	// Stored as a "failed" attempt so that CountFailedLogins counts it.
	if err := h.store.RecordLoginAttempt(ctx, key, now, false); err != nil {
		return fmt.Errorf("handlers: registration rate limit: %w", err)
	}
	return nil
}

// queueRegistrationMail renders the confirmation and stores it in the
// outbox with tx, the registration's own transaction.
func (h *Handler) queueRegistrationMail(ctx context.Context, tx *models.Store, pe publicEvent, in models.Signup, reg models.EventRegistration) error {
	ev := pe.Event
	d := mail.RegistrationConfirmationData{
		Notice: mail.Notice{MessageID: newMessageID(h.mailFrom.Email), Now: h.now(), Zone: pe.Zone, Organizer: h.mailFrom,
			Recipient: mail.Address{Name: in.Contact.Name, Email: in.Contact.Email}},
		UID:        newMessageID(h.mailFrom.Email),
		EventTitle: ev.Title,
		Employer:   in.Employer.Name,
		Parallel:   reg.ParallelInterviews,
		LoginURL:   h.opts.BaseURL + "/employer/login",
		Contact:    strings.Trim(pe.JobCentre.ContactEmail+" · "+pe.JobCentre.ContactPhone, " ·"),
	}
	if ev.AtVenue() {
		d.Address = strings.Join(nonEmpty(deref(ev.VenueName), deref(ev.VenueStreet),
			strings.TrimSpace(deref(ev.VenuePostcode)+" "+deref(ev.VenueTown))), ", ")
	} else {
		d.Address = in.Site.Street + ", " + in.Site.Postcode + " " + in.Site.Town
	}
	labels := map[int64]string{}
	for _, t := range ev.Tables {
		labels[t.ID] = t.Label
	}
	for _, b := range in.Tables {
		d.Blocks = append(d.Blocks, mail.RegistrationBlock{Start: b.StartsAt, End: b.EndsAt, Table: labels[b.TableID]})
	}
	if len(d.Blocks) == 0 {
		for _, w := range reg.Windows {
			d.Blocks = append(d.Blocks, mail.RegistrationBlock{Start: w.StartsAt, End: w.EndsAt})
		}
	}
	if len(d.Blocks) == 0 {
		for _, day := range ev.Days {
			d.Blocks = append(d.Blocks, mail.RegistrationBlock{Start: day.StartsAt, End: day.EndsAt})
		}
	}
	for _, v := range in.Vacancies {
		d.Vacancies = append(d.Vacancies, v.Title)
	}
	locale := string(in.Contact.Locale)
	msg, err := h.registrationMail.BuildRegistrationConfirmation(d, locale)
	if err != nil {
		return fmt.Errorf("handlers: registration mail: %w", err)
	}
	return outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: pe.JobCentre.ID, Kind: "registration", Locale: locale, Message: msg})
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}
