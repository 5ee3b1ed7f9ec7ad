/* Commonalities between a mentor's and a mentee's profiles (see common.h).
 * List items are compared by their normalised form, so "Public speaking" and
 * "public  speaking" meet. Availability overlap is measured over the coming
 * week in both time zones. */
#include "core/common.h"
#include "core/profile.h"
#include "core/tzconv.h"

#include <string.h>

#define COMMON_MAX 40

typedef struct acc {
	commonality_t *v;
	int n;
	arena_t *a;
} acc_t;

static void add(acc_t *c, const char *kind, const char *value, const char *starter)
{
	if (c->n < COMMON_MAX)
		c->v[c->n++] = (commonality_t){kind, value, starter};
}

static bool in_list(const strlist_t *l, const char *norm, arena_t *a)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(profile_norm(a, l->v[i]), norm))
			return true;
	return false;
}

/* Adds one commonality for each item of x that is also in y, with a starter
 * from fmt: either plain "%s" (the item) or only positional arguments
 * (%1$s the item, %2$s the mentor, %3$s the mentee), never both. */
static void shared(acc_t *c, const strlist_t *x, const strlist_t *y, const char *kind,
		   const char *fmt, const char *n1, const char *n2)
{
	for (int i = 0; i < x->n; i++)
		if (in_list(y, profile_norm(c->a, x->v[i]), c->a))
			add(c, kind, x->v[i], arena_printf(c->a, fmt, x->v[i], n1, n2));
}

int common_find(const profile_t *mentor, const profile_t *mentee, const char *mentor_name,
		const char *mentee_name, int64_t now, arena_t *a, commonality_t **out)
{
	acc_t c = {arena_alloc(a, sizeof(commonality_t) * COMMON_MAX), 0, a};
	shared(&c, &mentee->skills_wanted, &mentor->skills_offered, "learning_match",
	       "%3$s wants to learn %1$s and %2$s offers it. How did you learn it, %2$s?",
	       mentor_name, mentee_name);
	shared(&c, &mentee->skills_offered, &mentor->skills_wanted, "learning_match",
	       "%3$s knows %1$s, which %2$s wants to learn: here the mentee teaches the mentor. "
	       "What would you like to know, %2$s?",
	       mentor_name, mentee_name);
	shared(&c, &mentor->skills_offered, &mentee->skills_offered, "skill",
	       "You both know %s. Where did each of you pick it up?", mentor_name, mentee_name);
	shared(&c, &mentor->interests, &mentee->interests, "interest",
	       "You both enjoy %s. What got you into it?", mentor_name, mentee_name);
	shared(&c, &mentor->languages, &mentee->languages, "language",
	       "You share %s. Would you like to hold some meetings in it?", mentor_name, mentee_name);
	if (*mentor->department && !strcmp(profile_norm(a, mentor->department), profile_norm(a, mentee->department)))
		add(&c, "department", mentor->department,
		    arena_printf(a, "You both work in %s. What would you change about how it works?",
				 mentor->department));
	if (*mentor->location && !strcmp(profile_norm(a, mentor->location), profile_norm(a, mentee->location)))
		add(&c, "location", mentor->location,
		    arena_printf(a, "You are both in %s: is there a favourite place for a coffee meeting?",
				 mentor->location));
	int overlap = avail_overlap_minutes(mentee->availability, mentee->n_availability,
					    mentee->timezone, mentor->availability,
					    mentor->n_availability, mentor->timezone, now);
	if (overlap > 0)
		add(&c, "availability", arena_printf(a, "%d h %02d min a week", overlap / 60, overlap % 60),
		    arena_printf(a, "Your weekly availability overlaps by %d h %02d min (%s and %s). "
				 "Pick a regular slot that suits %s first.", overlap / 60, overlap % 60,
				 mentee->timezone, mentor->timezone, mentee_name));
	if (mentor->preferred_channel && mentee->preferred_channel &&
	    !strcmp(mentor->preferred_channel, mentee->preferred_channel))
		add(&c, "channel", mentor->preferred_channel,
		    arena_printf(a, "You both prefer to meet by %s.", mentor->preferred_channel));
	if (mentor->meeting_style && mentee->meeting_style &&
	    !strcmp(mentor->meeting_style, mentee->meeting_style))
		add(&c, "style", mentor->meeting_style,
		    arena_printf(a, "You both like %s meetings. What does a great meeting look like to you?",
				 mentor->meeting_style));
	*out = c.v;
	return c.n;
}
