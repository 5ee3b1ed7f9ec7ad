/* libFuzzer target: recurrence rules (core/rrule.c), the iCalendar text
 * mentord reads: the rrule of a meeting series, from the API, the pages and
 * the database. The input's first line is the rule; an optional second
 * line moves the series' start (days and minutes from the pinned "now":
 * "-30 600"); an optional third names the series' time zone.
 *
 * Besides the sanitizers: rrule_check says why it refuses; a rule it
 * accepts has a description for people, expands to 1..260 meetings in
 * order, and reads back the same from the iCalendar text mentord writes
 * for it (notify/ical.c through libical); its next meeting after the start
 * is found in the series' own zone, as the reminders look for it. */
#include "harness.h"

#include "core/rrule.h"
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

static int expand(const char *rule, int64_t start, icaltimezone *z)
{
	struct icalrecurrencetype r = icalrecurrencetype_from_string(rule);
	icalrecur_iterator *it = icalrecur_iterator_new(r, icaltime_from_timet_with_zone((time_t)start, 0, z));
	if (!it)
		return -1;
	int n = 0;
	int64_t prev = INT64_MIN;
	for (struct icaltimetype t = icalrecur_iterator_next(it); !icaltime_is_null_time(t) && n <= 1000;
	     t = icalrecur_iterator_next(it), n++) {
		int64_t at = (int64_t)icaltime_as_timet_with_zone(t, z);
		if (at <= prev)
			fz_fail("%s: occurrence %d (%lld) is not after the one before (%lld)", rule, n, (long long)at,
				(long long)prev);
		prev = at;
	}
	icalrecur_iterator_free(it);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1024)
		return 0;
	char *in = malloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';
	char *rule = in, *nl = strchr(in, '\n'), *start_line = NULL, *tz = NULL;
	if (nl) {
		*nl = '\0';
		start_line = nl + 1;
		if ((nl = strchr(start_line, '\n'))) {
			*nl = '\0';
			tz = nl + 1;
		}
	}
	int64_t start = strtoll(FZ_NOW, NULL, 10);
	if (start_line) {
		long days = 0, minutes = 0;
		if (sscanf(start_line, "%ld %ld", &days, &minutes) >= 1 && labs(days) < 36500 && labs(minutes) < 100000)
			start += (int64_t)days * 86400 + (int64_t)minutes * 60;
	}
	if (tz && !ical_zone_known(tz))
		tz = NULL;
	const char *why = NULL;
	bool ok = rrule_check(rule, start, &why);
	char words[256];
	bool described = rrule_describe(rule, words, sizeof(words));
	if (!ok) {
		if (!why || !*why)
			fz_fail("rrule_check refused %s without saying why", rule);
		free(in);
		return 0;
	}
	if (!described || !*words)
		fz_fail("%s is accepted but has no description", rule);
	int n = expand(rule, start, icaltimezone_get_utc_timezone());
	if (n < 1 || n > RRULE_MAX_COUNT)
		fz_fail("%s is accepted but expands to %d meetings", rule, n);

	/* Written as mentord writes a series, read back by libical. */
	arena_t *a = arena_new();
	meeting_row_t m = {.id = 7, .relationship_id = 1, .starts_at = start, .duration_min = 60, .sequence = 0,
			   .channel = "video", .kind = "regular", .status = "scheduled", .rrule = rule};
	ical_people_t who = {"Mentor", "mentor@example.org", "Mentee", "mentee@example.org", "Growth"};
	ical_event_t ev = {.m = &m, .who = &who, .tzid = tz};
	char *text = ical_calendar(a, "PUBLISH", NULL, &ev, 1);
	icalcomponent *cal = icalparser_parse_string(text);
	icalcomponent *vev = cal ? icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT) : NULL;
	icalproperty *rr = vev ? icalcomponent_get_first_property(vev, ICAL_RRULE_PROPERTY) : NULL;
	if (!rr)
		fz_fail("%s: no RRULE reads back from:\n%s", rule, text);
	struct icalrecurrencetype want = icalrecurrencetype_from_string(rule), got = icalproperty_get_rrule(rr);
	char *ws = icalrecurrencetype_as_string_r(&want), *gs = icalrecurrencetype_as_string_r(&got);
	if (!ws || !gs || strcmp(ws, gs))
		fz_fail("%s is written as %s and reads back as %s", rule, ws ? ws : "?", gs ? gs : "?");
	free(ws);
	free(gs);
	icalcomponent_free(cal);

	/* The reminders' view: the next meeting after the start, in the zone. */
	int64_t next;
	if (!ical_next_occurrence(&m, tz ? tz : "UTC", start - 1, &next))
		fz_fail("%s starting at %lld in %s: accepted, but no meeting is found", rule, (long long)start,
			tz ? tz : "UTC");
	if (next < start - 86400)
		fz_fail("%s: the next meeting (%lld) is before the series starts (%lld)", rule, (long long)next,
			(long long)start);
	arena_free(a);
	free(in);
	return 0;
}
