package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models/planning"
	"treffpunkt/views"
)

// showFreedPage lists the event's slots freed by declines and
// cancellations that are still free, each with the best replacement from
// the shortlist and the alternatives. Nothing changes until staff accept.
func (h *Handler) showFreedPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	notice := ""
	switch c.Query("done") {
	case "accepted", "invited":
		notice = "freed.notice." + c.Query("done")
	}
	return h.renderFreed(c, fiber.StatusOK, id, notice, "", 0)
}

// renderFreed builds the freed-slots page as it is now, with an optional
// notice or error (translation keys) at slot errSlot.
func (h *Handler) renderFreed(c *fiber.Ctx, status int, eventID int64, notice, errKey string, errSlot int64) error {
	ctx, cancel := dbContext(c)
	defer cancel()
	jc := jobCentreOf(c)
	loc, err := jc.Location()
	if err != nil {
		return fmt.Errorf("handlers: zone of job centre %d: %w", jc.ID, err)
	}
	d, slots, err := h.loadFreedSlots(ctx, h.store, jc.ID, eventID)
	if errors.Is(err, planning.ErrUnmappedInterview) {
		// An interview that no longer fits the event (e.g. its employer
		// withdrew) must be sorted out first, as on the planner page.
		errKey, slots, err = "plan.error.kept_unmapped", nil, nil
	}
	if err != nil {
		return err
	}
	page := views.FreedPage{Layout: h.layout(c, "events"), Event: d.Event, Slots: freedSlotsView(slots, loc),
		Published: planPublished(d), Notice: notice, Error: errKey, ErrorSlot: errSlot}
	return h.render(c, status, views.PageFreed, page)
}
