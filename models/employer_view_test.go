package models

import (
	"strings"
	"testing"
	"time"
)

func TestEmployerViewShow(t *testing.T) {
	applicant := func(consent bool) Applicant {
		return Applicant{FirstName: "Olena", LastName: "Kovalenko", Email: "olena@example.org", Phone: "+49 170 1234567",
			GermanLevel: GermanB1, SharesContact: consent}
	}
	const short, full = "Olena K.", "Olena Kovalenko"
	tests := []struct {
		view    EmployerView
		consent bool
		want    ApplicantAsSeen
	}{
		{EmployerSeesInitials, false, ApplicantAsSeen{Name: short, GermanLevel: GermanB1}},
		{EmployerSeesInitials, true, ApplicantAsSeen{Name: short, GermanLevel: GermanB1}},
		{EmployerSeesFullName, false, ApplicantAsSeen{Name: full, GermanLevel: GermanB1}},
		{EmployerSeesFullName, true, ApplicantAsSeen{Name: full, GermanLevel: GermanB1}},
		{EmployerSeesContact, false, ApplicantAsSeen{Name: full, GermanLevel: GermanB1}},
		{EmployerSeesContact, true, ApplicantAsSeen{Name: full, GermanLevel: GermanB1, Email: "olena@example.org", Phone: "+49 170 1234567"}},
		// A missing or unknown setting falls back to the least, never more.
		{"", true, ApplicantAsSeen{Name: short, GermanLevel: GermanB1}},
		{"everything", true, ApplicantAsSeen{Name: short, GermanLevel: GermanB1}},
	}
	for _, tt := range tests {
		got := tt.view.Show(applicant(tt.consent))
		if got != tt.want {
			t.Errorf("%q.Show(consent=%v) = %+v, want %+v", tt.view, tt.consent, got, tt.want)
		}
		// Contact data never leaves without both the setting and consent,
		// whatever the name form.
		if (tt.view != EmployerSeesContact || !tt.consent) && (got.Email != "" || got.Phone != "") {
			t.Errorf("%q.Show(consent=%v) leaks contact data: %+v", tt.view, tt.consent, got)
		}
		if tt.view != EmployerSeesFullName && tt.view != EmployerSeesContact && strings.Contains(got.Name, "Kovalenko") {
			t.Errorf("%q.Show shows the full last name: %q", tt.view, got.Name)
		}
	}
}

func TestEmployerViewShowEdgeCases(t *testing.T) {
	now := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		view EmployerView
		a    Applicant
		want ApplicantAsSeen
	}{
		{"no last name", EmployerSeesInitials, Applicant{FirstName: "Ahmad"}, ApplicantAsSeen{Name: "Ahmad"}},
		{"non-Latin initial", EmployerSeesInitials, Applicant{FirstName: "Олена", LastName: "Коваленко"}, ApplicantAsSeen{Name: "Олена К."}},
		{"stray spaces", EmployerSeesFullName, Applicant{FirstName: " Olena ", LastName: " Kovalenko\t"}, ApplicantAsSeen{Name: "Olena Kovalenko"}},
		{"anonymised keeps no contact", EmployerSeesContact,
			Applicant{FirstName: "X", Email: "x@example.org", Phone: "1", SharesContact: true, AnonymisedAt: &now}, ApplicantAsSeen{Name: "X"}},
		{"consent without phone", EmployerSeesContact,
			Applicant{FirstName: "Olena", LastName: "K", Email: " olena@example.org ", SharesContact: true, GermanLevel: GermanA2},
			ApplicantAsSeen{Name: "Olena K", GermanLevel: GermanA2, Email: "olena@example.org"}},
	}
	for _, tt := range tests {
		if got := tt.view.Show(tt.a); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
