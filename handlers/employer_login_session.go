package handlers

import (
	"errors"
	"fmt"
	netmail "net/mail"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail"
	"treffpunkt/models"
)

// localEmployer holds the logged-in employer contact and their employer.
const localEmployer = "treffpunkt.employer"

// employerViewer is who is logged in to the employer area: one contact
// person, and through them one employer. A contact address shared by
// several employers gets one login link per employer, so a session never
// spans two employers.
type employerViewer struct {
	Contact   models.ContactPerson
	Employer  models.Employer
	JobCentre models.JobCentre
}

func employerOf(c *fiber.Ctx) *employerViewer {
	v, _ := c.Locals(localEmployer).(*employerViewer)
	return v
}

// loadEmployerSession checks an employer session's expiry like a staff
// session's and loads contact, employer and job centre; a contact deleted
// meanwhile ends the session.
func (h *Handler) loadEmployerSession(c *fiber.Ctx, sess models.Session) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	now := h.now()
	end := func() error {
		if err := h.store.DeleteSession(ctx, sess.ID); err != nil {
			return fmt.Errorf("handlers: delete employer session: %w", err)
		}
		h.clearCookie(c, h.sessionCookieName())
		return c.Next()
	}
	if sess.EmployerContactID == nil || !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(h.opts.SessionIdle)) {
		return end()
	}
	contact, employer, err := h.store.GetEmployerContact(ctx, sess.JobCentreID, *sess.EmployerContactID)
	if errors.Is(err, models.ErrNotFound) {
		return end()
	}
	if err != nil {
		return fmt.Errorf("handlers: load employer session: %w", err)
	}
	jc, err := h.store.GetJobCentre(ctx, sess.JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: load employer session job centre: %w", err)
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := h.store.TouchSession(ctx, sess.ID, now); err != nil {
			return fmt.Errorf("handlers: touch employer session: %w", err)
		}
	}
	c.Locals(localSession, &sess)
	c.Locals(localEmployer, &employerViewer{Contact: contact, Employer: employer, JobCentre: jc})
	return c.Next()
}

// startEmployerSession logs the contact in (see beginSession). It writes
// with store, so the caller can make it part of the transaction that uses
// the link.
func (h *Handler) startEmployerSession(c *fiber.Ctx, store *models.Store, contactID, jobCentreID int64) error {
	return h.beginSession(c, store, models.Session{Kind: models.SessionEmployer, EmployerContactID: &contactID, JobCentreID: jobCentreID})
}

// preSessionCSRF returns the CSRF token of a visitor without a session,
// setting its cookie on first use (double submit, as on the staff login).
func (h *Handler) preSessionCSRF(c *fiber.Ctx) (string, error) {
	if s := sessionOf(c); s != nil {
		return s.CSRFToken, nil
	}
	token := c.Cookies(h.csrfCookieName())
	if token != "" {
		return token, nil
	}
	token, err := randomToken()
	if err != nil {
		return "", err
	}
	h.setCookie(c, h.csrfCookieName(), token, fiber.CookieSameSiteStrictMode)
	return token, nil
}

// parseMailFrom reads the configured sender, "Name <address>".
func parseMailFrom(s string) (mail.Address, error) {
	if s == "" {
		s = DefaultMailFrom
	}
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return mail.Address{}, fmt.Errorf("parse mail sender %q: %w", s, err)
	}
	return mail.Address{Name: a.Name, Email: a.Address}, nil
}
