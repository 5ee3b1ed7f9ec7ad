/* libFuzzer target: the iCalendar text mentord writes (notify/ical.c: the
 * .ics download, invitations and cancellations by mail, the calendar
 * feed), read back with libical. The input gives the meetings and the
 * people: a few bytes of numbers (when, how long, which kind, channel,
 * status and method, the sequence) and then lines of text: mentor name,
 * mentor email, mentee name, mentee email, program name, time zone and
 * recurrence rule. Text the API would refuse is replaced by a plain value,
 * so only what mentord can hold is written.
 *
 * What mentord writes must parse without a single libical error property,
 * and every event must read back the same: UID, SUMMARY and DESCRIPTION
 * (names, program and channel exactly), both attendees with their names
 * and addresses, the organiser, SEQUENCE, DURATION, STATUS, the RRULE, and
 * DTSTART (in UTC, or local time in the named zone that converts back to
 * the same instant, exactly). */
#include "harness.h"

#include "core/rrule.h"
#include "core/text.h"
#include "notify/ical.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	setenv("MENTORD_NOW", FZ_NOW, 0);
	return 0;
}

/* A person's name or a program's: one line of text, 1..200 characters. */
static const char *name_ok(arena_t *a, const char *s, const char *fallback)
{
	const char *why;
	char *t = text_trim(a, s, strlen(s));
	return *t && text_ok(t, strlen(t), false, &why) && text_chars(t, strlen(t)) <= 200 ? t : fallback;
}

static const char *email_ok(const char *s, const char *fallback)
{
	const char *why;
	return text_ok(s, strlen(s), false, &why) && text_email_ok(s) ? s : fallback;
}

static const char *what_of(const char *kind)
{
	return !strcmp(kind, "kickoff") ? "Kickoff" : !strcmp(kind, "coffee") ? "Coffee" : "Mentoring";
}

/* An X- property's value as libical reads it: still escaped as RFC 5545
 * TEXT (libical unescapes only the properties it knows), so the harness
 * unescapes it before comparing with what was written. */
static const char *text_unescaped(arena_t *a, const char *v)
{
	if (!v)
		return NULL;
	size_t n = strlen(v);
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '\\' && i + 1 < n) {
			i++;
			*o++ = v[i] == 'n' || v[i] == 'N' ? '\n' : v[i];
		} else {
			*o++ = v[i];
		}
	}
	*o = '\0';
	return out;
}

static void expect_text(const char *what, const char *got, const char *want)
{
	if (!got || strcmp(got, want))
		fz_fail("%s reads back as \"%s\", not \"%s\"", what, got ? got : "(missing)", want);
}

static const char *param_cn(icalproperty *p)
{
	icalparameter *cn = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER);
	return cn ? icalparameter_get_cn(cn) : NULL;
}

static void check_event(arena_t *a, icalcomponent *ev, const ical_event_t *e, const char *method)
{
	const meeting_row_t *m = e->m;
	const ical_people_t *who = e->who;
	const char *what = what_of(m->kind);
	expect_text("UID", icalcomponent_get_uid(ev), arena_printf(a, "meeting-%lld@mentord", (long long)m->id));
	expect_text("SUMMARY", icalcomponent_get_summary(ev),
		    arena_printf(a, "%s: %s and %s", what, who->mentor_name, who->mentee_name));
	expect_text("DESCRIPTION", icalcomponent_get_description(ev),
		    arena_printf(a, "%s meeting in %s (%s).", what, who->program_name, m->channel));
	if (icalcomponent_get_sequence(ev) != m->sequence)
		fz_fail("SEQUENCE reads back as %d, not %d", icalcomponent_get_sequence(ev), m->sequence);
	icalproperty *dur = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
	if (!dur || icaldurationtype_as_int(icalproperty_get_duration(dur)) != m->duration_min * 60)
		fz_fail("DURATION does not read back as %d minutes", m->duration_min);
	bool cancelled = !strcmp(method, "CANCEL") || !strcmp(m->status, "cancelled");
	if (icalcomponent_get_status(ev) != (cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED))
		fz_fail("STATUS reads back wrong");
	icalproperty *rr = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
	if (m->rrule) {
		struct icalrecurrencetype r = icalrecurrencetype_from_string(m->rrule);
		char *want = icalrecurrencetype_as_string_r(&r);
		struct icalrecurrencetype back = rr ? icalproperty_get_rrule(rr) : (struct icalrecurrencetype){0};
		char *got = rr ? icalrecurrencetype_as_string_r(&back) : NULL;
		if (!got || strcmp(got, want))
			fz_fail("RRULE %s reads back as %s", want, got ? got : "(missing)");
		free(want);
		free(got);
	} else if (rr) {
		fz_fail("a single meeting reads back with an RRULE");
	}
	/* Attendees: the mentee, then the mentor. */
	const char *names[2] = {who->mentee_name, who->mentor_name}, *mails[2] = {who->mentee_email, who->mentor_email};
	int k = 0;
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY); p;
	     p = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY), k++) {
		if (k >= 2)
			fz_fail("more than two attendees read back");
		expect_text("ATTENDEE", icalproperty_get_attendee(p), arena_printf(a, "mailto:%s", mails[k]));
		char *want = arena_strdup(a, names[k]); /* written with '/' for '\\' (notify/ical.c) */
		for (char *c = want; *c; c++)
			if (*c == '\\')
				*c = '/';
		expect_text("ATTENDEE's CN", param_cn(p), want);
	}
	if (k != 2)
		fz_fail("%d attendees read back, not 2", k);
	icalproperty *org = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
	expect_text("ORGANIZER", org ? icalproperty_get_organizer(org) : NULL,
		    arena_printf(a, "mailto:%s", e->organizer ? e->organizer : "noreply@mentord.invalid"));
	/* DTSTART: the same instant. */
	icalproperty *ds = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	if (!ds)
		fz_fail("no DTSTART read back");
	struct icaltimetype t = icalproperty_get_dtstart(ds);
	icalparameter *tzp = icalproperty_get_first_parameter(ds, ICAL_TZID_PARAMETER);
	icaltimezone *z = e->tzid ? icaltimezone_get_builtin_timezone(e->tzid) : NULL;
	int64_t at;
	if (tzp && z) {
		expect_text("DTSTART's TZID", icalparameter_get_tzid(tzp), e->tzid);
		t.zone = NULL;
		at = (int64_t)icaltime_as_timet_with_zone(t, z);
	} else {
		if (!icaltime_is_utc(t))
			fz_fail("DTSTART has neither a zone nor UTC");
		at = (int64_t)icaltime_as_timet(t);
	}
	/* Exact: a local time that would not name the instant alone is
	 * written in UTC. */
	if (at != m->starts_at)
		fz_fail("DTSTART reads back as %lld, not %lld", (long long)at, (long long)m->starts_at);
}

static void check_errors(icalcomponent *c)
{
	icalproperty *e = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
	if (e)
		fz_fail("libical cannot read what mentord wrote: %s", icalproperty_get_xlicerror(e));
	for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
	     k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		check_errors(k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"kickoff", "regular", "coffee"}, *const channels[] = {"video", "phone", "in_person", "chat"},
			  *const statuses[] = {"scheduled", "held", "cancelled", "missed"},
			  *const methods[] = {"PUBLISH", "REQUEST", "CANCEL"},
			  *const zones[] = {NULL, "Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe",
					    "America/St_Johns", "Pacific/Kiritimati", "UTC", "Europe/Dublin", "Africa/Casablanca"};
	if (size < 12)
		return 0;
	arena_t *a = arena_new();
	uint32_t when = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
	int nev = 1 + data[4] % 3;
	const char *method = methods[data[5] % 3];
	/* The lines of text, NUL-terminated copies. */
	const char *lines[8] = {"Mentor", "mentor@example.org", "Mentee", "mentee@example.org", "Growth", "", "", ""};
	const char *p = (const char *)data + 12, *end = (const char *)data + size;
	for (int i = 0; i < 8 && p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		lines[i] = arena_strndup(a, p, (size_t)(stop - p));
		p = nl ? nl + 1 : end;
	}
	ical_people_t who = {name_ok(a, lines[0], "Mentor"), email_ok(lines[1], "mentor@example.org"),
			     name_ok(a, lines[2], "Mentee"), email_ok(lines[3], "mentee@example.org"),
			     name_ok(a, lines[4], "Growth")};
	const char *organizer = *lines[7] ? email_ok(lines[7], NULL) : NULL;
	const char *tz = *lines[5] ? lines[5] : zones[data[6] % (sizeof(zones) / sizeof(zones[0]))];
	if (tz && !ical_zone_known(tz))
		tz = NULL;
	meeting_row_t *ms = arena_alloc(a, sizeof(meeting_row_t) * (size_t)nev);
	ical_event_t *ev = arena_alloc(a, sizeof(ical_event_t) * (size_t)nev);
	for (int i = 0; i < nev; i++) {
		int64_t starts = 946684800 + (int64_t)(when % 3155760000u) + i * 86400 * 7; /* 2000..2100 */
		const char *why, *rule = *lines[6] && i == 0 ? lines[6] : NULL;
		if (rule && !rrule_check(rule, starts, &why))
			rule = NULL;
		ms[i] = (meeting_row_t){.id = 1 + data[7] + i, .relationship_id = 1, .starts_at = starts,
				       .duration_min = 5 + (data[8] * 256 + data[9]) % 476, .sequence = data[10] + i,
				       .kind = kinds[data[11] % 3], .channel = channels[(data[11] >> 2) % 4],
				       .status = statuses[(data[11] >> 4) % 4], .rrule = rule};
		ev[i] = (ical_event_t){.m = &ms[i], .who = &who, .tzid = tz, .organizer = organizer};
	}
	/* One meeting as the .ics download writes it, or a calendar as the
	 * invitations and the feed do. */
	bool download = nev == 1 && !(data[5] & 8) && !tz && !organizer;
	const char *calname = !download && data[5] & 4 ? arena_printf(a, "Mentoring: %s", who.program_name) : NULL;
	char *text = download ? ical_meeting(a, &ms[0], &who, method) : ical_calendar(a, method, calname, ev, nev);
	icalerror_clear_errno();
	icalcomponent *cal = icalparser_parse_string(text);
	if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT)
		fz_fail("libical cannot read the calendar mentord wrote:\n%s", text);
	check_errors(cal);
	if (icalcomponent_get_method(cal) != icalenum_string_to_method(method))
		fz_fail("METHOD reads back wrong");
	if (calname) {
		icalproperty *x = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY);
		expect_text("X-WR-CALNAME", x ? text_unescaped(a, icalproperty_get_value_as_string(x)) : NULL, calname);
	}
	int k = 0;
	for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), k++) {
		if (k >= nev)
			fz_fail("more events read back than were written");
		check_event(a, e, &ev[k], method);
	}
	if (k != nev)
		fz_fail("%d events read back, %d written", k, nev);
	icalcomponent_free(cal);
	arena_free(a);
	return 0;
}
