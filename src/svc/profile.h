/* What the profile services share with the rest of the services layer and
 * with the pages: the API's shape of a profile, the profile form's view of
 * one's own profile (people by email rather than id), and finding people by
 * the emails a form names. */
#ifndef MENTORD_SVC_PROFILE_H
#define MENTORD_SVC_PROFILE_H
#include "svc/svc.h"

/* The API's shape of profile p; with owner set, the avoid list too (only
 * the profile's owner may see it). Strings and lists stay p's; the rest is
 * allocated in a. */
void svc_profile_out(arena_t *a, const profile_t *p, bool owner, Profile_t *out);

/* One's own profile as the profile form shows it: the people it names by
 * id (the manager, preferred mentors, people to avoid) as their emails,
 * in the profile's order; people no longer found are left out. */
typedef struct profile_form_view {
	profile_t *profile;
	const char *manager_email; /* "" when none */
	strlist_t mentor_emails, avoid_emails;
} profile_form_view_t;
int svc_profile_form(svc_t *s, profile_form_view_t *out);

/* The ids of the active people with these emails, in order. An email of
 * nobody active is recorded under field ("there is no active account with
 * the email ...", the first one only) and leaves a 0 in its place. */
int svc_profile_ids_by_email(svc_t *s, const strlist_t *emails, const char *field, i64list_t *out);

#endif
