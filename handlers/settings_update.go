package handlers

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// Bounds of the retention period; the database CHECK on
// job_centres.retention_days holds the same.
const (
	minRetentionDays = 1
	maxRetentionDays = 3650
)

// updateSettings saves the job centre's data-protection settings with an
// audit entry saying who changed what, in one transaction. Invalid input
// shows the form again with what was typed.
func (h *Handler) updateSettings(c *fiber.Ctx) error {
	form := views.SettingsForm{RetentionDays: strings.TrimSpace(c.FormValue("retention_days")),
		EmployerMaySee: c.FormValue("employer_may_see")}
	ctx, cancel := dbContext(c)
	defer cancel()
	user := userOf(c)
	jc, err := h.store.GetJobCentre(ctx, user.JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: save settings: %w", err)
	}
	days, errs := validateSettingsForm(form)
	if len(errs) > 0 {
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageSettings, h.settingsPage(c, jc, form, errs))
	}
	details, err := json.Marshal(map[string]any{
		"retention_days": []int{jc.RetentionDays, days}, "employer_may_see": []string{string(jc.EmployerMaySee), form.EmployerMaySee}})
	if err != nil {
		return fmt.Errorf("handlers: save settings: %w", err)
	}
	jc.RetentionDays, jc.EmployerMaySee, jc.UpdatedAt = days, models.EmployerView(form.EmployerMaySee), h.now().UTC()
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.UpdateJobCentreSettings(ctx, jc); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, &models.AuditEvent{JobCentreID: jc.ID, ActorKind: models.ActorStaff, ActorID: &user.ID,
			Action: "settings.update", ObjectKind: "job_centre", ObjectID: &jc.ID, IP: clientIP(c), Details: string(details)})
	})
	if err != nil {
		return fmt.Errorf("handlers: save settings: %w", err)
	}
	h.log.Info("settings saved", "request_id", requestIDOf(c), "by", user.ID, "retention_days", days)
	return c.Redirect("/admin/settings?saved=1", fiber.StatusSeeOther)
}

// validateSettingsForm returns the retention days and a translation key
// per bad field.
func validateSettingsForm(f views.SettingsForm) (int, views.FieldErrors) {
	errs := views.FieldErrors{}
	days, err := strconv.Atoi(f.RetentionDays)
	if err != nil || days < minRetentionDays || days > maxRetentionDays {
		errs["retention_days"] = "settings.error.retention_days"
	}
	if !models.EmployerView(f.EmployerMaySee).Valid() {
		errs["employer_may_see"] = "settings.error.employer_may_see"
	}
	return days, errs
}
