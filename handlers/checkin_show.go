package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// showCheckinPage is the check-in list of one event day: the day's
// interviews grouped by applicant, the code field a USB scanner types into,
// and ?q= to filter without JavaScript (checkin.js filters as one types).
func (h *Handler) showCheckinPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var notice *views.CheckinNotice
	for _, k := range []string{"checked", "already", "marked"} {
		if ivID, err := strconv.ParseInt(c.Query(k), 10, 64); err == nil && ivID > 0 {
			if notice, err = h.checkinNotice(c, id, ivID, "checkin.notice."+k); err != nil {
				return err
			}
		}
	}
	return h.renderCheckin(c, fiber.StatusOK, id, c.Query("day"), notice)
}

// checkinNotice names the applicant and the interview of a done action;
// an interview of another event or job centre is a 404 like any forged id.
func (h *Handler) checkinNotice(c *fiber.Ctx, eventID, interviewID int64, key string) (*views.CheckinNotice, error) {
	ctx, cancel := dbContext(c)
	defer cancel()
	iv, err := h.store.GetInterview(ctx, userOf(c).JobCentreID, interviewID)
	if err == nil && iv.EventID != eventID {
		err = fmt.Errorf("interview %d is not of event %d: %w", interviewID, eventID, models.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("handlers: check-in notice: %w", err)
	}
	loc, err := jobCentreOf(c).Location()
	if err != nil {
		return nil, fmt.Errorf("handlers: check-in notice: %w", err)
	}
	return &views.CheckinNotice{Key: key, Name: applicantName(iv.Applicant), Start: iv.StartsAt.In(loc), With: iv.Employer.Name}, nil
}

// renderCheckin builds the list of day (yyyy-mm-dd; empty: today or the
// next event day) and renders it with notice.
func (h *Handler) renderCheckin(c *fiber.Ctx, status int, eventID int64, day string, notice *views.CheckinNotice) error {
	jc := userOf(c).JobCentreID
	ctx, cancel := dbContext(c)
	defer cancel()
	event, err := h.store.GetEvent(ctx, jc, eventID)
	if err != nil {
		return fmt.Errorf("handlers: check-in page: %w", err)
	}
	loc, err := jobCentreOf(c).Location()
	if err != nil {
		return fmt.Errorf("handlers: check-in page: %w", err)
	}
	page := views.CheckinPage{Layout: h.layout(c, "events"), Event: event, Query: strings.TrimSpace(c.Query("q")), Notice: notice}
	from, to := checkinDay(event, day, h.now().In(loc), loc)
	for _, d := range event.Days {
		start := d.StartsAt.In(loc)
		date := start.Format(time.DateOnly)
		page.Days = append(page.Days, views.CheckinDay{Date: date, Day: start, Current: date == from.Format(time.DateOnly)})
	}
	page.Day = from.Format(time.DateOnly)
	ivs, err := h.store.ListCheckin(ctx, jc, eventID, from, to)
	if err != nil {
		return fmt.Errorf("handlers: check-in page: %w", err)
	}
	tables := map[int64]string{}
	for _, t := range event.Tables {
		tables[t.ID] = t.Label
	}
	q := models.CheckinSearchKey(page.Query)
	for _, iv := range ivs {
		page.Total++
		switch iv.Status {
		case models.InterviewAttended:
			page.Arrived++
		case models.InterviewNoShow:
			page.NoShow++
		}
		n := len(page.Groups)
		if n == 0 || page.Groups[n-1].ApplicantID != iv.ApplicantID {
			page.Groups = append(page.Groups, views.CheckinGroup{ApplicantID: iv.ApplicantID, Name: applicantName(iv.Applicant)})
			n++
		}
		g := &page.Groups[n-1]
		row := views.CheckinRow{ID: iv.ID, Version: iv.Version, Start: iv.StartsAt.In(loc), End: iv.EndsAt.In(loc),
			Employer: iv.Employer.Name, Vacancy: iv.Vacancy.Title, Status: iv.Status}
		if iv.TableID != nil {
			row.Table = tables[*iv.TableID]
		}
		if iv.CheckedInAt != nil {
			at := iv.CheckedInAt.In(loc)
			row.CheckedInAt = &at
		}
		g.Rows = append(g.Rows, row)
		g.Search = models.CheckinSearchKey(strings.Join([]string{g.Search, g.Name, row.Employer, row.Table}, " "))
	}
	if q != "" {
		kept := page.Groups[:0]
		for _, g := range page.Groups {
			if strings.Contains(g.Search, q) {
				kept = append(kept, g)
			}
		}
		page.Groups = kept
	}
	return h.render(c, status, views.PageCheckin, page)
}

// checkinDay is the day the list shows: the asked one if it is an event
// day, else today if the event runs today, else the next event day, else
// the last one. Bounds are the whole calendar day in loc.
func checkinDay(ev models.Event, asked string, now time.Time, loc *time.Location) (time.Time, time.Time) {
	midnight := func(t time.Time) time.Time {
		y, m, d := t.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	today := midnight(now)
	var chosen time.Time
	for _, d := range ev.Days {
		day := midnight(d.StartsAt)
		if day.Format(time.DateOnly) == asked {
			return day, day.AddDate(0, 0, 1)
		}
		if chosen.IsZero() && !day.Before(today) {
			chosen = day
		}
	}
	if chosen.IsZero() {
		chosen = today
		if n := len(ev.Days); n > 0 {
			chosen = midnight(ev.Days[n-1].StartsAt)
		}
	}
	return chosen, chosen.AddDate(0, 0, 1)
}

// applicantName is the name staff see on the day.
func applicantName(a models.Applicant) string {
	return strings.TrimSpace(a.FirstName + " " + a.LastName)
}
