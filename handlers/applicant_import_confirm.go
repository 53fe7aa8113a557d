package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/applicantimport"
	"treffpunkt/views"
)

// importTimeout bounds the confirming transaction of a large import.
const importTimeout = 2 * time.Minute

// errImportInvalid stops the confirming transaction when a row became
// invalid since the preview (e.g. someone added an applicant with the same
// e-mail address meanwhile).
var errImportInvalid = errors.New("import has invalid rows")

// confirmApplicantImport saves every row of a staged import or none: rows
// are validated again inside the transaction that inserts them and deletes
// the staged import, so a second confirmation finds nothing to save.
func (h *Handler) confirmApplicantImport(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	user := userOf(c)
	// 10,000 rows take seconds to insert (see BenchmarkCreateApplicants10000),
	// longer than the usual per-request database timeout allows.
	ctx, cancel := context.WithTimeout(c.UserContext(), importTimeout)
	defer cancel()
	var (
		imp   models.ApplicantImport
		p     importPayload
		rows  []applicantimport.Row
		saved int
	)
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		var err error
		if imp, err = tx.GetApplicantImport(ctx, user.JobCentreID, user.ID, id); err != nil {
			return err
		}
		if err := tx.DeleteApplicantImport(ctx, user.JobCentreID, user.ID, id); err != nil {
			return err
		}
		if p, err = decodeImport(imp); err != nil {
			return err
		}
		if rows, err = h.checkImport(c, tx, user.JobCentreID, p); err != nil {
			return err
		}
		if !applicantimport.Valid(rows) {
			return errImportInvalid
		}
		as := make([]models.Applicant, len(rows))
		for i, r := range rows {
			as[i] = r.Applicant
		}
		saved = len(as)
		if err := tx.CreateApplicants(ctx, user.JobCentreID, as); err != nil {
			return err
		}
		return h.auditApplicantData(ctx, c, tx, "applicant.import", "applicant_import", id, map[string]any{"rows": saved, "file": imp.FileName})
	})
	switch {
	case errors.Is(err, errImportInvalid):
		// The transaction rolled back, so the staged import is still there
		// and the preview shows what is wrong now.
		page := h.importPreviewPage(c, imp, p, rows)
		page.Failed = true
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageImportPreview, page)
	case errors.Is(err, models.ErrDuplicate):
		// Someone saved one of the addresses between check and insert.
		return h.render(c, fiber.StatusConflict, views.PageImportUpload,
			h.importUploadPage(c, &importError{Key: "email_race"}))
	case err != nil:
		return h.importFailure(c, fmt.Errorf("handlers: confirm applicant import %d: %w", id, err))
	}
	h.log.Info("applicants imported", "request_id", requestIDOf(c), "by", user.ID, "import_id", id, "rows", saved)
	return c.Redirect("/applicants?imported="+strconv.Itoa(saved), fiber.StatusSeeOther)
}
