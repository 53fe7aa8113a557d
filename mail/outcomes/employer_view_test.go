package outcomes

import (
	"strings"
	"testing"

	"gorm.io/gorm"

	"treffpunkt/mail"
	"treffpunkt/mail/outbox"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestOutcomeRequestEmployerView checks that the outcome request names
// applicants as the job centre's setting allows.
func TestOutcomeRequestEmployerView(t *testing.T) {
	composer, err := mail.NewOutcomeComposer()
	testdb.Must(t, err)
	tests := []struct {
		view  models.EmployerView // "" keeps the default of a new job centre
		want  string
		never string
	}{
		{"", "Olena K.", "KovalA"},
		{models.EmployerSeesFullName, "Olena KovalA/invited", "Olena K."},
	}
	for _, tt := range tests {
		t.Run(string(tt.view), func(t *testing.T) {
			testdb.Run(t, func(t *testing.T, db *gorm.DB) {
				f := newFixture(t, db)
				if tt.view != "" {
					testdb.Must(t, db.Model(&models.JobCentre{}).Where("id = ?", f.jc.ID).Update("employer_may_see", tt.view).Error)
				}
				if n := f.send(t, composer, f.event.Days[0].EndsAt.Add(Delay)); n != 2 {
					t.Fatalf("queued %d mails, want 2", n)
				}
				found := false
				for _, r := range f.mails(t) {
					if r.Recipient != "clara@sonnenhof.example" {
						continue
					}
					found = true
					msg, err := outbox.Decode(r)
					testdb.Must(t, err)
					if !strings.Contains(msg.Text, tt.want) || strings.Contains(msg.Text, tt.never) {
						t.Errorf("request should name %q, never %q:\n%s", tt.want, tt.never, msg.Text)
					}
				}
				if !found {
					t.Fatal("no request to employer A")
				}
			})
		})
	}
}
