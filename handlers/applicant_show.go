package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showApplicantPage shows one applicant of the user's job centre.
func (h *Handler) showApplicantPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	applicant, err := h.store.GetApplicant(ctx, userOf(c).JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: applicant page: %w", err)
	}
	if err := h.auditApplicantData(ctx, c, h.store, "applicant.view", "applicant", id, nil); err != nil {
		return err
	}
	page := views.ApplicantPage{Layout: h.layout(c, "applicants"), Applicant: applicant, Saved: c.Query("saved") == "1"}
	return h.render(c, fiber.StatusOK, views.PageApplicant, page)
}
