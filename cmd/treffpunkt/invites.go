package main

import (
	"crypto/rand"
	"fmt"
	"time"

	"treffpunkt/mail"
	"treffpunkt/mail/invite"
)

// newInvites builds the service that queues interview mails and derives
// the applicants' personal links from the secret key.
func newInvites(cfg *Config, now func() time.Time) (*invite.Service, error) {
	invitations, err := mail.NewComposer()
	if err != nil {
		return nil, err
	}
	reminders, err := mail.NewReminderComposer()
	if err != nil {
		return nil, err
	}
	key := []byte(cfg.SecretKey)
	if len(key) == 0 {
		// Only without prepareDataDir (tests): serve always has a secret.
		// The links then work until the process ends.
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("invitations: generate link key: %w", err)
		}
	}
	svc, err := invite.New(invite.Config{BaseURL: cfg.BaseURL, From: cfg.MailFrom, LinkKey: key, ReminderLead: cfg.ReminderLead},
		invitations, reminders, now)
	if err != nil {
		return nil, fmt.Errorf("invitations (TREFFPUNKT_BASE_URL, TREFFPUNKT_MAIL_FROM, TREFFPUNKT_SECRET_KEY): %w", err)
	}
	return svc, nil
}
