// Package mail builds Treffpunkt's e-mails (interview invitations with
// iTIP calendar parts, and plain notices) and delivers them by SMTP or into
// a directory of .eml files. It needs no database: the outbox that makes
// delivery reliable lives in models and a worker.
//
// Building (see /work/shared/invites.md for why the message looks as it
// does):
//
//	composer, err := mail.NewComposer() // once, at start-up
//	msg, err := composer.BuildInvitation(mail.InvitationData{
//		Kind: mail.KindInvite, Audience: mail.AudienceApplicant,
//		MessageID: id + "@" + domain, Now: now(), UID: interview.UID,
//		Sequence: interview.Sequence, Start: start, End: end, Zone: berlin, …,
//	}, applicant.Language)
//
// An update is KindUpdate with the same UID and a higher Sequence; a
// cancellation is KindCancel with the same UID and a higher Sequence;
// moving an applicant to another employer is a KindCancel of the old UID
// plus a KindInvite with a new UID. A resend without change keeps Sequence
// and passes a newer Now.
//
// Sending: a Sender takes the *Message (plain values, storable as JSON in
// an outbox row, so a retry sends the same Message-ID):
//
//	cfg, err := mail.ParseSMTPURL(os.Getenv("TREFFPUNKT_SMTP_URL"))
//	sender, err := mail.NewSMTPSender(cfg)            // or
//	sender, err := mail.NewFileSender(os.Getenv("TREFFPUNKT_MAIL_DIR"))
//	err = sender.Send(ctx, msg)
//	if err != nil && mail.IsTemporary(err) { /* retry later with backoff */ }
//
// Message.Bytes renders the exact wire form (without DKIM) for previews.
package mail
