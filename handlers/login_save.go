package handlers

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/handlers/auth"
	"treffpunkt/models"
	"treffpunkt/views"
)

// maxPasswordLength stops a megabyte "password" from costing argon2 time.
const maxPasswordLength = 1024

// saveLogin checks e-mail and password. Every failure shows one generic
// message; after LoginMaxFailures failures within LoginWindow from one
// e-mail or one address, further tries are refused even with the right
// password until the window has passed.
func (h *Handler) saveLogin(c *fiber.Ctx) error {
	email := strings.TrimSpace(c.FormValue("email"))
	password := c.FormValue("password")
	ctx, cancel := dbContext(c)
	defer cancel()
	now := h.now().UTC()
	keys := []string{"email:" + strings.ToLower(email), "ip:" + clientIP(c)}

	for _, key := range keys {
		n, err := h.store.CountFailedLogins(ctx, key, now.Add(-h.opts.LoginWindow))
		if err != nil {
			return fmt.Errorf("handlers: login rate limit: %w", err)
		}
		if n >= int64(h.opts.LoginMaxFailures) {
			h.log.Warn("login refused by rate limit", "request_id", requestIDOf(c), "key_kind", strings.SplitN(key, ":", 2)[0])
			return h.renderLogin(c, fiber.StatusTooManyRequests, email, "login.locked")
		}
	}

	user, err := h.store.FindStaffUserByEmail(ctx, email)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("handlers: login: %w", err)
	}
	if len(password) > maxPasswordLength {
		password = password[:maxPasswordLength]
	}
	// user.PasswordHash is "" for an unknown e-mail: CheckPassword then
	// spends the same time on a dummy hash and reports false.
	ok, err := auth.CheckPassword(user.PasswordHash, password)
	if err != nil {
		return fmt.Errorf("handlers: login user %d: %w", user.ID, err)
	}
	if !ok || !user.Active {
		for _, key := range keys {
			if err := h.store.RecordLoginAttempt(ctx, key, now, false); err != nil {
				return fmt.Errorf("handlers: record failed login: %w", err)
			}
		}
		// A wrong password for a known account goes into that job centre's
		// audit trail; an unknown e-mail has no job centre (the rate limit
		// and the log count it).
		if user.ID != 0 {
			if err := h.auditLogin(ctx, c, h.store, user, "staff.login_failed"); err != nil {
				return err
			}
		}
		return h.renderLogin(c, fiber.StatusUnprocessableEntity, email, "login.failed")
	}

	// The session and its audit entry commit together.
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.RecordLoginAttempt(ctx, keys[0], now, true); err != nil {
			return fmt.Errorf("handlers: record login: %w", err)
		}
		if err := tx.SetStaffLastLogin(ctx, user.ID, now); err != nil {
			return fmt.Errorf("handlers: login: %w", err)
		}
		if err := h.startSession(c, tx, user); err != nil {
			return err
		}
		return h.auditLogin(ctx, c, tx, user, "staff.login")
	})
	if err != nil {
		return err
	}
	h.log.Info("staff login", "request_id", requestIDOf(c), "staff_user_id", user.ID, "job_centre_id", user.JobCentreID)
	return c.Redirect("/events", fiber.StatusSeeOther)
}

func (h *Handler) renderLogin(c *fiber.Ctx, status int, email, errorKey string) error {
	page, err := h.loginPage(c, email, errorKey)
	if err != nil {
		return err
	}
	return h.render(c, status, views.PageLogin, page)
}
