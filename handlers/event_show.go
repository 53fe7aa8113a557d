package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// eventNotice maps the ?done= of a redirect after an action to its
// message and whether it reports a failure.
func eventNotice(done string) (key string, isErr bool) {
	switch done {
	case "created", "saved", "closed", "planned", "published", "nothing_to_publish":
		return "events.notice." + done, false
	case "open":
		return "events.notice.opened", false
	case "conflict", "no_days":
		return "events.notice." + done, true
	}
	return "", false
}

// showEventPage shows one event of the user's job centre with its
// registrations, figures, actions and public registration link.
func (h *Handler) showEventPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	user := userOf(c)
	event, err := h.store.GetEvent(ctx, user.JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: event page: %w", err)
	}
	counts, err := h.store.EventCounts(ctx, user.JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: event page: %w", err)
	}
	links := views.EventLinks{
		RegistrationURL: h.registrationURL(event.PublicToken),
		QRURL:           "/events/" + strconv.FormatInt(id, 10) + "/qr.png",
		Open:            models.RegistrationOpen(event, h.now()),
	}
	if event.Capacity != nil {
		if links.SeatsTaken, err = h.store.SeatsTaken(ctx, id); err != nil {
			return fmt.Errorf("handlers: event page: %w", err)
		}
	}
	links.Notice, links.NoticeIsError = eventNotice(c.Query("done"))
	page := views.EventPage{Layout: h.layout(c, "events"), Event: event, Counts: counts, Links: links}
	page.FreedSlots = h.countFreedSlots(c, user.JobCentreID, id)
	return h.render(c, fiber.StatusOK, views.PageEvent, page)
}
