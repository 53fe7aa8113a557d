package handlers

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// Keys of request-scoped values in fiber.Ctx.Locals.
const (
	localRequestID = "treffpunkt.request_id"
	localLang      = "treffpunkt.lang"
	localSession   = "treffpunkt.session"
	localUser      = "treffpunkt.user"
	localJobCentre = "treffpunkt.job_centre"
)

// contentSecurityPolicy allows only our own files: no inline script or
// style, so an injected tag cannot run. KERN's icons are data: SVGs in CSS.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// requestID gives every request a random id that the error page shows and
// every log line carries; an incoming X-Request-ID is not trusted.
func (h *Handler) requestID(c *fiber.Ctx) error {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return fmt.Errorf("handlers: request id: %w", err)
	}
	id := hex.EncodeToString(b[:])
	c.Locals(localRequestID, id)
	c.Set(fiber.HeaderXRequestID, id)
	return c.Next()
}

func requestIDOf(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// accessLog logs one line per request. It runs the error handler itself (as
// Fiber's logger does) so the logged status is the one sent. The path is
// logged without the query string, which may carry tokens.
func (h *Handler) accessLog(c *fiber.Ctx) error {
	start := h.now()
	if err := c.Next(); err != nil {
		if herr := h.handleError(c, err); herr != nil {
			h.log.Error("error handler failed", "request_id", requestIDOf(c), "err", herr)
			c.Status(fiber.StatusInternalServerError)
		}
	}
	h.log.Info("http request",
		"request_id", requestIDOf(c),
		"method", c.Method(),
		"path", redactPath(c.Path()),
		"status", c.Response().StatusCode(),
		"duration_ms", h.now().Sub(start).Milliseconds(),
		"ip", c.IP(),
	)
	return nil
}

// recoverPanics turns a panic into a 500 error: one bad request must never
// take the process down. The stack goes to the log, never to the user.
func (h *Handler) recoverPanics(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			h.log.Error("panic in handler", "request_id", requestIDOf(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("handlers: panic: %v", r)
		}
	}()
	return c.Next()
}

// securityHeaders sets headers every response carries. Pages show social
// data, so by default nothing is cached; the static handler overrides this.
func (h *Handler) securityHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "same-origin")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set(fiber.HeaderContentSecurityPolicy, contentSecurityPolicy)
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	c.Set(fiber.HeaderCacheControl, "no-store")
	if h.servedOverHTTPS(c) {
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000")
	}
	return c.Next()
}

// servedOverHTTPS reports whether the browser reached us over https: the
// configured BASE_URL is https, the connection itself is TLS, or a trusted
// reverse proxy says so (X-Forwarded-Proto). Without configured proxies a
// forwarded header is ignored, since anyone could send it (Fiber trusts
// every client when no proxy list is set).
func (h *Handler) servedOverHTTPS(c *fiber.Ctx) bool {
	if h.opts.SecureCookies || c.Context().IsTLS() {
		return true
	}
	return len(h.opts.TrustedProxies) > 0 && c.Protocol() == "https"
}

// chooseLanguage picks the UI language: ?lang= (remembered in a cookie),
// then the cookie, then the staff user's or employer contact's setting,
// then Accept-Language.
func (h *Handler) chooseLanguage(c *fiber.Ctx) error {
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
	if q := c.Query("lang"); h.tr.Supported(q) {
		c.Cookie(&fiber.Cookie{
			Name: h.langCookieName(), Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
			Secure: h.opts.SecureCookies, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		})
		c.Locals(localLang, q)
		return c.Next()
	}
	if v := c.Cookies(h.langCookieName()); h.tr.Supported(v) {
		c.Locals(localLang, v)
		return c.Next()
	}
	if u := userOf(c); u != nil && h.tr.Supported(string(u.Locale)) {
		c.Locals(localLang, string(u.Locale))
		return c.Next()
	}
	if e := employerOf(c); e != nil && h.tr.Supported(string(e.Contact.Locale)) {
		c.Locals(localLang, string(e.Contact.Locale))
		return c.Next()
	}
	c.Locals(localLang, h.tr.Match(c.Get(fiber.HeaderAcceptLanguage)))
	return c.Next()
}

// lang is the request's UI language; before chooseLanguage ran (a static
// file's 404, a panic in the probes) it falls back to Accept-Language.
func (h *Handler) lang(c *fiber.Ctx) string {
	if l, ok := c.Locals(localLang).(string); ok {
		return l
	}
	return h.tr.Match(c.Get(fiber.HeaderAcceptLanguage))
}

// checkCSRF rejects every POST whose _csrf field does not match the
// session's token, or for visitors without a session the token of the
// pre-session cookie (double submit; the login form is the only such POST).
func (h *Handler) checkCSRF(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodPost {
		return c.Next()
	}
	want := c.Cookies(h.csrfCookieName())
	if s := sessionOf(c); s != nil {
		want = s.CSRFToken
	}
	got := c.FormValue("_csrf")
	if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		return errCSRF()
	}
	return c.Next()
}

// requireStaff lets logged-in staff through and sends everyone else to the
// login page (a POST gets 403: there is no page to come back to).
// ownEvent answers 404 when the event in the URL is not the staff user's
// job centre's, before the handler reads any input: a cross-tenant request
// must not learn how its form would be judged (400 or 422 instead of 404).
// Every "/events/:id…" staff route runs it after requireStaff.
func (h *Handler) ownEvent(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	if err := h.store.OwnsEvent(ctx, userOf(c).JobCentreID, id); err != nil {
		return fmt.Errorf("handlers: event %d: %w", id, err)
	}
	return c.Next()
}

func (h *Handler) requireStaff(c *fiber.Ctx) error {
	if userOf(c) != nil {
		return c.Next()
	}
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		return newHTTPError(fiber.StatusForbidden, nil)
	}
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// requireEmployer lets logged-in employer contacts through and sends everyone
// else to the employer login (a POST gets 403). Staff are not employers.
func (h *Handler) requireEmployer(c *fiber.Ctx) error {
	if employerOf(c) != nil {
		return c.Next()
	}
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		return newHTTPError(fiber.StatusForbidden, nil)
	}
	return c.Redirect("/employer/login", fiber.StatusSeeOther)
}

// requireAdmin allows admins only; it runs after requireStaff.
func (h *Handler) requireAdmin(c *fiber.Ctx) error {
	if u := userOf(c); u != nil && u.Role == models.RoleAdmin {
		return c.Next()
	}
	return newHTTPError(fiber.StatusForbidden, nil)
}

func userOf(c *fiber.Ctx) *models.StaffUser {
	u, _ := c.Locals(localUser).(*models.StaffUser)
	return u
}

func sessionOf(c *fiber.Ctx) *models.Session {
	s, _ := c.Locals(localSession).(*models.Session)
	return s
}

func jobCentreOf(c *fiber.Ctx) *models.JobCentre {
	j, _ := c.Locals(localJobCentre).(*models.JobCentre)
	return j
}

// clientIP is the address the rate limit counts; trimmed because a proxy
// header may carry spaces.
func clientIP(c *fiber.Ctx) string { return strings.TrimSpace(c.IP()) }

// minutesCeil rounds d up to whole minutes for messages.
func minutesCeil(d time.Duration) int {
	return int((d + time.Minute - 1) / time.Minute)
}
