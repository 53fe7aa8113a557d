package handlers

import (
	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// showApplicantNewPage shows the empty applicant form; consent defaults to
// today because staff usually record it while the person is in the office.
func (h *Handler) showApplicantNewPage(c *fiber.Ctx) error {
	form := views.ApplicantForm{}
	form.Language = string(models.LanguageDE)
	form.MaxPerDay = "3"
	form.ConsentDate = h.today(c).Format("2006-01-02")
	return h.render(c, fiber.StatusOK, views.PageApplicantForm, h.applicantFormPage(c, 0, form, nil))
}
