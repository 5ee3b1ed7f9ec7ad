/* What the account services (svc/user.c) share with the rest of the
 * services layer, the people pages and the command line: the API's shape of
 * an account, the people directory, and one person as their page shows them. */
#ifndef MENTORD_SVC_USER_H
#define MENTORD_SVC_USER_H
#include "svc/svc.h"

/* A page of the people directory: people in name order after the person
 * with id after (0 for the first page), narrowed by f (q on name, email and
 * department; a role; a status: invited, active, deactivated).
 * Administrators and managers only. next is the id to continue after, 0 on
 * the last page. */
typedef struct svc_people {
	store_person_t *items;
	int n;
	int64_t next;
} svc_people_t;
int svc_user_directory(svc_t *s, const store_people_filter_t *f, int64_t after, int limit, svc_people_t *out);

/* One person as the directory shows them: the account, the profile (an
 * empty one when none was saved) and the person's manager (NULL for none).
 * Administrators and managers see anyone; members only themselves. */
typedef struct svc_person {
	user_t *user;
	profile_t *profile;
	user_t *manager;
	bool self;
} svc_person_t;
int svc_user_person(svc_t *s, int64_t id, svc_person_t *out);

/* The account with this email (administrators and managers; the command
 * line names people by email). */
int svc_user_find(svc_t *s, const char *email, user_t **out);

#endif
