package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// savePublication publishes an event's plan: every interview that is only
// planned becomes "invited", and its invitations (applicant and employer
// contact) plus one plan summary per employer are queued in the same
// transaction. Interviews already published are left alone, so pressing the
// button again after a re-plan invites only the newcomers.
func (h *Handler) savePublication(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if h.invites == nil {
		return errors.New("handlers: publish: no invitation service configured")
	}
	jc := userOf(c).JobCentreID
	ctx, cancel := context.WithTimeout(c.UserContext(), 4*dbTimeout)
	defer cancel()
	var published int
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		// The same lock as applying a plan: a plan is never half replaced
		// while it is being published.
		if err := tx.LockEventForPlanning(ctx, jc, id); err != nil {
			return err
		}
		ivs, err := tx.ListInterviews(ctx, jc, id)
		if err != nil {
			return err
		}
		var ids []int64
		for _, iv := range ivs {
			if iv.Status == models.InterviewPlanned {
				ids = append(ids, iv.ID)
			}
		}
		published = len(ids)
		if published == 0 {
			return nil
		}
		if err := h.invites.Publish(ctx, tx, jc, ids); err != nil {
			return err
		}
		// Invitations are out: the event is published, which is what the
		// employer area and the freed-slot invitations go by. A finished
		// event stays done.
		ev, err := tx.GetEvent(ctx, jc, id)
		if err != nil {
			return err
		}
		if ev.Status != models.EventPublished && ev.Status != models.EventDone {
			if _, err := tx.SetEventStatus(ctx, jc, id, ev.Version, models.EventPublished); err != nil {
				return err
			}
		}
		return h.auditStaffAction(ctx, c, tx, "plan.publish", "event", id, map[string]any{"interviews": published})
	})
	if err != nil {
		return fmt.Errorf("handlers: publish event %d: %w", id, err)
	}
	h.log.Info("plan published", "request_id", requestIDOf(c), "by", userOf(c).ID, "event_id", id, "interviews", published)
	done := "published"
	if published == 0 {
		done = "nothing_to_publish"
	}
	return c.Redirect("/events/"+strconv.FormatInt(id, 10)+"?done="+done, fiber.StatusSeeOther)
}
