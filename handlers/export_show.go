package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
)

// showExportsPage offers the interview exports: period, event, format and
// variant. It is a GET form whose two buttons lead to the CSV and the XLSX
// download, so it works without JavaScript.
func (h *Handler) showExportsPage(c *fiber.Ctx) error {
	jc := jobCentreOf(c)
	loc, err := jc.Location()
	if err != nil {
		return fmt.Errorf("handlers: zone of job centre %d: %w", jc.ID, err)
	}
	form, _, errKey, err := h.parseExportForm(c, loc)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if errKey != "" {
		status = fiber.StatusUnprocessableEntity
	}
	return h.renderExports(c, status, form, errKey)
}
