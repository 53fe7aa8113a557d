package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// showSettingsPage shows the job centre's data-protection settings to an
// admin: how long applicant data is kept and what employers see of the
// applicants they meet.
func (h *Handler) showSettingsPage(c *fiber.Ctx) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	jc, err := h.store.GetJobCentre(ctx, userOf(c).JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: settings page: %w", err)
	}
	form := views.SettingsForm{RetentionDays: strconv.Itoa(jc.RetentionDays), EmployerMaySee: string(jc.EmployerMaySee)}
	page := h.settingsPage(c, jc, form, nil)
	page.Saved = c.Query("saved") == "1"
	return h.render(c, fiber.StatusOK, views.PageSettings, page)
}

// settingsPage builds the page for the form as shown or as typed.
func (h *Handler) settingsPage(c *fiber.Ctx, jc models.JobCentre, form views.SettingsForm, errs views.FieldErrors) views.SettingsPage {
	return views.SettingsPage{Layout: h.layout(c, "settings"), JobCentre: jc.Name, Form: form,
		EmployerViews: []models.EmployerView{models.EmployerSeesInitials, models.EmployerSeesFullName, models.EmployerSeesContact},
		Errors:        errs}
}
