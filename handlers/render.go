package handlers

import (
	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// layout fills the frame every page shares. nav names the active menu item.
func (h *Handler) layout(c *fiber.Ctx, nav string) views.Layout {
	lang := h.lang(c)
	l := views.Layout{
		Lang:      lang,
		Dir:       h.tr.Dir(lang),
		Path:      c.Path(),
		Nav:       nav,
		RequestID: requestIDOf(c),
		Version:   h.opts.Version,
	}
	for _, code := range h.tr.Languages() {
		l.LanguageLinks = append(l.LanguageLinks, views.LanguageLink{Code: code, Name: h.tr.T(code, "meta.name"), Current: code == lang})
	}
	if s := sessionOf(c); s != nil {
		l.CSRF = s.CSRFToken
	}
	if u := userOf(c); u != nil {
		cu := &views.CurrentUser{Name: u.Name, IsAdmin: u.Role == models.RoleAdmin}
		if jc := jobCentreOf(c); jc != nil {
			cu.JobCentreName = jc.Name
		}
		l.Viewer = cu
	}
	return l
}

// render sends page with status; a template error becomes a 500 through the
// error handler, never half a page.
func (h *Handler) render(c *fiber.Ctx, status int, page string, data any) error {
	body, err := h.pages.Render(h.lang(c), page, data)
	if err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(body)
}
