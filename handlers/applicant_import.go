package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/applicantimport"
	"treffpunkt/views"
)

// importTTL is how long a staged import waits for its confirmation: long
// enough to read a preview of thousands of rows, short because the rows are
// unconfirmed personal data.
const importTTL = 30 * time.Minute

// DefaultImportMaxBytes is the CSV upload limit when Options names none.
const DefaultImportMaxBytes = applicantimport.DefaultMaxBytes

// DefaultImportMaxRows is the most applicants per import when Options names
// none: a whole job centre's caseload fits, a runaway export does not.
const DefaultImportMaxRows = 10000

// importMaxRows is the configured limit of applicants per import.
func (h *Handler) importMaxRows() int {
	if h.opts.ImportMaxRows > 0 {
		return h.opts.ImportMaxRows
	}
	return DefaultImportMaxRows
}

// importMaxBytes is the configured upload limit.
func (h *Handler) importMaxBytes() int64 {
	if h.opts.ImportMaxBytes > 0 {
		return h.opts.ImportMaxBytes
	}
	return DefaultImportMaxBytes
}

// importPayload is what a staged import keeps: the rows as typed and what
// the preview says about the file.
type importPayload struct {
	Encoding string                  `json:"enc"`
	Unknown  []string                `json:"unk,omitempty"`
	Rows     []applicantimport.Input `json:"rows"`
}

// checkImport validates the staged rows against each other and against
// the applicants the job centre has; store may be a transaction.
func (h *Handler) checkImport(c *fiber.Ctx, store *models.Store, jobCentreID int64, p importPayload) ([]applicantimport.Row, error) {
	ctx, cancel := dbContext(c)
	defer cancel()
	emails := make([]string, len(p.Rows))
	for i, r := range p.Rows {
		emails[i] = r.Email
	}
	taken, err := store.ApplicantEmailsTaken(ctx, jobCentreID, emails)
	if err != nil {
		return nil, err
	}
	return applicantimport.Check(p.Rows, h.today(c), taken, h.postcodeTable()), nil
}

func decodeImport(imp models.ApplicantImport) (importPayload, error) {
	var p importPayload
	if err := json.Unmarshal([]byte(imp.Payload), &p); err != nil {
		return p, fmt.Errorf("handlers: decode applicant import %d: %w", imp.ID, err)
	}
	return p, nil
}

// importPreviewPage builds the preview of checked rows.
func (h *Handler) importPreviewPage(c *fiber.Ctx, imp models.ApplicantImport, p importPayload, rows []applicantimport.Row) views.ImportPreviewPage {
	page := views.ImportPreviewPage{Layout: h.layout(c, "applicants"), ID: imp.ID, FileName: imp.FileName,
		Encoding: p.Encoding, Unknown: p.Unknown, Rows: make([]views.ImportRow, len(rows))}
	for i, r := range rows {
		row := views.ImportRow{Line: r.Input.Line, Input: r.Input, Applicant: r.Applicant}
		for _, field := range applicantimport.Fields() {
			if code, ok := r.Errors[field]; ok {
				row.Problems = append(row.Problems, views.ImportProblem{Field: field, Key: code})
			}
		}
		if len(row.Problems) > 0 {
			page.Invalid++
		}
		page.Rows[i] = row
	}
	return page
}

// importFailure renders the page for a staged import that is gone or
// expired: the user must upload again, nothing was saved.
func (h *Handler) importFailure(c *fiber.Ctx, err error) error {
	switch {
	case errors.Is(err, models.ErrExpired):
		return h.render(c, fiber.StatusGone, views.PageImportExpired, views.ImportUploadPage{Layout: h.layout(c, "applicants")})
	default:
		return err
	}
}
