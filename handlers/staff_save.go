package handlers

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/handlers/auth"
	"treffpunkt/models"
	"treffpunkt/views"
)

// maxNameLength keeps names to what a table cell and a mail header hold.
const maxNameLength = 200

// saveStaff adds a staff user to the admin's job centre. Invalid input
// shows the form again with the input kept (except the password) and a
// message next to each bad field.
func (h *Handler) saveStaff(c *fiber.Ctx) error {
	form := views.StaffForm{
		Name:   strings.TrimSpace(c.FormValue("name")),
		Email:  strings.TrimSpace(c.FormValue("email")),
		Role:   c.FormValue("role"),
		Locale: c.FormValue("locale"),
	}
	password := c.FormValue("password")
	errs := validateStaffForm(form, password)
	if len(errs) > 0 {
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageStaffNew, h.staffNewPage(c, form, errs))
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return fmt.Errorf("handlers: save staff: %w", err)
	}
	admin := userOf(c)
	user := models.StaffUser{
		JobCentreID: admin.JobCentreID, Email: form.Email, Name: form.Name, PasswordHash: hash,
		Role: models.Role(form.Role), Locale: models.Locale(form.Locale), Active: true,
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.CreateStaffUser(ctx, &user); err != nil {
			return err
		}
		return h.auditStaffAction(ctx, c, tx, "staff.create", "staff_user", user.ID, map[string]any{"role": user.Role})
	})
	if err != nil {
		if errors.Is(err, models.ErrDuplicate) {
			errs = views.FieldErrors{"email": "staff.error.email_taken"}
			return h.render(c, fiber.StatusUnprocessableEntity, views.PageStaffNew, h.staffNewPage(c, form, errs))
		}
		return fmt.Errorf("handlers: save staff: %w", err)
	}
	h.log.Info("staff user added", "request_id", requestIDOf(c), "by", admin.ID, "staff_user_id", user.ID)
	return c.Redirect("/staff?created=1", fiber.StatusSeeOther)
}

// validateStaffForm returns a translation key per bad field.
func validateStaffForm(f views.StaffForm, password string) views.FieldErrors {
	errs := views.FieldErrors{}
	if f.Name == "" || utf8.RuneCountInString(f.Name) > maxNameLength {
		errs["name"] = "staff.error.name_required"
	}
	if addr, err := mail.ParseAddress(f.Email); err != nil || addr.Address != f.Email || len(f.Email) > 254 {
		errs["email"] = "staff.error.email_invalid"
	}
	if !models.Role(f.Role).Valid() {
		errs["role"] = "staff.error.role_invalid"
	}
	if !models.Locale(f.Locale).Valid() {
		errs["locale"] = "staff.error.locale_invalid"
	}
	if utf8.RuneCountInString(password) < auth.MinPasswordLength || len(password) > maxPasswordLength {
		errs["password"] = "staff.error.password_short"
	}
	return errs
}
