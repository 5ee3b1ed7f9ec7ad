/* Recurrence rules within bounds (see rrule.h), parsed by libical. */
#include "core/rrule.h"
#include "core/timewords.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool rule_chars(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || strchr("=;,+-:", *s)))
			return false;
	return true;
}

bool rrule_check(const char *s, int64_t start, const char **why)
{
	*why = "must be an iCalendar RRULE such as FREQ=WEEKLY;INTERVAL=2;COUNT=6";
	if (!s || !*s || strlen(s) > RRULE_MAX_LEN || !rule_chars(s))
		return false;
	icalerror_clear_errno();
	struct icalrecurrencetype r = icalrecurrencetype_from_string(s);
	bool parsed = r.freq != ICAL_NO_RECURRENCE && icalerrno == ICAL_NO_ERROR;
	icalerror_clear_errno();
	/* RFC 7529's RSCALE (a calendar other than the Gregorian): libical
	 * hands its name out as a string nobody frees, and a mentoring series
	 * keeps to one calendar. Found by fuzz_rrule (RSCALE=DAILY). */
	if (r.rscale) {
		free(r.rscale);
		*why = "must not use RSCALE: meetings follow the Gregorian calendar";
		return false;
	}
	if (!parsed)
		return false;
	/* libical 3.0 expands BYWEEKNO wrongly and, without BYDAY, can read
	 * out of bounds and crash (FREQ=YEARLY;BYWEEKNO=24;COUNT=2; see
	 * libical issue 794); a mentoring series needs no week numbers. */
	if (r.by_week_no[0] != ICAL_RECURRENCE_ARRAY_MAX) {
		*why = "must not use BYWEEKNO: repeat by day of the week (BYDAY) or of the month (BYMONTHDAY)";
		return false;
	}
	/* RFC 5545 allows an ordinal day (3MO: the third Monday) only in
	 * MONTHLY and YEARLY rules; libical 3.0 yields the occurrences of
	 * FREQ=WEEKLY;BYDAY=3MO,WE out of order. Found by fuzz_rrule. */
	for (int i = 0; r.by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
		if (icalrecurrencetype_day_position(r.by_day[i]) != 0 && r.freq != ICAL_MONTHLY_RECURRENCE &&
		    r.freq != ICAL_YEARLY_RECURRENCE) {
			*why = "may number a day of the week (BYDAY=1MO) only with FREQ=MONTHLY or YEARLY";
			return false;
		}
		/* libical 3.0 yields a day named twice (BYDAY=MO,FR,FR) twice:
		 * two meetings at one time. Found by fuzz_rrule. */
		for (int j = 0; j < i; j++)
			if (r.by_day[j] == r.by_day[i]) {
				*why = "names a day twice in BYDAY";
				return false;
			}
	}
	if (r.freq == ICAL_SECONDLY_RECURRENCE || r.freq == ICAL_MINUTELY_RECURRENCE ||
	    r.freq == ICAL_HOURLY_RECURRENCE) {
		*why = "must repeat daily at the most (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)";
		return false;
	}
	bool has_until = !icaltime_is_null_time(r.until);
	if (r.count <= 0 && !has_until) {
		*why = "must end: give COUNT (how many meetings) or UNTIL (the last date)";
		return false;
	}
	if (r.count > RRULE_MAX_COUNT) {
		*why = "COUNT must be at most 260 meetings";
		return false;
	}
	icaltimetype dtstart = icaltime_from_timet_with_zone((time_t)start, 0, icaltimezone_get_utc_timezone());
	if (has_until) {
		icaltimetype limit = dtstart;
		limit.year += RRULE_MAX_YEARS;
		if (icaltime_compare(r.until, limit) > 0) {
			*why = "UNTIL must be at most 5 years after the first meeting";
			return false;
		}
	}
	/* Expansion settles what the parts mean together (BYDAY with COUNT,
	 * UNTIL with INTERVAL): count the occurrences, stopping past the cap. */
	icalrecur_iterator *it = icalrecur_iterator_new(r, dtstart);
	if (!it)
		return false;
	/* Each meeting after the one before, whatever else libical's
	 * expansion gets wrong. */
	int n = 0;
	bool ordered = true;
	icaltimetype prev = icaltime_null_time();
	for (icaltimetype t = icalrecur_iterator_next(it); !icaltime_is_null_time(t) && ordered;
	     t = icalrecur_iterator_next(it)) {
		ordered = n == 0 || icaltime_compare(t, prev) > 0;
		prev = t;
		if (++n > RRULE_MAX_COUNT)
			break;
	}
	icalrecur_iterator_free(it);
	if (!ordered) {
		*why = "yields meetings out of order (check the BY parts)";
		return false;
	}
	if (n == 0) {
		*why = "has no meetings (check UNTIL and the BY parts)";
		return false;
	}
	if (n > RRULE_MAX_COUNT) {
		*why = "must have at most 260 meetings";
		return false;
	}
	return true;
}

static const char *unit(icalrecurrencetype_frequency f, bool plural)
{
	switch (f) {
	case ICAL_DAILY_RECURRENCE: return plural ? "days" : "day";
	case ICAL_WEEKLY_RECURRENCE: return plural ? "weeks" : "week";
	case ICAL_MONTHLY_RECURRENCE: return plural ? "months" : "month";
	case ICAL_YEARLY_RECURRENCE: return plural ? "years" : "year";
	default: return NULL;
	}
}

bool rrule_describe(const char *s, char *out, size_t n)
{
	if (!s || !*s || !rule_chars(s))
		return false;
	icalerror_clear_errno();
	struct icalrecurrencetype r = icalrecurrencetype_from_string(s);
	bool parsed = r.freq != ICAL_NO_RECURRENCE && icalerrno == ICAL_NO_ERROR;
	icalerror_clear_errno();
	if (r.rscale) { /* refused by rrule_check; libical leaves its name to us */
		free(r.rscale);
		return false;
	}
	const char *u = parsed ? unit(r.freq, r.interval > 1) : NULL;
	if (!u)
		return false;
	char every[48], end[48] = "";
	if (r.interval > 1)
		snprintf(every, sizeof(every), "every %d %s", r.interval, u);
	else
		snprintf(every, sizeof(every), "every %s", u);
	if (r.count == 1)
		snprintf(end, sizeof(end), ", once");
	else if (r.count > 1)
		snprintf(end, sizeof(end), ", %d times", r.count);
	else if (!icaltime_is_null_time(r.until)) {
		char ymd[16], day[40];
		snprintf(ymd, sizeof(ymd), "%04d-%02d-%02d", r.until.year, r.until.month, r.until.day);
		snprintf(end, sizeof(end), " until %s", timewords_date(ymd, false, day, sizeof(day)) ? day : ymd);
	}
	return (size_t)snprintf(out, n, "%s%s", every, end) < n;
}
