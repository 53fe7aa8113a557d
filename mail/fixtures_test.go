package mail

import (
	"testing"
	"time"
)

// fixedNow is the clock of every test: DTSTAMP and the Date header.
var fixedNow = time.Date(2027, 3, 15, 8, 30, 0, 0, time.UTC)

func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatalf("load Europe/Berlin: %v (install tzdata)", err)
	}
	return loc
}

func newTestComposer(t testing.TB) *Composer {
	t.Helper()
	c, err := NewComposer()
	if err != nil {
		t.Fatalf("NewComposer: %v", err)
	}
	return c
}

// sampleData is an interview in the week before the March 2027 switch to
// summer time (28 March), so an update can move it across the switch.
func sampleData(t testing.TB) InvitationData {
	loc := berlin(t)
	return InvitationData{
		Kind:               KindInvite,
		Audience:           AudienceApplicant,
		MessageID:          "a1b2c3d4-0001@treffpunkt.example",
		Now:                fixedNow,
		UID:                "5f0c7a52-9f4e-4d0b-8a53-2f1d3c4b5a69@treffpunkt.example",
		Sequence:           0,
		Start:              time.Date(2027, 3, 25, 9, 15, 0, 0, loc),
		End:                time.Date(2027, 3, 25, 9, 35, 0, 0, loc),
		Zone:               loc,
		Organizer:          Address{Name: "Jobcenter Kassel – Arbeitgeber-Service", Email: "termine@treffpunkt.example"},
		Recipient:          Address{Name: "Olena Kovalenko", Email: "olena.kovalenko@example.org"},
		EventTitle:         "Speed-Dating Pflege und Handwerk",
		Employer:           "Bäckerei Schröder GmbH",
		ApplicantFirstName: "Olena",
		ApplicantLastName:  "Kovalenko",
		Address:            "Friedrich-Ebert-Straße 12, 34117 Kassel",
		Room:               "Besprechungsraum 2",
		Latitude:           51.31432,
		Longitude:          9.48421,
		HasCoordinates:     true,
		Note:               "Bitte bringen Sie Ihren Lebenslauf mit.\r\nDer Eingang ist im Hof.",
		PageURL:            "https://treffpunkt.example/p/Xy7kQ2",
		ConfirmURL:         "https://treffpunkt.example/p/Xy7kQ2/confirm/17",
		DeclineURL:         "https://treffpunkt.example/p/Xy7kQ2/decline/17",
	}
}

// updatedData moves the interview across the DST switch: the original is
// in winter time (CET), the update in summer time (CEST).
func updatedData(t testing.TB) InvitationData {
	d := sampleData(t)
	d.Kind = KindUpdate
	d.MessageID = "a1b2c3d4-0002@treffpunkt.example"
	d.Now = fixedNow.Add(48 * time.Hour)
	d.Sequence = 1
	d.Start = time.Date(2027, 3, 29, 10, 0, 0, 0, d.Zone)
	d.End = time.Date(2027, 3, 29, 10, 20, 0, 0, d.Zone)
	return d
}

func cancelledData(t testing.TB) InvitationData {
	d := updatedData(t)
	d.Kind = KindCancel
	d.MessageID = "a1b2c3d4-0003@treffpunkt.example"
	d.Now = fixedNow.Add(72 * time.Hour)
	d.Sequence = 2
	return d
}
