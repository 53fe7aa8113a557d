package handlers

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail"
	"treffpunkt/mail/invite"
	"treffpunkt/models"
	"treffpunkt/views"
)

// showApplicantPlanPage shows the applicant's plan for the event of the
// link. It only reads: mail scanners and link previews open it too.
func (h *Handler) showApplicantPlanPage(c *fiber.Ctx) error {
	lt, ok, err := h.applicantLink(c)
	if !ok {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	jc, err := h.store.GetJobCentre(ctx, lt.JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: applicant page: %w", err)
	}
	applicant, err := h.store.GetApplicant(ctx, lt.JobCentreID, *lt.ApplicantID)
	if err != nil {
		return fmt.Errorf("handlers: applicant page: %w", err)
	}
	event, err := h.store.GetEvent(ctx, lt.JobCentreID, *lt.EventID)
	if err != nil {
		return fmt.Errorf("handlers: applicant page: %w", err)
	}
	plan, err := h.store.ApplicantPlan(ctx, lt.JobCentreID, applicant.ID, event.ID)
	if err != nil {
		return fmt.Errorf("handlers: applicant page: %w", err)
	}
	csrf, err := h.applicantCSRF(c)
	if err != nil {
		return err
	}
	lang := h.applicantLang(c, string(applicant.PreferredLanguage))
	frame := h.applicantPages.Frame(lang, c.Path())
	frame.CentreName, frame.CentrePhone, frame.CentreEmail = jc.Name, jc.ContactPhone, jc.ContactEmail
	page := views.ApplicantPlanPage{ApplicantFrame: frame, CSRF: csrf, FirstName: applicant.FirstName, EventTitle: event.Title}
	for _, l := range strings.Split(strings.ReplaceAll(event.Description, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			page.EventNotes = append(page.EventNotes, l)
		}
	}
	switch n := c.Query("notice"); n {
	case string(models.AnswerConfirmed), string(models.AnswerDeclined), string(models.AnswerReschedule):
		page.NoticeKey = "ap.notice." + n
	case "already":
		page.NoticeKey, page.NoticeIsBad = "ap.notice.already", true
	}
	focusID, _ := strconv.ParseInt(c.Query("interview"), 10, 64)
	focusAnswer := c.Query("answer")
	base := "/a/" + url.PathEscape(c.Params("token"))
	for _, d := range plan {
		page.Interviews = append(page.Interviews, planItem(d, base, focusID, focusAnswer))
	}
	return h.renderApplicant(c, fiber.StatusOK, lang, views.PageApplicantPlan, page)
}

// planItem is one interview as the applicant sees it.
func planItem(d models.InterviewDetails, base string, focusID int64, focusAnswer string) views.ApplicantPlanItem {
	iv := d.Interview
	p := invite.Place(d)
	id := strconv.FormatInt(iv.ID, 10)
	item := views.ApplicantPlanItem{
		ID: iv.ID, Start: iv.StartsAt, End: iv.EndsAt, Employer: iv.Employer.Name, Vacancy: iv.Vacancy.Title,
		Address: p.Address(), Room: invite.Room(d), MapURL: mail.MapURL(p.Address(), p.Lat, p.Lon, p.HasCoordinates),
		StepFree: p.StepFree, StatusKey: "ap.status." + string(iv.Status),
		Open:       iv.Status == models.InterviewInvited && iv.Answer == models.AnswerNone,
		Active:     iv.Status == models.InterviewInvited || iv.Status == models.InterviewConfirmed,
		ActionBase: base, CalendarURL: base + "/calendar.ics?interview=" + id, QRURL: base + "/qr.svg?interview=" + id,
		CheckinCode: iv.CheckinCode,
	}
	if iv.Status == models.InterviewInvited && iv.Answer == models.AnswerReschedule {
		item.StatusKey = "ap.status.reschedule"
	}
	if item.Open && focusID == iv.ID && (focusAnswer == string(models.AnswerConfirmed) || focusAnswer == string(models.AnswerDeclined)) {
		item.FocusKey = "ap.focus." + focusAnswer
	}
	return item
}
