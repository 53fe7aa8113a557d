package handlers

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/planning"
)

// removeBoardInterview takes an interview off the board by cancelling it,
// which frees its slot and keeps the record. A published one gets a
// cancellation through the invitation service.
func (h *Handler) removeBoardInterview(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	in, err := boardFormOf(c, false)
	if err != nil {
		return err
	}
	jc := userOf(c).JobCentreID
	err = h.changeBoard(c, id, in, "board.remove", func(ctx context.Context, tx *models.Store, data planning.EventData) error {
		iv, err := activeInterview(data, in.interviewID)
		if err != nil {
			return err
		}
		if h.invites == nil {
			if iv.Status != models.InterviewPlanned {
				return models.ErrConflict
			}
			_, err := tx.SetInterviewStatus(ctx, jc, iv.ID, iv.Version, models.InterviewCancelled)
			return err
		}
		return h.invites.Cancel(ctx, tx, jc, iv.ID, iv.Version)
	})
	return h.finishBoard(c, id, in, err, "removed")
}
