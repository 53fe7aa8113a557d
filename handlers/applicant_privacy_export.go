package handlers

import (
	"encoding/json"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// showApplicantExportPage shows everything held about one applicant as a
// readable, printable page, for an access request (Auskunft, Art. 15
// DSGVO). The access is audited before anything is shown.
func (h *Handler) showApplicantExportPage(c *fiber.Ctx) error {
	d, err := h.applicantDossier(c, "html")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	page := views.ApplicantExportPage{Layout: h.layout(c, "applicants"), Dossier: d}
	return h.render(c, fiber.StatusOK, views.PageApplicantExport, page)
}

// showApplicantExportJSON sends the same data as a JSON file, the
// machine-readable copy (Art. 15 (3), Art. 20 DSGVO).
func (h *Handler) showApplicantExportJSON(c *fiber.Ctx) error {
	d, err := h.applicantDossier(c, "json")
	if err != nil {
		return err
	}
	body, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("handlers: applicant export: %w", err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="treffpunkt-applicant-%d.json"`, d.Applicant.ID))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusOK).Send(body)
}

// applicantDossier loads the dossier of the applicant in the URL and
// records the export in the audit trail; without the record nothing is
// shown.
func (h *Handler) applicantDossier(c *fiber.Ctx, format string) (models.ApplicantDossier, error) {
	id, err := idParam(c)
	if err != nil {
		return models.ApplicantDossier{}, err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	d, err := h.store.ApplicantDossier(ctx, userOf(c).JobCentreID, id)
	if err != nil {
		return d, fmt.Errorf("handlers: applicant export: %w", err)
	}
	if err := h.auditApplicantData(ctx, c, h.store, "applicant.export", "applicant", id, map[string]any{"format": format}); err != nil {
		return d, err
	}
	h.log.Info("applicant data exported", "request_id", requestIDOf(c), "applicant_id", id, "format", format)
	return d, nil
}
