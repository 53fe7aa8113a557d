package handlers

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/planning"
)

// updateBoardMove moves an interview to another slot or table after the
// rule check. A moved interview is pinned, because a re-plan would
// otherwise undo what staff decided by hand. A published one gets an
// updated invitation through the invitation service.
func (h *Handler) updateBoardMove(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	in, err := boardFormOf(c, true)
	if err != nil {
		return err
	}
	jc := userOf(c).JobCentreID
	err = h.changeBoard(c, id, in, "board.move", func(ctx context.Context, tx *models.Store, data planning.EventData) error {
		iv, err := activeInterview(data, in.interviewID)
		if err != nil {
			return err
		}
		v, err := h.checkChange(data, planning.Change{InterviewID: iv.ID, Row: in.row, Start: in.start})
		if err != nil {
			return err
		}
		if !iv.Pinned {
			iv.Pinned = true
			if err := tx.MoveInterview(ctx, jc, &iv); err != nil {
				return err
			}
		}
		iv.StartsAt, iv.EndsAt, iv.TableID, iv.SiteID = v.StartsAt, v.EndsAt, v.TableID, v.SiteID
		if h.invites == nil {
			// Without the invitation service (tests, tools) only a planned
			// interview may move: nobody has to be told.
			if iv.Status != models.InterviewPlanned {
				return models.ErrConflict
			}
			return tx.MoveInterview(ctx, jc, &iv)
		}
		return h.invites.Move(ctx, tx, jc, iv)
	})
	return h.finishBoard(c, id, in, err, "moved")
}
