package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	netmail "net/mail"
	"strings"
	"time"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
)

// newMailSender builds the delivery of the outbox from the configuration:
// SMTP when TREFFPUNKT_SMTP_URL is set, else one .eml file per mail in
// TREFFPUNKT_MAIL_DIR. The SMTP sender does not connect yet, so serve
// starts while the mail server is down; the outbox waits for it.
func newMailSender(cfg *Config) (mail.Sender, error) {
	if cfg.SMTPURL == "" {
		s, err := mail.NewFileSender(cfg.MailDir)
		if err != nil {
			return nil, fmt.Errorf("mail folder (TREFFPUNKT_MAIL_DIR=%s): %w", cfg.MailDir, err)
		}
		return s, nil
	}
	smtpCfg, err := mail.ParseSMTPURL(cfg.SMTPURL)
	if err != nil {
		return nil, fmt.Errorf("TREFFPUNKT_SMTP_URL: %w", err)
	}
	if cfg.DKIMKey != "" {
		from, err := netmail.ParseAddress(cfg.MailFrom)
		if err != nil {
			return nil, fmt.Errorf("TREFFPUNKT_MAIL_FROM: %w", err)
		}
		// The signing domain is the From domain, so that DMARC aligns.
		smtpCfg.DKIM = &mail.DKIMConfig{Domain: from.Address[strings.LastIndex(from.Address, "@")+1:],
			Selector: cfg.DKIMSelector, PrivateKeyPEM: []byte(cfg.DKIMKey)}
	}
	s, err := mail.NewSMTPSender(smtpCfg)
	if err != nil {
		return nil, fmt.Errorf("TREFFPUNKT_SMTP_URL / TREFFPUNKT_DKIM_KEY: %w", err)
	}
	return s, nil
}

// runOutbox sends queued mails until ctx ends, then closes the sender
// (QUIT on a kept SMTP connection). Every instance runs one; they share
// the queue through the database.
func runOutbox(ctx context.Context, store *models.Store, sender mail.Sender, now func() time.Time, logger *slog.Logger) {
	defer func() {
		if c, ok := sender.(io.Closer); ok {
			if err := c.Close(); err != nil {
				logger.Warn("close mail sender", "err", err)
			}
		}
	}()
	w, err := outbox.NewWorker(store, sender, now, logger, outbox.Options{})
	if err != nil {
		// Only a programming error gets here: the options are constants.
		logger.Error("outbox worker not started", "err", err)
		return
	}
	if err := w.Run(ctx); err != nil {
		logger.Error("outbox worker stopped", "err", err)
	}
}
