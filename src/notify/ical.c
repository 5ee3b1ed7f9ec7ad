/* Meeting invitations as iCalendar text (see ical.h). Times are written in
 * UTC, which every calendar accepts; the organiser is mentord itself and both
 * members are attendees. */
#include "notify/ical.h"
#include "core/timeutil.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

bool ical_rrule_valid(const char *s)
{
	if (!s || !*s || strlen(s) > 500)
		return false;
	icalerror_clear_errno();
	struct icalrecurrencetype r = icalrecurrencetype_from_string(s);
	bool ok = r.freq != ICAL_NO_RECURRENCE && icalerrno == ICAL_NO_ERROR;
	icalerror_clear_errno();
	return ok;
}

static icalproperty_method method_of(const char *m)
{
	if (!strcmp(m, "REQUEST"))
		return ICAL_METHOD_REQUEST;
	if (!strcmp(m, "CANCEL"))
		return ICAL_METHOD_CANCEL;
	return ICAL_METHOD_PUBLISH;
}

static icalproperty *attendee(arena_t *a, const char *name, const char *email)
{
	icalproperty *p = icalproperty_new_attendee(arena_printf(a, "mailto:%s", email));
	icalproperty_add_parameter(p, icalparameter_new_cn(name));
	icalproperty_add_parameter(p, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
	return p;
}

char *ical_meeting(arena_t *a, const meeting_row_t *m, const ical_people_t *who, const char *method)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//mentord//mentoring//EN"));
	icalcomponent_add_property(cal, icalproperty_new_method(method_of(method)));
	icalcomponent *ev = icalcomponent_new_vevent();
	icaltimezone *utc = icaltimezone_get_utc_timezone();
	icalcomponent_add_property(ev, icalproperty_new_uid(
		arena_printf(a, "meeting-%lld@mentord", (long long)m->id)));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
		icaltime_from_timet_with_zone(time_now(), 0, utc)));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(
		icaltime_from_timet_with_zone((time_t)m->starts_at, 0, utc)));
	icalcomponent_add_property(ev, icalproperty_new_duration(
		icaldurationtype_from_int(m->duration_min * 60)));
	icalcomponent_add_property(ev, icalproperty_new_sequence(m->sequence));
	const char *what = !strcmp(m->kind, "kickoff") ? "Kickoff" : !strcmp(m->kind, "coffee") ? "Coffee"
											   : "Mentoring";
	icalcomponent_add_property(ev, icalproperty_new_summary(
		arena_printf(a, "%s: %s and %s", what, who->mentor_name, who->mentee_name)));
	icalcomponent_add_property(ev, icalproperty_new_description(
		arena_printf(a, "%s meeting in %s (%s).", what, who->program_name, m->channel)));
	if (m->rrule && *m->rrule)
		icalcomponent_add_property(ev, icalproperty_new_rrule(icalrecurrencetype_from_string(m->rrule)));
	bool cancelled = !strcmp(method, "CANCEL") || !strcmp(m->status, "cancelled");
	icalcomponent_add_property(ev, icalproperty_new_status(cancelled ? ICAL_STATUS_CANCELLED
									 : ICAL_STATUS_CONFIRMED));
	icalcomponent_add_property(ev, icalproperty_new_organizer("mailto:noreply@mentord.invalid"));
	icalcomponent_add_property(ev, attendee(a, who->mentee_name, who->mentee_email));
	icalcomponent_add_property(ev, attendee(a, who->mentor_name, who->mentor_email));
	icalcomponent_add_component(cal, ev);
	char *s = icalcomponent_as_ical_string_r(cal);
	char *out = arena_strdup(a, s ? s : "");
	free(s);
	icalcomponent_free(cal);
	return out;
}
