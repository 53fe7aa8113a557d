package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/scheduling"
	"treffpunkt/views"
)

// walkinRefused carries the rules a chosen slot breaks out of the
// transaction, which it rolls back.
type walkinRefused struct{ violations []scheduling.Violation }

func (e *walkinRefused) Error() string {
	return fmt.Sprintf("walk-in refused: %d rules, first %s", len(e.violations), e.violations[0])
}

// saveWalkin books the chosen slot for a walk-in as a confirmed interview
// (the person is here). With the event locked, the shortlist pair and the
// event participation are added if missing, the event is loaded again and
// the slot checked against every hard rule with every current interview
// fixed; a broken rule rolls everything back and the page names the rule.
func (h *Handler) saveWalkin(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	applicantID, _ := strconv.ParseInt(c.FormValue("applicant"), 10, 64)
	vacancyID, _ := strconv.ParseInt(c.FormValue("vacancy"), 10, 64)
	tableKey, startText, _ := strings.Cut(c.FormValue("slot"), "|")
	start, terr := time.Parse(time.RFC3339, startText)
	if applicantID <= 0 || vacancyID <= 0 {
		return fiber.NewError(fiber.StatusBadRequest, "applicant and vacancy are required")
	}
	if terr != nil || tableKey == "" {
		return h.renderWalkin(c, fiber.StatusUnprocessableEntity, id, applicantID, vacancyID, func(p *views.WalkinPage) {
			p.ErrorKey = "checkin.walkin.error.slot"
		})
	}
	// The page offers slots from now on; a form sent later must not book
	// one that has already begun.
	if start.Before(h.now()) {
		return h.renderWalkin(c, fiber.StatusUnprocessableEntity, id, applicantID, vacancyID, func(p *views.WalkinPage) {
			p.ErrorKey = "checkin.walkin.error.past"
		})
	}
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	var iv models.Interview
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.LockEventForPlanning(ctx, user.JobCentreID, id); err != nil {
			return err
		}
		a, err := tx.GetApplicant(ctx, user.JobCentreID, applicantID)
		if err != nil {
			return err
		}
		if _, err := tx.GetEventVacancy(ctx, user.JobCentreID, id, vacancyID); err != nil {
			return err
		}
		if err := ensureWalkinPair(ctx, tx, user.JobCentreID, user.ID, id, applicantID, vacancyID); err != nil {
			return err
		}
		w, err := h.walkinProblem(ctx, tx, user.JobCentreID, id, a, vacancyID)
		if err != nil {
			return err
		}
		if vs := w.Check(tableKey, start); len(vs) > 0 {
			return &walkinRefused{violations: vs}
		}
		sched, err := w.Schedule(tableKey, start)
		if err != nil {
			return err
		}
		ivs, err := h.newInterviews(sched, w.Index)
		if err != nil {
			return err
		}
		if len(ivs) != 1 {
			return fmt.Errorf("handlers: walk-in: %d new interviews instead of 1", len(ivs))
		}
		ivs[0].Status = models.InterviewConfirmed // the person is here
		if err := tx.CreateInterviews(ctx, user.JobCentreID, id, ivs); err != nil {
			return err
		}
		iv = ivs[0]
		details, err := json.Marshal(map[string]any{"event_id": id, "applicant_id": applicantID, "vacancy_id": vacancyID,
			"starts_at": iv.StartsAt.Format(time.RFC3339)})
		if err != nil {
			return err
		}
		ev := models.AuditEvent{JobCentreID: user.JobCentreID, ActorKind: models.ActorStaff, ActorID: &user.ID,
			Action: "interview.walkin", ObjectKind: "interview", ObjectID: &iv.ID, IP: clientIP(c), Details: string(details)}
		return tx.AppendAudit(ctx, &ev)
	})
	var refused *walkinRefused
	if errors.As(err, &refused) {
		h.log.Info("walk-in slot refused", "request_id", requestIDOf(c), "by", user.ID, "event_id", id, "rule", refused.violations[0].Rule)
		return h.renderWalkin(c, fiber.StatusConflict, id, applicantID, vacancyID, func(p *views.WalkinPage) {
			p.ErrorKey = "checkin.walkin.error.refused"
			p.Refusals = nil
			seen := map[string]bool{}
			for _, v := range refused.violations {
				key := walkinRuleKey(v.Rule, &v)
				if !seen[key] {
					seen[key] = true
					p.Refusals = append(p.Refusals, views.WalkinRefusal{Rule: key})
				}
			}
		})
	}
	if err != nil {
		return fmt.Errorf("handlers: walk-in at event %d: %w", id, err)
	}
	h.log.Info("walk-in booked", "request_id", requestIDOf(c), "by", user.ID, "interview_id", iv.ID)
	loc, _ := jobCentreOf(c).Location()
	day := iv.StartsAt.Format(time.DateOnly)
	if loc != nil {
		day = iv.StartsAt.In(loc).Format(time.DateOnly)
	}
	return c.Redirect(fmt.Sprintf("/events/%d/checkin?day=%s&marked=%d#applicant-%d", id, day, iv.ID, applicantID), fiber.StatusSeeOther)
}

// ensureWalkinPair adds the walk-in to the event and the pair to the
// shortlist unless they are there; an existing pair keeps its score.
func ensureWalkinPair(ctx context.Context, tx *models.Store, jc, staffID, eventID, applicantID, vacancyID int64) error {
	if err := tx.AddEventApplicants(ctx, jc, eventID, []models.EventApplicant{{ApplicantID: applicantID}}, nil); err != nil {
		return err
	}
	cands, err := tx.ListCandidates(ctx, jc, eventID)
	if err != nil {
		return err
	}
	for _, cd := range cands {
		if cd.ApplicantID == applicantID && cd.VacancyID == vacancyID {
			return nil
		}
	}
	return tx.SaveCandidates(ctx, jc, eventID, []models.Candidate{{ApplicantID: applicantID, VacancyID: vacancyID, Score: 3, CreatedBy: &staffID}})
}
