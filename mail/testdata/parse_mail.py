"""Parse one e-mail from stdin with Python's stdlib email package, and every
calendar part in it with icalendar and vobject (Debian python3-icalendar,
python3-vobject). Prints JSON for mail/parsers_test.go. Run with
/usr/bin/python3, where the Debian packages are installed."""
import datetime
import email
import json
import sys
from email import policy

import icalendar
import vobject


def utc(dt):
    if not isinstance(dt, datetime.datetime):
        return "not-a-datetime:" + repr(dt)
    if dt.tzinfo is None or dt.utcoffset() is None:
        return "floating:" + dt.isoformat()
    return dt.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def with_icalendar(data):
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    out = {
        "method": str(cal.get("METHOD", "")),
        "version": str(cal.get("VERSION", "")),
        "events": len(events),
        "timezones": [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")],
        "alarms": len(cal.walk("VALARM")),
    }
    if events:
        ev = events[0]
        att = ev.get("ATTENDEE")
        org = ev.get("ORGANIZER")
        out.update({
            "uid": str(ev.get("UID")),
            "sequence": int(ev.get("SEQUENCE", -1)),
            "status": str(ev.get("STATUS", "")),
            "summary": str(ev.get("SUMMARY", "")),
            "description": str(ev.get("DESCRIPTION", "")),
            "location": str(ev.get("LOCATION", "")),
            "start": utc(ev.decoded("DTSTART")),
            "end": utc(ev.decoded("DTEND")),
            "stamp": utc(ev.decoded("DTSTAMP")),
            "attendee": str(att) if att is not None else "",
            "attendee_cn": str(att.params.get("CN", "")) if att is not None else "",
            "organizer": str(org) if org is not None else "",
            "organizer_cn": str(org.params.get("CN", "")) if org is not None else "",
        })
    return out


def with_vobject(text):
    # vobject builds the tzinfo from the VTIMEZONE in the file, not from
    # its own database: a second, independent check of our rules.
    cal = vobject.readOne(text)
    ev = cal.vevent
    return {
        "uid": ev.uid.value,
        "sequence": int(ev.sequence.value),
        "start": utc(ev.dtstart.value),
        "end": utc(ev.dtend.value),
        "method": cal.method.value,
    }


def part_info(part, depth):
    params = dict(part.get_params(failobj=[])[1:])
    info = {
        "depth": depth,
        "content_type": part.get_content_type(),
        "params": {k: str(v) for k, v in params.items()},
        "cte": part.get("Content-Transfer-Encoding", ""),
        "disposition": part.get_content_disposition() or "",
        "filename": part.get_filename() or "",
        "has_content_id": part.get("Content-ID") is not None,
        "defects": [repr(d) for d in part.defects],
    }
    if not part.is_multipart():
        payload = part.get_payload(decode=True)
        info["payload"] = payload.decode("utf-8")
    return info


def walk(part, depth, out):
    out.append(part_info(part, depth))
    if part.is_multipart():
        for sub in part.iter_parts():
            walk(sub, depth + 1, out)


def main():
    raw = sys.stdin.buffer.read()
    msg = email.message_from_bytes(raw, policy=policy.default)
    parts = []
    walk(msg, 0, parts)
    result = {
        "headers": {
            "from": [[a.display_name, a.addr_spec] for a in msg["From"].addresses] if msg["From"] else [],
            "to": [[a.display_name, a.addr_spec] for a in msg["To"].addresses] if msg["To"] else [],
            "cc": str(msg.get("Cc", "")),
            "bcc": str(msg.get("Bcc", "")),
            "subject": str(msg["Subject"]),
            "message_id": str(msg["Message-ID"]),
            "date": msg["Date"].datetime.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ") if msg["Date"] else "",
            "header_defects": [repr(d) for d in msg.defects],
        },
        "parts": parts,
        "calendars": [],
    }
    for p in parts:
        if p["content_type"] in ("text/calendar", "application/ics"):
            text = p["payload"]
            result["calendars"].append({
                "content_type": p["content_type"],
                "icalendar": with_icalendar(text.encode("utf-8")),
                "vobject": with_vobject(text),
            })
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
