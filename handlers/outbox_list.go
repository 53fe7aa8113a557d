package handlers

import (
	"fmt"
	"slices"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// outboxPageLimit bounds the list; older mails are found by status filter.
const outboxPageLimit = 200

// outboxStatuses are the filter tabs in the order staff think of them:
// what needs attention first.
func outboxStatuses() []models.MailStatus {
	return []models.MailStatus{models.MailFailed, models.MailPending, models.MailSending, models.MailSent, models.MailCancelled}
}

// showOutboxPage lists the job centre's mails ("Postausgang"), optionally
// of one status. An unknown status is a 404 like an unknown path.
func (h *Handler) showOutboxPage(c *fiber.Ctx) error {
	status := models.MailStatus(c.Query("status"))
	if status != "" && !validMailStatus(status) {
		return fmt.Errorf("handlers: outbox status %q: %w", status, models.ErrNotFound)
	}
	jc := userOf(c).JobCentreID
	ctx, cancel := dbContext(c)
	defer cancel()
	counts, err := h.store.CountOutbox(ctx, jc)
	if err != nil {
		return fmt.Errorf("handlers: outbox page: %w", err)
	}
	mails, err := h.store.ListOutbox(ctx, jc, status, outboxPageLimit+1)
	if err != nil {
		return fmt.Errorf("handlers: outbox page: %w", err)
	}
	page := views.OutboxPage{Layout: h.layout(c, "outbox"), Status: string(status), Limit: outboxPageLimit}
	if len(mails) > outboxPageLimit {
		mails, page.Limited = mails[:outboxPageLimit], true
	}
	page.Mails = mails
	total := 0
	for _, s := range outboxStatuses() {
		total += counts[s]
	}
	page.Filters = append(page.Filters, views.OutboxFilter{Count: total, Current: status == ""})
	for _, s := range outboxStatuses() {
		page.Filters = append(page.Filters, views.OutboxFilter{Status: string(s), Count: counts[s], Current: s == status})
	}
	return h.render(c, fiber.StatusOK, views.PageOutbox, page)
}

func validMailStatus(s models.MailStatus) bool {
	return slices.Contains(outboxStatuses(), s)
}
