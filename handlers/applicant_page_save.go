package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail/invite"
	"treffpunkt/models"
)

// saveApplicantAnswer records "I will come", "I cannot come" or "I need
// another time" for one interview of the link's applicant, once. A repeat
// press or a second tab shows the recorded state and changes nothing.
func (h *Handler) saveApplicantAnswer(c *fiber.Ctx) error {
	var answer models.InterviewAnswer
	switch c.Params("answer") {
	case "confirm":
		answer = models.AnswerConfirmed
	case "decline":
		answer = models.AnswerDeclined
	case "reschedule":
		answer = models.AnswerReschedule
	default:
		return newHTTPError(fiber.StatusNotFound, nil)
	}
	lt, ok, err := h.applicantLink(c)
	if !ok {
		return err
	}
	id, err := strconv.ParseInt(c.FormValue("interview"), 10, 64)
	if err != nil || id <= 0 {
		return h.renderApplicantError(c, fiber.StatusNotFound, "ap.error.interview", &lt)
	}
	if h.invites == nil {
		return newHTTPError(fiber.StatusServiceUnavailable, errors.New("handlers: no invite service wired"))
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	notice := string(answer)
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		_, err := h.invites.RecordAnswer(ctx, tx, lt, id, answer)
		return err
	})
	switch {
	case errors.Is(err, invite.ErrAnswered):
		notice = "already"
	case errors.Is(err, models.ErrNotFound):
		return h.renderApplicantError(c, fiber.StatusNotFound, "ap.error.interview", &lt)
	case err != nil:
		return fmt.Errorf("handlers: applicant answer: %w", err)
	}
	q := url.Values{"notice": {notice}}
	if lang := c.FormValue("lang"); h.applicantPages.Translator().Supported(lang) {
		q.Set("lang", lang)
	}
	target := "/a/" + url.PathEscape(c.Params("token")) + "?" + q.Encode() + "#interview-" + strconv.FormatInt(id, 10)
	return c.Redirect(target, fiber.StatusSeeOther)
}
