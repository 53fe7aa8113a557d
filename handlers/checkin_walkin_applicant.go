package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/applicantimport"
	"treffpunkt/views"
)

// saveWalkinApplicant creates a walk-in who is not yet known with the
// minimal data (name, contact, language, German level, postcode, date of
// consent), checked by the same validator as the applicant form and the
// CSV import, and goes on to choosing a vacancy.
func (h *Handler) saveWalkinApplicant(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	form := views.ApplicantForm{Input: applicantimport.Input{
		FirstName: c.FormValue("first_name"), LastName: c.FormValue("last_name"),
		Email: c.FormValue("email"), Phone: c.FormValue("phone"),
		Language: c.FormValue("language"), GermanLevel: c.FormValue("german_level"),
		Postcode: c.FormValue("postcode"), ConsentDate: c.FormValue("consent_date"),
	}}
	a, errs := h.validateApplicantForm(c, form)
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	if len(errs) == 0 {
		// The event must be the user's before anyone is created for it.
		if _, err := h.store.GetEvent(ctx, user.JobCentreID, id); err != nil {
			return fmt.Errorf("handlers: walk-in applicant: %w", err)
		}
		a.JobCentreID = user.JobCentreID
		err = h.store.Transaction(ctx, func(tx *models.Store) error {
			if err := tx.CreateApplicant(ctx, &a); err != nil {
				return err
			}
			return h.auditApplicantData(ctx, c, tx, "applicant.create", "applicant", a.ID, map[string]any{"walk_in_event_id": id})
		})
		if errors.Is(err, models.ErrDuplicate) {
			errs = views.FieldErrors{"email": "applicants.error.email_taken"}
		} else if err != nil {
			return fmt.Errorf("handlers: walk-in applicant: %w", err)
		}
	}
	if len(errs) > 0 {
		return h.renderWalkin(c, fiber.StatusUnprocessableEntity, id, 0, 0, func(p *views.WalkinPage) {
			p.New, p.NewErrors = form, errs
		})
	}
	h.log.Info("walk-in applicant added", "request_id", requestIDOf(c), "by", user.ID, "applicant_id", a.ID)
	return c.Redirect(fmt.Sprintf("/events/%d/checkin/walkin?applicant=%d#vacancy", id, a.ID), fiber.StatusSeeOther)
}
