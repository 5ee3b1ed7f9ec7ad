/* Tests of recurrence rules within bounds (core/rrule.c). The rules come
 * from fuzz/fuzz_rrule's findings and from the bounds in core/rrule.h. */
#include <criterion/criterion.h>

#include "core/rrule.h"

static const int64_t start = 1780000000; /* 2026-05-28T20:26:40Z, as the fuzzers pin it */

Test(rrule, ordinary_series)
{
	const char *why;
	cr_assert(rrule_check("FREQ=WEEKLY;INTERVAL=2;COUNT=6", start, &why));
	cr_assert(rrule_check("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", start, &why));
	cr_assert(rrule_check("FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270101T000000Z", start, &why));
	char words[64];
	cr_assert(rrule_describe("FREQ=WEEKLY;INTERVAL=2;COUNT=6", words, sizeof(words)));
	cr_assert_str_eq(words, "every 2 weeks, 6 times");
}

/* libical 3.0 read out of bounds expanding YEARLY with BYWEEKNO and no
 * BYDAY, and the server died validating a meeting's rule
 * (fuzz/regressions/rrule/). BYWEEKNO is refused before any expansion. */
Test(rrule, byweekno_refused_before_expansion)
{
	const char *why = NULL;
	cr_assert_not(rrule_check("FREQ=YEARLY;BYWEEKNO=24;COUNT=2", start, &why));
	cr_assert_str_eq(why, "must not use BYWEEKNO: repeat by day of the week (BYDAY) or of the month (BYMONTHDAY)");
	cr_assert_not(rrule_check("FREQ=YEARLY;BYWEEKNO=1,2;BYDAY=TU;COUNT=4", start, &why));
}

/* libical hands RSCALE's name out in a string it never frees: a leak per
 * request (fuzz/regressions/rrule/). RSCALE is refused and the name freed;
 * the ASan build checks that nothing leaks. */
Test(rrule, rscale_refused_without_a_leak)
{
	const char *why = NULL;
	cr_assert_not(rrule_check("RSCALE=DAILY", start, &why));
	cr_assert_not(rrule_check("FREQ=MONTHLY;RSCALE=HEBREW;COUNT=3", start, &why));
	cr_assert_str_eq(why, "must not use RSCALE: meetings follow the Gregorian calendar");
	cr_assert(rrule_check("FREQ=MONTHLY;COUNT=3", start, &why));
	char words[64];
	cr_assert_not(rrule_describe("FREQ=MONTHLY;RSCALE=HEBREW;COUNT=3", words, sizeof(words)));
}

Test(rrule, bounds)
{
	const char *why;
	cr_assert_not(rrule_check("FREQ=DAILY", start, &why));
	cr_assert_not(rrule_check("FREQ=HOURLY;COUNT=3", start, &why));
	cr_assert_not(rrule_check("FREQ=WEEKLY;COUNT=261", start, &why));
	cr_assert_not(rrule_check("FREQ=WEEKLY;COUNT=2\r\nATTENDEE:x", start, &why));
}

/* libical 3.0 yields a day named twice in BYDAY twice (two meetings at one
 * time), and with an ordinal day in a WEEKLY rule, which RFC 5545 does not
 * allow, yields meetings out of order (fuzz/regressions/rrule/). Both are
 * refused, saying why; the same days once each, or numbered in a MONTHLY
 * rule, are accepted. */
Test(rrule, a_day_named_twice_or_numbered_in_a_weekly_rule_is_refused)
{
	const char *why = NULL;
	cr_assert_not(rrule_check("FREQ=WEEKLY;BYDAY=MO,FR,FR;COUNT=10", start, &why));
	cr_assert_str_eq(why, "names a day twice in BYDAY");
	cr_assert_not(rrule_check("FREQ=MONTHLY;BYDAY=2TU,2TU;COUNT=4", start, &why));
	cr_assert_str_eq(why, "names a day twice in BYDAY");
	cr_assert_not(rrule_check("FREQ=WEEKLY;BYDAY=3MO,WE,FR;COUNT=10", start, &why));
	cr_assert_str_eq(why, "may number a day of the week (BYDAY=1MO) only with FREQ=MONTHLY or YEARLY");
	cr_assert_not(rrule_check("FREQ=DAILY;BYDAY=-1FR;COUNT=5", start, &why));
	cr_assert(rrule_check("FREQ=WEEKLY;BYDAY=MO,FR;COUNT=10", start, &why));
	cr_assert(rrule_check("FREQ=MONTHLY;BYDAY=2TU,4TU;COUNT=4", start, &why));
	cr_assert(rrule_check("FREQ=YEARLY;BYDAY=1MO;BYMONTH=9;COUNT=3", start, &why));
}
