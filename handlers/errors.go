package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// httpError is an error with the status and the translated texts the user
// sees; err, if set, is the internal cause that only the log gets.
type httpError struct {
	status     int
	titleKey   string
	messageKey string
	err        error
}

func (e *httpError) Error() string {
	if e.err != nil {
		return fmt.Sprintf("http %d: %v", e.status, e.err)
	}
	return fmt.Sprintf("http %d", e.status)
}

func (e *httpError) Unwrap() error { return e.err }

// newHTTPError returns an error page for status with the standard texts.
func newHTTPError(status int, cause error) *httpError {
	title, msg := statusKeys(status)
	return &httpError{status: status, titleKey: title, messageKey: msg, err: cause}
}

// errCSRF is the answer to a POST without a valid CSRF token.
func errCSRF() *httpError {
	return &httpError{status: fiber.StatusForbidden, titleKey: "error.csrf.title", messageKey: "error.csrf.message"}
}

// statusKeys names the translation keys of the page for status; statuses
// without their own text fall back to the generic 4xx or 5xx one.
func statusKeys(status int) (title, message string) {
	switch status {
	case 400, 403, 404, 405, 413, 429, 500, 503:
	default:
		if status >= 500 {
			status = 500
		} else {
			status = 400
		}
	}
	return fmt.Sprintf("error.%d.title", status), fmt.Sprintf("error.%d.message", status)
}

// handleError is the only place where errors become responses: it maps
// them to a status, logs internals with the request id and renders a
// translated page that shows the request id and nothing else.
func (h *Handler) handleError(c *fiber.Ctx, err error) error {
	he := classify(err)
	rid := requestIDOf(c)
	if he.status >= 500 {
		h.log.Error("request failed", "request_id", rid, "method", c.Method(), "path", redactPath(c.Path()), "status", he.status, "err", err)
	} else {
		h.log.Debug("request refused", "request_id", rid, "method", c.Method(), "path", redactPath(c.Path()), "status", he.status, "err", err)
	}
	page := views.ErrorPage{Layout: h.layout(c, ""), Status: he.status, TitleKey: he.titleKey, MessageKey: he.messageKey}
	body, rerr := h.pages.Render(h.lang(c), views.PageError, page)
	c.Status(he.status)
	if rerr != nil {
		h.log.Error("render error page", "request_id", rid, "err", rerr)
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.SendString(fmt.Sprintf("Error %d. Request ID: %s", he.status, rid))
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(body)
}

// classify maps an error to what the user sees. models.ErrNotFound is a 404
// here and nowhere else: an object of another job centre reads as not found.
func classify(err error) *httpError {
	var he *httpError
	var fe *fiber.Error
	switch {
	case errors.As(err, &he):
		return he
	case errors.Is(err, models.ErrNotFound):
		return newHTTPError(fiber.StatusNotFound, err)
	case errors.As(err, &fe):
		return newHTTPError(fe.Code, err)
	default:
		return newHTTPError(fiber.StatusInternalServerError, err)
	}
}
