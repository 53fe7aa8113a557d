package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showApplicantEditPage shows the form with the applicant's data and the
// version it was read at, which the save names.
func (h *Handler) showApplicantEditPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	a, err := h.store.GetApplicant(ctx, userOf(c).JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: applicant edit page: %w", err)
	}
	if err := h.auditApplicantData(ctx, c, h.store, "applicant.view", "applicant", id, nil); err != nil {
		return err
	}
	if a.AnonymisedAt != nil {
		return newHTTPError(fiber.StatusNotFound, fmt.Errorf("handlers: applicant %d is anonymised", id))
	}
	return h.render(c, fiber.StatusOK, views.PageApplicantForm, h.applicantFormPage(c, id, applicantFormOf(a), nil))
}
