package handlers

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/postcode"
	"treffpunkt/views"
)

// Limits of the event form; the database CHECKs hold the same or wider.
const (
	maxEventDays   = 14
	maxEventTables = 200
	maxCapacity    = 1000
	maxTitleLength = 200
	maxTextLength  = 4000
	dateLayout     = "2006-01-02"
	clockLayout    = "15:04"
	deadlineLayout = "2006-01-02T15:04"
)

// parseEventForm reads the event form; rows counts the day rows rendered,
// so that an emptied row is not lost and "add a day" adds one.
func parseEventForm(c *fiber.Ctx) views.EventForm {
	f := views.EventForm{
		Kind:          c.FormValue("kind"),
		Title:         strings.TrimSpace(c.FormValue("title")),
		Description:   strings.TrimSpace(c.FormValue("description")),
		SlotMinutes:   strings.TrimSpace(c.FormValue("slot_minutes")),
		BufferMinutes: strings.TrimSpace(c.FormValue("buffer_minutes")),
		Deadline:      strings.TrimSpace(c.FormValue("deadline")),
		VenueName:     strings.TrimSpace(c.FormValue("venue_name")),
		VenueStreet:   strings.TrimSpace(c.FormValue("venue_street")),
		VenuePostcode: strings.TrimSpace(c.FormValue("venue_postcode")),
		VenueTown:     strings.TrimSpace(c.FormValue("venue_town")),
		VenueStepFree: c.FormValue("venue_step_free") == "on",
		Tables:        strings.TrimSpace(c.FormValue("tables")),
		Capacity:      strings.TrimSpace(c.FormValue("capacity")),
	}
	f.Version, _ = strconv.Atoi(c.FormValue("version"))
	rows := clampRows(c.FormValue("day_rows"), 1, maxEventDays)
	for i := range rows {
		p := "d" + strconv.Itoa(i) + "_"
		f.Days = append(f.Days, views.EventDayRow{
			Date: strings.TrimSpace(c.FormValue(p + "date")),
			From: strings.TrimSpace(c.FormValue(p + "from")),
			To:   strings.TrimSpace(c.FormValue(p + "to")),
		})
	}
	if c.FormValue("add_day") != "" && len(f.Days) < maxEventDays {
		f.Days = append(f.Days, views.EventDayRow{From: "09:00", To: "15:00"})
	}
	return f
}

// clampRows parses a row count from a hidden field into [lo, hi].
func clampRows(raw string, lo, hi int) int {
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo {
		return lo
	}
	return min(n, hi)
}

// eventFromForm validates f and builds the event (without ID, status,
// token) with its days in loc, plus the number of venue tables wanted.
func eventFromForm(f views.EventForm, loc *time.Location) (models.Event, int, views.FieldErrors) {
	errs := views.FieldErrors{}
	ev := models.Event{Kind: models.EventKind(f.Kind), Title: f.Title, Description: f.Description, Version: f.Version}
	if !ev.Kind.Valid() {
		errs["kind"] = "events.error.kind"
	}
	if f.Title == "" || utf8.RuneCountInString(f.Title) > maxTitleLength {
		errs["title"] = "events.error.title"
	}
	if utf8.RuneCountInString(f.Description) > maxTextLength {
		errs["description"] = "events.error.description"
	}
	seen := map[string]bool{}
	for i, d := range f.Days {
		if d.Date == "" && d.From == "" && d.To == "" {
			continue
		}
		p := "d" + strconv.Itoa(i) + "_"
		day, err := time.ParseInLocation(dateLayout, d.Date, loc)
		if err != nil {
			errs[p+"date"] = "events.error.date"
			continue
		}
		if seen[d.Date] {
			errs[p+"date"] = "events.error.date_twice"
			continue
		}
		seen[d.Date] = true
		from, err1 := time.ParseInLocation(dateLayout+" "+clockLayout, d.Date+" "+d.From, loc)
		to, err2 := time.ParseInLocation(dateLayout+" "+clockLayout, d.Date+" "+d.To, loc)
		switch {
		case err1 != nil:
			errs[p+"from"] = "events.error.time"
		case err2 != nil:
			errs[p+"to"] = "events.error.time"
		case !to.After(from):
			errs[p+"to"] = "events.error.to_before_from"
		default:
			ev.Days = append(ev.Days, models.EventDay{Date: time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC),
				StartsAt: from.UTC(), EndsAt: to.UTC()})
		}
	}
	if len(ev.Days) == 0 && len(seen) == 0 {
		errs["days"] = "events.error.days"
	}
	ev.SlotMinutes = intField(errs, "slot_minutes", f.SlotMinutes, 5, 240, "events.error.slot")
	ev.BufferMinutes = intField(errs, "buffer_minutes", f.BufferMinutes, 0, 120, "events.error.buffer")
	if f.Deadline != "" {
		dl, err := time.ParseInLocation(deadlineLayout, f.Deadline, loc)
		if err != nil {
			errs["deadline"] = "events.error.deadline"
		} else {
			dl = dl.UTC()
			ev.RegistrationDeadline = &dl
		}
	}
	venue := f.VenueName != "" || f.VenueStreet != "" || f.VenuePostcode != "" || f.VenueTown != ""
	if venue || ev.Kind != models.EventKindSpeedDating {
		for name, v := range map[string]string{"venue_name": f.VenueName, "venue_street": f.VenueStreet, "venue_town": f.VenueTown} {
			if v == "" || utf8.RuneCountInString(v) > maxTitleLength {
				errs[name] = "events.error.venue_required"
			}
		}
		if !postcode.ValidFormat(f.VenuePostcode) {
			errs["venue_postcode"] = "events.error.postcode"
		}
		ev.VenueName, ev.VenueStreet, ev.VenuePostcode, ev.VenueTown = &f.VenueName, &f.VenueStreet, &f.VenuePostcode, &f.VenueTown
		stepFree := f.VenueStepFree
		ev.VenueStepFree = &stepFree
	}
	tables := 0
	if ev.Kind == models.EventKindJobFair {
		tables = intField(errs, "tables", f.Tables, 1, maxEventTables, "events.error.tables")
	}
	if ev.Kind == models.EventKindGroupSession {
		c := intField(errs, "capacity", f.Capacity, 1, maxCapacity, "events.error.capacity")
		ev.Capacity = &c
	}
	return ev, tables, errs
}

// intField parses a whole number in [lo, hi] or records msg for name.
func intField(errs views.FieldErrors, name, raw string, lo, hi int, msg string) int {
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		errs[name] = msg
		return 0
	}
	return n
}

// eventForm turns a stored event back into the form, times in loc.
func eventForm(ev models.Event, loc *time.Location) views.EventForm {
	f := views.EventForm{
		Kind: string(ev.Kind), Title: ev.Title, Description: ev.Description,
		SlotMinutes: strconv.Itoa(ev.SlotMinutes), BufferMinutes: strconv.Itoa(ev.BufferMinutes),
		Version: ev.Version,
	}
	for _, d := range ev.Days {
		from, to := d.StartsAt.In(loc), d.EndsAt.In(loc)
		f.Days = append(f.Days, views.EventDayRow{Date: from.Format(dateLayout), From: from.Format(clockLayout), To: to.Format(clockLayout)})
	}
	if len(f.Days) == 0 {
		f.Days = []views.EventDayRow{{From: "09:00", To: "15:00"}}
	}
	if ev.RegistrationDeadline != nil {
		f.Deadline = ev.RegistrationDeadline.In(loc).Format(deadlineLayout)
	}
	if ev.AtVenue() {
		f.VenueName, f.VenueStreet = deref(ev.VenueName), deref(ev.VenueStreet)
		f.VenuePostcode, f.VenueTown = deref(ev.VenuePostcode), deref(ev.VenueTown)
		f.VenueStepFree = ev.VenueStepFree != nil && *ev.VenueStepFree
	}
	n := 0
	for _, t := range ev.Tables {
		if t.SiteID == nil {
			n++
		}
	}
	if n > 0 {
		f.Tables = strconv.Itoa(n)
	}
	if ev.Capacity != nil {
		f.Capacity = strconv.Itoa(*ev.Capacity)
	}
	return f
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// eventFormPage builds the create (id 0) or edit page.
func (h *Handler) eventFormPage(c *fiber.Ctx, id int64, form views.EventForm, errs views.FieldErrors) views.EventFormPage {
	return views.EventFormPage{
		Layout: h.layout(c, "events"), ID: id, Form: form, Errors: errs,
		Kinds: []models.EventKind{models.EventKindJobFair, models.EventKindSpeedDating, models.EventKindGroupSession},
	}
}

// staffZone is the time zone of the logged-in user's job centre.
func staffZone(c *fiber.Ctx) *time.Location {
	if jc := jobCentreOf(c); jc != nil {
		if loc, err := jc.Location(); err == nil {
			return loc
		}
	}
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}
