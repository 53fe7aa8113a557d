package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// showApplicantErasePage shows what erasing the applicant removes and
// keeps, why it must wait if it must, and the confirmation form; after the
// erasure it says so.
func (h *Handler) showApplicantErasePage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	return h.renderApplicantErase(c, fiber.StatusOK, id, "", c.Query("erased") == "1")
}

func (h *Handler) renderApplicantErase(c *fiber.Ctx, status int, id int64, errKey string, erased bool) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	eff, err := h.store.ApplicantEraseEffects(ctx, userOf(c).JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: erase page: %w", err)
	}
	page := views.ApplicantErasePage{Layout: h.layout(c, "applicants"), Effects: eff, ErrorKey: errKey, Erased: erased}
	return h.render(c, status, views.PageApplicantErase, page)
}

// removeApplicant erases the applicant on request (Art. 17 DSGVO) once
// the admin confirmed it. Erasure cannot be undone, so it needs the
// checkbox; it waits while the applicant has upcoming interviews or mails
// about them are still queued (an employer would not learn of the
// cancellation). The audit entry commits with the erasure.
func (h *Handler) removeApplicant(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "yes" {
		return h.renderApplicantErase(c, fiber.StatusUnprocessableEntity, id, "privacy.erase.error.confirm", false)
	}
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	ev := models.AuditEvent{ActorKind: models.ActorStaff, ActorID: &user.ID, IP: clientIP(c), Action: "applicant.erase"}
	_, err = h.store.EraseApplicant(ctx, user.JobCentreID, id, ev)
	switch {
	case errors.Is(err, models.ErrErasureBlocked):
		return h.renderApplicantErase(c, fiber.StatusConflict, id, "privacy.erase.error.blocked", false)
	case errors.Is(err, models.ErrAlreadyErased):
		return c.Redirect(fmt.Sprintf("/applicants/%d/erase", id), fiber.StatusSeeOther)
	case err != nil:
		return fmt.Errorf("handlers: erase applicant: %w", err)
	}
	h.log.Info("applicant erased on request", "request_id", requestIDOf(c), "by", user.ID, "applicant_id", id)
	return c.Redirect(fmt.Sprintf("/applicants/%d/erase?erased=1", id), fiber.StatusSeeOther)
}
