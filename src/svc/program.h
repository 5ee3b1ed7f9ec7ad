/* What the program services share with the rest of the services layer. */
#ifndef MENTORD_SVC_PROGRAM_H
#define MENTORD_SVC_PROGRAM_H
#include "svc/svc.h"

/* The API's shape of a program (strings and lists stay p's). */
void svc_program_out(const program_t *p, Program_t *out);

/* SVC_OK, or 409 archived when p is archived: nothing in an archived
 * program may change until it is restored. */
int svc_program_writable(svc_t *s, const program_t *p);
/* Whether p takes self-enrolment in role ("mentor" or "mentee"). */
bool svc_program_open_to(const program_t *p, const char *role);

/* A program as its page shows it to the viewer. */
typedef struct program_view {
	program_t *program;
	user_t *managers;  /* in id order */
	int n_managers;
	bool can_manage;   /* the viewer manages it (or administers mentord) */
	bool can_ask;      /* a self-match program where the viewer is a mentee */
} program_view_t;
int svc_program_view(svc_t *s, int64_t id, program_view_t *out);

/* How many of the program's relationships are active (its managers). */
int svc_program_open_relationships(svc_t *s, int64_t id, int64_t *n);

/* The ids of the people with these emails, who must be active managers or
 * administrators; problems are recorded under field. */
int svc_program_managers_by_email(svc_t *s, const strlist_t *emails, const char *field, i64list_t *out);

#endif
