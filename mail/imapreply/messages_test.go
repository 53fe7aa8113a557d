package imapreply

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// replyVars fills a message template: what a mail client puts into its
// answer to our invitation.
type replyVars struct {
	UID      string
	Sequence int
	Attendee string // the address in the ATTENDEE line, as the client writes it
	PartStat string
}

func (v replyVars) fill(tmpl string) string {
	return strings.NewReplacer("{{UID}}", v.UID, "{{SEQ}}", strconv.Itoa(v.Sequence),
		"{{ATTENDEE}}", v.Attendee, "{{PARTSTAT}}", v.PartStat).Replace(tmpl)
}

// b64 encodes like mail clients do: base64 in lines of 76 characters.
func b64(s string) string {
	enc := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")))
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\n")
	return b.String()
}

// Thunderbird (Lightning): text/plain and an 8bit text/calendar with
// method=REPLY in multipart/alternative; ORGANIZER present; IANA zone.
const thunderbirdReply = `From: Anna Applicant <anna.applicant@example.org>
To: Treffpunkt <termine@treffpunkt.example>
Subject: Akzeptiert: Pflegeheim Sonnenhof GmbH - Speed-Dating Pflege
Date: Wed, 25 Mar 2026 11:02:00 +0100
Message-ID: <tb-1@example.org>
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Type: multipart/alternative; boundary="------------tbA1"

This is a multi-part message in MIME format.
--------------tbA1
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 7bit

Anna Applicant has accepted your event invitation.

--------------tbA1
Content-Type: text/calendar; charset=UTF-8; method=REPLY
Content-Transfer-Encoding: 8bit

BEGIN:VCALENDAR
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
VERSION:2.0
METHOD:REPLY
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
CREATED:20260325T100200Z
LAST-MODIFIED:20260325T100200Z
DTSTAMP:20260325T100200Z
UID:{{UID}}
SUMMARY:Pflegeheim Sonnenhof GmbH – Speed-Dating Pflege
ORGANIZER;CN=Treffpunkt:mailto:termine@treffpunkt.example
ATTENDEE;CN=Anna Applicant;PARTSTAT={{PARTSTAT}};ROLE=REQ-PARTICIPANT;CUTYPE=I
 NDIVIDUAL:mailto:{{ATTENDEE}}
DTSTART;TZID=Europe/Berlin:20260330T092000
DTEND;TZID=Europe/Berlin:20260330T094000
SEQUENCE:{{SEQ}}
STATUS:CONFIRMED
TRANSP:OPAQUE
END:VEVENT
END:VCALENDAR

--------------tbA1--
`

// Outlook / Exchange: the calendar base64-encoded, a Windows zone name
// (which must never be parsed), no ORGANIZER, MAILTO in capitals.
const outlookCalendar = `BEGIN:VCALENDAR
METHOD:REPLY
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
ATTENDEE;PARTSTAT={{PARTSTAT}};CN=Anna Applicant:MAILTO:{{ATTENDEE}}
COMMENT;LANGUAGE=de-DE:Ich kann leider nicht.
SUMMARY;LANGUAGE=de-DE:Abgelehnt: Pflegeheim Sonnenhof GmbH – Speed-Dating Pflege
DTSTART;TZID=W. Europe Standard Time:20260330T092000
DTEND;TZID=W. Europe Standard Time:20260330T094000
UID:{{UID}}
CLASS:PUBLIC
PRIORITY:5
DTSTAMP:20260325T100500Z
TRANSP:OPAQUE
STATUS:CONFIRMED
SEQUENCE:{{SEQ}}
LOCATION;LANGUAGE=de-DE:Stadthalle, Holländische Str. 1, 34117 Kassel
X-MICROSOFT-CDO-APPT-SEQUENCE:{{SEQ}}
X-MICROSOFT-CDO-OWNERAPPTID:-1
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY
X-MICROSOFT-CDO-ALLDAYEVENT:FALSE
X-MICROSOFT-CDO-IMPORTANCE:1
X-MICROSOFT-CDO-INSTTYPE:0
X-MICROSOFT-DISALLOW-COUNTER:FALSE
END:VEVENT
END:VCALENDAR
`

func outlookReply(v replyVars) string {
	return v.fill(`From: Anna Applicant <Anna.Applicant@example.org>
To: Treffpunkt <termine@treffpunkt.example>
Subject: Abgelehnt: Pflegeheim Sonnenhof GmbH – Speed-Dating Pflege
Thread-Topic: Pflegeheim Sonnenhof GmbH
Date: Wed, 25 Mar 2026 10:05:00 +0000
Message-ID: <AM0PR01MB1234@eurprd01.prod.exchangelabs.com>
Content-Language: de-DE
X-MS-Has-Attach:
X-MS-TNEF-Correlator:
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="_000_AM0PR01MB1234_"

--_000_AM0PR01MB1234_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

Ich kann leider nicht.

--_000_AM0PR01MB1234_
Content-Type: text/calendar; charset="utf-8"; method=REPLY
Content-Transfer-Encoding: base64

` + b64(v.fill(outlookCalendar)) + `
--_000_AM0PR01MB1234_--
`)
}

// Gmail: multipart/mixed with multipart/alternative (text, HTML, base64
// text/calendar) and the same calendar again as application/ics
// attachment.
const gmailCalendar = `BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:REPLY
BEGIN:VEVENT
DTSTART:20260330T082000Z
DTEND:20260330T084000Z
DTSTAMP:20260325T101000Z
ORGANIZER;CN=Treffpunkt:mailto:termine@treffpunkt.example
UID:{{UID}}
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={{PARTSTAT}};CN=Anna
  Applicant;X-NUM-GUESTS=0:mailto:{{ATTENDEE}}
CREATED:20260325T093000Z
LAST-MODIFIED:20260325T101000Z
LOCATION:Stadthalle\, Holländische Str. 1\, 34117 Kassel
SEQUENCE:{{SEQ}}
STATUS:CONFIRMED
SUMMARY:Pflegeheim Sonnenhof GmbH – Speed-Dating Pflege
TRANSP:OPAQUE
END:VEVENT
END:VCALENDAR
`

func gmailReply(v replyVars) string {
	cal := b64(v.fill(gmailCalendar))
	return v.fill(`From: Anna Applicant <anna.applicant@example.org>
To: termine@treffpunkt.example
Subject: Accepted: Pflegeheim Sonnenhof GmbH - Speed-Dating Pflege
Date: Wed, 25 Mar 2026 10:10:00 +0000
Message-ID: <CAgmail123@mail.gmail.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="000000000000mixed"

--000000000000mixed
Content-Type: multipart/alternative; boundary="000000000000alt"

--000000000000alt
Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes

Anna Applicant has accepted this invitation.

--000000000000alt
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<p>Anna Applicant has accepted this invitation.</p>

--000000000000alt
Content-Type: text/calendar; charset="UTF-8"; method=REPLY
Content-Transfer-Encoding: base64

` + cal + `
--000000000000alt--

--000000000000mixed
Content-Type: application/ics; name="invite.ics"
Content-Disposition: attachment; filename="invite.ics"
Content-Transfer-Encoding: base64

` + cal + `
--000000000000mixed--
`)
}

// attachmentOnlyReply is a client without calendar support in the body:
// the reply only as an .ics file, labelled application/octet-stream.
func attachmentOnlyReply(v replyVars) string {
	return v.fill(`From: anna.applicant@example.org
To: termine@treffpunkt.example
Subject: Re: Einladung
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=UTF-8

Ich komme gerne.
--b1
Content-Type: application/octet-stream
Content-Disposition: attachment; filename="reply.ics"
Content-Transfer-Encoding: base64

` + b64(v.fill(gmailCalendar)) + `
--b1--
`)
}

// calendarMessage wraps any calendar text in a one-part message.
func calendarMessage(method, ics string) string {
	return `From: someone@example.org
To: termine@treffpunkt.example
Subject: calendar
MIME-Version: 1.0
Content-Type: text/calendar; charset=UTF-8; method=` + method + `

` + ics
}

const plainMessage = `From: anna.applicant@example.org
To: termine@treffpunkt.example
Subject: Re: Einladung
Content-Type: text/plain; charset=UTF-8

Vielen Dank, ich komme!
`
