package handlers

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail/invite"
	"treffpunkt/views"
)

// showPrintTablesPage prints the day's plan per table (fair) or employer
// site (on-site interviews): one sheet each, interviews in time order.
func (h *Handler) showPrintTablesPage(c *fiber.Ctx) error {
	d, err := h.loadPrintData(c)
	if err != nil {
		return err
	}
	// A printout carries applicants' names and plans out of the system:
	// recorded like any other read of applicant data.
	if err := h.auditPrint(c, d.event.ID, "tables"); err != nil {
		return err
	}
	page := views.PrintTablesPage{PrintFrame: h.printFrame(c, d)}
	index := map[string]int{}
	for _, det := range d.details {
		iv := det.Interview
		var key string
		sec := views.PrintTableSection{Employer: iv.Employer.Name, Address: invite.Place(det).Address()}
		switch {
		case det.Table != nil:
			key, sec.Title = "t"+strconv.FormatInt(det.Table.ID, 10), det.Table.Label
		case det.Site != nil:
			key, sec.Title, sec.Employer = "s"+strconv.FormatInt(det.Site.ID, 10), invite.Place(det).Name, ""
		default:
			// Neither table nor site yet: the employer is the unit staff look for.
			key, sec.Title, sec.Employer = "e"+strconv.FormatInt(iv.EmployerID, 10), iv.Employer.Name, ""
		}
		i, ok := index[key]
		if !ok {
			i = len(page.Sections)
			index[key] = i
			page.Sections = append(page.Sections, sec)
		}
		// Name and level as the job centre lets employers see them; never
		// contact data, even where shared: the sheet lies on the table.
		seen := d.centre.EmployerMaySee.Show(iv.Applicant)
		page.Sections[i].Rows = append(page.Sections[i].Rows, views.PrintTableRow{
			Start: iv.StartsAt, End: iv.EndsAt, Applicant: seen.Name, GermanLevel: string(seen.GermanLevel), Vacancy: iv.Vacancy.Title, Status: string(iv.Status)})
	}
	sort.SliceStable(page.Sections, func(i, j int) bool { return naturalLess(page.Sections[i].Title, page.Sections[j].Title) })
	return h.renderPrint(c, views.PagePrintTables, page)
}

// naturalLess orders labels the way people count tables: "Tisch 2" before
// "Tisch 10". Runs of digits compare by value, everything else as text.
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
