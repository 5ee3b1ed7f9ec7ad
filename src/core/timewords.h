/* Instants and dates in words for people, as the pages and the mail show
 * them instead of RFC 3339: "Tuesday 1 December, 14:00 (Berlin time)",
 * "1 December 2026", "every 2 weeks" lives in rrule.h. The local time comes
 * from the system tzdata through libical (core/tzconv.h); the words are
 * English, the calendar Gregorian, the clock 24-hour. */
#ifndef MENTORD_TIMEWORDS_H
#define MENTORD_TIMEWORDS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* t in zone: "Tuesday 1 December, 14:00 (Berlin time)", with the year
 * ("Tuesday 1 December 2027, ...") when it is not the year of now in that
 * zone. Writes into out (size n); false when the zone is unknown. */
bool timewords_when(const char *zone, int64_t t, int64_t now, char *out, size_t n);
/* The same without the zone: "Tuesday 1 December, 14:00". */
bool timewords_when_short(const char *zone, int64_t t, int64_t now, char *out, size_t n);
/* A date "2026-12-01" as "1 December 2026" (weekday: "Tuesday 1 December
 * 2026"); false when it is not a date. */
bool timewords_date(const char *ymd, bool weekday, char *out, size_t n);
/* How a zone is called in those words: "Berlin time", "New York time",
 * "UTC" (the city of the IANA name, underscores as spaces). */
void timewords_zone(const char *zone, char *out, size_t n);
/* Minutes as a duration: "45 minutes", "1 hour", "2 hours 30 minutes". */
void timewords_minutes(int minutes, char *out, size_t n);

#endif
