/* Tests of the validation-error collector (core/verr.h): the first message
 * per field wins, formatted messages live in the arena, and the collector
 * stops at VERR_MAX without overflowing. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/verr.h"

Test(verr, add_and_has)
{
	verr_t v = {0};
	cr_assert_not(verr_has(&v, "email"));
	verr_add(&v, "email", "must be an email address");
	verr_add(&v, "role", "unknown");
	cr_assert_eq(v.n, 2);
	cr_assert(verr_has(&v, "email"));
	cr_assert(verr_has(&v, "role"));
	cr_assert_not(verr_has(&v, "name"));
	cr_assert_str_eq(v.e[0].msg, "must be an email address");
}

Test(verr, first_message_per_field_wins)
{
	verr_t v = {0};
	verr_add(&v, "email", "first");
	verr_add(&v, "email", "second");
	cr_assert_eq(v.n, 1);
	cr_assert_str_eq(v.e[0].msg, "first");
}

Test(verr, addf_formats_into_the_arena)
{
	arena_t *a = arena_new();
	verr_t v = {0};
	verr_addf(&v, a, "capacity", "must be between %d and %d", 1, 3);
	verr_addf(&v, a, "capacity", "ignored %s", "later");
	cr_assert_eq(v.n, 1);
	cr_assert_str_eq(v.e[0].msg, "must be between 1 and 3");
	arena_free(a);
}

Test(verr, stops_at_the_maximum)
{
	arena_t *a = arena_new();
	verr_t v = {0};
	for (int i = 0; i < VERR_MAX + 10; i++)
		verr_add(&v, arena_printf(a, "field%d", i), "bad");
	cr_assert_eq(v.n, VERR_MAX);
	cr_assert(verr_has(&v, "field0"));
	cr_assert_not(verr_has(&v, arena_printf(a, "field%d", VERR_MAX)));
	arena_free(a);
}
