package handlers

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/planning"
)

// saveBoardInterview adds an interview by hand for a shortlisted pair
// after the rule check. It is pinned so a re-plan keeps it, and planned:
// "Publish and invite" sends it like every other newcomer.
func (h *Handler) saveBoardInterview(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	in, err := boardFormOf(c, true)
	if err != nil {
		return err
	}
	jc := userOf(c).JobCentreID
	err = h.changeBoard(c, id, in, "board.add", func(ctx context.Context, tx *models.Store, data planning.EventData) error {
		v, err := h.checkChange(data, planning.Change{CandidateID: in.candidateID, Row: in.row, Start: in.start})
		if err != nil {
			return err
		}
		iv := models.Interview{CandidateID: v.CandidateID, StartsAt: v.StartsAt, EndsAt: v.EndsAt,
			TableID: v.TableID, SiteID: v.SiteID, Pinned: true, Status: models.InterviewPlanned}
		if iv.ICalUID, iv.CheckinCode, err = h.newIdentity(); err != nil {
			return err
		}
		ivs := []models.Interview{iv}
		if err := tx.CreateInterviews(ctx, jc, id, ivs); err != nil {
			return err
		}
		in.interviewID = ivs[0].ID
		return nil
	})
	return h.finishBoard(c, id, in, err, "added")
}
