/* Recurrence rules of meeting series: an iCalendar RRULE (RFC 5545) read by
 * libical and held within bounds a mentoring relationship needs, so that no
 * rule can ask a calendar for a meeting every second or forever:
 * FREQ no finer than DAILY, a COUNT or an UNTIL, at most RRULE_MAX_COUNT
 * occurrences, UNTIL no more than RRULE_MAX_YEARS ahead, no BYWEEKNO (which
 * libical expands wrongly, and can crash on), and nothing but the rule's own
 * characters (no line breaks that would smuggle in properties). */
#ifndef MENTORD_RRULE_H
#define MENTORD_RRULE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RRULE_MAX_COUNT 260
#define RRULE_MAX_YEARS 5
#define RRULE_MAX_LEN 500

/* Whether s is such a rule for a series starting at start (seconds since
 * the epoch); *why says what is wrong otherwise (static). */
bool rrule_check(const char *s, int64_t start, const char **why);

/* A rule in words for people: "every 2 weeks, 8 times", "every day until
 * 2027-01-31". Writes into out (size n); false if s is not a rule. */
bool rrule_describe(const char *s, char *out, size_t n);

#endif
