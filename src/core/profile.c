/* Profile validation (see profile.h). Availability windows are kept in the
 * owner's local time; overlap is checked per day after sorting, since the
 * list is short (at most PROFILE_AVAIL_MAX windows). */
#include "core/profile.h"
#include "core/timeutil.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const channels[] = {"video", "phone", "in_person", "chat", "email", NULL};
static const char *const styles[] = {"structured", "conversational", "flexible", NULL};

static bool in_set(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

bool profile_channel_valid(const char *s)
{
	return s && in_set(s, channels);
}

bool profile_style_valid(const char *s)
{
	return s && in_set(s, styles);
}

char *profile_norm(arena_t *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1), *o = out;
	bool space = false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isspace(c)) {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = (char)tolower(c);
	}
	*o = '\0';
	return out;
}

static void check_list(const strlist_t *l, const char *field, verr_t *v, arena_t *a)
{
	if (l->n > PROFILE_LIST_MAX) {
		verr_addf(v, a, field, "at most %d entries", PROFILE_LIST_MAX);
		return;
	}
	for (int i = 0; i < l->n; i++) {
		const char *norm = profile_norm(a, l->v[i]);
		if (!*norm) {
			verr_addf(v, a, field, "entry %d is empty", i + 1);
			return;
		}
		if (strlen(l->v[i]) > PROFILE_ITEM_MAX) {
			verr_addf(v, a, field, "entry %d is longer than %d characters", i + 1,
				  PROFILE_ITEM_MAX);
			return;
		}
		for (int j = 0; j < i; j++)
			if (strcmp(norm, profile_norm(a, l->v[j])) == 0) {
				verr_addf(v, a, field, "\"%s\" appears twice", l->v[i]);
				return;
			}
	}
}

static int cmp_avail(const void *x, const void *y)
{
	const avail_t *a = x, *b = y;
	if (a->day != b->day)
		return a->day - b->day;
	return a->start_min - b->start_min;
}

static void check_availability(const profile_t *p, verr_t *v, arena_t *a)
{
	if (p->n_availability > PROFILE_AVAIL_MAX) {
		verr_addf(v, a, "availability", "at most %d windows", PROFILE_AVAIL_MAX);
		return;
	}
	for (int i = 0; i < p->n_availability; i++) {
		const avail_t *w = &p->availability[i];
		if (w->day < 1 || w->day > 7) {
			verr_addf(v, a, "availability", "window %d: day must be 1 (Monday) to 7 (Sunday)", i + 1);
			return;
		}
		if (w->start_min >= w->end_min) {
			verr_addf(v, a, "availability", "window %d: start must be before end", i + 1);
			return;
		}
	}
	avail_t *sorted = arena_alloc(a, sizeof(avail_t) * (size_t)(p->n_availability + 1));
	if (p->n_availability)
		memcpy(sorted, p->availability, sizeof(avail_t) * (size_t)p->n_availability);
	qsort(sorted, (size_t)p->n_availability, sizeof(avail_t), cmp_avail);
	for (int i = 1; i < p->n_availability; i++)
		if (sorted[i].day == sorted[i - 1].day && sorted[i].start_min < sorted[i - 1].end_min) {
			verr_addf(v, a, "availability", "windows overlap on day %d", sorted[i].day);
			return;
		}
}

void profile_validate(const profile_t *p, verr_t *v, arena_t *a)
{
	if (!tz_valid(p->timezone))
		verr_add(v, "timezone", "is not a time zone we know: choose your city from the list (or, through the API, an IANA time zone name such as Europe/Berlin)");
	if (p->seniority != 0 && (p->seniority < 1 || p->seniority > 10))
		verr_add(v, "seniority", "must be a career level from 1 to 10");
	if (p->manager_id != 0 && p->manager_id == p->user_id)
		verr_add(v, "manager_id", "a person cannot be their own manager");
	if (p->preferred_channel && !profile_channel_valid(p->preferred_channel))
		verr_add(v, "preferred_channel", "must be one of video, phone, in_person, chat, email");
	if (p->meeting_style && !profile_style_valid(p->meeting_style))
		verr_add(v, "meeting_style", "must be one of structured, conversational, flexible");
	check_list(&p->languages, "languages", v, a);
	check_list(&p->skills_offered, "skills_offered", v, a);
	check_list(&p->skills_wanted, "skills_wanted", v, a);
	check_list(&p->interests, "interests", v, a);
	check_list(&p->pref_departments, "mentor_preferences.departments", v, a);
	check_list(&p->pref_languages, "mentor_preferences.languages", v, a);
	if (p->n_pref_mentors > PROFILE_LIST_MAX || p->n_avoid > PROFILE_LIST_MAX)
		verr_addf(v, a, "mentor_preferences", "at most %d people in each list", PROFILE_LIST_MAX);
	for (int i = 0; i < p->n_pref_mentors; i++)
		for (int j = 0; j < p->n_avoid; j++)
			if (p->pref_mentors[i] == p->avoid[j])
				verr_add(v, "mentor_preferences.avoid", "a person cannot be both preferred and avoided");
	check_availability(p, v, a);
}
