#!/usr/bin/python3
"""The independent reader of what mentord sent: parses every message the
SMTP sink stored (Python's email package) and every calendar in it (the
icalendar package), and prints one JSON document the C tests assert on.

  check_mail.py DIR        -> {"messages": [...]} for DIR/msg-*.eml
  check_mail.py --ics FILE -> one parsed calendar, for the feed

Times are reported in UTC, computed twice: through the TZID's name (pytz)
and through the VTIMEZONE the calendar itself carries, so a wrong VTIMEZONE
shows up as a mismatch."""
import datetime
import email
import email.policy
import glob
import json
import os
import sys

import icalendar

UTC = datetime.timezone.utc


def iso(dt):
    if isinstance(dt, datetime.datetime):
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(dt)


def utc_until_to_local(tz):
    """RFC 5545 requires UNTIL in UTC inside VTIMEZONE observances (what
    mentord writes), but icalendar 4.0.3's to_tz() hands the rule to dateutil
    with a naive DTSTART and then rejects a UTC UNTIL. Rewrite it to the
    same instant in the observance's local time (UTC + TZOFFSETFROM), which
    is exactly equivalent, so the zone can be built and checked."""
    for obs in tz.subcomponents:
        rule = obs.get("RRULE")
        if not rule or "UNTIL" not in rule:
            continue
        until = rule["UNTIL"][0]
        if isinstance(until, datetime.datetime) and until.tzinfo is not None:
            offset = obs["TZOFFSETFROM"].td
            rule["UNTIL"] = [(until.astimezone(UTC) + offset).replace(tzinfo=None)]


def parse_calendar(data):
    cal = icalendar.Calendar.from_ical(data)
    zones = {}
    for tz in cal.walk("VTIMEZONE"):
        tzid = str(tz["TZID"])
        try:
            utc_until_to_local(tz)
            zones[tzid] = tz.to_tz()
        except Exception as e:  # reported, and fails the C assertions
            zones[tzid] = None
            sys.stderr.write("VTIMEZONE %s: %s\n" % (tzid, e))
    events = []
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("DTSTART")
        prop = ev["DTSTART"]
        tzid = prop.params.get("TZID")
        via_vtz = None
        if tzid and zones.get(tzid) is not None:
            naive = start.replace(tzinfo=None)
            via_vtz = iso(zones[tzid].localize(naive) if hasattr(zones[tzid], "localize")
                          else naive.replace(tzinfo=zones[tzid]))
        attendees = ev.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        events.append({
            "uid": str(ev["UID"]),
            "sequence": int(ev.get("SEQUENCE", 0)),
            "status": str(ev.get("STATUS", "")),
            "summary": str(ev.get("SUMMARY", "")),
            "dtstart": iso(start),
            "dtstart_via_vtimezone": via_vtz,
            "tzid": str(tzid) if tzid else None,
            "duration_s": int(ev.decoded("DURATION").total_seconds()) if "DURATION" in ev else None,
            "rrule": ev["RRULE"].to_ical().decode() if "RRULE" in ev else None,
            "organizer": str(ev.get("ORGANIZER", "")),
            "attendees": sorted(str(a) for a in attendees),
        })
    return {
        "method": str(cal.get("METHOD", "")),
        "version": str(cal.get("VERSION", "")),
        "prodid": str(cal.get("PRODID", "")),
        "vtimezones": sorted(zones.keys()),
        "events": events,
    }


def parse_message(path):
    with open(path, "rb") as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    env = path[:-4] + ".env"
    mail_from, rcpts = "", []
    if os.path.exists(env):
        with open(env) as f:
            lines = f.read().splitlines()
        mail_from, rcpts = lines[0], lines[1].split()
    out = {
        "file": os.path.basename(path),
        "envelope_from": mail_from,
        "envelope_to": rcpts,
        "message_id": str(msg["Message-ID"]),
        "to": str(msg["To"]),
        "from": str(msg["From"]),
        "subject": str(msg["Subject"]),
        "kind": str(msg["X-Mentord-Kind"]),
        "date": str(msg["Date"]),
        "parts": [],
        "text": None,
        "calendar": None,
        "attachment_same": None,
        "raw_sha": __import__("hashlib").sha256(raw).hexdigest(),
    }
    cal_text = attach = None
    for part in msg.walk():
        ctype = part.get_content_type()
        out["parts"].append(ctype)
        if part.is_multipart():
            continue
        if ctype == "text/plain" and out["text"] is None:
            out["text"] = part.get_content()
        elif ctype == "text/calendar":
            cal_text = part.get_content()
            out["calendar_part_method"] = part.get_param("method")
        elif part.get_filename() == "invite.ics":
            attach = part.get_payload(decode=True).decode()
    if cal_text is not None:
        out["calendar"] = parse_calendar(cal_text.encode())
        out["attachment_same"] = attach == cal_text
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--ics":
        with open(sys.argv[2], "rb") as f:
            print(json.dumps(parse_calendar(f.read())))
        return
    files = sorted(glob.glob(os.path.join(sys.argv[1], "msg-*.eml")))
    print(json.dumps({"messages": [parse_message(p) for p in files]}))


if __name__ == "__main__":
    main()
