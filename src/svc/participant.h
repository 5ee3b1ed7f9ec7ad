/* What the participant services offer besides the API's operations: the
 * CSV import the API and `mentord import` share, enrolment by email for the
 * participants page, and what the dashboard shows a person of the programs
 * they take part in. */
#ifndef MENTORD_SVC_PARTICIPANT_H
#define MENTORD_SVC_PARTICIPANT_H
#include "store/stmts.h"
#include "store/store_directory.h"
#include "svc/program.h"
#include "svc/svc.h"

/* Enrols the people of a CSV file (header email, role, optional capacity
 * and name; csv[0..len) need not be NUL-terminated) in program_id, all or
 * nothing. Row problems name the physical line (the header is line 1).
 * Returns SVC_BAD (bad_csv) for a file that cannot be read; with row
 * problems SVC_INVALID with s->err.rows, or with dry_run SVC_OK and the
 * problems in out->errors. A dry run only reads. SVC_CONFLICT when the
 * program changed under the import so that a row no longer fits (nothing
 * stays written). */
int svc_participant_import(svc_t *s, int64_t program_id, bool dry_run, const char *csv, size_t len,
			   ImportReport_t *out);

/* Enrols the person with this email (problems under "email", "role",
 * "capacity"), for the participants page. */
int svc_participant_enrol_email(svc_t *s, int64_t program_id, const char *email, const char *role,
				bool has_capacity, int64_t capacity, Participant_t *out);

/* The rules of one enrolment, inside the caller's transaction: an active
 * person, not twice in one role, both roles only in peer programs, a
 * capacity that fits the role (capacity < 0: the role's default). Problems
 * go to s->fields under user_id, role or capacity, and nothing is written;
 * otherwise p is inserted (p->id set). A store refusal, or SVC_OK. */
int svc_participant_enrol(svc_t *s, const program_t *prog, participant_t *p);

/* The active relationships of p in its role and program, with the other
 * person (sql/participant.sql). */
int svc_participant_open_rels(svc_t *s, const participant_t *p, row_open_rel_t **rows, int *n);

/* One enrolment as its page shows it to a manager of its program: the
 * person, the program and the relationships a withdrawal would end. */
typedef struct participant_view {
	participant_t *participant;
	program_view_t program;
	row_open_rel_t *open;
	int n_open;
} participant_view_t;
int svc_participant_view(svc_t *s, int64_t id, participant_view_t *out);

/* A program on the caller's dashboard with what they are in it. */
typedef struct svc_my_program {
	Program_t program;
	bool manager, mentor, mentee; /* manager: listed as one and holding the role */
} svc_my_program_t;
/* The first limit programs the caller sees (svc_program_list's), with their
 * roles in each; *more when there are further ones. */
int svc_participant_my_programs(svc_t *s, int limit, svc_my_program_t **out, int *n, bool *more);

/* Organisation-wide counts (administrators only). */
int svc_participant_totals(svc_t *s, store_counts_t *out);

/* Whether the caller's profile is too thin to match well: no headline, no
 * availability, or neither skills offered nor wanted. */
int svc_participant_profile_thin(svc_t *s, bool *thin);

#endif
