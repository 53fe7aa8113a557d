package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	ical "github.com/emersion/go-ical"
	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail/calendar"
	"treffpunkt/models"
	"treffpunkt/views"
)

// feedProductID names Treffpunkt as the producer of the employer feeds.
const feedProductID = "-//Treffpunkt//Treffpunkt Arbeitgeber-Kalender//DE"

// showEmployerFeed serves an employer's interviews as an iCalendar feed
// for calendar subscriptions (webcal). The URL is the only credential, so
// an unknown or revoked token is a plain 404. Applicants appear as the job
// centre's setting lets employers see them (by default first name and
// initial): the feed is the employer's own calendar, like the area.
func (h *Handler) showEmployerFeed(c *fiber.Ctx) error {
	token := c.Params("token")
	ctx, cancel := dbContext(c)
	defer cancel()
	feed, err := h.store.FindEmployerFeed(ctx, sessionID(token))
	if err != nil {
		return fmt.Errorf("handlers: employer feed: %w", err)
	}
	ivs, err := h.store.ListEmployerInterviews(ctx, feed.JobCentreID, feed.EmployerID)
	if err != nil {
		return fmt.Errorf("handlers: employer feed: %w", err)
	}
	regs, err := h.store.ListEmployerRegistrations(ctx, feed.JobCentreID, feed.EmployerID)
	if err != nil {
		return fmt.Errorf("handlers: employer feed: %w", err)
	}
	events := map[int64]models.Event{}
	for _, r := range regs {
		events[r.Event.ID] = r.Event
	}
	// The feed has no session, so the job centre's setting on what
	// employers see costs one query by primary key per fetch.
	jc, err := h.store.GetJobCentre(ctx, feed.JobCentreID)
	if err != nil {
		return fmt.Errorf("handlers: employer feed: %w", err)
	}
	body, err := h.buildFeed(h.lang(c), jc.EmployerMaySee, ivs, events)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="treffpunkt.ics"`)
	return c.Send(body)
}

// buildFeed writes one VEVENT per interview. There is no METHOD: a
// subscribed feed is not an iTIP message. Times are UTC, which every client
// shows in its own zone, so no VTIMEZONE is needed.
func (h *Handler) buildFeed(lang string, view models.EmployerView, ivs []models.Interview, events map[int64]models.Event) ([]byte, error) {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, feedProductID)
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText("X-WR-CALNAME", h.tr.T(lang, "efeed.name"))
	for _, iv := range ivs {
		ev := events[iv.EventID]
		seen := view.Show(iv.Applicant)
		// Never contact data in a feed, whatever the setting: the feed URL
		// is its only credential and calendar apps sync it to places the
		// job centre does not control.
		seen.Email, seen.Phone = "", ""
		e := ical.NewEvent()
		e.Props.SetText(ical.PropUID, "feed-"+iv.ICalUID)
		e.Props.SetDateTime(ical.PropDateTimeStamp, iv.UpdatedAt.UTC())
		seq := ical.NewProp(ical.PropSequence)
		seq.Value = strconv.Itoa(iv.ICalSequence)
		e.Props.Set(seq)
		e.Props.SetDateTime(ical.PropDateTimeStart, iv.StartsAt.UTC())
		e.Props.SetDateTime(ical.PropDateTimeEnd, iv.EndsAt.UTC())
		e.Props.SetText(ical.PropSummary, calendar.CleanText(h.tr.T(lang, "efeed.summary", "Applicant", seen.Name, "Vacancy", iv.Vacancy.Title)))
		e.Props.SetText(ical.PropDescription, feedDescription(h.tr.T, lang, ev.Title, seen))
		if loc := venueText(ev); loc != "" {
			e.Props.SetText(ical.PropLocation, calendar.CleanText(loc))
		}
		status := ical.NewProp(ical.PropStatus)
		status.Value = string(ical.EventConfirmed)
		e.Props.Set(status)
		cal.Children = append(cal.Children, e.Component)
	}
	var buf bytes.Buffer
	if len(cal.Children) == 0 {
		// go-ical refuses a calendar without components (RFC 5545 wants
		// one), but a new feed has no interviews yet and calendar apps
		// accept an empty one: write the header lines ourselves.
		return emptyFeed(h.tr.T(lang, "efeed.name")), nil
	}
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return nil, fmt.Errorf("handlers: encode employer feed: %w", err)
	}
	return calendar.Fold(buf.Bytes()), nil
}

// feedDescription is the event's title and, one per line, what the
// employer may know of the applicant beyond the name.
func feedDescription(t func(lang, key string, args ...any) string, lang, title string, seen models.ApplicantAsSeen) string {
	lines := []string{calendar.CleanText(title)}
	if seen.GermanLevel != "" {
		lines = append(lines, calendar.CleanText(t(lang, "earea.iv.level", "Level", string(seen.GermanLevel))))
	}
	if seen.Email != "" {
		lines = append(lines, calendar.CleanText(t(lang, "efeed.email", "Email", seen.Email)))
	}
	if seen.Phone != "" {
		lines = append(lines, calendar.CleanText(t(lang, "efeed.phone", "Phone", seen.Phone)))
	}
	return strings.Join(lines, "\n")
}

// venueText is the event's venue as one line; empty at employers' sites.
func venueText(ev models.Event) string {
	if !ev.AtVenue() {
		return ""
	}
	var parts []string
	for _, p := range []*string{ev.VenueName, ev.VenueStreet} {
		if p != nil && *p != "" {
			parts = append(parts, *p)
		}
	}
	town := ""
	if ev.VenuePostcode != nil {
		town = *ev.VenuePostcode
	}
	if ev.VenueTown != nil {
		town = strings.TrimSpace(town + " " + *ev.VenueTown)
	}
	if town != "" {
		parts = append(parts, town)
	}
	return strings.Join(parts, ", ")
}

// saveEmployerFeed creates the employer's feed, replacing an existing one
// (whose URL then stops working). The URL is shown once on the page that
// answers, since only the token's hash is stored.
func (h *Handler) saveEmployerFeed(c *fiber.Ctx) error {
	v := employerOf(c)
	token, err := randomToken()
	if err != nil {
		return err
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	feed := models.EmployerFeed{JobCentreID: v.JobCentre.ID, EmployerID: v.Employer.ID, TokenHash: sessionID(token)}
	if err := h.store.CreateEmployerFeed(ctx, &feed); err != nil {
		return fmt.Errorf("handlers: create employer feed: %w", err)
	}
	page, err := h.employerAreaPage(c)
	if err != nil {
		return err
	}
	page.FeedHTTPSURL = h.opts.BaseURL + "/feed/" + token + ".ics"
	page.FeedURL = template.URL(webcalURL(page.FeedHTTPSURL)) // #nosec G203 -- our base URL and a base64url token
	page.Notice = "earea.notice.feed_created"
	return h.render(c, fiber.StatusOK, views.PageEmployerArea, page)
}

// webcalURL turns the feed's http(s) URL into the webcal:// form that
// calendar apps open as a subscription.
func webcalURL(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		return "webcal" + u[i:]
	}
	return u
}

// removeEmployerFeed revokes the employer's feed.
func (h *Handler) removeEmployerFeed(c *fiber.Ctx) error {
	v := employerOf(c)
	ctx, cancel := dbContext(c)
	defer cancel()
	if _, err := h.store.RevokeEmployerFeed(ctx, v.JobCentre.ID, v.Employer.ID); err != nil && !errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("handlers: revoke employer feed: %w", err)
	}
	return c.Redirect("/employer?notice=feed_revoked", fiber.StatusSeeOther)
}

// emptyFeed is a subscribed calendar with no events yet.
func emptyFeed(name string) []byte {
	lines := []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + feedProductID, "CALSCALE:GREGORIAN",
		"X-WR-CALNAME:" + icalTextEscaper.Replace(calendar.CleanText(name)), "END:VCALENDAR", ""}
	return calendar.Fold([]byte(strings.Join(lines, "\r\n")))
}

// icalTextEscaper escapes a TEXT value as RFC 5545 §3.3.11 says.
var icalTextEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`)
