package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// updateOutboxRetry queues a failed mail again (staff action). A mail that
// is no longer failed (a colleague retried it a moment ago) just shows its
// current state.
func (h *Handler) updateOutboxRetry(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	user := userOf(c)
	target := "/outbox/" + strconv.FormatInt(id, 10)
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.RetryMail(ctx, user.JobCentreID, id); err != nil {
			return err
		}
		return h.auditStaffAction(ctx, c, tx, "mail.retry", "outbox_mail", id, nil)
	})
	switch {
	case errors.Is(err, models.ErrConflict):
		return c.Redirect(target, fiber.StatusSeeOther)
	case err != nil:
		return fmt.Errorf("handlers: retry mail: %w", err)
	}
	h.log.Info("outbox mail retried", "request_id", requestIDOf(c), "by", user.ID, "mail_id", id)
	return c.Redirect(target+"?retried=1", fiber.StatusSeeOther)
}
