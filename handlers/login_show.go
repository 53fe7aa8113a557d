package handlers

import (
	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showLoginPage shows the login form; logged-in staff go to their events.
func (h *Handler) showLoginPage(c *fiber.Ctx) error {
	if userOf(c) != nil {
		return c.Redirect("/events", fiber.StatusSeeOther)
	}
	page, err := h.loginPage(c, "", "")
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, views.PageLogin, page)
}

// loginPage builds the login page and makes sure the visitor has a
// pre-session CSRF cookie whose value the form repeats.
func (h *Handler) loginPage(c *fiber.Ctx, email, errorKey string) (views.LoginPage, error) {
	token := c.Cookies(h.csrfCookieName())
	if token == "" {
		t, err := randomToken()
		if err != nil {
			return views.LoginPage{}, err
		}
		token = t
		// Strict: the token is only ever needed by our own login form.
		h.setCookie(c, h.csrfCookieName(), token, fiber.CookieSameSiteStrictMode)
	}
	layout := h.layout(c, "")
	layout.CSRF = token
	return views.LoginPage{
		Layout: layout, Email: email, ErrorKey: errorKey, RetryMinutes: minutesCeil(h.opts.LoginWindow),
	}, nil
}
