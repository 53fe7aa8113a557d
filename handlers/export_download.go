package handlers

import (
	"bufio"
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/export"
)

const (
	// exportBatch is how many interviews an export reads per query and
	// writes before it flushes: memory stays bounded by it, whatever the
	// period.
	exportBatch = 500
	// exportTimeout bounds one download, so a stalled client cannot hold
	// database work open forever.
	exportTimeout = 10 * time.Minute
)

// showInterviewsCSV streams the interviews and outcomes as CSV.
func (h *Handler) showInterviewsCSV(c *fiber.Ctx) error {
	return h.streamInterviews(c, export.FormatCSV)
}

// showInterviewsXLSX streams the interviews and outcomes as an Excel file.
func (h *Handler) showInterviewsXLSX(c *fiber.Ctx) error {
	return h.streamInterviews(c, export.FormatXLSX)
}

// streamInterviews checks the filter, writes the audit entry (every export
// of applicant data is logged: who, what, which filter) and then streams
// the file: rows are read in batches and written as they come, never
// loaded whole. A refused filter shows the exports page with the message.
func (h *Handler) streamInterviews(c *fiber.Ctx, format export.Format) error {
	jc := jobCentreOf(c)
	loc, err := jc.Location()
	if err != nil {
		return fmt.Errorf("handlers: zone of job centre %d: %w", jc.ID, err)
	}
	form, filter, errKey, err := h.parseExportForm(c, loc)
	if err != nil {
		return err
	}
	if errKey != "" {
		return h.renderExports(c, fiber.StatusUnprocessableEntity, form, errKey)
	}
	if form.pseudonymised && len(h.opts.ExportKey) < 32 {
		return fmt.Errorf("handlers: pseudonymised export: no export key configured")
	}
	lang := h.lang(c)
	opts := export.Options{Pseudonymised: form.pseudonymised, Key: h.opts.ExportKey, Zone: loc,
		Label: func(key string) string { return h.tr.T(lang, "export."+key) }}
	variant := "full"
	if form.pseudonymised {
		variant = "pseudonymised"
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	if err := h.auditApplicantData(ctx, c, h.store, "export_interviews", "export", 0, map[string]any{
		"format": string(format), "variant": variant, "from": form.from, "to": form.to, "event_id": form.eventID,
	}); err != nil {
		return err
	}
	name := fmt.Sprintf("treffpunkt-gespraeche-%s", h.now().In(loc).Format("2006-01-02"))
	if form.pseudonymised {
		name += "-pseudonymisiert"
	}
	c.Set(fiber.HeaderContentType, format.ContentType())
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
	jobCentreID, store, log, reqID := jc.ID, h.store, h.log, requestIDOf(c)
	// The stream writer runs after this handler returned, in a goroutine
	// of fasthttp: it must not touch c, so it gets plain values only.
	c.Context().SetBodyStreamWriter(func(bw *bufio.Writer) {
		sctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
		defer cancel()
		n, err := writeExport(sctx, store, jobCentreID, filter, format, opts, bw)
		if err != nil {
			// Headers are gone: the client sees a cut-off download.
			log.Error("export interviews", "request_id", reqID, "rows", n, "err", err)
			return
		}
		log.Info("exported interviews", "request_id", reqID, "rows", n, "format", string(format))
	})
	return nil
}

// writeExport writes the export to bw, flushing after every batch so the
// client receives the file while it is read; a failed flush (the client
// went away) stops the export.
func writeExport(ctx context.Context, store *models.Store, jobCentreID int64, filter models.ExportFilter, format export.Format, opts export.Options, bw *bufio.Writer) (int, error) {
	w, err := export.New(format, bw, opts)
	if err != nil {
		return 0, err
	}
	n := 0
	err = store.EachExportRow(ctx, jobCentreID, filter, exportBatch, func(r models.ExportRow) error {
		if err := w.Write(r); err != nil {
			return err
		}
		n++
		if n%exportBatch == 0 {
			if err := w.Flush(); err != nil {
				return err
			}
			if err := bw.Flush(); err != nil {
				return fmt.Errorf("handlers: send export: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		w.Abort()
		return n, err
	}
	if err := w.Close(); err != nil {
		return n, err
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("handlers: send export: %w", err)
	}
	return n, nil
}
