package invite

import (
	"context"
	"errors"
	"strings"
	"testing"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// FuzzLinkToken attacks the applicant's personal link: whatever string
// arrives in /a/<token>, WellFormedToken and ResolveLink must not panic, and
// only the one token the server derived resolves. A string differing in any
// way, even one that base64-decodes to the same bytes, is not found.
func FuzzLinkToken(f *testing.F) {
	ctx := context.Background()
	fx := newFixture(f, testdb.Open(f, models.DialectSQLite), models.Applicant{FirstName: "Jonas", LastName: "Weber",
		Email: "jonas@example.org", PreferredLanguage: models.LanguageDE})
	fx.tx(f, func(tx *models.Store) error { return fx.svc.Publish(ctx, tx, fx.jc.ID, []int64{fx.interview.ID}) })
	lt, err := fx.store.FindApplicantLink(ctx, fx.applicant.ID, fx.event.ID)
	testdb.Must(f, err)
	genuine := fx.svc.linkToken(lt.Nonce)
	if _, err := ResolveLink(ctx, fx.store, genuine, *fx.clock); err != nil {
		f.Fatalf("the genuine token does not resolve: %v", err)
	}
	last := genuine[len(genuine)-1]
	for _, s := range []string{
		genuine[:42] + string(last^1), // same length, may decode to the same bytes
		genuine + "=", genuine[:42], strings.ToUpper(genuine), strings.ReplaceAll(strings.ReplaceAll(genuine, "-", "+"), "_", "/"),
		strings.Repeat("A", 43), "../../etc/passwd", "", "%00", strings.Repeat("\xff", 43), genuine[:21] + "\x00" + genuine[22:],
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		wf := WellFormedToken(token)
		if wf && len(token) != 43 {
			t.Fatalf("WellFormedToken(%q) with %d bytes", token, len(token))
		}
		got, err := ResolveLink(ctx, fx.store, token, *fx.clock)
		if token == genuine {
			if err != nil {
				t.Fatalf("genuine token: %v", err)
			}
			return
		}
		if err == nil {
			t.Fatalf("forged token %q resolved to link %d", token, got.ID)
		}
		if !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("forged token %q: %v, want not found (only a genuine link can be expired or revoked)", token, err)
		}
	})
}
