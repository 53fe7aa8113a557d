package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/applicantimport"
	"treffpunkt/views"
)

// importError is a whole-file problem as the upload page shows it.
type importError = applicantimport.Error

// uploadApplicantImport reads an uploaded CSV file and stages it for the
// preview. Nothing is saved as applicants here; a file that cannot be read
// (too large, binary, unknown encoding, no CSV, columns missing) comes back
// to the upload form with one clear message.
func (h *Handler) uploadApplicantImport(c *fiber.Ctx) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageImportUpload,
			h.importUploadPage(c, &importError{Key: applicantimport.ErrKeyEmpty}))
	}
	if fh.Size > h.importMaxBytes() {
		return h.render(c, fiber.StatusRequestEntityTooLarge, views.PageImportUpload,
			h.importUploadPage(c, &importError{Key: applicantimport.ErrKeyTooLarge}))
	}
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("handlers: open uploaded import: %w", err)
	}
	defer f.Close()
	file, err := applicantimport.Read(f, h.importMaxBytes())
	var ie *importError
	if errors.As(err, &ie) {
		status := fiber.StatusUnprocessableEntity
		if ie.Key == applicantimport.ErrKeyTooLarge {
			status = fiber.StatusRequestEntityTooLarge
		}
		return h.render(c, status, views.PageImportUpload, h.importUploadPage(c, ie))
	}
	if err != nil {
		return fmt.Errorf("handlers: read applicant import: %w", err)
	}
	if len(file.Rows) > h.importMaxRows() {
		return h.render(c, fiber.StatusRequestEntityTooLarge, views.PageImportUpload,
			h.importUploadPage(c, &importError{Key: "too_many_rows"}))
	}
	payload, err := json.Marshal(importPayload{Encoding: file.Encoding, Unknown: file.Unknown, Rows: file.Rows})
	if err != nil {
		return fmt.Errorf("handlers: encode applicant import: %w", err)
	}
	user := userOf(c)
	imp := models.ApplicantImport{JobCentreID: user.JobCentreID, StaffUserID: user.ID,
		FileName: filepath.Base(fh.Filename), RowCount: len(file.Rows), Payload: string(payload)}
	ctx, cancel := dbContext(c)
	defer cancel()
	if err := h.store.CreateApplicantImport(ctx, &imp, importTTL); err != nil {
		return fmt.Errorf("handlers: stage applicant import: %w", err)
	}
	h.log.Info("applicant import staged", "request_id", requestIDOf(c), "by", user.ID, "import_id", imp.ID, "rows", imp.RowCount)
	return c.Redirect("/applicants/import/"+strconv.FormatInt(imp.ID, 10), fiber.StatusSeeOther)
}
