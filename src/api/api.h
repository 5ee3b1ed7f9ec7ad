/* The JSON REST API under /api/v1, one file per resource. Shared here: route
 * registration, the JSON input reader that validates a body into typed
 * fields at the edge, and the authorization checks every handler uses. */
#ifndef MENTORD_API_H
#define MENTORD_API_H
#include "http/http.h"
#include "store/store.h"

void api_register(void);
/* Per-resource registration, called by api_register. */
void api_programs_register(void);
void api_participants_register(void);

/* Reading a JSON body. jin_open answers 400 itself and returns false when
 * the body is not a JSON object. Each getter records a field error (type,
 * length, range) in in->errs; "present" getters leave *out untouched when the
 * field is absent, so PATCH can reuse the current value. */
typedef struct jin {
	req_t *r;
	json_t *root;
	verr_t errs;
} jin_t;

enum { JIN_OPTIONAL = 0, JIN_REQUIRED = 1, JIN_NULLABLE = 2,
       JIN_RAW = 4 /* keep surrounding whitespace (passwords) */ };

bool jin_open(jin_t *in, req_t *r);
bool jin_has(jin_t *in, const char *key);
/* Strings are trimmed of surrounding whitespace; maxlen counts bytes. */
bool jin_str(jin_t *in, const char *key, int flags, size_t maxlen, const char **out);
bool jin_int(jin_t *in, const char *key, int flags, int64_t min, int64_t max, int64_t *out);
bool jin_date(jin_t *in, const char *key, int flags, const char **out);
/* A string that must be one of the NULL-terminated set. */
bool jin_enum(jin_t *in, const char *key, int flags, const char *const *set, const char **out);
/* true or false; *out is left as it is when the field is absent. */
bool jin_bool(jin_t *in, const char *key, bool *out);
/* An array of strings. */
bool jin_strlist(jin_t *in, const char *key, int flags, int max, size_t maxlen, strlist_t *out);
/* Answers 422 with the collected field errors and returns true if any. */
bool jin_failed(jin_t *in);
void jin_close(jin_t *in);

/* Authorization. Each answers 403/404 itself and returns false on refusal. */
bool api_require_role(req_t *r, role_t min);
/* Loads the program if the caller may see it (admin, its manager, or a
 * participant). With manage set, only admins and its managers pass. */
bool api_program_access(req_t *r, int64_t id, bool manage, program_t **out);
/* Opens a write transaction, or answers 503 and returns false. */
bool api_begin(req_t *r);
/* Commits, or answers the failure and returns false. */
bool api_commit(req_t *r);
/* Rolls back and answers the status. */
void api_fail(req_t *r, int st);

bool api_email_valid(const char *s);

/* JSON shapes shared by several resources (also the web pages' contexts).
 * The profile's is the API's Profile (never with the avoid list), kept for
 * web/people.c; it is the caller's to release. */
json_t *api_profile_json(const profile_t *p);
json_t *api_time(int64_t t);

#endif
