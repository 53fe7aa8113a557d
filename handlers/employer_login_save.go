package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/views"
)

// saveEmployerLogin mails login links to the address if it belongs to
// employer contacts, and answers the same either way, so the form does not
// tell who is registered. Requests are limited per typed address and per
// client address, counted whether the address is known or not.
func (h *Handler) saveEmployerLogin(c *fiber.Ctx) error {
	email := strings.TrimSpace(c.FormValue("email"))
	if a, err := netmail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		return h.renderEmployerLogin(c, fiber.StatusUnprocessableEntity, email, "elogin.invalid_email")
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	now := h.now().UTC()
	limits := []struct {
		key string
		max int64
	}{
		{"elink:email:" + strings.ToLower(email), employerLinkMaxPerEmail},
		{"elink:ip:" + clientIP(c), employerLinkMaxPerIP},
	}
	for _, l := range limits {
		n, err := h.store.CountLoginAttempts(ctx, l.key, now.Add(-employerLinkWindow))
		if err != nil {
			return fmt.Errorf("handlers: employer login rate limit: %w", err)
		}
		if n >= l.max {
			h.log.Warn("employer login link refused by rate limit", "request_id", requestIDOf(c),
				"key_kind", strings.SplitN(l.key, ":", 3)[1])
			return h.renderEmployerLogin(c, fiber.StatusTooManyRequests, email, "elogin.locked")
		}
	}
	contacts, err := h.store.FindLoginContacts(ctx, email)
	if err != nil {
		return fmt.Errorf("handlers: employer login: %w", err)
	}
	err = h.store.Transaction(ctx, func(tx *models.Store) error {
		for _, l := range limits {
			if err := tx.RecordLoginAttempt(ctx, l.key, now, true); err != nil {
				return err
			}
		}
		return h.queueLoginLinks(ctx, tx, contacts)
	})
	if err != nil {
		return fmt.Errorf("handlers: employer login: %w", err)
	}
	h.log.Info("employer login link requested", "request_id", requestIDOf(c), "contacts", len(contacts))
	page := views.EmployerLoginSentPage{Layout: h.layout(c, ""), ValidMinutes: minutesCeil(employerLinkValidity)}
	return h.render(c, fiber.StatusOK, views.PageEmployerLoginSent, page)
}

// queueLoginLinks creates one single-use link per contact and queues one
// mail per job centre listing the links, one per employer: an address
// shared by several employers picks the employer by the link it follows.
func (h *Handler) queueLoginLinks(ctx context.Context, tx *models.Store, contacts []models.LoginContact) error {
	byCentre := map[int64][]mail.LoginLink{}
	var centres []models.LoginContact
	for _, lc := range contacts {
		token, err := randomToken()
		if err != nil {
			return err
		}
		id := lc.Contact.ID
		lt := models.LinkToken{Kind: models.LinkEmployerLogin, TokenHash: sessionID(token), JobCentreID: lc.JobCentre.ID,
			EmployerContactID: &id, ExpiresAt: h.now().UTC().Add(employerLinkValidity)}
		if err := tx.CreateLinkToken(ctx, &lt); err != nil {
			return err
		}
		if _, ok := byCentre[lc.JobCentre.ID]; !ok {
			centres = append(centres, lc)
		}
		byCentre[lc.JobCentre.ID] = append(byCentre[lc.JobCentre.ID],
			mail.LoginLink{Employer: lc.Employer.Name, URL: h.opts.BaseURL + "/employer/login/" + token})
	}
	for _, lc := range centres {
		msg, err := h.employerMail.BuildLoginLink(mail.LoginLinkData{
			Notice:       h.notice(lc.Contact, lc.JobCentre),
			Links:        byCentre[lc.JobCentre.ID],
			ValidMinutes: minutesCeil(employerLinkValidity),
		}, string(lc.Contact.Locale))
		if err != nil {
			return err
		}
		err = outbox.Enqueue(ctx, tx, outbox.Entry{JobCentreID: lc.JobCentre.ID, Kind: "employer_login",
			Locale: string(lc.Contact.Locale), Message: msg})
		if err != nil {
			return err
		}
	}
	return nil
}

// notice fills what every employer mail needs: a fresh Message-ID in the
// sender's domain, the clock and the addresses.
func (h *Handler) notice(cp models.ContactPerson, jc models.JobCentre) mail.Notice {
	zone, err := jc.Location()
	if err != nil {
		zone = time.UTC // validated when the job centre is saved; UTC only shifts the Date header
	}
	return mail.Notice{
		MessageID: newMessageID(h.mailFrom.Email),
		Now:       h.now(),
		Zone:      zone,
		Organizer: h.mailFrom,
		Recipient: mail.Address{Name: cp.Name, Email: cp.Email},
	}
}

// newMessageID returns a random Message-ID in the domain of from.
func newMessageID(from string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	domain := from[strings.LastIndex(from, "@")+1:]
	return hex.EncodeToString(b[:]) + "@" + domain
}
