package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// maxOverrideReason keeps the recorded reason to a sentence or two.
const maxOverrideReason = 500

// saveShortlistCandidate puts an applicant on the vacancy's shortlist with
// a score. The pair is judged again here, not trusted from the page: an
// ineligible pair needs the override box and a reason, both recorded with
// the staff user who decided.
func (h *Handler) saveShortlistCandidate(c *fiber.Ctx) error {
	d, err := h.loadShortlist(c)
	if err != nil {
		return err
	}
	applicantID, _ := strconv.ParseInt(c.FormValue("applicant_id"), 10, 64)
	score, _ := strconv.Atoi(c.FormValue("score"))
	override := c.FormValue("override") == "on"
	reason := strings.TrimSpace(c.FormValue("override_reason"))
	refuse := func(key string) error {
		page := h.shortlistPage(c, d)
		page.ErrorKey, page.ErrorFor = key, applicantID
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageShortlist, page)
	}
	var eligible, found bool
	for _, v := range d.verdicts {
		if v.ApplicantID == applicantID {
			eligible, found = v.Eligible, true
		}
	}
	switch {
	case !found:
		return refuse("shortlist.error.applicant_unknown")
	case score < 1 || score > 5:
		return refuse("shortlist.error.score_invalid")
	case !eligible && !override:
		return refuse("shortlist.error.override_required")
	case !eligible && (reason == "" || utf8.RuneCountInString(reason) > maxOverrideReason):
		return refuse("shortlist.error.reason_required")
	}
	user := userOf(c)
	cand := models.Candidate{ApplicantID: applicantID, VacancyID: d.vacancy.Vacancy.ID, Score: score, CreatedBy: &user.ID}
	if !eligible {
		cand.Override, cand.OverrideReason = true, reason
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.SaveCandidates(ctx, user.JobCentreID, d.event.ID, []models.Candidate{cand}); err != nil {
			return err
		}
		return h.auditApplicantData(ctx, c, tx, "candidate.add", "applicant", applicantID,
			map[string]any{"event": d.event.ID, "vacancy": cand.VacancyID, "score": score, "override": cand.Override, "reason": cand.OverrideReason})
	})
	if err != nil {
		return fmt.Errorf("handlers: shortlist add: %w", err)
	}
	h.log.Info("applicant shortlisted", "request_id", requestIDOf(c), "by", user.ID, "event_id", d.event.ID,
		"vacancy_id", cand.VacancyID, "applicant_id", applicantID, "override", cand.Override)
	return c.Redirect(shortlistURL(d.event.ID, cand.VacancyID), fiber.StatusSeeOther)
}
