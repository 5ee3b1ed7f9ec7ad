/* Inputs shaped by the declared schemas (core/schema.h): the descriptors
 * generated from src/api/openapi.json and the page documents (src/web/pages) say, for
 * every field of every operation, its kind, bounds, enum values and format.
 * From them the request fuzzers make JSON bodies, form posts and query
 * strings that pass most rules (so the services behind them run) and break
 * one now and then (so the checks run too), and write the dictionaries
 * that steer libFuzzer's own byte-level mutations. Nothing here knows an
 * operation: a new endpoint is fuzzed by the same code. */
#ifndef MENTORD_FUZZ_SHAPE_H
#define MENTORD_FUZZ_SHAPE_H
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/schema.h"

/* A small deterministic generator (libFuzzer hands the mutator a seed). */
typedef struct fz_rng {
	uint64_t s;
} fz_rng_t;
uint32_t fz_rand(fz_rng_t *r, uint32_t n); /* 0..n-1; 0 when n is 0 */
bool fz_chance(fz_rng_t *r, uint32_t percent);

/* A JSON value for field f (usually one its rules accept). New reference. */
json_t *shape_json_field(fz_rng_t *r, const sch_field_t *f, int depth);
/* A JSON object of type t: required fields, some optional ones, now and
 * then a field left out, one unknown, or a value of the wrong kind. */
json_t *shape_json_object(fz_rng_t *r, const sch_type_t *t, int depth);
/* Changes one thing in the object v of type t (a value, a key, a nesting). */
void shape_json_mutate(fz_rng_t *r, const sch_type_t *t, json_t *v, int depth);

/* name=value pairs, url-encoded, for the fields of t read from where
 * (SCH_IN_QUERY or SCH_IN_BODY), appended to out ('&' between pairs). */
void shape_pairs(fz_rng_t *r, const sch_type_t *t, int where, buf_t *out);
/* One field's value as form text (not encoded), owned by out. */
void shape_text_value(fz_rng_t *r, const sch_field_t *f, buf_t *out);
/* Percent-encodes s[0..n) for a query or form. */
void shape_urlenc(buf_t *out, const char *s, size_t n);

/* Dictionary entries: every field name (JSON key and form name), enum
 * value and format example of t and the types it holds, once each. */
void shape_dict_type(FILE *f, const sch_type_t *t);
/* One entry, quoted and escaped as libFuzzer reads it. */
void shape_dict_entry(FILE *f, const char *s);

#endif
