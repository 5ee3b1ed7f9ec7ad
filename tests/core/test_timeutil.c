/* Tests of dates, timestamps, clock times and zone names (core/timeutil.h):
 * real calendar dates only (leap years included), RFC 3339 with Z, numeric
 * offsets and dropped fractions, exact round trips through time_format,
 * HH:MM within 00:00..24:00, and zone names checked against tzdata without
 * letting a name escape /usr/share/zoneinfo. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"

/* ---- dates ---- */

Test(date, valid_dates_and_day_numbers)
{
	int64_t d = 12345;
	cr_assert(date_parse("1970-01-01", &d));
	cr_assert_eq(d, 0);
	cr_assert(date_parse("1969-12-31", &d));
	cr_assert_eq(d, -1);
	cr_assert(date_parse("2000-03-01", &d));
	cr_assert_eq(d, 11017);
	cr_assert(date_parse("2026-11-24", &d));
	cr_assert_eq(d, 1795528800 / 86400);
	cr_assert(date_parse("1900-01-01", NULL));
	cr_assert(date_parse("2999-12-31", NULL));
	cr_assert(date_parse("2026-01-31", NULL));
	cr_assert(date_parse("2026-04-30", NULL));
}

Test(date, leap_years)
{
	cr_assert(date_parse("2024-02-29", NULL), "2024 is a leap year");
	cr_assert(date_parse("2000-02-29", NULL), "2000 is a leap year (divisible by 400)");
	cr_assert_not(date_parse("1900-02-29", NULL), "1900 is not (divisible by 100)");
	cr_assert_not(date_parse("2100-02-29", NULL), "2100 is not");
	cr_assert_not(date_parse("2023-02-29", NULL));
	cr_assert_not(date_parse("2024-02-30", NULL));
	cr_assert(date_parse("2023-02-28", NULL));
}

Test(date, invalid_dates)
{
	static const char *const bad[] = {
		"2026-04-31", "2026-06-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
		"1899-12-31", "3000-01-01", "2026-1-01", "2026-01-1", "2026/01/01", "20260101",
		"2026-01-01x", " 2026-01-01", "2026-01-01 ", "", "+026-01-01", "2026-0a-01",
		"2026--1-01", "abcd-ef-gh", "2026-01-01T00:00:00Z",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t d = 777;
		cr_assert_not(date_parse(bad[i], &d), "accepted \"%s\"", bad[i]);
		cr_assert_eq(d, 777, "wrote a result for \"%s\"", bad[i]);
	}
	cr_assert_not(date_parse(NULL, NULL));
}

/* ---- RFC 3339 timestamps ---- */

static int64_t parsed(const char *s)
{
	int64_t t = 0;
	cr_assert(time_parse(s, &t), "rejected \"%s\"", s);
	return t;
}

Test(rfc3339, utc_and_offsets)
{
	cr_assert_eq(parsed("2026-11-24T14:00:00Z"), 1795528800);
	cr_assert_eq(parsed("2026-11-24t14:00:00z"), 1795528800);
	cr_assert_eq(parsed("2026-11-24T15:00:00+01:00"), 1795528800);
	cr_assert_eq(parsed("2026-11-24T09:00:00-05:00"), 1795528800);
	cr_assert_eq(parsed("2026-11-24T19:30:00+05:30"), 1795528800);
	cr_assert_eq(parsed("2026-11-25T00:00:00+10:00"), 1795528800);
	cr_assert_eq(parsed("2026-11-24T14:00:00+00:00"), 1795528800);
	cr_assert_eq(parsed("2026-11-24T14:00:00-00:00"), 1795528800);
	cr_assert_eq(parsed("1970-01-01T00:00:00Z"), 0);
	cr_assert_eq(parsed("1969-12-31T23:59:59Z"), -1);
	cr_assert_eq(parsed("2000-02-29T00:00:00Z"), 951782400);
	cr_assert_eq(parsed("1900-01-01T00:00:00Z"), -2208988800LL);
	cr_assert_eq(parsed("2999-12-31T23:59:59Z"), 32503679999LL);
}

Test(rfc3339, fractions_are_dropped)
{
	cr_assert_eq(parsed("2026-11-24T14:00:00.5Z"), 1795528800);
	cr_assert_eq(parsed("2026-11-24T14:00:00.999999999Z"), 1795528800);
	cr_assert_eq(parsed("2026-11-24T15:00:00.123+01:00"), 1795528800);
}

Test(rfc3339, malformed)
{
	static const char *const bad[] = {
		"", "2026-11-24", "2026-11-24T14:00Z", "2026-11-24T14:00:00", "2026-11-24 14:00:00Z",
		"2026-11-24T24:00:00Z", "2026-11-24T14:60:00Z", "2026-11-24T14:00:60Z",
		"2026-11-24T14:00:00.Z", "2026-11-24T14:00:00+0100", "2026-11-24T14:00:00+01",
		"2026-11-24T14:00:00+24:00", "2026-11-24T14:00:00+01:60", "2026-11-24T14:00:00ZZ",
		"2026-11-24T14:00:00Z ", "2026-02-30T14:00:00Z", "2026-11-24T1a:00:00Z",
		"2026-11-24T14-00-00Z", "2026-11-24T14:00:00.12a", "2026-11-24T14:00:00+01:00x",
		"2026-11-24T14:00:00UTC",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t t = 0;
		cr_assert_not(time_parse(bad[i], &t), "accepted \"%s\"", bad[i]);
	}
	int64_t t;
	cr_assert_not(time_parse(NULL, &t));
}

Test(rfc3339, format)
{
	char s[32];
	time_format(1795528800, s, sizeof(s));
	cr_assert_str_eq(s, "2026-11-24T14:00:00Z");
	time_format(0, s, sizeof(s));
	cr_assert_str_eq(s, "1970-01-01T00:00:00Z");
	time_format(-1, s, sizeof(s));
	cr_assert_str_eq(s, "1969-12-31T23:59:59Z");
	time_format(-86400, s, sizeof(s));
	cr_assert_str_eq(s, "1969-12-31T00:00:00Z");
	time_format(951782400 + 86399, s, sizeof(s));
	cr_assert_str_eq(s, "2000-02-29T23:59:59Z");
}

Test(rfc3339, round_trips)
{
	/* Every few hours over a wide span, plus the edges of the range. */
	static const int64_t edges[] = {-2208988800LL, -1, 0, 1, 951782399, 951782400,
					 1795528800, 32503679999LL};
	char s[32];
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		time_format(edges[i], s, sizeof(s));
		cr_assert_eq(parsed(s), edges[i], "round trip of %lld via %s", (long long)edges[i], s);
	}
	for (int64_t t = -2208988800LL; t < 32503679999LL; t += 7919 * 3607) {
		time_format(t, s, sizeof(s));
		cr_assert_eq(strlen(s), 20);
		cr_assert_eq(parsed(s), t, "round trip of %lld via %s", (long long)t, s);
	}
}

Test(rfc3339, time_now_can_be_pinned)
{
	setenv("MENTORD_NOW", "1795528800", 1);
	cr_assert_eq(time_now(), 1795528800);
	unsetenv("MENTORD_NOW");
	cr_assert(time_now() > 1700000000);
}

/* ---- HH:MM ---- */

Test(clock, bounds)
{
	int m = -5;
	cr_assert(clock_parse("00:00", &m));
	cr_assert_eq(m, 0);
	cr_assert(clock_parse("09:30", &m));
	cr_assert_eq(m, 570);
	cr_assert(clock_parse("23:59", &m));
	cr_assert_eq(m, 1439);
	cr_assert(clock_parse("24:00", &m), "24:00 ends a day");
	cr_assert_eq(m, 1440);
	static const char *const bad[] = {"24:01", "25:00", "12:60", "9:30", "09:3", "0930",
					  "09-30", "09:30 ", " 09:30", "-1:00", "ab:cd", "", "09:30:00",
					  "99:99"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = -5;
		cr_assert_not(clock_parse(bad[i], &m), "accepted \"%s\"", bad[i]);
	}
	cr_assert_not(clock_parse(NULL, &m));
}

Test(clock, format_round_trip)
{
	char s[6];
	for (int m = 0; m <= 1440; m++) {
		clock_format(m, s);
		int back = -1;
		cr_assert(clock_parse(s, &back), "formatted %d as \"%s\"", m, s);
		cr_assert_eq(back, m);
	}
	clock_format(0, s);
	cr_assert_str_eq(s, "00:00");
	clock_format(1440, s);
	cr_assert_str_eq(s, "24:00");
	clock_format(615, s);
	cr_assert_str_eq(s, "10:15");
}

/* ---- zones ---- */

Test(tz, known_zones)
{
	cr_assert(tz_valid("Europe/Berlin"));
	cr_assert(tz_valid("UTC"));
	cr_assert(tz_valid("America/Argentina/Buenos_Aires"));
	cr_assert(tz_valid("Etc/GMT+5"));
	cr_assert(tz_valid("America/Port-au-Prince"));
}

Test(tz, rejects_traversal_and_unknowns)
{
	static const char *const bad[] = {
		"../etc/passwd", "Mars/Base", "", "/etc/passwd", "Europe/../UTC", "..", "Europe",
		"Europe/", "Europe/Berlin\n", "Europe Berlin", "europe/berlin/", "zone.tab",
		"leapseconds", /* a tzdata file, but not a TZif zone */
		"Europe/Berlin;rm", "UTC%00", "Europe\\Berlin",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_not(tz_valid(bad[i]), "accepted \"%s\"", bad[i]);
	cr_assert_not(tz_valid(NULL));
}
