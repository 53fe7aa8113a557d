package handlers

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// touchEvery limits session writes: the idle timer moves at most once a
// minute instead of on every request.
const touchEvery = time.Minute

// sessionCookieName is __Host- prefixed over https: the browser then only
// accepts it with Secure, Path=/ and no Domain, so a sibling subdomain cannot
// plant a session cookie.
func (h *Handler) sessionCookieName() string {
	if h.opts.SecureCookies {
		return "__Host-treffpunkt"
	}
	return "treffpunkt_session"
}

// csrfCookieName holds the CSRF token of visitors without a session.
func (h *Handler) csrfCookieName() string {
	if h.opts.SecureCookies {
		return "__Host-treffpunkt_csrf"
	}
	return "treffpunkt_csrf"
}

func (h *Handler) langCookieName() string { return "treffpunkt_lang" }

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("handlers: random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// sessionID is what the database stores of a cookie token: its SHA-256, so
// a leaked sessions table holds no usable cookies.
func sessionID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (h *Handler) setCookie(c *fiber.Ctx, name, value string, sameSite string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: value, Path: "/", Secure: h.opts.SecureCookies, HTTPOnly: true, SameSite: sameSite})
}

func (h *Handler) clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", Secure: h.opts.SecureCookies, HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Unix(0, 0), MaxAge: -1})
}

// loadSession finds the staff session of the cookie, checks its idle and
// absolute expiry and loads the user and job centre into Locals. A missing,
// expired or foreign session just means "not logged in".
func (h *Handler) loadSession(c *fiber.Ctx) error {
	token := c.Cookies(h.sessionCookieName())
	if token == "" {
		return c.Next()
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	now := h.now()
	sess, err := h.store.GetSession(ctx, sessionID(token))
	if errors.Is(err, models.ErrNotFound) {
		h.clearCookie(c, h.sessionCookieName())
		return c.Next()
	}
	if err != nil {
		return fmt.Errorf("handlers: load session: %w", err)
	}
	if sess.Kind == models.SessionEmployer {
		return h.loadEmployerSession(c, sess)
	}
	if sess.Kind != models.SessionStaff || sess.StaffUserID == nil ||
		!now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(h.opts.SessionIdle)) {
		if sess.Kind == models.SessionStaff {
			if err := h.store.DeleteSession(ctx, sess.ID); err != nil {
				return fmt.Errorf("handlers: delete expired session: %w", err)
			}
		}
		h.clearCookie(c, h.sessionCookieName())
		return c.Next()
	}
	user, err := h.store.GetStaffUser(ctx, sess.JobCentreID, *sess.StaffUserID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !user.Active) {
		if err := h.store.DeleteSession(ctx, sess.ID); err != nil {
			return fmt.Errorf("handlers: delete session of inactive user: %w", err)
		}
		h.clearCookie(c, h.sessionCookieName())
		return c.Next()
	}
	if err != nil {
		return fmt.Errorf("handlers: load session user: %w", err)
	}
	jc, err := h.store.GetJobCentre(ctx, sess.JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: load session job centre: %w", err)
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := h.store.TouchSession(ctx, sess.ID, now); err != nil {
			return fmt.Errorf("handlers: touch session: %w", err)
		}
	}
	c.Locals(localSession, &sess)
	c.Locals(localUser, &user)
	c.Locals(localJobCentre, &jc)
	return c.Next()
}

// startSession creates a new staff session for user and sets its cookie;
// store may be the login's transaction.
func (h *Handler) startSession(c *fiber.Ctx, store *models.Store, user models.StaffUser) error {
	uid := user.ID
	return h.beginSession(c, store, models.Session{Kind: models.SessionStaff, StaffUserID: &uid, JobCentreID: user.JobCentreID})
}

// beginSession is the one way a login turns into a session, for staff and
// employers alike: a fresh id on every login (a planted cookie never becomes
// a logged-in one), a new CSRF token, the absolute expiry, and the cookie.
// sess carries who logs in (Kind, user or contact, job centre); it writes
// with store, so a caller can make it part of its own transaction.
func (h *Handler) beginSession(c *fiber.Ctx, store *models.Store, sess models.Session) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	if old := c.Cookies(h.sessionCookieName()); old != "" {
		if err := store.DeleteSession(ctx, sessionID(old)); err != nil && !errors.Is(err, models.ErrNotFound) {
			return fmt.Errorf("handlers: delete previous session: %w", err)
		}
	}
	token, err := randomToken()
	if err != nil {
		return err
	}
	csrf, err := randomToken()
	if err != nil {
		return err
	}
	now := h.now().UTC()
	ua := c.Get(fiber.HeaderUserAgent)
	if len(ua) > 255 {
		ua = ua[:255]
	}
	sess.ID, sess.CSRFToken = sessionID(token), csrf
	sess.CreatedAt, sess.LastSeenAt, sess.ExpiresAt = now, now, now.Add(h.opts.SessionMax)
	sess.IP, sess.UserAgent = clientIP(c), ua
	if err := store.CreateSession(ctx, &sess); err != nil {
		return fmt.Errorf("handlers: create %s session: %w", sess.Kind, err)
	}
	// No Expires: the cookie dies with the browser; the server enforces the
	// idle and absolute limits either way.
	h.setCookie(c, h.sessionCookieName(), token, fiber.CookieSameSiteLaxMode)
	h.clearCookie(c, h.csrfCookieName())
	return nil
}
