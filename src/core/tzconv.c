/* Time zone conversions through libical (see tzconv.h). libical's zone cache
 * is shared process state, so every call into it holds one mutex. Windows are
 * expanded into concrete UTC intervals day by day, which keeps DST changes
 * right without special cases. */
#include "core/tzconv.h"

#include <libical/ical.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t ical_mu = PTHREAD_MUTEX_INITIALIZER;

/* The zones found last, by name: libical's lookup searches its whole list
 * of built-in zones (some 7k instructions), and a page converts many times
 * in the viewer's zone. libical never frees a built-in zone, so a pointer
 * stays good; a name it does not know is not remembered. Under ical_mu. */
#define ZONES_KEPT 8
static struct {
	char name[64];
	icaltimezone *z;
} kept[ZONES_KEPT];
static int kept_next;

static icaltimezone *zone_of(const char *zone)
{
	if (!zone || !strcmp(zone, "UTC") || !strcmp(zone, "Etc/UTC"))
		return icaltimezone_get_utc_timezone();
	for (int i = 0; i < ZONES_KEPT; i++)
		if (kept[i].z && !strcmp(kept[i].name, zone))
			return kept[i].z;
	icaltimezone *z = icaltimezone_get_builtin_timezone(zone);
	size_t len = strlen(zone);
	if (z && len < sizeof(kept[0].name)) {
		memcpy(kept[kept_next].name, zone, len + 1);
		kept[kept_next].z = z;
		kept_next = (kept_next + 1) % ZONES_KEPT;
	}
	return z;
}

bool tz_to_local(const char *zone, int64_t t, local_time_t *out)
{
	pthread_mutex_lock(&ical_mu);
	icaltimezone *z = zone_of(zone);
	bool ok = z != NULL;
	if (ok) {
		struct icaltimetype lt = icaltime_from_timet_with_zone((time_t)t, 0, z);
		out->year = lt.year;
		out->month = lt.month;
		out->day = lt.day;
		out->minute = lt.hour * 60 + lt.minute;
		int dow = icaltime_day_of_week(lt); /* 1 = Sunday */
		out->weekday = dow == 1 ? 7 : dow - 1;
		int dst = 0;
		out->utc_offset_min = icaltimezone_get_utc_offset(z, &lt, &dst) / 60;
	}
	pthread_mutex_unlock(&ical_mu);
	return ok;
}

bool tz_from_local(const char *zone, int year, int month, int day, int minute, int64_t *out)
{
	pthread_mutex_lock(&ical_mu);
	icaltimezone *z = zone_of(zone);
	bool ok = z != NULL;
	if (ok) {
		struct icaltimetype lt = icaltime_null_time();
		lt.year = year;
		lt.month = month;
		lt.day = day;
		lt.hour = minute / 60;
		lt.minute = minute % 60;
		lt = icaltime_normalize(lt);
		*out = (int64_t)icaltime_as_timet_with_zone(lt, z);
	}
	pthread_mutex_unlock(&ical_mu);
	return ok;
}

bool avail_contains(const avail_t *w, int n, const char *zone, int64_t t, int minutes)
{
	local_time_t lt;
	if (!tz_to_local(zone, t, &lt))
		return false;
	for (int i = 0; i < n; i++)
		if (w[i].day == lt.weekday && w[i].start_min <= lt.minute &&
		    lt.minute + minutes <= w[i].end_min)
			return true;
	return false;
}

/* Appends the UTC intervals of a person's windows for the local dates that
 * touch [from, to). */
static int expand(const avail_t *w, int n, const char *zone, int64_t from, int days, slot_t **out)
{
	int cap = n * (days + 2) + 1, k = 0;
	*out = malloc(sizeof(slot_t) * (size_t)cap);
	if (!*out)
		return -1;
	local_time_t first;
	if (!tz_to_local(zone, from, &first))
		return 0;
	for (int d = -1; d <= days; d++) {
		for (int i = 0; i < n; i++) {
			int64_t s, e;
			/* Day arithmetic through normalisation: day + d may overflow the month. */
			if (!tz_from_local(zone, first.year, first.month, first.day + d, 0, &s))
				continue;
			local_time_t lt;
			tz_to_local(zone, s + 12 * 3600, &lt);
			if (lt.weekday != w[i].day)
				continue;
			if (!tz_from_local(zone, lt.year, lt.month, lt.day, w[i].start_min, &s) ||
			    !tz_from_local(zone, lt.year, lt.month, lt.day, w[i].end_min, &e))
				continue;
			if (k < cap)
				(*out)[k++] = (slot_t){s, e, false};
		}
	}
	return k;
}

static int cmp_slot(const void *x, const void *y)
{
	const slot_t *a = x, *b = y;
	if (a->both != b->both)
		return a->both ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
}

int avail_propose(const avail_t *a, int na, const char *zone_a, const avail_t *b, int nb,
		  const char *zone_b, int64_t from, int days, int minutes, slot_t *out, int max)
{
	slot_t *ea = NULL, *eb = NULL;
	int ka = expand(a, na, zone_a, from, days, &ea);
	int kb = expand(b, nb, zone_b, from, days, &eb);
	int64_t to = from + (int64_t)days * 86400, len = (int64_t)minutes * 60;
	int k = 0, cap = max * 4 + 16;
	slot_t *all = malloc(sizeof(slot_t) * (size_t)cap);
	if (ka < 0 || kb < 0 || !all) {
		free(ea), free(eb), free(all);
		return 0;
	}
	for (int i = 0; i < ka; i++) {
		int64_t s0 = ea[i].start < from ? from : ea[i].start;
		/* Start on the next half hour so slots look like real meeting times. */
		s0 = (s0 + 1799) / 1800 * 1800;
		for (int64_t s = s0; s + len <= ea[i].end && s + len <= to && k < cap; s += 1800) {
			bool both = false;
			for (int j = 0; j < kb && !both; j++)
				both = eb[j].start <= s && s + len <= eb[j].end;
			all[k++] = (slot_t){s, s + len, both};
		}
	}
	qsort(all, (size_t)k, sizeof(slot_t), cmp_slot);
	int n = k < max ? k : max;
	memcpy(out, all, sizeof(slot_t) * (size_t)n);
	free(ea), free(eb), free(all);
	return n;
}

int avail_overlap_minutes(const avail_t *a, int na, const char *zone_a, const avail_t *b, int nb,
			  const char *zone_b, int64_t week_start)
{
	slot_t *ea = NULL, *eb = NULL;
	int ka = expand(a, na, zone_a, week_start, 7, &ea);
	int kb = expand(b, nb, zone_b, week_start, 7, &eb);
	int64_t total = 0, end = week_start + 7 * 86400;
	for (int i = 0; i < ka; i++)
		for (int j = 0; j < kb; j++) {
			int64_t s = ea[i].start > eb[j].start ? ea[i].start : eb[j].start;
			int64_t e = ea[i].end < eb[j].end ? ea[i].end : eb[j].end;
			if (s < week_start)
				s = week_start;
			if (e > end)
				e = end;
			if (e > s)
				total += e - s;
		}
	free(ea);
	free(eb);
	return (int)(total / 60);
}
