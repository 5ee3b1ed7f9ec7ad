/* iCalendar (RFC 5545) documents for meetings, produced with libical: one
 * VEVENT per meeting (a series carries its RRULE), with a stable UID and a
 * SEQUENCE that grows with every change, so calendars update in place. */
#ifndef MENTORD_ICAL_H
#define MENTORD_ICAL_H
#include "core/arena.h"
#include "store/store.h"

typedef struct ical_people {
	const char *mentor_name, *mentor_email, *mentee_name, *mentee_email;
	const char *program_name;
} ical_people_t;

/* method is "PUBLISH", "REQUEST" or "CANCEL". The text is owned by the arena. */
char *ical_meeting(arena_t *a, const meeting_row_t *m, const ical_people_t *who, const char *method);
/* Whether s is an RRULE libical understands (FREQ required). */
bool ical_rrule_valid(const char *s);

#endif
