/* Finding a mentor (svc/mentors.c): besides the API's search of the
 * mentors of one's programs, what a mentee's dashboard shows as her next
 * step, the programs where she has no mentor yet and the requests she sent
 * that wait for an answer. */
#ifndef MENTORD_SVC_MENTORS_H
#define MENTORD_SVC_MENTORS_H
#include "store/stmts.h"
#include "svc/svc.h"

/* The caller's live programs as a mentee (at most 20, with her mentors and
 * pending requests counted in each) and her requests waiting for an answer
 * (newest first, at most 20). */
typedef struct mentor_steps {
	row_mentee_step_t *programs;
	int n_programs;
	row_pending_request_t *pending;
	int n_pending;
} mentor_steps_t;
int svc_mentor_steps(svc_t *s, mentor_steps_t *out);

#endif
