package main

import (
	"fmt"
	"log/slog"
	"time"

	"treffpunkt/mail/imapreply"
	"treffpunkt/mail/invite"
	"treffpunkt/models"
)

// replyInterval is how often the organizer mailbox is read; an Accept from a
// mail client a minute late is as good as one on time.
const replyInterval = time.Minute

// newReplyPoller reads iMIP replies (Accept/Decline clicked in a mail
// client) from TREFFPUNKT_IMAP_URL and records them like the buttons on the
// applicant's page.
func newReplyPoller(cfg *Config, store *models.Store, invites *invite.Service, logger *slog.Logger) (*imapreply.Poller, error) {
	icfg, err := imapreply.ParseURL(cfg.IMAPURL)
	if err != nil {
		return nil, fmt.Errorf("TREFFPUNKT_IMAP_URL: %w", err)
	}
	return imapreply.New(icfg, store, invites, logger.With("worker", "imap-replies"))
}
