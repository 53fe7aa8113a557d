package handlers

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/planning"
)

// updateBoardPin pins or unpins an interview: a re-plan never moves a
// pinned one. Nothing about the meeting changes, so nobody is mailed; the
// store raises the calendar sequence anyway, which calendars accept.
func (h *Handler) updateBoardPin(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	in, err := boardFormOf(c, false)
	if err != nil {
		return err
	}
	pin := c.FormValue("pinned") == "true"
	jc := userOf(c).JobCentreID
	err = h.changeBoard(c, id, in, "board.pin", func(ctx context.Context, tx *models.Store, data planning.EventData) error {
		iv, err := activeInterview(data, in.interviewID)
		if err != nil {
			return err
		}
		iv.Pinned = pin
		return tx.MoveInterview(ctx, jc, &iv)
	})
	done := "unpinned"
	if pin {
		done = "pinned"
	}
	return h.finishBoard(c, id, in, err, done)
}
