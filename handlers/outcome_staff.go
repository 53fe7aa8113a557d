package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// showEventOutcomesPage lists the event's interviews with outcome, a form
// per interview and the history (who, when, previous value).
func (h *Handler) showEventOutcomesPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var saved int64
	if v, err := strconv.ParseInt(c.Query("saved"), 10, 64); err == nil {
		saved = v
	}
	return h.renderEventOutcomes(c, fiber.StatusOK, id, saved, nil)
}

// outcomeFormError is a refused staff form, shown at its interview with
// what was typed.
type outcomeFormError struct {
	interviewID int64
	kind        models.OutcomeKind
	startDate   string
	key         string
}

func (h *Handler) renderEventOutcomes(c *fiber.Ctx, status int, eventID, saved int64, formErr *outcomeFormError) error {
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	event, err := h.store.GetEvent(ctx, user.JobCentreID, eventID)
	if err != nil {
		return fmt.Errorf("handlers: outcomes page: %w", err)
	}
	jc := jobCentreOf(c)
	loc, err := jc.Location()
	if err != nil {
		return fmt.Errorf("handlers: zone of job centre %d: %w", jc.ID, err)
	}
	rows, err := h.store.EventOutcomes(ctx, user.JobCentreID, eventID)
	if err != nil {
		return fmt.Errorf("handlers: outcomes page: %w", err)
	}
	staff, err := h.store.ListStaffUsers(ctx, user.JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: outcomes page: %w", err)
	}
	staffNames := map[int64]string{}
	for _, s := range staff {
		staffNames[s.ID] = s.Name
	}
	contactNames := map[int64]string{}
	page := views.EventOutcomesPage{Layout: h.layout(c, "events"), Event: event, Kinds: models.OutcomeKinds(), Saved: saved}
	for _, r := range rows {
		iv := r.Interview
		start := iv.StartsAt.In(loc)
		row := views.OutcomeRow{InterviewID: iv.ID, Start: start, End: iv.EndsAt.In(loc),
			Applicant: iv.Applicant.FirstName + " " + iv.Applicant.LastName, Employer: iv.Employer.Name,
			Vacancy: iv.Vacancy.Title, Status: iv.Status, Outcome: r.Outcome, MinDate: start.Format(time.DateOnly)}
		if o := r.Outcome; o != nil {
			row.Selected = o.Kind
			if o.StartDate != nil {
				row.StartDate = o.StartDate.Format(time.DateOnly)
			}
		}
		if formErr != nil && formErr.interviewID == iv.ID {
			row.Selected, row.StartDate, row.ErrorKey = formErr.kind, formErr.startDate, formErr.key
		}
		for _, ch := range r.History {
			hr := views.OutcomeHistoryRow{When: ch.ChangedAt.In(loc), ActorKind: ch.ChangedByKind,
				PreviousStart: ch.PreviousStartDate, New: ch.NewKind, NewStart: ch.NewStartDate}
			if ch.PreviousKind != nil {
				hr.Previous = *ch.PreviousKind
			}
			if ch.ChangedByID != nil {
				switch ch.ChangedByKind {
				case models.ActorStaff:
					hr.Who = staffNames[*ch.ChangedByID]
				case models.ActorEmployer:
					name, ok := contactNames[*ch.ChangedByID]
					if !ok {
						cp, _, err := h.store.GetEmployerContact(ctx, user.JobCentreID, *ch.ChangedByID)
						if err != nil && !errors.Is(err, models.ErrNotFound) {
							return fmt.Errorf("handlers: outcomes page: %w", err)
						}
						name = cp.Name
						contactNames[*ch.ChangedByID] = name
					}
					hr.Who = name
				}
			}
			row.History = append(row.History, hr)
		}
		page.Rows = append(page.Rows, row)
	}
	return h.render(c, status, views.PageEventOutcomes, page)
}

// saveInterviewOutcome records or corrects an outcome as staff. Another
// job centre's interview is 404; a start before the interview is refused
// on the page, nothing saved.
func (h *Handler) saveInterviewOutcome(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	user := userOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	iv, err := h.store.GetInterview(ctx, user.JobCentreID, id)
	if err != nil {
		return fmt.Errorf("handlers: record outcome: %w", err)
	}
	loc, err := jobCentreOf(c).Location()
	if err != nil {
		return fmt.Errorf("handlers: record outcome: %w", err)
	}
	kind, start, errKey := parseOutcomeForm(c, iv.StartsAt.In(loc))
	if errKey != "" {
		return h.renderEventOutcomes(c, fiber.StatusUnprocessableEntity, iv.EventID, 0,
			&outcomeFormError{interviewID: iv.ID, kind: kind, startDate: c.FormValue("start_date"), key: errKey})
	}
	staffID := user.ID
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if _, err := tx.RecordOutcome(ctx, user.JobCentreID, iv.ID, kind, start, models.ActorStaff, &staffID); err != nil {
			return err
		}
		return h.auditStaffAction(ctx, c, tx, "outcome.record", "interview", iv.ID, map[string]any{"kind": kind})
	})
	if err != nil {
		return fmt.Errorf("handlers: record outcome: %w", err)
	}
	h.log.Info("staff recorded outcome", "request_id", requestIDOf(c), "interview_id", iv.ID)
	return c.Redirect(fmt.Sprintf("/events/%d/outcomes?saved=%d#interview-%d", iv.EventID, iv.ID, iv.ID), fiber.StatusSeeOther)
}
