package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// saveApplicant adds an applicant to the user's job centre. Invalid input
// shows the form again with the input kept and a message per bad field.
func (h *Handler) saveApplicant(c *fiber.Ctx) error {
	form := applicantFormInput(c)
	a, errs := h.validateApplicantForm(c, form)
	if len(errs) > 0 {
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageApplicantForm, h.applicantFormPage(c, 0, form, errs))
	}
	user := userOf(c)
	a.JobCentreID = user.JobCentreID
	ctx, cancel := dbContext(c)
	defer cancel()
	err := h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.CreateApplicant(ctx, &a); err != nil {
			return err
		}
		return h.auditApplicantData(ctx, c, tx, "applicant.create", "applicant", a.ID, nil)
	})
	if err != nil {
		if errors.Is(err, models.ErrDuplicate) {
			errs = views.FieldErrors{"email": "applicants.error.email_taken"}
			return h.render(c, fiber.StatusUnprocessableEntity, views.PageApplicantForm, h.applicantFormPage(c, 0, form, errs))
		}
		return fmt.Errorf("handlers: save applicant: %w", err)
	}
	h.log.Info("applicant added", "request_id", requestIDOf(c), "by", user.ID, "applicant_id", a.ID)
	return c.Redirect("/applicants/"+strconv.FormatInt(a.ID, 10)+"?saved=1", fiber.StatusSeeOther)
}
