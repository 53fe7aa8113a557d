package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail/invite"
	"treffpunkt/models"
	"treffpunkt/views"
)

// initApplicantPage loads the applicant page's own translations and
// templates; it runs once from New.
func (h *Handler) initApplicantPage(deps Deps) error {
	p, err := views.NewApplicantPages(h.assets)
	if err != nil {
		return fmt.Errorf("handlers: new: %w", err)
	}
	h.applicantPages, h.invites = p, deps.Invites
	return nil
}

// applicantLang is the language of an applicant page: ?lang= if it names
// one of the applicant languages, else the applicant's preferred language,
// else the browser's.
func (h *Handler) applicantLang(c *fiber.Ctx, preferred string) string {
	tr := h.applicantPages.Translator()
	if q := c.Query("lang"); tr.Supported(q) {
		return q
	}
	if q := c.FormValue("lang"); c.Method() == fiber.MethodPost && tr.Supported(q) {
		return q
	}
	if tr.Supported(preferred) {
		return preferred
	}
	return tr.Match(c.Get(fiber.HeaderAcceptLanguage))
}

// applicantLink resolves the :token of the request. When the link cannot
// be used it renders the page that says why and returns ok false; nothing
// is changed in that case.
func (h *Handler) applicantLink(c *fiber.Ctx) (lt models.LinkToken, ok bool, err error) {
	c.Set("X-Robots-Tag", "noindex, nofollow")
	ctx, cancel := dbContext(c)
	defer cancel()
	lt, err = invite.ResolveLink(ctx, h.store, c.Params("token"), h.now())
	switch {
	case err == nil:
		return lt, true, nil
	case errors.Is(err, models.ErrNotFound):
		return lt, false, h.renderApplicantError(c, fiber.StatusNotFound, "ap.error.notfound", nil)
	case errors.Is(err, invite.ErrLinkExpired):
		return lt, false, h.renderApplicantError(c, fiber.StatusGone, "ap.error.expired", &lt)
	case errors.Is(err, invite.ErrLinkRevoked):
		return lt, false, h.renderApplicantError(c, fiber.StatusGone, "ap.error.revoked", &lt)
	default:
		return lt, false, fmt.Errorf("handlers: applicant link: %w", err)
	}
}

// renderApplicantError shows why a link or an interview cannot be used, in
// the applicant's language when the link is known, with the job centre's
// contact so the applicant can call.
func (h *Handler) renderApplicantError(c *fiber.Ctx, status int, key string, lt *models.LinkToken) error {
	preferred := ""
	var frameCentre models.JobCentre
	if lt != nil && lt.ID != 0 {
		ctx, cancel := dbContext(c)
		defer cancel()
		if jc, err := h.store.GetJobCentre(ctx, lt.JobCentreID); err == nil {
			frameCentre = jc
		}
		if lt.ApplicantID != nil {
			if a, err := h.store.GetApplicant(ctx, lt.JobCentreID, *lt.ApplicantID); err == nil {
				preferred = string(a.PreferredLanguage)
			}
		}
	}
	lang := h.applicantLang(c, preferred)
	frame := h.applicantPages.Frame(lang, c.Path())
	frame.CentreName, frame.CentrePhone, frame.CentreEmail = frameCentre.Name, frameCentre.ContactPhone, frameCentre.ContactEmail
	page := views.ApplicantErrorPage{ApplicantFrame: frame, Status: status, TitleKey: key + ".title", MessageKey: key + ".message"}
	return h.renderApplicant(c, status, lang, views.PageApplicantError, page)
}

func (h *Handler) renderApplicant(c *fiber.Ctx, status int, lang, page string, data any) error {
	body, err := h.applicantPages.Render(lang, page, data)
	if err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(body)
}

// applicantCSRF returns the token the answer forms repeat: the session's
// when staff look at the page while logged in, else the pre-session cookie
// (created here if missing), as the login form does.
func (h *Handler) applicantCSRF(c *fiber.Ctx) (string, error) {
	if s := sessionOf(c); s != nil {
		return s.CSRFToken, nil
	}
	if tok := c.Cookies(h.csrfCookieName()); tok != "" {
		return tok, nil
	}
	tok, err := randomToken()
	if err != nil {
		return "", err
	}
	// Lax, not Strict: the applicant arrives from a link in a mail, and the
	// form on that first page view must carry the cookie back.
	h.setCookie(c, h.csrfCookieName(), tok, fiber.CookieSameSiteLaxMode)
	return tok, nil
}
