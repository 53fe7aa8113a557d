package handlers

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
	"treffpunkt/views"
)

// auditActorKinds are the "who" choices besides individual staff users.
func auditActorKinds() []models.ActorKind {
	return []models.ActorKind{models.ActorStaff, models.ActorEmployer, models.ActorApplicant, models.ActorSystem}
}

// showAuditPage lets admins search their job centre's audit trail by who,
// what, which record, when and free text, page by page, and shows whether
// the hash chain is intact. Only the admin's own job centre is searched.
func (h *Handler) showAuditPage(c *fiber.Ctx) error {
	jc := userOf(c).JobCentreID
	ctx, cancel := dbContext(c)
	defer cancel()
	page := views.AuditPage{Layout: h.layout(c, "audit")}
	staff, err := h.store.ListStaffUsers(ctx, jc)
	if err != nil {
		return fmt.Errorf("handlers: audit page: %w", err)
	}
	names := map[int64]string{}
	for _, k := range auditActorKinds() {
		page.Actors = append(page.Actors, views.AuditActor{Value: string(k), Kind: string(k)})
	}
	for _, u := range staff {
		names[u.ID] = u.Name
		page.Actors = append(page.Actors, views.AuditActor{Value: "staff:" + strconv.FormatInt(u.ID, 10), Name: u.Name})
	}
	if page.Actions, err = h.store.AuditActions(ctx, jc); err != nil {
		return fmt.Errorf("handlers: audit page: %w", err)
	}
	if page.BrokenAt, err = h.store.VerifyAudit(ctx, jc); err != nil {
		return fmt.Errorf("handlers: audit page: %w", err)
	}
	page.Filter = views.AuditFilterForm{Actor: c.Query("actor"), Action: c.Query("action"), ObjectKind: strings.TrimSpace(c.Query("object")),
		ObjectID: strings.TrimSpace(c.Query("id")), From: c.Query("from"), To: c.Query("to"), Text: strings.TrimSpace(c.Query("q"))}
	f, ok := parseAuditFilter(page.Filter, staffZone(c))
	pageNo, err := strconv.Atoi(c.Query("page", "1"))
	if !ok || err != nil || pageNo < 1 {
		page.ErrorKey = "audit.error.filter"
		return h.render(c, fiber.StatusUnprocessableEntity, views.PageAudit, page)
	}
	f.Limit, f.Offset = models.DefaultAuditPageSize, (pageNo-1)*models.DefaultAuditPageSize
	evs, total, err := h.store.SearchAudit(ctx, jc, f)
	if err != nil {
		return fmt.Errorf("handlers: audit page: %w", err)
	}
	page.Total = total
	for _, ev := range evs {
		row := views.AuditRow{AuditEvent: ev}
		if ev.ActorKind == models.ActorStaff && ev.ActorID != nil {
			row.ActorName = names[*ev.ActorID]
		}
		page.Rows = append(page.Rows, row)
	}
	if len(evs) > 0 {
		page.First, page.Last = f.Offset+1, f.Offset+len(evs)
	}
	if pageNo > 1 {
		page.PrevURL = auditPageURL(page.Filter, pageNo-1)
	}
	if int64(f.Offset+len(evs)) < total {
		page.NextURL = auditPageURL(page.Filter, pageNo+1)
	}
	return h.render(c, fiber.StatusOK, views.PageAudit, page)
}

// parseAuditFilter turns the form into a store filter; dates are whole days
// in the job centre's zone, "to" included. It reports false for input that
// cannot be read.
func parseAuditFilter(in views.AuditFilterForm, zone *time.Location) (models.AuditFilter, bool) {
	f := models.AuditFilter{Action: in.Action, ObjectKind: in.ObjectKind, Text: in.Text}
	if kind, id, found := strings.Cut(in.Actor, ":"); in.Actor != "" {
		f.ActorKind = models.ActorKind(kind)
		valid := false
		for _, k := range auditActorKinds() {
			valid = valid || k == f.ActorKind
		}
		if !valid {
			return f, false
		}
		if found {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil || n <= 0 || f.ActorKind != models.ActorStaff {
				return f, false
			}
			f.ActorID = n
		}
	}
	if in.ObjectID != "" {
		n, err := strconv.ParseInt(in.ObjectID, 10, 64)
		if err != nil || n <= 0 {
			return f, false
		}
		f.ObjectID = n
	}
	for _, d := range []struct {
		raw   string
		into  *time.Time
		extra int
	}{{in.From, &f.From, 0}, {in.To, &f.To, 1}} {
		day, ok := parseDay(d.raw, zone)
		if !ok {
			return f, false
		}
		if !day.IsZero() {
			*d.into = day.AddDate(0, 0, d.extra)
		}
	}
	return f, true
}

// auditPageURL is the search with the same filter on another page.
func auditPageURL(in views.AuditFilterForm, pageNo int) string {
	q := url.Values{}
	for k, v := range map[string]string{"actor": in.Actor, "action": in.Action, "object": in.ObjectKind, "id": in.ObjectID,
		"from": in.From, "to": in.To, "q": in.Text} {
		if v != "" {
			q.Set(k, v)
		}
	}
	q.Set("page", strconv.Itoa(pageNo))
	return "/admin/audit?" + q.Encode()
}
