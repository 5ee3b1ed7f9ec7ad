/* Meeting invitations as iCalendar text (see ical.h). The organiser is
 * mentord itself and both members are attendees. A meeting keeps one UID for
 * its whole life; SEQUENCE grows with every change, so calendars update or
 * cancel the event in place. Times are written in UTC for the plain .ics
 * download, and in a named zone with its VTIMEZONE for invitations and
 * feeds, so a series keeps its wall-clock time across daylight-saving
 * changes. */
#include "notify/ical.h"
#include "core/timeutil.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

static icalproperty_method method_of(const char *m)
{
	if (!strcmp(m, "REQUEST"))
		return ICAL_METHOD_REQUEST;
	if (!strcmp(m, "CANCEL"))
		return ICAL_METHOD_CANCEL;
	return ICAL_METHOD_PUBLISH;
}

static icalproperty *attendee(arena_t *a, const char *name, const char *email, bool rsvp)
{
	icalproperty *p = icalproperty_new_attendee(arena_printf(a, "mailto:%s", email));
	/* A backslash in a parameter is no escape in RFC 5545, but libical
	 * (and the clients built on it) read one before the closing quote as
	 * one and lose the parameters after it: the name is written with '/'.
	 * libical 3.0 writes a '"' as RFC 6868's ^' but leaves '^' alone,
	 * while its reader (like any RFC 6868 client) takes ^^, ^n and ^' as
	 * escapes: "Jo ^\"x" read back as "Jo ^'x". So '^' is written as ^^
	 * here. Found by fuzz_ical. */
	size_t n = strlen(name), k = 0;
	char *cn = arena_alloc(a, 2 * n + 1);
	for (size_t i = 0; i < n; i++) {
		cn[k++] = name[i] == '\\' ? '/' : name[i];
		if (name[i] == '^')
			cn[k++] = '^';
	}
	cn[k] = '\0';
	icalproperty_add_parameter(p, icalparameter_new_cn(cn));
	icalproperty_add_parameter(p, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
	if (rsvp) {
		icalproperty_add_parameter(p, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
		icalproperty_add_parameter(p, icalparameter_new_rsvp(ICAL_RSVP_TRUE));
	}
	return p;
}

static icaltimezone *zone_named(const char *tzid)
{
	if (!tzid || !*tzid || !strcmp(tzid, "UTC") || !strcmp(tzid, "Etc/UTC"))
		return NULL;
	return icaltimezone_get_builtin_timezone(tzid);
}

/* The wall-clock time of instant t in zone z, as seconds since the epoch
 * of that wall clock. */
static int64_t wall(icaltimezone *z, int64_t t)
{
	struct icaltimetype lt = icaltime_from_timet_with_zone((time_t)t, 0, z);
	lt.zone = NULL;
	return (int64_t)icaltime_as_timet(lt);
}

/* Whether local time lt in zone z names instant t and no other: it reads
 * back as t, and the clocks did not go back over it within a day (then the
 * instant one offset change away shows the same wall time). */
static bool local_names_only(icaltimezone *z, int64_t t, struct icaltimetype lt)
{
	if ((int64_t)icaltime_as_timet_with_zone(lt, z) != t)
		return false;
	int64_t here = wall(z, t), off = here - t;
	for (int side = -1; side <= 1; side += 2) {
		int64_t other = t + off - (wall(z, t + side * 86400) - (t + side * 86400));
		if (other != t && wall(z, other) == here)
			return false;
	}
	return true;
}

/* A time property at t: as local time in zone z labelled tzid, or in UTC
 * without a zone or where the local time would not name t alone: in an
 * hour the clocks go back over (it happens twice), and wherever libical's
 * zone does not read back its own local time (its America/St_Johns after
 * 2037 goes back two hours; found by fuzz_ical). */
static icalproperty *at_time(icalproperty *(*make)(struct icaltimetype), int64_t t, icaltimezone *z,
			     const char *tzid)
{
	struct icaltimetype lt = z ? icaltime_from_timet_with_zone((time_t)t, 0, z) : icaltime_null_time();
	lt.zone = NULL; /* written as floating local time, labelled by TZID below */
	if (!z || !local_names_only(z, t, lt))
		return make(icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone()));
	icalproperty *p = make(lt);
	icalproperty_add_parameter(p, icalparameter_new_tzid(tzid));
	return p;
}

static const char *what_of(const meeting_row_t *m)
{
	return !strcmp(m->kind, "kickoff") ? "Kickoff" : !strcmp(m->kind, "coffee") ? "Coffee" : "Mentoring";
}

static icalcomponent *vevent(arena_t *a, const ical_event_t *e, const char *method)
{
	const meeting_row_t *m = e->m;
	const ical_people_t *who = e->who;
	icaltimezone *z = zone_named(e->tzid);
	icalcomponent *ev = icalcomponent_new_vevent();
	icalcomponent_add_property(ev, icalproperty_new_uid(
		arena_printf(a, "meeting-%lld@mentord", (long long)m->id)));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
		icaltime_from_timet_with_zone(time_now(), 0, icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(ev, at_time(icalproperty_new_dtstart, m->starts_at, z, e->tzid));
	icalcomponent_add_property(ev, icalproperty_new_duration(
		icaldurationtype_from_int(m->duration_min * 60)));
	icalcomponent_add_property(ev, icalproperty_new_sequence(m->sequence));
	const char *what = what_of(m);
	icalcomponent_add_property(ev, icalproperty_new_summary(
		arena_printf(a, "%s: %s and %s", what, who->mentor_name, who->mentee_name)));
	icalcomponent_add_property(ev, icalproperty_new_description(
		arena_printf(a, "%s meeting in %s (%s).", what, who->program_name, m->channel)));
	if (m->rrule && *m->rrule)
		icalcomponent_add_property(ev, icalproperty_new_rrule(icalrecurrencetype_from_string(m->rrule)));
	bool cancelled = !strcmp(method, "CANCEL") || !strcmp(m->status, "cancelled");
	icalcomponent_add_property(ev, icalproperty_new_status(cancelled ? ICAL_STATUS_CANCELLED
									 : ICAL_STATUS_CONFIRMED));
	const char *org = e->organizer && *e->organizer ? e->organizer : "noreply@mentord.invalid";
	icalproperty *op = icalproperty_new_organizer(arena_printf(a, "mailto:%s", org));
	if (e->organizer && *e->organizer)
		icalproperty_add_parameter(op, icalparameter_new_cn("mentord"));
	icalcomponent_add_property(ev, op);
	bool rsvp = !strcmp(method, "REQUEST");
	icalcomponent_add_property(ev, attendee(a, who->mentee_name, who->mentee_email, rsvp));
	icalcomponent_add_property(ev, attendee(a, who->mentor_name, who->mentor_email, rsvp));
	return ev;
}

/* The end of an observance's validity: its RRULE's UNTIL, forever for an
 * open RRULE, else its own DTSTART (a one-off transition). */
static time_t observance_end(icalcomponent *obs)
{
	icalproperty *rr = icalcomponent_get_first_property(obs, ICAL_RRULE_PROPERTY);
	if (rr) {
		struct icalrecurrencetype r = icalproperty_get_rrule(rr);
		if (icaltime_is_null_time(r.until))
			return (time_t)INT64_MAX / 2;
		return icaltime_as_timet(r.until);
	}
	icalproperty *ds = icalcomponent_get_first_property(obs, ICAL_DTSTART_PROPERTY);
	return ds ? icaltime_as_timet(icalproperty_get_dtstart(ds)) : 0;
}

/* The zone's VTIMEZONE cut down to the observances that matter from
 * `from` on (libical's holds the whole history since the 1890s), named by
 * its plain IANA name so any client can also map it to its own tzdata. */
static icalcomponent *vtimezone(icaltimezone *z, const char *tzid, int64_t from)
{
	icalcomponent *full = icaltimezone_get_component(z);
	if (!full)
		return NULL;
	icalcomponent *tz = icalcomponent_new_vtimezone();
	icalcomponent_add_property(tz, icalproperty_new_tzid(tzid));
	icalcomponent *last_before = NULL;
	time_t last_before_end = 0;
	for (icalcomponent *o = icalcomponent_get_first_component(full, ICAL_ANY_COMPONENT); o;
	     o = icalcomponent_get_next_component(full, ICAL_ANY_COMPONENT)) {
		icalcomponent_kind k = icalcomponent_isa(o);
		if (k != ICAL_XSTANDARD_COMPONENT && k != ICAL_XDAYLIGHT_COMPONENT)
			continue;
		time_t end = observance_end(o);
		if (end >= (time_t)from) {
			icalcomponent_add_component(tz, icalcomponent_new_clone(o));
		} else if (!last_before || end > last_before_end) {
			last_before = o;
			last_before_end = end;
		}
	}
	/* The rule in force at `from`, so times just after it are defined. */
	if (last_before)
		icalcomponent_add_component(tz, icalcomponent_new_clone(last_before));
	return tz;
}

static icalcomponent *vcalendar(const char *method)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//mentord//mentoring//EN"));
	icalcomponent_add_property(cal, icalproperty_new_method(method_of(method)));
	return cal;
}

static char *finish(arena_t *a, icalcomponent *cal)
{
	char *s = icalcomponent_as_ical_string_r(cal);
	char *out = arena_strdup(a, s ? s : "");
	free(s);
	icalcomponent_free(cal);
	return out;
}

char *ical_meeting(arena_t *a, const meeting_row_t *m, const ical_people_t *who, const char *method)
{
	ical_event_t e = {.m = m, .who = who};
	icalcomponent *cal = vcalendar(method);
	icalcomponent_add_component(cal, vevent(a, &e, method));
	return finish(a, cal);
}

/* Adds one VTIMEZONE per distinct zone used by the events. */
static void add_zones(icalcomponent *cal, const ical_event_t *ev, int n)
{
	const char *seen[16];
	int nseen = 0;
	for (int i = 0; i < n; i++) {
		icaltimezone *z = zone_named(ev[i].tzid);
		bool dup = false;
		for (int j = 0; j < nseen && !dup; j++)
			dup = !strcmp(seen[j], ev[i].tzid);
		if (!z || dup || nseen == (int)(sizeof(seen) / sizeof(seen[0])))
			continue;
		int64_t from = ev[i].m->starts_at;
		for (int j = i + 1; j < n; j++)
			if (ev[j].tzid && !strcmp(ev[j].tzid, ev[i].tzid) && ev[j].m->starts_at < from)
				from = ev[j].m->starts_at;
		icalcomponent *tz = vtimezone(z, ev[i].tzid, from - 366 * 86400);
		if (tz)
			icalcomponent_add_component(cal, tz);
		seen[nseen++] = ev[i].tzid;
	}
}

char *ical_calendar(arena_t *a, const char *method, const char *name, const ical_event_t *ev, int n)
{
	icalcomponent *cal = vcalendar(method);
	if (name)
		icalcomponent_add_property(cal, icalproperty_new_x(name));
	icalproperty *xn = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY);
	if (xn)
		icalproperty_set_x_name(xn, "X-WR-CALNAME");
	add_zones(cal, ev, n);
	for (int i = 0; i < n; i++)
		icalcomponent_add_component(cal, vevent(a, &ev[i], method));
	return finish(a, cal);
}

bool ical_zone_known(const char *tzid)
{
	return !tzid || !*tzid || !strcmp(tzid, "UTC") || !strcmp(tzid, "Etc/UTC") || zone_named(tzid);
}

bool ical_next_occurrence(const meeting_row_t *m, const char *tzid, int64_t after, int64_t *out)
{
	if (!m->rrule || !*m->rrule) {
		*out = m->starts_at;
		return m->starts_at > after;
	}
	icaltimezone *z = zone_named(tzid);
	if (!z)
		z = icaltimezone_get_utc_timezone();
	struct icaltimetype start = icaltime_from_timet_with_zone((time_t)m->starts_at, 0, z);
	struct icalrecurrencetype rule = icalrecurrencetype_from_string(m->rrule);
	icalrecur_iterator *it = icalrecur_iterator_new(rule, start);
	if (!it)
		return false;
	bool found = false;
	/* Bounded: a daily series is ~3650 occurrences in ten years. */
	for (int i = 0; i < 5000; i++) {
		struct icaltimetype t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t))
			break;
		int64_t at = (int64_t)icaltime_as_timet_with_zone(t, z);
		if (at > after) {
			*out = at;
			found = true;
			break;
		}
	}
	icalrecur_iterator_free(it);
	return found;
}
