package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/views"
)

// showApplicantImportPreview shows every row of a staged import with its
// problems. Only the user who uploaded it sees it.
func (h *Handler) showApplicantImportPreview(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	imp, err := h.store.GetApplicantImport(ctx, user.JobCentreID, user.ID, id)
	if err != nil {
		return h.importFailure(c, fmt.Errorf("handlers: import preview: %w", err))
	}
	p, err := decodeImport(imp)
	if err != nil {
		return err
	}
	rows, err := h.checkImport(c, h.store, user.JobCentreID, p)
	if err != nil {
		return fmt.Errorf("handlers: import preview: %w", err)
	}
	return h.render(c, fiber.StatusOK, views.PageImportPreview, h.importPreviewPage(c, imp, p, rows))
}
