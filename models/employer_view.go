package models

import (
	"strings"

	"treffpunkt/mail"
)

// ApplicantAsSeen is an applicant as an employer may see them under the
// job centre's EmployerView. Every employer-facing surface (employer area,
// calendar feed, invitation and plan mails, outcome request and page,
// printed table plans) shows this and nothing else, so that the setting
// holds wherever an employer looks.
type ApplicantAsSeen struct {
	Name        string
	GermanLevel GermanLevel
	// Email and Phone are empty unless the job centre lets employers see
	// contact data and the applicant agreed to it.
	Email string
	Phone string
}

// Show returns what an employer may see of a under view v. An unknown or
// empty view shows the least (initials): a missing setting must never
// widen what leaves the job centre. Contact data needs both the job
// centre's setting and the applicant's own consent (SharesContact).
func (v EmployerView) Show(a Applicant) ApplicantAsSeen {
	seen := ApplicantAsSeen{GermanLevel: a.GermanLevel}
	switch v {
	case EmployerSeesFullName, EmployerSeesContact:
		seen.Name = strings.Join(strings.Fields(a.FirstName+" "+a.LastName), " ")
	default:
		// mail.ShortName is the one implementation of the initials form:
		// the mail composers, which do not import models, need it too.
		seen.Name = mail.ShortName(a.FirstName, a.LastName)
	}
	if v == EmployerSeesContact && a.SharesContact && a.AnonymisedAt == nil {
		seen.Email, seen.Phone = strings.TrimSpace(a.Email), strings.TrimSpace(a.Phone)
	}
	return seen
}
