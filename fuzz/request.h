/* The text form of the request fuzzers' inputs, and their mutator.
 *
 * An input is one or more requests separated by a line "--next--"; each is
 *
 *     OPERATION [WHO [AUTH]]      createGoal mentee cookie
 *     PATH VALUES                 #0          (or a whole path: /api/v1/x)
 *     QUERY                       limit=5&cursor=x
 *     Header: value               (any number of lines)
 *                                 (an empty line)
 *     BODY                        {"title": ...}
 *
 * OPERATION is an operationId of the table (an unknown one still picks an
 * operation, by its hash, so raw bytes reach every operation too); WHO one
 * of the fixture's cast (harness.h; default mentee), AUTH cookie, bearer or
 * bare (the cookie without its CSRF token). PATH VALUES fill the pattern's
 * {id} and {s} in order, separated by '/': empty for the fixture's usual
 * record, #k for its k-th record of that resource, anything else as is. A
 * line starting with '/' replaces the whole path. The body goes as the
 * operation's media type unless a Content-Type line says otherwise; a page
 * form gets the session's CSRF field first unless AUTH is bare.
 *
 * Readable, so seeds and crashes can be read and written by hand. */
#ifndef MENTORD_FUZZ_REQUEST_H
#define MENTORD_FUZZ_REQUEST_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/schema.h"
#include "harness.h"

/* An operation of the API or a page, from the generated tables. */
typedef struct fz_op {
	const char *method, *pattern, *operation_id;
	const sch_type_t *in;
	const char *body_type;
} fz_op_t;

typedef struct fz_ops {
	fz_op_t *v;
	int n;
	bool pages; /* forms carry the CSRF field */
} fz_ops_t;

/* Every operation of the API (api_endpoints[]) or every page (web_pages[]). */
fz_ops_t fz_ops_api(void);
fz_ops_t fz_ops_pages(void);

/* Runs every request of the input (at most 8) and ends the input. */
void fz_text_run(const fz_ops_t *ops, const uint8_t *data, size_t size);
/* libFuzzer's custom mutator: a schema-shaped change most of the time (a
 * body, form, query, path value, caller or operation), libFuzzer's own
 * byte mutation of the body or of the whole input otherwise. */
size_t fz_text_mutate(const fz_ops_t *ops, uint8_t *data, size_t size, size_t max, unsigned seed);
/* Writes the dictionary of these operations to path (MENTORD_FUZZ_DICT). */
void fz_text_dict(const fz_ops_t *ops, const char *path, const char *extra_path);

#endif
