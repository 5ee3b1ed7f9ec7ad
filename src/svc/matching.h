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

/* A pair's fit: its score against the highest a pair can have under a
 * run's weights (their sum), in four bands from a quarter of it up. */
typedef struct svc_match_bands {
	int64_t max, excellent, good, fair; /* the lowest score of each band */
} svc_match_bands_t;
void svc_match_fit_bands(const kvlist_t *weights, svc_match_bands_t *out);
/* "excellent", "good", "fair" or "weak" (static). */
const char *svc_match_fit(const svc_match_bands_t *b, int64_t score);

/* The review of a run at any size (the run's page): its figures over the
 * whole run and one page of what the filters keep, read by keyset so a
 * page costs the same wherever it is. */
typedef struct match_review_q {
	const char *fit;        /* "excellent" ... "weak", or NULL for every fit */
	const char *department; /* the mentees' department (may be ""), or NULL for all */
	bool unmatched_only;    /* a page of the unmatched mentees, no pairs */
	const char *cursor;     /* the next value of the previous page, or NULL */
	int limit;              /* pairs (or unmatched) per page */
	int unmatched_first;    /* without unmatched_only: how many unmatched lead the page */
} match_review_q_t;
typedef struct match_review {
	program_t *program;
	MatchRun_t run;         /* with its summary; no matches or unmatched lists */
	svc_match_bands_t bands;
	MatchPair_list_t pairs;
	const char *next;       /* cursor of the next page of pairs (or unmatched), or NULL */
	Unmatched_list_t unmatched;
	bool more_unmatched;    /* without unmatched_only: more than those shown */
} match_review_t;
/* Managers and administrators of the program; a run of another program is
 * "not found"; a cursor or fit that cannot be read is a field problem. */
int svc_match_run_review(svc_t *s, int64_t program_id, int64_t run_id, const match_review_q_t *q,
			 match_review_t *out);

/* A mentor a manager may give one mentee of a run, with the pair's score
 * and reasons and the places the mentor has left in the run. */
typedef struct match_option {
	int64_t mentor_id;
	const char *name, *department, *fit;
	int64_t score;
	MatchReason_list_t reasons;
	int places_left;         /* once the run is published, this mentee's pair set aside */
	const char *ruled_out;   /* a hard rule against the pair, in words, or NULL */
	bool current;            /* the mentee's mentor in the run */
} match_option_t;
/* One mentee of a draft or published run: their pair or why they have
 * none, the mentors that fit them best with a place left in the run (the
 * engine's recommendations, scored with the run's weights), and the
 * program's mentors whose name or email contains q (when given). */
typedef struct match_mentee_view {
	program_t *program;
	MatchRun_t run;          /* no lists, no summary */
	int64_t mentee_id;
	const char *mentee_name, *department;
	bool paired;
	MatchPair_t pair;        /* when paired */
	const char *reason, *help; /* when not */
	match_option_t *best, *found;
	int n_best, n_found;
} match_mentee_view_t;
int svc_match_run_mentee(svc_t *s, int64_t program_id, int64_t run_id, int64_t mentee_id, const char *q,
			 match_mentee_view_t *out);

/* A request addressed to the caller as a mentor, with its program's name. */
typedef struct mentor_request_inbox {
	MentorRequest_t request;
	const char *program_name;
} mentor_request_inbox_t;
/* The requests addressed to the caller in the self-match programs they
 * mentor in, by program, newest first; *pending counts those waiting. */
int svc_mentor_request_inbox(svc_t *s, mentor_request_inbox_t **items, int *n, int *pending);

#endif
