/* What the participant services offer besides the API's operations: the
 * CSV import the API and `mentord import` share, enrolment by email for the
 * participants page, and what the dashboard shows a person of the programs
 * they take part in. */
#ifndef MENTORD_SVC_PARTICIPANT_H
#define MENTORD_SVC_PARTICIPANT_H
#include "store/store_directory.h"
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
