package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// removeShortlistCandidate takes a pair off the vacancy's shortlist.
func (h *Handler) removeShortlistCandidate(c *fiber.Ctx) error {
	d, err := h.loadShortlist(c)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(c.FormValue("candidate_id"), 10, 64)
	found := false
	for _, cand := range d.candidates {
		found = found || cand.ID == id
	}
	if !found {
		return fmt.Errorf("handlers: shortlist remove %d: %w", id, models.ErrNotFound)
	}
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.DeleteCandidate(ctx, user.JobCentreID, id); err != nil {
			return err
		}
		return h.auditStaffAction(ctx, c, tx, "candidate.remove", "candidate", id, map[string]any{"event": d.event.ID})
	})
	if err != nil {
		return fmt.Errorf("handlers: shortlist remove: %w", err)
	}
	h.log.Info("applicant taken off shortlist", "request_id", requestIDOf(c), "by", user.ID, "candidate_id", id)
	return c.Redirect(shortlistURL(d.event.ID, d.vacancy.Vacancy.ID), fiber.StatusSeeOther)
}
