package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/planning"
)

// Refusals of an acceptance that staff can understand and redo.
var (
	errFreedStale       = errors.New("freed interview changed meanwhile")
	errFreedNotProposed = errors.New("candidate no longer fits the slot")
)

// saveFreedReplacement fills a freed slot with the chosen proposal in one
// click: under the event's planning lock it re-judges the slot on the
// current data, creates the newcomer's interview exactly there and, if the
// plan is published, invites the newcomer as publishing does. A slot taken
// meanwhile, a changed interview or a proposal that no longer fits is
// refused on the page and nothing is saved; so a double click or a second
// staff member accepting as well adds one interview, not two.
func (h *Handler) saveFreedReplacement(c *fiber.Ctx) error {
	eventID, err := idParam(c)
	if err != nil {
		return err
	}
	freedID, err := strconv.ParseInt(c.Params("interview"), 10, 64)
	if err != nil || freedID <= 0 {
		return fmt.Errorf("handlers: freed interview %q: %w", c.Params("interview"), models.ErrNotFound)
	}
	candidateID, err1 := strconv.ParseInt(c.FormValue("candidate"), 10, 64)
	version, err2 := strconv.Atoi(c.FormValue("version"))
	badForm := errors.Join(err1, err2)
	jc := userOf(c).JobCentreID
	ctx, cancel := context.WithTimeout(c.UserContext(), 4*dbTimeout)
	defer cancel()
	var added int64
	var invited bool
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		if err := tx.LockEventForPlanning(ctx, jc, eventID); err != nil {
			return err // another job centre's event: 404, whatever the form says
		}
		if badForm != nil {
			return newHTTPError(fiber.StatusBadRequest, fmt.Errorf("handlers: accept freed slot: %w", badForm))
		}
		d, err := planning.Load(ctx, tx, jc, eventID)
		if err != nil {
			return err
		}
		f, err := planning.Replacements(d, h.travelParams(d.Event), freedID)
		if err != nil {
			return err
		}
		// A page opened before the slot began may be sent after: a slot
		// that has started is no longer offered.
		if f.Interview.Version != version || !f.Interview.StartsAt.After(h.now()) {
			return errFreedStale
		}
		i := -1
		for k, p := range f.Proposals {
			if p.Candidate.ID == candidateID {
				i = k
			}
		}
		if i < 0 {
			return errFreedNotProposed
		}
		iv := f.NewInterview(f.Proposals[i])
		if iv.ICalUID, iv.CheckinCode, err = h.newIdentity(); err != nil {
			return err
		}
		ivs := []models.Interview{iv}
		if err := tx.CreateInterviews(ctx, jc, eventID, ivs); err != nil {
			return err
		}
		added = ivs[0].ID
		// Placing an applicant is a use of social data: logged with the change.
		if err := h.auditApplicantData(ctx, c, tx, "interview.fill_freed_slot", "interview", added,
			map[string]any{"event_id": eventID, "replaces_interview_id": freedID, "applicant_id": f.Proposals[i].Candidate.ApplicantID}); err != nil {
			return err
		}
		if !planPublished(d) {
			return nil
		}
		if h.invites == nil {
			return errors.New("handlers: accept freed slot: no invitation service configured")
		}
		invited = true
		return h.invites.Publish(ctx, tx, jc, []int64{added})
	})
	if key := freedErrorKey(err); key != "" {
		h.log.Info("freed slot refused", "request_id", requestIDOf(c), "by", userOf(c).ID, "event_id", eventID,
			"interview_id", freedID, "reason", err)
		return h.renderFreed(c, fiber.StatusConflict, eventID, "", key, freedID)
	}
	if err != nil {
		return fmt.Errorf("handlers: accept freed slot %d of event %d: %w", freedID, eventID, err)
	}
	h.log.Info("freed slot filled", "request_id", requestIDOf(c), "by", userOf(c).ID, "event_id", eventID,
		"freed_interview_id", freedID, "interview_id", added, "invited", invited)
	done := "accepted"
	if invited {
		done = "invited"
	}
	return c.Redirect("/events/"+strconv.FormatInt(eventID, 10)+"/freed?done="+done, fiber.StatusSeeOther)
}

// newIdentity returns a fresh calendar UID and check-in code, as a plan's
// new interviews get them.

// freedErrorKey turns a refusal staff can act on into its message key.
func freedErrorKey(err error) string {
	switch {
	case errors.Is(err, planning.ErrSlotTaken), errors.Is(err, models.ErrDuplicate):
		// ErrDuplicate: the unique link to the freed interview, should two
		// acceptances ever pass the lock together.
		return "freed.error.taken"
	case errors.Is(err, planning.ErrNotFreed), errors.Is(err, errFreedStale):
		return "freed.error.stale"
	case errors.Is(err, errFreedNotProposed):
		return "freed.error.not_possible"
	case errors.Is(err, planning.ErrUnmappedInterview):
		return "plan.error.kept_unmapped"
	}
	return ""
}
