package handlers

import (
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/models/postcode"
	"treffpunkt/views"
)

// Rows of the registration form: without JavaScript the page shows this
// many empty vacancy rows, and "add another" buttons add one at a time.
const (
	emptyVacancyRows = 3
	maxVacancyRows   = 20
	maxWindowRows    = 20
	maxParallel      = 20
)

// newRegistrationForm is the empty form: three vacancy rows, one window per
// event day covering the day's hours, one interview at a time.
func newRegistrationForm(days []views.RegistrationDay, loc *time.Location) views.RegistrationForm {
	f := views.RegistrationForm{Parallel: "1", Blocks: map[string]bool{}}
	for range emptyVacancyRows {
		f.Vacancies = append(f.Vacancies, views.VacancyRow{Hours: string(models.HoursFull), CandidatesWanted: "4"})
	}
	for _, d := range days {
		f.Windows = append(f.Windows, views.WindowRow{Day: d.Value,
			From: d.StartsAt.In(loc).Format(clockLayout), To: d.EndsAt.In(loc).Format(clockLayout)})
	}
	return f
}

// parseRegistrationForm reads the form; the hidden row counts keep emptied
// rows, and the "add" buttons add a row.
func parseRegistrationForm(c *fiber.Ctx) views.RegistrationForm {
	f := views.RegistrationForm{
		Company:  strings.TrimSpace(c.FormValue("company")),
		Contact:  strings.TrimSpace(c.FormValue("contact")),
		Email:    strings.TrimSpace(c.FormValue("email")),
		Phone:    strings.TrimSpace(c.FormValue("phone")),
		Street:   strings.TrimSpace(c.FormValue("street")),
		Postcode: strings.TrimSpace(c.FormValue("postcode")),
		Town:     strings.TrimSpace(c.FormValue("town")),
		StepFree: c.FormValue("step_free") == "on",
		Parallel: strings.TrimSpace(c.FormValue("parallel")),
		Blocks:   map[string]bool{},
	}
	for i := range clampRows(c.FormValue("vacancy_rows"), 1, maxVacancyRows) {
		p := "v" + strconv.Itoa(i) + "_"
		f.Vacancies = append(f.Vacancies, views.VacancyRow{
			Title:            strings.TrimSpace(c.FormValue(p + "title")),
			Hours:            c.FormValue(p + "hours"),
			HoursPerWeek:     strings.TrimSpace(c.FormValue(p + "hours_per_week")),
			MinGermanLevel:   c.FormValue(p + "level"),
			DrivingLicence:   c.FormValue(p+"licence") == "on",
			CandidatesWanted: strings.TrimSpace(c.FormValue(p + "wanted")),
			BAReference:      strings.TrimSpace(c.FormValue(p + "ba")),
		})
	}
	if c.FormValue("add_vacancy") != "" && len(f.Vacancies) < maxVacancyRows {
		f.Vacancies = append(f.Vacancies, views.VacancyRow{Hours: string(models.HoursFull), CandidatesWanted: "4"})
	}
	for i := range clampRows(c.FormValue("window_rows"), 0, maxWindowRows) {
		p := "w" + strconv.Itoa(i) + "_"
		f.Windows = append(f.Windows, views.WindowRow{Day: c.FormValue(p + "day"),
			From: strings.TrimSpace(c.FormValue(p + "from")), To: strings.TrimSpace(c.FormValue(p + "to"))})
	}
	if c.FormValue("add_window") != "" && len(f.Windows) < maxWindowRows {
		f.Windows = append(f.Windows, views.WindowRow{})
	}
	args := c.Request().PostArgs()
	for _, v := range args.PeekMulti("block") {
		f.Blocks[string(v)] = true
	}
	return f
}

// signupFromForm validates f against the event and builds the signup.
func signupFromForm(f views.RegistrationForm, ev models.Event, blocks []models.Block, loc *time.Location, plz *postcode.Table) (models.Signup, views.FieldErrors) {
	errs := views.FieldErrors{}
	in := models.Signup{EventID: ev.ID}
	text := func(name, v string, max int, required bool) string {
		if (required && v == "") || utf8.RuneCountInString(v) > max {
			errs[name] = "registration.error." + fieldName(name)
		}
		return v
	}
	in.Employer.Name = text("company", f.Company, maxNameLength, true)
	in.Contact.Name = text("contact", f.Contact, maxNameLength, true)
	in.Contact.Phone = text("phone", f.Phone, 50, false)
	if addr, err := mail.ParseAddress(f.Email); err != nil || addr.Address != f.Email || len(f.Email) > 254 {
		errs["email"] = "registration.error.email"
	}
	in.Contact.Email = f.Email
	in.Site.Street = text("street", f.Street, maxNameLength, true)
	switch {
	case !postcode.ValidFormat(f.Postcode):
		errs["postcode"] = "registration.error.postcode"
	case !plz.Known(f.Postcode):
		errs["postcode"] = "registration.error.postcode_unknown"
	}
	in.Site.Postcode = f.Postcode
	in.Site.Town = text("town", f.Town, maxNameLength, true)
	in.Site.StepFree = f.StepFree

	for i, v := range f.Vacancies {
		if v.Title == "" && v.HoursPerWeek == "" && v.BAReference == "" && !v.DrivingLicence && v.MinGermanLevel == "" {
			continue // an untouched row
		}
		p := "v" + strconv.Itoa(i) + "_"
		vac := models.Vacancy{Title: text(p+"title", v.Title, maxNameLength, true), Hours: models.Hours(v.Hours),
			DrivingLicence: v.DrivingLicence, BAReference: text(p+"ba", v.BAReference, 50, false)}
		if !vac.Hours.Valid() {
			errs[p+"hours"] = "registration.error.hours"
		}
		if v.HoursPerWeek != "" {
			n := intField(errs, p+"hours_per_week", v.HoursPerWeek, 1, 60, "registration.error.hours_per_week")
			vac.HoursPerWeek = &n
		}
		if v.MinGermanLevel != "" {
			lvl := models.GermanLevel(v.MinGermanLevel)
			if !lvl.Valid() {
				errs[p+"level"] = "registration.error.level"
			}
			vac.MinGermanLevel = &lvl
		}
		vac.CandidatesWanted = 4
		if v.CandidatesWanted != "" {
			vac.CandidatesWanted = intField(errs, p+"wanted", v.CandidatesWanted, 1, 50, "registration.error.wanted")
		}
		in.Vacancies = append(in.Vacancies, vac)
	}
	if len(in.Vacancies) == 0 && !errs.Has("v0_title") {
		errs["vacancies"] = "registration.error.vacancies"
	}

	if ev.Kind != models.EventKindGroupSession {
		in.ParallelInterviews = intField(errs, "parallel", f.Parallel, 1, maxParallel, "registration.error.parallel")
	}
	if ev.Kind == models.EventKindSpeedDating {
		in.Windows = windowsFromForm(errs, f.Windows, ev, loc)
	}
	if ev.Kind == models.EventKindJobFair {
		for _, b := range blocks {
			if f.Blocks[b.Key()] {
				in.Tables = append(in.Tables, models.TableBooking{TableID: b.TableID, StartsAt: b.StartsAt, EndsAt: b.EndsAt})
			}
		}
		if len(in.Tables) == 0 {
			errs["blocks"] = "registration.error.blocks"
		}
	}
	return in, errs
}

// windowsFromForm checks each window lies within its event day.
func windowsFromForm(errs views.FieldErrors, rows []views.WindowRow, ev models.Event, loc *time.Location) []models.EmployerWindow {
	var out []models.EmployerWindow
	bad := false
	for i, w := range rows {
		if w.From == "" && w.To == "" {
			continue
		}
		p := "w" + strconv.Itoa(i) + "_"
		bad = true // until the row turns out valid
		var day *models.EventDay
		for j := range ev.Days {
			if ev.Days[j].StartsAt.In(loc).Format(dateLayout) == w.Day {
				day = &ev.Days[j]
			}
		}
		if day == nil {
			errs[p+"day"] = "registration.error.day"
			continue
		}
		from, err1 := time.ParseInLocation(dateLayout+" "+clockLayout, w.Day+" "+w.From, loc)
		to, err2 := time.ParseInLocation(dateLayout+" "+clockLayout, w.Day+" "+w.To, loc)
		switch {
		case err1 != nil:
			errs[p+"from"] = "registration.error.time"
		case err2 != nil:
			errs[p+"to"] = "registration.error.time"
		case !to.After(from):
			errs[p+"to"] = "registration.error.to_before_from"
		case from.Before(day.StartsAt) || to.After(day.EndsAt):
			errs[p+"to"] = "registration.error.outside_day"
		default:
			out = append(out, models.EmployerWindow{StartsAt: from.UTC(), EndsAt: to.UTC()})
			bad = false
		}
	}
	if len(out) == 0 && !bad {
		errs["windows"] = "registration.error.windows"
	}
	return out
}

// fieldName drops the row prefix of a repeated field ("v2_title" →
// "title") so that all rows share one message key.
func fieldName(name string) string {
	if i := strings.IndexByte(name, '_'); i > 1 && (name[0] == 'v' || name[0] == 'w') {
		if _, err := strconv.Atoi(name[1:i]); err == nil {
			return name[i+1:]
		}
	}
	return name
}
