/* Tests of the profile rules (core/profile.h), one rule at a time: an empty
 * default profile is valid; then each rule is broken alone and must be
 * reported under its API field name and nowhere else. Also the list-item
 * normalisation used for duplicate detection and matching. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/profile.h"

static arena_t *a;
static profile_t p;
static verr_t v;

static void setup(void)
{
	a = arena_new();
	memset(&p, 0, sizeof(p));
	memset(&v, 0, sizeof(v));
	p.user_id = 7;
	p.headline = p.bio = p.department = p.location = p.preferences = "";
	p.timezone = "Europe/Berlin";
}

static void teardown(void)
{
	arena_free(a);
}

TestSuite(profile, .init = setup, .fini = teardown);

/* Asserts that validation reports exactly one field: the one named. */
static void expect_only(const char *field)
{
	profile_validate(&p, &v, a);
	cr_assert_eq(v.n, 1, "expected one error (%s), got %d%s%s", field, v.n,
		     v.n ? ", first: " : "", v.n ? v.e[0].field : "");
	cr_assert_str_eq(v.e[0].field, field);
	cr_assert(v.e[0].msg && *v.e[0].msg);
}

static strlist_t list(const char **items, int n)
{
	return (strlist_t){.v = items, .n = n};
}

Test(profile, default_and_full_profiles_are_valid)
{
	profile_validate(&p, &v, a);
	cr_assert_eq(v.n, 0);
	static const char *langs[] = {"English", "Deutsch"};
	static avail_t w[] = {{1, 540, 600}, {1, 600, 660}, {7, 0, 1440}};
	p.seniority = 10;
	p.manager_id = 3;
	p.preferred_channel = "in_person";
	p.meeting_style = "flexible";
	p.languages = list(langs, 2);
	p.availability = w;
	p.n_availability = 3;
	profile_validate(&p, &v, a);
	cr_assert_eq(v.n, 0, "first error: %s", v.n ? v.e[0].msg : "");
}

Test(profile, timezone)
{
	p.timezone = "Mars/Base";
	expect_only("timezone");
}

Test(profile, timezone_traversal)
{
	p.timezone = "../../etc/passwd";
	expect_only("timezone");
}

Test(profile, timezone_missing)
{
	p.timezone = NULL;
	expect_only("timezone");
}

Test(profile, seniority_range)
{
	p.seniority = 1;
	profile_validate(&p, &v, a);
	cr_assert_eq(v.n, 0);
	p.seniority = 11;
	expect_only("seniority");
}

Test(profile, seniority_negative)
{
	p.seniority = -1;
	expect_only("seniority");
}

Test(profile, own_manager)
{
	p.manager_id = p.user_id;
	expect_only("manager_id");
}

Test(profile, preferred_channel)
{
	static const char *const ok[] = {"video", "phone", "in_person", "chat", "email"};
	for (size_t i = 0; i < 5; i++)
		cr_assert(profile_channel_valid(ok[i]));
	cr_assert_not(profile_channel_valid(NULL));
	cr_assert_not(profile_channel_valid("Video"));
	p.preferred_channel = "carrier_pigeon";
	expect_only("preferred_channel");
}

Test(profile, meeting_style)
{
	cr_assert(profile_style_valid("structured"));
	cr_assert(profile_style_valid("conversational"));
	cr_assert(profile_style_valid("flexible"));
	cr_assert_not(profile_style_valid(""));
	p.meeting_style = "chaotic";
	expect_only("meeting_style");
}

Test(profile, list_duplicates_after_normalisation)
{
	static const char *skills[] = {"Public Speaking", "C", "  public   SPEAKING "};
	p.skills_offered = list(skills, 3);
	expect_only("skills_offered");
	cr_assert(strstr(v.e[0].msg, "twice"), "message: %s", v.e[0].msg);
}

Test(profile, list_empty_entry)
{
	static const char *langs[] = {"English", "   "};
	p.languages = list(langs, 2);
	expect_only("languages");
}

Test(profile, list_entry_too_long)
{
	char longer[PROFILE_ITEM_MAX + 2];
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	const char *items[] = {longer};
	p.interests = list(items, 1);
	expect_only("interests");
}

Test(profile, list_entry_at_max_length_is_fine)
{
	char exact[PROFILE_ITEM_MAX + 1];
	memset(exact, 'x', sizeof(exact) - 1);
	exact[sizeof(exact) - 1] = '\0';
	const char *items[] = {exact};
	p.interests = list(items, 1);
	profile_validate(&p, &v, a);
	cr_assert_eq(v.n, 0);
}

Test(profile, list_too_many_entries)
{
	const char *items[PROFILE_LIST_MAX + 1];
	for (int i = 0; i <= PROFILE_LIST_MAX; i++)
		items[i] = arena_printf(a, "skill %d", i);
	p.skills_wanted = list(items, PROFILE_LIST_MAX);
	profile_validate(&p, &v, a);
	cr_assert_eq(v.n, 0, "exactly the maximum is allowed");
	p.skills_wanted = list(items, PROFILE_LIST_MAX + 1);
	expect_only("skills_wanted");
}

Test(profile, every_list_is_checked)
{
	static const char *dup[] = {"x", "X"};
	p.languages = p.skills_offered = p.skills_wanted = p.interests = list(dup, 2);
	profile_validate(&p, &v, a);
	cr_assert_eq(v.n, 4);
	cr_assert(verr_has(&v, "languages"));
	cr_assert(verr_has(&v, "skills_offered"));
	cr_assert(verr_has(&v, "skills_wanted"));
	cr_assert(verr_has(&v, "interests"));
}

Test(profile, availability_day_range)
{
	avail_t w[] = {{0, 60, 120}};
	p.availability = w;
	p.n_availability = 1;
	expect_only("availability");
}

Test(profile, availability_day_eight)
{
	avail_t w[] = {{8, 60, 120}};
	p.availability = w;
	p.n_availability = 1;
	expect_only("availability");
}

Test(profile, availability_start_before_end)
{
	avail_t w[] = {{2, 600, 600}};
	p.availability = w;
	p.n_availability = 1;
	expect_only("availability");
}

Test(profile, availability_overlap_unsorted)
{
	avail_t w[] = {{3, 700, 800}, {1, 0, 60}, {3, 600, 701}};
	p.availability = w;
	p.n_availability = 3;
	expect_only("availability");
	cr_assert(strstr(v.e[0].msg, "overlap"), "message: %s", v.e[0].msg);
	/* Validation must not reorder the caller's windows. */
	cr_assert_eq(w[0].day, 3);
	cr_assert_eq(w[1].day, 1);
}

Test(profile, availability_contained_window_overlaps)
{
	avail_t w[] = {{4, 0, 600}, {4, 100, 110}, {4, 300, 400}};
	p.availability = w;
	p.n_availability = 3;
	expect_only("availability");
}

Test(profile, availability_touching_windows_and_other_days_are_fine)
{
	avail_t w[] = {{5, 600, 660}, {5, 540, 600}, {6, 540, 600}, {5, 660, 1440}};
	p.availability = w;
	p.n_availability = 4;
	profile_validate(&p, &v, a);
	cr_assert_eq(v.n, 0);
}

Test(profile, availability_too_many_windows)
{
	avail_t w[PROFILE_AVAIL_MAX + 1];
	for (int i = 0; i <= PROFILE_AVAIL_MAX; i++)
		w[i] = (avail_t){1 + i % 7, (i / 7) * 60, (i / 7) * 60 + 30};
	p.availability = w;
	p.n_availability = PROFILE_AVAIL_MAX;
	profile_validate(&p, &v, a);
	cr_assert_eq(v.n, 0);
	p.n_availability = PROFILE_AVAIL_MAX + 1;
	expect_only("availability");
}

Test(profile, all_problems_reported_at_once)
{
	static const char *dup[] = {"a", "A"};
	avail_t w[] = {{9, 0, 10}};
	p.timezone = "Nowhere/Land";
	p.seniority = 42;
	p.manager_id = p.user_id;
	p.preferred_channel = "fax";
	p.meeting_style = "loud";
	p.interests = list(dup, 2);
	p.availability = w;
	p.n_availability = 1;
	profile_validate(&p, &v, a);
	cr_assert_eq(v.n, 7);
}

Test(profile, norm)
{
	cr_assert_str_eq(profile_norm(a, "  Public   Speaking\t"), "public speaking");
	cr_assert_str_eq(profile_norm(a, "C++"), "c++");
	cr_assert_str_eq(profile_norm(a, ""), "");
	cr_assert_str_eq(profile_norm(a, " \t\n "), "");
	cr_assert_str_eq(profile_norm(a, "a\nb"), "a b");
}
