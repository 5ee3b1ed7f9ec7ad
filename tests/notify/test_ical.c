/* The iCalendar text of notify/ical.c read back by libical, without mail:
 * a meeting's DTSTART is written as local time in the attendee's zone
 * where that local time names the instant alone, and in UTC where it does
 * not (an hour the clocks go back over happens twice; libical's
 * America/St_Johns after 2037 goes back two hours and reads its own local
 * times back wrong, found by fuzz/fuzz_ical.c). Either way it reads back
 * as the same instant. */
#include <criterion/criterion.h>
#include <libical/ical.h>
#include <string.h>

#include "notify/ical.h"

static const ical_people_t who = {"Mentor", "mentor@example.org", "Mentee", "mentee@example.org", "Growth"};

/* The calendar mentord writes for one meeting at t in zone tzid with the
 * people w (its text in *text), as libical reads it back. */
static icalcomponent *calendar_of(arena_t *a, const ical_people_t *w, int64_t t, const char *tzid, char **text)
{
	meeting_row_t *m = arena_alloc(a, sizeof(*m));
	*m = (meeting_row_t){.id = 7, .relationship_id = 1, .starts_at = t, .duration_min = 30,
			     .kind = "regular", .channel = "video", .status = "scheduled"};
	ical_event_t e = {.m = m, .who = w, .tzid = tzid};
	*text = ical_calendar(a, "REQUEST", NULL, &e, 1);
	icalcomponent *cal = icalparser_parse_string(*text);
	cr_assert_not_null(cal);
	cr_assert_null(icalcomponent_get_first_property(cal, ICAL_XLICERROR_PROPERTY));
	return cal;
}

/* The DTSTART line of one meeting at t in zone tzid, and the instant
 * libical reads it back as. */
static const char *dtstart(arena_t *a, int64_t t, const char *tzid, int64_t *back)
{
	char *text;
	icalcomponent *cal = calendar_of(a, &who, t, tzid, &text);
	icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	icalproperty *ds = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	struct icaltimetype lt = icalproperty_get_dtstart(ds);
	icalparameter *tzp = icalproperty_get_first_parameter(ds, ICAL_TZID_PARAMETER);
	if (tzp) {
		lt.zone = NULL;
		*back = (int64_t)icaltime_as_timet_with_zone(
			lt, icaltimezone_get_builtin_timezone(icalparameter_get_tzid(tzp)));
	} else {
		cr_assert(icaltime_is_utc(lt));
		*back = (int64_t)icaltime_as_timet(lt);
	}
	icalcomponent_free(cal);
	char *line = strstr(strstr(text, "BEGIN:VEVENT"), "DTSTART");
	cr_assert_not_null(line);
	return arena_strndup(a, line, strcspn(line, "\r\n"));
}

Test(ical, dtstart_is_local_where_it_names_the_instant_alone_else_utc)
{
	arena_t *a = arena_new();
	int64_t back;
	/* An ordinary Monday in New York: local time with the zone. */
	cr_assert_str_eq(dtstart(a, 1795446000, "America/New_York", &back),
			 "DTSTART;TZID=America/New_York:20261123T100000");
	cr_assert_eq(back, 1795446000);
	/* 2026-11-01 01:30 in New York happens twice: 05:30 UTC (EDT) and
	 * 06:30 UTC (EST). Neither is written as 01:30 local. */
	cr_assert_str_eq(dtstart(a, 1793511000, "America/New_York", &back), "DTSTART:20261101T053000Z");
	cr_assert_eq(back, 1793511000);
	cr_assert_str_eq(dtstart(a, 1793514600, "America/New_York", &back), "DTSTART:20261101T063000Z");
	cr_assert_eq(back, 1793514600);
	/* An hour later the clocks are past it: local again. */
	cr_assert_str_eq(dtstart(a, 1793518200, "America/New_York", &back),
			 "DTSTART;TZID=America/New_York:20261101T023000");
	/* fuzz/regressions/ical/st-johns-2079-read-back-two-hours-off */
	cr_assert_str_eq(dtstart(a, 3466378735, "America/St_Johns", &back), "DTSTART:20791105T025855Z");
	cr_assert_eq(back, 3466378735);
	/* No zone: UTC. */
	cr_assert_str_eq(dtstart(a, 1795446000, NULL, &back), "DTSTART:20261123T150000Z");
	arena_free(a);
}

/* The attendee's name (CN) reads back as it was, but for '\' written as '/'
 * (libical takes a backslash before the closing quote as an escape): a '"'
 * goes out as RFC 6868's ^' and a '^' as ^^, since libical's reader takes
 * ^^, ^n and ^' as escapes while its writer leaves '^' alone (found by
 * fuzz_ical: "Jo "JJ^" Smitler" read back as "Jo "JJ^' Smitler"). */
Test(ical, an_attendees_name_reads_back_as_written)
{
	static const char *const names[][2] = {
		{"Jo \"JJ^\" Smitler; Jr.", "Jo \"JJ^\" Smitler; Jr."},
		{"a^nb", "a^nb"},
		{"a^^b", "a^^b"},
		{"a^'b", "a^'b"},
		{"x^", "x^"},
		{"O'Brien, \"Pat\"", "O'Brien, \"Pat\""},
		{"back\\slash\\", "back/slash/"},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		arena_t *a = arena_new();
		ical_people_t w = who;
		w.mentee_name = names[i][0];
		char *text;
		icalcomponent *cal = calendar_of(a, &w, 1795446000, NULL, &text);
		icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
		icalproperty *att = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
		icalparameter *cn = icalproperty_get_first_parameter(att, ICAL_CN_PARAMETER);
		cr_assert_not_null(cn, "%s", names[i][0]);
		cr_assert_str_eq(icalparameter_get_cn(cn), names[i][1]);
		icalcomponent_free(cal);
		arena_free(a);
	}
}
