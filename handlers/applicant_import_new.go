package handlers

import (
	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showApplicantImportPage shows the CSV upload form.
func (h *Handler) showApplicantImportPage(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, views.PageImportUpload, h.importUploadPage(c, nil))
}

func (h *Handler) importUploadPage(c *fiber.Ctx, ie *importError) views.ImportUploadPage {
	page := views.ImportUploadPage{Layout: h.layout(c, "applicants"), MaxMB: (h.importMaxBytes() + 1<<20 - 1) >> 20,
		MaxRows: h.importMaxRows()}
	if ie != nil {
		page.ErrorKey, page.Columns, page.Line = "applicants.import.error."+ie.Key, ie.Columns, ie.Line
	}
	return page
}
