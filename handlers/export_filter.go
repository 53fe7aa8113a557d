package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// exportForm is the export filter as typed, kept for redisplay.
type exportForm struct {
	from, to      string
	eventID       int64
	pseudonymised bool
}

// parseExportForm reads the query of the exports page and its downloads:
// from and to are days (yyyy-mm-dd, or dd.mm.yyyy from browsers without a
// date picker) in the job centre's zone, both included; event narrows to
// one event of the job centre. It returns the filter or the translation
// key of what is wrong.
func (h *Handler) parseExportForm(c *fiber.Ctx, loc *time.Location) (exportForm, models.ExportFilter, string, error) {
	form := exportForm{from: strings.TrimSpace(c.Query("from")), to: strings.TrimSpace(c.Query("to")),
		pseudonymised: c.Query("pseudonymised") == "1"}
	var f models.ExportFilter
	if raw := strings.TrimSpace(c.Query("event")); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			return form, f, "export.error.event", nil
		}
		form.eventID, f.EventID = id, id
		ctx, cancel := dbContext(c)
		defer cancel()
		// Another job centre's event reads as unknown, like a typo.
		if _, err := h.store.GetEvent(ctx, userOf(c).JobCentreID, id); errors.Is(err, models.ErrNotFound) {
			return form, f, "export.error.event", nil
		} else if err != nil {
			return form, f, "", fmt.Errorf("handlers: export filter: %w", err)
		}
	}
	var ok bool
	if f.From, ok = parseDay(form.from, loc); !ok {
		return form, f, "export.error.from", nil
	}
	to, ok := parseDay(form.to, loc)
	if !ok {
		return form, f, "export.error.to", nil
	}
	if !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // the whole last day
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return form, f, "export.error.range", nil
	}
	return form, f, "", nil
}

// renderExports shows the exports page with the form as typed.
func (h *Handler) renderExports(c *fiber.Ctx, status int, form exportForm, errKey string) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	events, err := h.store.ListEvents(ctx, userOf(c).JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: exports page: %w", err)
	}
	return h.render(c, status, views.PageExports, views.ExportsPage{Layout: h.layout(c, "exports"), Events: events,
		From: form.from, To: form.to, EventID: form.eventID, Pseudonymised: form.pseudonymised, ErrorKey: errKey})
}
