/* Instants and dates in words (see timewords.h). */
#include "core/timewords.h"
#include "core/timeutil.h"
#include "core/tzconv.h"

#include <stdio.h>
#include <string.h>

static const char *const weekdays[] = {"", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
				       "Saturday", "Sunday"};
static const char *const months[] = {"", "January", "February", "March", "April", "May", "June", "July",
				     "August", "September", "October", "November", "December"};

void timewords_zone(const char *zone, char *out, size_t n)
{
	if (!zone || !*zone || !strcmp(zone, "UTC") || !strcmp(zone, "Etc/UTC")) {
		snprintf(out, n, "UTC");
		return;
	}
	const char *city = strrchr(zone, '/');
	city = city ? city + 1 : zone;
	size_t k = 0;
	for (; *city && k + 1 < n; city++)
		out[k++] = *city == '_' ? ' ' : *city;
	out[k] = '\0';
	if (k + 6 < n)
		memcpy(out + k, " time", 6);
}

static bool when(const char *zone, int64_t t, int64_t now, bool with_zone, char *out, size_t n)
{
	local_time_t lt, today;
	if (!tz_to_local(zone, t, &lt))
		return false;
	bool same_year = tz_to_local(zone, now, &today) && today.year == lt.year;
	char clock[6], year[8] = "", place[80] = "";
	clock_format(lt.minute, clock);
	if (!same_year)
		snprintf(year, sizeof(year), " %d", lt.year);
	if (with_zone) {
		char z[64];
		timewords_zone(zone, z, sizeof(z));
		snprintf(place, sizeof(place), " (%s)", z);
	}
	return (size_t)snprintf(out, n, "%s %d %s%s, %s%s", weekdays[lt.weekday], lt.day, months[lt.month], year,
				clock, place) < n;
}

bool timewords_when(const char *zone, int64_t t, int64_t now, char *out, size_t n)
{
	return when(zone, t, now, true, out, n);
}

bool timewords_when_short(const char *zone, int64_t t, int64_t now, char *out, size_t n)
{
	return when(zone, t, now, false, out, n);
}

bool timewords_date(const char *ymd, bool weekday, char *out, size_t n)
{
	int64_t days;
	int y, m, d;
	if (!ymd || !date_parse(ymd, &days) || sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return false;
	/* 1970-01-01 was a Thursday (4). */
	int dow = (int)(((days % 7) + 7 + 3) % 7) + 1;
	if (weekday)
		return (size_t)snprintf(out, n, "%s %d %s %d", weekdays[dow], d, months[m], y) < n;
	return (size_t)snprintf(out, n, "%d %s %d", d, months[m], y) < n;
}

void timewords_minutes(int minutes, char *out, size_t n)
{
	int h = minutes / 60, m = minutes % 60;
	if (h && m)
		snprintf(out, n, "%d hour%s %d minute%s", h, h == 1 ? "" : "s", m, m == 1 ? "" : "s");
	else if (h)
		snprintf(out, n, "%d hour%s", h, h == 1 ? "" : "s");
	else
		snprintf(out, n, "%d minute%s", m, m == 1 ? "" : "s");
}
