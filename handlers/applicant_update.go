package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// updateApplicant saves the edit form if nobody saved the applicant since
// the form was opened; otherwise the form comes back with the user's input
// and a "changed meanwhile" message, never a silent overwrite.
func (h *Handler) updateApplicant(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	stored, err := h.store.GetApplicant(ctx, user.JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: update applicant: %w", err)
	}
	form := applicantFormInput(c)
	a, errs := h.validateApplicantForm(c, form)
	if len(errs) > 0 {
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageApplicantForm, h.applicantFormPage(c, id, form, errs))
	}
	a.ID, a.JobCentreID, a.Version = id, user.JobCentreID, form.Version
	a.Lat, a.Lon = stored.Lat, stored.Lon
	if a.Postcode != stored.Postcode {
		// The stored coordinates belonged to the old address; unknown is
		// better than wrong for the travel check.
		a.Lat, a.Lon = nil, nil
	}
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.UpdateApplicant(ctx, a); err != nil {
			return err
		}
		return h.auditApplicantData(ctx, c, tx, "applicant.update", "applicant", id, nil)
	})
	switch {
	case errors.Is(err, models.ErrConflict):
		page := h.applicantFormPage(c, id, form, views.FieldErrors{})
		page.Conflict = true
		page.Form.Version = stored.Version // saving again overwrites knowingly
		return h.render(c, fiber.StatusConflict, views.PageApplicantForm, page)
	case errors.Is(err, models.ErrDuplicate):
		errs = views.FieldErrors{"email": "applicants.error.email_taken"}
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageApplicantForm, h.applicantFormPage(c, id, form, errs))
	case err != nil:
		return fmt.Errorf("handlers: update applicant: %w", err)
	}
	h.log.Info("applicant updated", "request_id", requestIDOf(c), "by", user.ID, "applicant_id", id)
	return c.Redirect("/applicants/"+strconv.FormatInt(id, 10)+"?saved=1", fiber.StatusSeeOther)
}
