package invite

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestEmployerViewMails checks the employer's copy of the invitation and
// the plan summary under each setting of what employers may see.
func TestEmployerViewMails(t *testing.T) {
	const (
		short = "Olena K."
		full  = "Olena Kovalenko"
		email = "olena@example.org"
		phone = "+49 561 555123"
	)
	tests := []struct {
		name    string
		view    models.EmployerView // "" keeps the default of a new job centre
		consent bool
		want    []string
		never   []string
	}{
		{"default", "", true, []string{short}, []string{"Kovalenko", email, phone}},
		{"full name", models.EmployerSeesFullName, true, []string{full}, []string{email, phone}},
		{"contact with consent", models.EmployerSeesContact, true, []string{full, email, phone}, nil},
		{"contact without consent", models.EmployerSeesContact, false, []string{full}, []string{email, phone}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testdb.Run(t, func(t *testing.T, db *gorm.DB) {
				ctx := context.Background()
				f := newFixture(t, db, models.Applicant{FirstName: "Olena", LastName: "Kovalenko", Email: email, Phone: phone,
					PreferredLanguage: models.LanguageDE, SharesContact: tt.consent})
				if tt.view != "" {
					testdb.Must(t, db.Model(&models.JobCentre{}).Where("id = ?", f.jc.ID).Update("employer_may_see", tt.view).Error)
				}
				f.tx(t, func(tx *models.Store) error { return f.svc.Publish(ctx, tx, f.jc.ID, []int64{f.interview.ID}) })
				var invitation, plan *queued
				mails := f.outboxMails(t)
				for i, m := range mails {
					switch {
					case m.row.Recipient != "clara@sonnenhof.example":
					case m.row.Kind == KindPlan:
						plan = &mails[i]
					default:
						invitation = &mails[i]
					}
				}
				if invitation == nil || plan == nil {
					t.Fatalf("no employer invitation or plan among %d mails", len(mails))
				}
				for _, m := range []struct {
					name string
					q    *queued
				}{{"invitation", invitation}, {"plan", plan}} {
					parts := map[string]string{"text": m.q.msg.Text, "html": strings.ReplaceAll(m.q.msg.HTML, "&#43;", "+"), "subject": m.q.msg.Subject}
					for part, body := range parts {
						want := tt.want
						if part == "subject" {
							if m.name == "plan" {
								continue // the plan's subject names the event only
							}
							want = want[:1] // the name; level and contact stay in the body
						} else if !strings.Contains(body, "Deutschniveau") || !strings.Contains(body, "B1") {
							t.Errorf("%s %s lacks the German level:\n%s", m.name, part, body)
						}
						for _, w := range want {
							if !strings.Contains(body, w) {
								t.Errorf("%s %s lacks %q:\n%s", m.name, part, w, body)
							}
						}
						for _, n := range tt.never {
							if strings.Contains(body, n) {
								t.Errorf("%s %s shows %q", m.name, part, n)
							}
						}
					}
				}
				if s := invitation.prop(t, "SUMMARY"); !strings.Contains(s, tt.want[0]) {
					t.Errorf("calendar summary %q lacks %q", s, tt.want[0])
				}
				for _, n := range tt.never {
					if strings.Contains(string(invitation.msg.Calendar), n) {
						t.Errorf("calendar shows %q", n)
					}
				}
			})
		})
	}
}
