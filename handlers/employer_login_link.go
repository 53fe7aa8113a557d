package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// linkProblem says why a mailed link cannot be used, as the status and the
// translation key of the page that explains what to do.
type linkProblem struct {
	status int
	key    string
}

var errLinkUnusable = errors.New("link unusable")

func (p *linkProblem) Error() string { return "handlers: " + p.key }
func (p *linkProblem) Unwrap() error { return errLinkUnusable }

// checkLoginLink loads an employer login link and judges it at the
// request's time: unknown (forged or mistyped), used, or expired.
func (h *Handler) checkLoginLink(c *fiber.Ctx, store *models.Store, token string) (models.LinkToken, error) {
	ctx, cancel := dbContext(c)
	defer cancel()
	lt, err := store.FindLinkToken(ctx, models.LinkEmployerLogin, sessionID(token))
	switch {
	case errors.Is(err, models.ErrNotFound):
		return lt, &linkProblem{fiber.StatusNotFound, "elogin.link.unknown"}
	case err != nil:
		return lt, fmt.Errorf("handlers: load login link: %w", err)
	case lt.UsedAt != nil:
		return lt, &linkProblem{fiber.StatusGone, "elogin.link.used"}
	case !h.now().Before(lt.ExpiresAt):
		return lt, &linkProblem{fiber.StatusGone, "elogin.link.expired"}
	}
	return lt, nil
}

// showEmployerLoginLinkPage shows a button that logs in; it never uses the
// link itself, because mail scanners open every link in a mail.
func (h *Handler) showEmployerLoginLinkPage(c *fiber.Ctx) error {
	token := c.Params("token")
	_, err := h.checkLoginLink(c, h.store, token)
	var p *linkProblem
	if errors.As(err, &p) {
		return h.renderLoginLink(c, p.status, "", p.key)
	}
	if err != nil {
		return err
	}
	return h.renderLoginLink(c, fiber.StatusOK, token, "")
}

func (h *Handler) renderLoginLink(c *fiber.Ctx, status int, token, problemKey string) error {
	csrf, err := h.preSessionCSRF(c)
	if err != nil {
		return err
	}
	layout := h.layout(c, "")
	layout.CSRF = csrf
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer") // the token is in the URL
	return h.render(c, status, views.PageEmployerLoginLink, views.EmployerLoginLinkPage{Layout: layout, Token: token, ProblemKey: problemKey})
}

// saveEmployerLoginLink uses the link once and logs the contact in with a
// new session. The link is marked used in the same transaction that
// creates the session: two clicks log in once, a failure logs in never.
func (h *Handler) saveEmployerLoginLink(c *fiber.Ctx) error {
	token := c.Params("token")
	ctx, cancel := dbContext(c)
	defer cancel()
	var contactID int64
	var refused models.LinkToken // a real link that could not be used: audited below
	err := h.store.Transaction(ctx, func(tx *models.Store) error {
		lt, err := h.checkLoginLink(c, tx, token)
		if err != nil {
			refused = lt
			return err
		}
		if err := tx.UseLinkToken(ctx, lt.ID, h.now()); errors.Is(err, models.ErrConflict) {
			refused = lt
			return &linkProblem{fiber.StatusGone, "elogin.link.used"}
		} else if err != nil {
			return err
		}
		if lt.EmployerContactID == nil {
			return &linkProblem{fiber.StatusNotFound, "elogin.link.unknown"}
		}
		contactID = *lt.EmployerContactID
		if err := h.auditEmployer(c, tx, lt.JobCentreID, contactID, "employer.login", "contact_person", contactID); err != nil {
			return err
		}
		return h.startEmployerSession(c, tx, contactID, lt.JobCentreID)
	})
	var p *linkProblem
	if errors.As(err, &p) {
		// A used or expired link of a known contact is a failed login of
		// that job centre; a forged one belongs to no job centre.
		if refused.ID != 0 && refused.EmployerContactID != nil {
			if err := h.auditEmployer(c, h.store, refused.JobCentreID, *refused.EmployerContactID, "employer.login_failed",
				"contact_person", *refused.EmployerContactID); err != nil {
				return err
			}
		}
		return h.renderLoginLink(c, p.status, "", p.key)
	}
	if err != nil {
		return fmt.Errorf("handlers: employer login: %w", err)
	}
	h.log.Info("employer login", "request_id", requestIDOf(c), "contact_id", contactID)
	return c.Redirect("/employer", fiber.StatusSeeOther)
}

// removeEmployerSession logs the employer out.
func (h *Handler) removeEmployerSession(c *fiber.Ctx) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	if s := sessionOf(c); s != nil {
		if err := h.store.DeleteSession(ctx, s.ID); err != nil {
			return fmt.Errorf("handlers: employer logout: %w", err)
		}
	}
	h.clearCookie(c, h.sessionCookieName())
	return c.Redirect("/employer/login?out=1", fiber.StatusSeeOther)
}

// auditEmployer records what an employer contact did in the job centre's
// audit trail, in the caller's transaction.
func (h *Handler) auditEmployer(c *fiber.Ctx, tx *models.Store, jobCentreID, contactID int64, action, objectKind string, objectID int64) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	ev := models.AuditEvent{JobCentreID: jobCentreID, ActorKind: models.ActorEmployer, ActorID: &contactID,
		Action: action, ObjectKind: objectKind, ObjectID: &objectID, IP: clientIP(c)}
	if err := tx.AppendAudit(ctx, &ev); err != nil {
		return fmt.Errorf("handlers: audit %s: %w", action, err)
	}
	return nil
}
