// Parse one iCalendar object from stdin with ical.js (Mozilla's parser,
// used by Thunderbird) and print JSON for mail/parsers_test.go. The module
// path comes as the first argument. VTIMEZONEs in the object are
// registered first, so DTSTART/DTEND are converted with our rules, not a
// built-in database.
import { readFileSync } from "node:fs";

const ICAL = (await import(process.argv[2])).default;
const text = readFileSync(0, "utf8");
const comp = new ICAL.Component(ICAL.parse(text));
const zones = [];
for (const vtz of comp.getAllSubcomponents("vtimezone")) {
  const tz = new ICAL.Timezone(vtz);
  ICAL.TimezoneService.register(tz, tz.tzid);
  zones.push(tz.tzid);
}
const vevents = comp.getAllSubcomponents("vevent");
const ev = new ICAL.Event(vevents[0]);
const utc = (t) => {
  const u = t.convertToZone(ICAL.Timezone.utcTimezone);
  const p = (n, w = 2) => String(n).padStart(w, "0");
  return `${p(u.year, 4)}${p(u.month)}${p(u.day)}T${p(u.hour)}${p(u.minute)}${p(u.second)}Z`;
};
const att = vevents[0].getFirstProperty("attendee");
const org = vevents[0].getFirstProperty("organizer");
process.stdout.write(JSON.stringify({
  method: comp.getFirstPropertyValue("method"),
  events: vevents.length,
  timezones: zones,
  uid: ev.uid,
  sequence: ev.sequence,
  status: vevents[0].getFirstPropertyValue("status"),
  summary: ev.summary,
  description: ev.description,
  location: ev.location,
  start_zone: ev.startDate.zone ? ev.startDate.zone.tzid : "",
  start: utc(ev.startDate),
  end: utc(ev.endDate),
  attendee: att ? att.getFirstValue() : "",
  attendee_cn: att ? att.getParameter("cn") : "",
  organizer: org ? org.getFirstValue() : "",
}));
