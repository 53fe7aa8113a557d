package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// publicEvent is an event reached by its public link, with its job centre
// and the zone its times are shown in.
type publicEvent struct {
	Event     models.Event
	JobCentre models.JobCentre
	Zone      *time.Location
}

// loadPublicEvent finds the event of the :token link; an unknown token is
// a 404 like any unknown page.
func (h *Handler) loadPublicEvent(ctx context.Context, c *fiber.Ctx) (publicEvent, error) {
	ev, err := h.store.FindEventByToken(ctx, c.Params("token"))
	if err != nil {
		return publicEvent{}, fmt.Errorf("handlers: registration: %w", err)
	}
	jc, err := h.store.GetJobCentre(ctx, ev.JobCentreID)
	if err != nil {
		return publicEvent{}, fmt.Errorf("handlers: registration: %w", err)
	}
	zone, err := jc.Location()
	if err != nil {
		return publicEvent{}, fmt.Errorf("handlers: registration: zone of job centre %d: %w", jc.ID, err)
	}
	return publicEvent{Event: ev, JobCentre: jc, Zone: zone}, nil
}

// showRegistrationPage shows the public registration form of an open event,
// or a friendly "registration closed" page with the job centre's contact.
func (h *Handler) showRegistrationPage(c *fiber.Ctx) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	pe, err := h.loadPublicEvent(ctx, c)
	if err != nil {
		return err
	}
	if !models.RegistrationOpen(pe.Event, h.now()) {
		return h.renderRegistrationClosed(c, fiber.StatusOK, pe)
	}
	page, err := h.registrationPage(ctx, c, pe, views.RegistrationForm{}, nil)
	if err != nil {
		return err
	}
	page.Form = newRegistrationForm(page.Days, pe.Zone)
	return h.render(c, fiber.StatusOK, views.PageRegistration, page)
}

// registrationPage builds the form page with the current free blocks and
// seats, and makes sure the visitor has a pre-session CSRF cookie.
func (h *Handler) registrationPage(ctx context.Context, c *fiber.Ctx, pe publicEvent, form views.RegistrationForm, errs views.FieldErrors) (views.RegistrationPage, error) {
	layout := h.layout(c, "")
	token, err := h.publicCSRF(c)
	if err != nil {
		return views.RegistrationPage{}, err
	}
	layout.CSRF = token
	page := views.RegistrationPage{Layout: layout, Token: pe.Event.PublicToken, Event: pe.Event, JobCentre: pe.JobCentre,
		Form: form, Errors: errs, Levels: models.GermanLevels()}
	for _, d := range pe.Event.Days {
		page.Days = append(page.Days, views.RegistrationDay{Value: d.StartsAt.In(pe.Zone).Format(dateLayout), StartsAt: d.StartsAt, EndsAt: d.EndsAt})
	}
	switch pe.Event.Kind {
	case models.EventKindJobFair:
		if page.Blocks, err = h.store.EventBlocks(ctx, pe.Event); err != nil {
			return page, fmt.Errorf("handlers: registration page: %w", err)
		}
	case models.EventKindGroupSession:
		taken, err := h.store.SeatsTaken(ctx, pe.Event.ID)
		if err != nil {
			return page, fmt.Errorf("handlers: registration page: %w", err)
		}
		if pe.Event.Capacity != nil {
			page.SeatsLeft = max(*pe.Event.Capacity-taken, 0)
		}
	}
	return page, nil
}

// publicCSRF returns the pre-session CSRF token of a visitor without a
// session (double submit, as on the login page), setting it if missing.
func (h *Handler) publicCSRF(c *fiber.Ctx) (string, error) {
	if s := sessionOf(c); s != nil {
		return s.CSRFToken, nil
	}
	if token := c.Cookies(h.csrfCookieName()); token != "" {
		return token, nil
	}
	token, err := randomToken()
	if err != nil {
		return "", err
	}
	// Lax, not Strict: employers open the link from a mail or a QR code,
	// and the form must work on that very first visit.
	h.setCookie(c, h.csrfCookieName(), token, fiber.CookieSameSiteLaxMode)
	return token, nil
}

// renderRegistrationClosed shows the closed page with the job centre's
// contact.
func (h *Handler) renderRegistrationClosed(c *fiber.Ctx, status int, pe publicEvent) error {
	return h.render(c, status, views.PageRegistrationClosed,
		views.RegistrationClosedPage{Layout: h.layout(c, ""), Event: pe.Event, JobCentre: pe.JobCentre})
}

// showRegistrationDonePage thanks the employer after the redirect.
func (h *Handler) showRegistrationDonePage(c *fiber.Ctx) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	pe, err := h.loadPublicEvent(ctx, c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, views.PageRegistrationDone,
		views.RegistrationDonePage{Layout: h.layout(c, ""), Event: pe.Event, JobCentre: pe.JobCentre})
}
