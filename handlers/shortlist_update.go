package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// updateShortlistScores saves the scores of the vacancy's shortlist in one
// go; fields are read only for pairs of this vacancy, so a forged field
// cannot rescore another one.
func (h *Handler) updateShortlistScores(c *fiber.Ctx) error {
	d, err := h.loadShortlist(c)
	if err != nil {
		return err
	}
	scores := map[int64]int{}
	for _, cand := range d.candidates {
		raw := c.FormValue("score_" + strconv.FormatInt(cand.ID, 10))
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 5 {
			page := h.shortlistPage(c, d)
			page.ErrorKey = "shortlist.error.score_invalid"
			return h.render(c, fiber.StatusUnprocessableEntity, views.PageShortlist, page)
		}
		scores[cand.ID] = n
	}
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.UpdateCandidateScores(ctx, user.JobCentreID, d.event.ID, scores); err != nil {
			return err
		}
		return h.auditStaffAction(ctx, c, tx, "candidate.score", "event", d.event.ID, map[string]any{"vacancy": d.vacancy.Vacancy.ID})
	})
	if err != nil {
		return fmt.Errorf("handlers: shortlist scores: %w", err)
	}
	return c.Redirect(shortlistURL(d.event.ID, d.vacancy.Vacancy.ID), fiber.StatusSeeOther)
}
