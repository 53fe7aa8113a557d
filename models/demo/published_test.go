package demo_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"treffpunkt/mail"
	"treffpunkt/mail/invite"
	"treffpunkt/models"
	"treffpunkt/models/demo"
	"treffpunkt/models/testdb"
)

// TestSeedPublishedEvent proves that "serve --demo" has mail to show: the
// published event's invitations, an update and a cancellation, in several
// languages, queued once however often Seed runs.
func TestSeedPublishedEvent(t *testing.T) {
	t.Parallel()
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		store := models.NewStore(db, testdb.Clock)
		inv, err := mail.NewComposer()
		testdb.Must(t, err)
		rem, err := mail.NewReminderComposer()
		testdb.Must(t, err)
		svc, err := invite.New(invite.Config{BaseURL: "http://127.0.0.1:8080", From: "Treffpunkt <termine@treffpunkt.localhost>",
			LinkKey: []byte(strings.Repeat("d", 32))}, inv, rem, testdb.Clock)
		testdb.Must(t, err)
		opts := demo.Options{Now: testdb.Clock(), HashPassword: fakeHash, Invites: svc}
		res, err := demo.Seed(ctx, store, opts)
		if err != nil {
			t.Fatalf("Seed: %v", err)
		}
		if res.PublishedID == 0 || res.Interviews < 5 {
			t.Fatalf("no published event: %+v", res)
		}
		ev, err := store.GetEvent(ctx, res.JobCentreID, res.PublishedID)
		testdb.Must(t, err)
		if ev.Status != models.EventPublished {
			t.Errorf("event status %s", ev.Status)
		}
		mails, err := store.ListOutbox(ctx, res.JobCentreID, "", 0)
		testdb.Must(t, err)
		kinds, locales := map[string]int{}, map[string]bool{}
		for _, m := range mails {
			kinds[m.Kind]++
			locales[m.Locale] = true
		}
		for _, want := range []struct {
			kind string
			min  int
		}{{invite.KindInvitation, 10}, {invite.KindUpdate, 2}, {invite.KindCancel, 2}, {invite.KindPlan, 3}} {
			if kinds[want.kind] < want.min {
				t.Errorf("%d %s mails, want at least %d (all: %v)", kinds[want.kind], want.kind, want.min, kinds)
			}
		}
		for _, l := range []string{"de", "en", "uk", "ar"} {
			if !locales[l] {
				t.Errorf("no mail in %s (locales %v)", l, locales)
			}
		}
		if _, err := demo.Seed(ctx, store, opts); err != nil {
			t.Fatalf("second Seed: %v", err)
		}
		again, err := store.ListOutbox(ctx, res.JobCentreID, "", 0)
		testdb.Must(t, err)
		if len(again) != len(mails) {
			t.Errorf("second Seed queued %d more mails", len(again)-len(mails))
		}
	})
}
