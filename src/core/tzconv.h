/* Conversions between UTC instants and a person's local wall-clock time in an
 * IANA zone, done by libical from the system tzdata (never a hand-made offset
 * table), and the weekly-availability questions built on them. */
#ifndef MENTORD_TZCONV_H
#define MENTORD_TZCONV_H
#include <stdbool.h>
#include <stdint.h>
#include "core/model.h"

typedef struct local_time {
	int year, month, day;
	int weekday; /* 1 = Monday ... 7 = Sunday */
	int minute;  /* minutes since local midnight */
	int utc_offset_min;
} local_time_t;

/* false if the zone is unknown. */
bool tz_to_local(const char *zone, int64_t t, local_time_t *out);
/* The UTC instant of a local date and time in zone (for a time skipped by a
 * DST jump, the instant just after it). */
bool tz_from_local(const char *zone, int year, int month, int day, int minute, int64_t *out);
/* Whether [t, t + minutes) lies inside one of the weekly windows, read in
 * zone's local time. */
bool avail_contains(const avail_t *w, int n, const char *zone, int64_t t, int minutes);

/* A concrete interval in UTC. */
typedef struct slot {
	int64_t start, end;
	bool both; /* inside both people's windows, not only the first's */
} slot_t;

/* Meeting slots of `minutes` in [from, from + days): first every slot inside
 * both people's availability, then those inside only the first person's
 * (the mentee's, whose schedule comes first). Returns how many were written
 * to out (at most max). */
int avail_propose(const avail_t *a, int na, const char *zone_a, const avail_t *b, int nb,
		  const char *zone_b, int64_t from, int days, int minutes, slot_t *out, int max);
/* Minutes per week that two availabilities overlap, over the week starting
 * at `week_start` (UTC). */
int avail_overlap_minutes(const avail_t *a, int na, const char *zone_a, const avail_t *b, int nb,
			  const char *zone_b, int64_t week_start);

#endif
