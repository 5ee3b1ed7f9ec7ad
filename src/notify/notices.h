/* Small helpers the notices and the job runner share for wording mail.
 * Internal to src/notify. Strings are owned by the arena. */
#ifndef MENTORD_NOTICES_H
#define MENTORD_NOTICES_H
#include "notify/notify.h"

/* "Tue 24 Nov 2026, 15:00 (Europe/Berlin)": t in zone (UTC if unknown). */
const char *notice_when(arena_t *a, int64_t t, const char *zone);
/* base_url + path. */
const char *notice_link(arena_t *a, const char *path);
/* The zone a meeting's calendar data is written in for recipient `to`. */
const char *notice_zone(const notify_meeting_t *nm, const notify_person_t *to);

#endif
