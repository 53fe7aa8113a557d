package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// Limits of the passwordless employer login.
const (
	// employerLinkValidity is short because the link is as good as a
	// password while it works.
	employerLinkValidity = 15 * time.Minute
	// employerLinkWindow and the two maxima limit link requests per typed
	// address (so nobody floods an inbox) and per client address.
	employerLinkWindow      = 15 * time.Minute
	employerLinkMaxPerEmail = 3
	employerLinkMaxPerIP    = 10
)

// showEmployerLoginPage asks for the e-mail address; a logged-in employer
// goes straight to the area.
func (h *Handler) showEmployerLoginPage(c *fiber.Ctx) error {
	if employerOf(c) != nil {
		return c.Redirect("/employer", fiber.StatusSeeOther)
	}
	return h.renderEmployerLogin(c, fiber.StatusOK, "", "")
}

func (h *Handler) renderEmployerLogin(c *fiber.Ctx, status int, email, errorKey string) error {
	csrf, err := h.preSessionCSRF(c)
	if err != nil {
		return err
	}
	layout := h.layout(c, "")
	layout.CSRF = csrf
	page := views.EmployerLoginPage{Layout: layout, Email: email, ErrorKey: errorKey,
		RetryMinutes: minutesCeil(employerLinkWindow)}
	return h.render(c, status, views.PageEmployerLogin, page)
}
