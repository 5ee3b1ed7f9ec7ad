/* What the pages of requests to a program's managers need beyond the API's
 * operations (svc/help_request.c): the choices of the form (the programs
 * the caller may ask and the caller's own relationships) and how many open
 * requests wait for the caller's answer. */
#ifndef MENTORD_SVC_HELP_REQUEST_H
#define MENTORD_SVC_HELP_REQUEST_H
#include "svc/svc.h"

typedef struct help_choice {
	int64_t id, program_id;
	const char *label; /* a program's name; "Ana Rossi (mentee) in Growth" */
} help_choice_t;

typedef struct help_choices {
	help_choice_t *programs, *relationships; /* owned by s->arena */
	int n_programs, n_relationships;
} help_choices_t;

/* The programs the caller takes part in or manages (administrators: every
 * program), and the relationships the caller is in, at most 200 of each. */
int svc_help_request_choices(svc_t *s, help_choices_t *out);
/* Open requests waiting for the caller to answer (0 for members). */
int svc_help_request_waiting(svc_t *s, int64_t *n);

#endif
