package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/planning"
	"treffpunkt/views"
)

// What every board action shares: the form, the version check in one
// locked transaction, the rule check and the answer.

// errStalePlan says the form was rendered from a plan that has changed since.
var errStalePlan = errors.New("handlers: board: the plan changed since the page was loaded")

// boardRefusal carries the broken rules out of the transaction, which
// then rolls back: a refused change changes nothing.
type boardRefusal struct{ rules []planning.BoardRule }

func (r *boardRefusal) Error() string { return fmt.Sprintf("handlers: board: refused by %v", r.rules) }

// boardInput is the parsed form of every board action.
type boardInput struct {
	version     string // planning.PlanVersion the page was rendered with
	interviewID int64
	candidateID int64
	row         string
	start       time.Time
}

// boardFormOf reads the board form. Numbers and times that do not parse
// cannot come from the page's own selects, so they are a bad request.
func boardFormOf(c *fiber.Ctx, needTarget bool) (boardInput, error) {
	in := boardInput{version: c.FormValue("plan_version"), row: c.FormValue("row")}
	bad := func(what string, err error) error {
		return newHTTPError(fiber.StatusBadRequest, fmt.Errorf("handlers: board form: %s: %w", what, err))
	}
	var err error
	if v := c.FormValue("interview"); v != "" {
		if in.interviewID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return in, bad("interview", err)
		}
	}
	if v := c.FormValue("candidate"); v != "" {
		if in.candidateID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return in, bad("candidate", err)
		}
	}
	if needTarget {
		if in.start, err = time.Parse(time.RFC3339, c.FormValue("start")); err != nil {
			return in, bad("start", err)
		}
		if in.row == "" {
			return in, bad("row", errors.New("empty"))
		}
	}
	return in, nil
}

// changeBoard runs change in one transaction with the event locked (the
// lock the plan page takes too), after checking that the plan is still
// the one the form was rendered from. The change and its audit entry
// (action, e.g. "board.move") commit together.
func (h *Handler) changeBoard(c *fiber.Ctx, eventID int64, in boardInput, action string,
	change func(ctx context.Context, tx *models.Store, data planning.EventData) error,
) error {
	jc := userOf(c).JobCentreID
	ctx, cancel := context.WithTimeout(c.UserContext(), 4*dbTimeout)
	defer cancel()
	return h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.LockEventForPlanning(ctx, jc, eventID); err != nil {
			return err
		}
		data, err := planning.Load(ctx, tx, jc, eventID)
		if err != nil {
			return err
		}
		if planning.PlanVersion(data.Interviews) != in.version {
			return errStalePlan
		}
		if err := change(ctx, tx, data); err != nil {
			return err
		}
		return h.auditStaffAction(ctx, c, tx, action, "event", eventID, map[string]any{
			"interview": in.interviewID, "candidate": in.candidateID, "row": in.row, "start": in.start})
	})
}

// checkChange runs the board's rule check and turns a refusal into an error.
func (h *Handler) checkChange(data planning.EventData, ch planning.Change) (planning.Verdict, error) {
	v, err := planning.Check(data, h.travelParams(data.Event), ch)
	if err != nil {
		return v, err
	}
	if len(v.Refused) > 0 {
		return v, &boardRefusal{rules: v.Refused}
	}
	return v, nil
}

// finishBoard answers a board action: back to the board on success (303),
// the board with the named rules on a refusal (422), with "reload" when
// the plan was changed by someone else (409).
func (h *Handler) finishBoard(c *fiber.Ctx, eventID int64, in boardInput, err error, done string) error {
	var refusal *boardRefusal
	form := views.BoardForm{InterviewID: in.interviewID, CandidateID: in.candidateID, Row: in.row, Start: in.start}
	switch {
	case errors.As(err, &refusal):
		page, perr := h.boardPage(c, eventID, form)
		if perr != nil {
			return perr
		}
		page.Refused = refusal.rules
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageBoard, page)
	case errors.Is(err, errStalePlan), errors.Is(err, models.ErrConflict):
		page, perr := h.boardPage(c, eventID, form)
		if perr != nil {
			return perr
		}
		page.Error = "board.error.stale"
		return h.render(c, fiber.StatusConflict, views.PageBoard, page)
	case errors.Is(err, planning.ErrUnknownRow):
		return newHTTPError(fiber.StatusBadRequest, err)
	case err != nil:
		return fmt.Errorf("handlers: board of event %d: %w", eventID, err)
	}
	h.log.Info("board changed", "request_id", requestIDOf(c), "by", userOf(c).ID, "event_id", eventID,
		"action", done, "interview_id", in.interviewID)
	target := "/events/" + strconv.FormatInt(eventID, 10) + "/board?done=" + done
	if in.interviewID != 0 && done != "removed" {
		target += "&interview=" + strconv.FormatInt(in.interviewID, 10) + "#panel"
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// activeInterview finds an interview of the loaded event that is still on
// the board; another job centre's or a freed one reads as not found.
func activeInterview(data planning.EventData, id int64) (models.Interview, error) {
	for _, iv := range data.Interviews {
		if iv.ID == id && planning.Active(iv) {
			return iv, nil
		}
	}
	return models.Interview{}, fmt.Errorf("handlers: board: interview %d: %w", id, models.ErrNotFound)
}
