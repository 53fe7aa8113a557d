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

	"treffpunkt/mail"
	"treffpunkt/mail/calendar"
	"treffpunkt/models"
	"treffpunkt/views"
)

// feedProductID names Treffpunkt as the producer of the employer feeds.
const feedProductID = "-//Treffpunkt//Treffpunkt Arbeitgeber-Kalender//DE"

// showEmployerFeed serves an employer's interviews as an iCalendar feed
// for calendar subscriptions (webcal). The URL is the only credential, so
// an unknown or revoked token is a plain 404 and applicants appear by first
// name and initial only.
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
	body, err := h.buildFeed(h.lang(c), ivs, events)
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
func (h *Handler) buildFeed(lang string, ivs []models.Interview, events map[int64]models.Event) ([]byte, error) {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, feedProductID)
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText("X-WR-CALNAME", h.tr.T(lang, "efeed.name"))
	for _, iv := range ivs {
		ev := events[iv.EventID]
		applicant := mail.ShortName(iv.Applicant.FirstName, iv.Applicant.LastName)
		e := ical.NewEvent()
		e.Props.SetText(ical.PropUID, "feed-"+iv.ICalUID)
		e.Props.SetDateTime(ical.PropDateTimeStamp, iv.UpdatedAt.UTC())
		seq := ical.NewProp(ical.PropSequence)
		seq.Value = strconv.Itoa(iv.ICalSequence)
		e.Props.Set(seq)
		e.Props.SetDateTime(ical.PropDateTimeStart, iv.StartsAt.UTC())
		e.Props.SetDateTime(ical.PropDateTimeEnd, iv.EndsAt.UTC())
		e.Props.SetText(ical.PropSummary, calendar.CleanText(h.tr.T(lang, "efeed.summary", "Applicant", applicant, "Vacancy", iv.Vacancy.Title)))
		e.Props.SetText(ical.PropDescription, calendar.CleanText(ev.Title))
		if loc := venueText(ev); loc != "" {
			e.Props.SetText(ical.PropLocation, calendar.CleanText(loc))
		}
		status := ical.NewProp(ical.PropStatus)
		status.Value = string(ical.EventConfirmed)
		e.Props.Set(status)
		cal.Children = append(cal.Children, e.Component)
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return nil, fmt.Errorf("handlers: encode employer feed: %w", err)
	}
	return calendar.Fold(buf.Bytes()), nil
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
