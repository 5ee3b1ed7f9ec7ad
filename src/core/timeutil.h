/* Dates, times and time zones as the API speaks them: RFC 3339 UTC
 * timestamps, YYYY-MM-DD dates, HH:MM clock times and IANA zone names. */
#ifndef MENTORD_TIMEUTIL_H
#define MENTORD_TIMEUTIL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Seconds since the epoch. Tests may pin it with MENTORD_NOW=<epoch>. */
int64_t time_now(void);
/* "2026-11-24T14:00:00Z" into out (at least 21 bytes). */
void time_format(int64_t t, char *out, size_t n);
/* Accepts RFC 3339 with Z or a numeric offset; returns false if malformed. */
bool time_parse(const char *s, int64_t *out);
/* A real calendar date "YYYY-MM-DD" (leap years checked). *days gets days
 * since 1970-01-01 when non-NULL. */
bool date_parse(const char *s, int64_t *days);
/* "HH:MM" with 00:00..24:00 into minutes since midnight. */
bool clock_parse(const char *s, int *minutes);
void clock_format(int minutes, char out[6]);
/* An IANA zone name that the system's tzdata knows ("Europe/Berlin", "UTC"). */
bool tz_valid(const char *name);

#endif
