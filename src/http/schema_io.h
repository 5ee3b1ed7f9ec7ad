/* The generic walks over declared shapes (core/schema.h): reading JSON
 * values and form or query pairs into a typed struct, with every rule of
 * every field checked and every problem collected; and writing a typed
 * struct out as JSON text (straight into a buffer, no tree in between) or as
 * a jansson value for the page templates. Generated tables say what to do;
 * nothing here knows a resource.
 *
 * Errors name the field as the client sent it: a top-level field by its
 * name, a problem inside a list or object under the top-level name with the
 * detail in the message ("entry 2: start: is not in the expected form"). */
#ifndef MENTORD_SCHEMA_IO_H
#define MENTORD_SCHEMA_IO_H
#include <jansson.h>

#include "core/buf.h"
#include "core/schema.h"

/* Reads the JSON object v into the struct at out (zeroed by the caller)
 * as type t. Strings and lists are allocated in a. Problems go to errs. */
void sch_read_json(const sch_type_t *t, json_t *v, void *out, arena_t *a, verr_t *errs);

/* One name=value pair of a form post or a query string, decoded. */
typedef struct sch_pair {
	const char *name, *value;
	size_t value_len; /* may hold an encoded NUL, which the rule refuses */
} sch_pair_t;

/* Reads pairs into the struct at out as type t, for fields whose `in` is
 * where (SCH_IN_QUERY for a query string, SCH_IN_BODY for a form). Every
 * value is text: integers, numbers and booleans are parsed strictly; an
 * empty value of an optional field that is not a string means absent (null
 * where nullable); a list field takes every non-empty value of its name
 * (every value, in place, with SCH_KEEP_EMPTY), any other field refuses a
 * second one. When closed, names outside t are refused,
 * except those in ignore (NULL-terminated, e.g. the CSRF field). */
void sch_read_pairs(const sch_type_t *t, const sch_pair_t *pairs, int n, sch_in_t where,
		    bool closed, const char *const *ignore, void *out, arena_t *a, verr_t *errs);

/* Decodes an application/x-www-form-urlencoded string (a body or a query)
 * into pairs in a. */
int sch_parse_urlencoded(const char *s, size_t len, arena_t *a, sch_pair_t **out);

/* Appends v as a JSON object of type t to b: required fields always
 * (null where nullable and null), optional fields when has_NAME is set,
 * times as RFC 3339 UTC, non-ASCII escaped as \uXXXX. */
void sch_write_json(buf_t *b, const sch_type_t *t, const void *v);
/* s as a JSON string (quoted and escaped, NULL as ""). */
void sch_write_string(buf_t *b, const char *s);
/* The same as a new jansson object (the caller owns it). */
json_t *sch_to_jansson(const sch_type_t *t, const void *v);

#endif
