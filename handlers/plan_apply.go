package handlers

import (
	"context"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"treffpunkt/mail/invite"
	"treffpunkt/models"
	"treffpunkt/models/planning"
	"treffpunkt/scheduling"
	"treffpunkt/views"
)

// savePlan re-runs the previewed solve (same mode and seed, so the same
// plan while the data are unchanged) and replaces the event's interviews
// that are only planned — not pinned, not yet sent — with its new ones.
// Load, solve and replace happen in one transaction with the event locked,
// so the plan is built on exactly what it replaces and two staff applying
// at once cannot both insert a plan. Kept interviews are fixed meetings of
// the solve, so they stay exactly as they are.
func (h *Handler) savePlan(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	mode, seed, err := planForm(c)
	if err != nil {
		return err
	}
	jc := userOf(c).JobCentreID
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*planTimeLimit+dbTimeout)
	defer cancel()
	var in planInput
	var meetings int
	var removed int64
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.LockEventForPlanning(ctx, jc, id); err != nil {
			return err
		}
		var err error
		if in, err = buildPlan(ctx, tx, jc, id, h.travel()); err != nil {
			return err
		}
		s, err := planning.Run(ctx, in.problem, mode, seed, planTimeLimit, h.now)
		if err != nil {
			return err
		}
		ivs, err := h.newInterviews(s, in.index)
		if err != nil {
			return err
		}
		meetings = len(s.Meetings)
		if removed, err = tx.ReplacePlannedInterviews(ctx, jc, id, ivs); err != nil {
			return err
		}
		return h.auditStaffAction(ctx, c, tx, "plan.apply", "event", id, map[string]any{"meetings": meetings, "removed": removed})
	})
	if key := planErrorKey(err); key != "" {
		page := h.planPage(c, in, mode, seed)
		page.Error = key
		return h.render(c, fiber.StatusConflict, views.PagePlan, page)
	}
	if err != nil {
		return fmt.Errorf("handlers: apply plan of event %d: %w", id, err)
	}
	h.log.Info("plan applied", "request_id", requestIDOf(c), "by", userOf(c).ID, "event_id", id,
		"mode", mode, "meetings", meetings, "replaced", removed)
	return c.Redirect("/events/"+strconv.FormatInt(id, 10)+"?done=planned", fiber.StatusSeeOther)
}

// newInterviews turns the schedule's new meetings into interviews with
// fresh calendar UIDs and check-in codes.
func (h *Handler) newInterviews(s *scheduling.Schedule, idx planning.Index) ([]models.Interview, error) {
	ivs, err := planning.Interviews(s, idx)
	if err != nil {
		return nil, err
	}
	for i := range ivs {
		if ivs[i].ICalUID, ivs[i].CheckinCode, err = h.newIdentity(); err != nil {
			return nil, err
		}
	}
	return ivs, nil
}

// newIdentity is what every new interview needs before it is stored: its
// calendar UID and its check-in code.
func (h *Handler) newIdentity() (uid, code string, err error) {
	// Without the invitation service (tests, tools) a UUID at a reserved
	// domain keeps the UID unique and free of personal data.
	uid = uuid.NewString() + "@treffpunkt.invalid"
	if h.invites != nil {
		uid = h.invites.NewUID()
	}
	code, err = invite.NewCheckinCode()
	return uid, code, err
}
