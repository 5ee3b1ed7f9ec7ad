/* The domain's records as the store hands them out and the API takes them
 * in. Strings are owned by the arena the record was loaded into. Optional
 * integers use 0 for "none" (ids start at 1; seniority starts at 1). */
#ifndef MENTORD_MODEL_H
#define MENTORD_MODEL_H
#include <stdbool.h>
#include <stdint.h>

typedef enum { ROLE_MEMBER = 0, ROLE_MANAGER = 1, ROLE_ADMIN = 2 } role_t;

const char *role_name(role_t r);
/* Returns -1 for an unknown name. */
int role_parse(const char *s);

typedef struct user {
	int64_t id;
	const char *email, *name;
	role_t role;
	bool active, has_password;
	int64_t created_at, updated_at;
	int64_t last_login_at;     /* 0 = never signed in */
	bool two_factor;           /* two-factor sign-in is on */
	int64_t invited_at;        /* the latest invitation, 0 = none */
	int64_t invite_expires_at; /* when its link expires while unused, 0 = no live link */
} user_t;

/* "deactivated"; "invited" (no password and never signed in: the invitation
 * is not accepted yet); or "active". */
const char *user_status(const user_t *u);

typedef struct strlist {
	const char **v;
	int n;
} strlist_t;

typedef struct i64list {
	int64_t *v;
	int n;
} i64list_t;

/* An object used as a map: keys with an integer (num) or a string (str)
 * value, in order. */
typedef struct kvlist {
	const char **key;
	int64_t *num;
	const char **str;
	int n;
} kvlist_t;

/* A weekly availability window in the owner's time zone: day 1 = Monday. */
typedef struct avail {
	int day, start_min, end_min;
} avail_t;

typedef struct profile {
	int64_t user_id;
	const char *headline, *bio, *department, *location, *timezone;
	int seniority;             /* 1..10, 0 = not given */
	int64_t manager_id;        /* 0 = none */
	const char *preferred_channel, *meeting_style; /* NULL = not given */
	const char *preferences;
	strlist_t languages, skills_offered, skills_wanted, interests;
	avail_t *availability;
	int n_availability;
	/* What the person wants in a mentor: departments and languages by
	 * name, particular people and people to avoid by user id. */
	strlist_t pref_departments, pref_languages;
	int64_t *pref_mentors, *avoid;
	int n_pref_mentors, n_avoid;
	int64_t updated_at;
} profile_t;

typedef struct program {
	int64_t id;
	const char *name, *description, *kind, *starts_on, *ends_on, *matching;
	int cadence_days, max_mentors_per_mentee;
	const char *weights_json; /* a JSON object of criterion -> weight */
	kvlist_t weights;         /* the same, read (criterion -> weight) */
	int64_t *managers;
	int n_managers;
	int n_mentors, n_mentees;
	int64_t created_at, updated_at;
	int64_t archived_at;      /* 0: not archived (archived programs are read-only) */
	/* Self-enrolment: who may enrol themselves ("", "mentee", "mentor",
	 * "both") and who is eligible: departments and locations (empty: any),
	 * a career level range per role (0: no bound). */
	const char *open_to;
	strlist_t eligible_departments, eligible_locations;
	int mentee_seniority_min, mentee_seniority_max, mentor_seniority_min, mentor_seniority_max;
} program_t;

typedef struct participant {
	int64_t id, program_id, user_id;
	const char *role; /* "mentor" | "mentee" */
	int capacity;
	const char *name, *email, *department;
	int64_t created_at;
} participant_t;

typedef struct relationship {
	int64_t id, program_id, mentor_id, mentee_id;
	int phase; /* phase_t */
	const char *origin;
	int keep_in_touch_days; /* -1 = not set */
	int64_t created_at, updated_at, completed_at;
	/* Joined for convenience. */
	const char *program_name, *program_ends_on, *mentor_name, *mentee_name;
	int program_cadence_days;
	bool program_archived; /* nothing in it may change (svc_rel_writable) */
	/* When the organisation ended it by deactivating one of the two (0: it
	 * did not). */
	int64_t ended_by_org_at;
} relationship_t;

#endif
