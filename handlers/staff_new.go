package handlers

import (
	"github.com/gofiber/fiber/v2"

	"treffpunkt/handlers/auth"
	"treffpunkt/models"
	"treffpunkt/views"
)

// showStaffNewPage shows the empty form to add a staff user.
func (h *Handler) showStaffNewPage(c *fiber.Ctx) error {
	form := views.StaffForm{Role: string(models.RoleStaff), Locale: string(models.LocaleDE)}
	return h.render(c, fiber.StatusOK, views.PageStaffNew, h.staffNewPage(c, form, nil))
}

func (h *Handler) staffNewPage(c *fiber.Ctx, form views.StaffForm, errs views.FieldErrors) views.StaffNewPage {
	return views.StaffNewPage{
		Layout: h.layout(c, "staff"), Form: form, Errors: errs,
		Roles:       []models.Role{models.RoleStaff, models.RoleAdmin},
		Locales:     []models.Locale{models.LocaleDE, models.LocaleEN},
		MinPassword: auth.MinPasswordLength,
	}
}
