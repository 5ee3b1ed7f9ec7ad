/* iCalendar (RFC 5545 / iTIP RFC 5546) documents for meetings, produced with
 * libical: one VEVENT per meeting (a series carries its RRULE), with a
 * stable UID and a SEQUENCE that grows with every change, so calendars
 * update in place. Invitations (METHOD:REQUEST), cancellations
 * (METHOD:CANCEL) and feeds (METHOD:PUBLISH) write local times in a named
 * zone and carry that zone's VTIMEZONE (UTC where the local time would not
 * name the instant alone). */
#ifndef MENTORD_ICAL_H
#define MENTORD_ICAL_H
#include "core/arena.h"
#include "store/store.h"

typedef struct ical_people {
	const char *mentor_name, *mentor_email, *mentee_name, *mentee_email;
	const char *program_name;
} ical_people_t;

/* method is "PUBLISH", "REQUEST" or "CANCEL". DTSTART in UTC, organiser
 * noreply@mentord.invalid. The text is owned by the arena. */
char *ical_meeting(arena_t *a, const meeting_row_t *m, const ical_people_t *who, const char *method);

/* One event of a calendar document. */
typedef struct ical_event {
	const meeting_row_t *m;
	const ical_people_t *who;
	const char *tzid;      /* IANA zone for DTSTART (with its VTIMEZONE); NULL = UTC */
	const char *organizer; /* address for ORGANIZER; NULL = noreply@mentord.invalid */
} ical_event_t;

/* A VCALENDAR with METHOD method holding the n events (an invitation is a
 * calendar of one), named name (X-WR-CALNAME) when not NULL. Owned by a. */
char *ical_calendar(arena_t *a, const char *method, const char *name, const ical_event_t *ev, int n);
/* Whether libical knows the zone (NULL and "UTC" count as known). */
bool ical_zone_known(const char *tzid);
/* The first occurrence of m starting after `after`: m itself for a single
 * meeting, else the RRULE expanded in zone tzid (the series' anchor zone).
 * false when there is none. */
bool ical_next_occurrence(const meeting_row_t *m, const char *tzid, int64_t after, int64_t *out);

#endif
