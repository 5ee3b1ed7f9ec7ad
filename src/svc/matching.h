/* What the matching services (svc/matching.c, svc/mentor_request.c) share
 * with each other, the pages and the command line: the self-match rule of
 * who may ask for a mentor, a run computed without saving it (the CLI's
 * --dry-run), and the views the matching pages show. */
#ifndef MENTORD_SVC_MATCHING_H
#define MENTORD_SVC_MATCHING_H
#include "svc/svc.h"

/* Loads program id for a mentee of it who may look for a mentor: the
 * program must be self-match (409 otherwise) and the caller one of its
 * mentees (403; 404 for a program the caller may not see). */
int svc_match_self_mentee(svc_t *s, int64_t program_id, program_t **prog);

/* Runs the engine for program_id (its managers and administrators) with
 * algorithm (NULL: the program's default) and fills *out as the run would
 * be stored, pairs best first, without saving anything. */
int svc_match_run_preview(svc_t *s, int64_t program_id, const char *algorithm, uint32_t time_limit_ms,
			  MatchRun_t *out);

/* The matching page of a program: its runs (newest first, without pairs)
 * and its mentors and mentees to pair by hand. Managers and administrators. */
typedef struct match_page {
	program_t *program;
	MatchRun_list_t runs;
	participant_t *mentors, *mentees; /* in enrolment order */
	int n_mentors, n_mentees;
} match_page_t;
int svc_match_page(svc_t *s, int64_t program_id, match_page_t *out);

/* One run of a program with the program's mentors (to change a pair's).
 * A run of another program is "not found". */
typedef struct match_run_page {
	program_t *program;
	MatchRun_t run;
	participant_t *mentors;
	int n_mentors;
} match_run_page_t;
int svc_match_run_page(svc_t *s, int64_t program_id, int64_t run_id, match_run_page_t *out);

/* A request addressed to the caller as a mentor, with its program's name. */
typedef struct mentor_request_inbox {
	MentorRequest_t request;
	const char *program_name;
} mentor_request_inbox_t;
/* The requests addressed to the caller in the self-match programs they
 * mentor in, by program, newest first; *pending counts those waiting. */
int svc_mentor_request_inbox(svc_t *s, mentor_request_inbox_t **items, int *n, int *pending);

#endif
