/* Declared shapes: a field-by-field description of a C struct, generated at
 * build time from src/api/openapi.json and src/web/pages.json (see
 * tools/gen_api.py), so that reading a request into a typed struct and
 * writing a typed result as JSON are one generic walk over a table instead
 * of code written per endpoint (after kcgi's struct kvalid and openradtool).
 *
 * This header is data only: what a field is, where it lives in its struct,
 * and its rules. The walks that read JSON, forms and query strings live in
 * http/input.c; the one text rule and the scalar checks live in
 * core/text.c and core/schema.c, so the services and the CLI can apply the
 * same rules to input that did not come over HTTP. */
#ifndef MENTORD_SCHEMA_H
#define MENTORD_SCHEMA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/model.h"
#include "core/verr.h"

/* A list of objects is a typed struct { T_t *v; int n; } with the same
 * layout as sch_list_t (strlist_t, i64list_t and kvlist_t: core/model.h). */
typedef struct sch_list {
	void *v;
	int n;
} sch_list_t;

typedef enum sch_kind {
	SCH_STR,     /* const char *; date, email, ... are strings with a format */
	SCH_INT,     /* int64_t */
	SCH_NUM,     /* double */
	SCH_BOOL,    /* bool */
	SCH_TIME,    /* int64_t seconds since the epoch; RFC 3339 in JSON */
	SCH_OBJ,     /* an embedded struct of type ->type */
	SCH_STRS,    /* strlist_t */
	SCH_INTS,    /* i64list_t */
	SCH_OBJS,    /* a list of structs of type ->type (sch_list_t layout) */
	SCH_MAP_INT, /* kvlist_t with num */
	SCH_MAP_STR, /* kvlist_t with str */
	SCH_NULL,    /* always null (no member in the struct) */
} sch_kind_t;

typedef enum sch_format {
	SCH_F_NONE,
	SCH_F_DATE,     /* YYYY-MM-DD, a real calendar date */
	SCH_F_EMAIL,
	SCH_F_RRULE,    /* an iCalendar RRULE within core/rrule.h's bounds */
	SCH_F_TZ,       /* an IANA time zone the system knows */
	SCH_F_PASSWORD, /* kept as typed: no trimming */
	SCH_F_URI,
} sch_format_t;

enum sch_flags {
	SCH_REQUIRED = 1 << 0,  /* must be present (and a string not empty) */
	SCH_NULLABLE = 1 << 1,  /* null is a value */
	SCH_MULTILINE = 1 << 2, /* text may hold LF and TAB */
	SCH_CLAMP = 1 << 3,     /* integers out of range are clamped (page sizes) */
	SCH_KEEP_EMPTY = 1 << 4, /* a form's list keeps empty values in place (table rows) */
};

/* Where an operation's input field comes from. */
typedef enum sch_in { SCH_IN_BODY, SCH_IN_PATH, SCH_IN_QUERY } sch_in_t;

#define SCH_NO_OFF UINT32_MAX

typedef struct sch_type sch_type_t;

typedef struct sch_field {
	const char *name;
	uint8_t kind;            /* sch_kind_t */
	uint8_t format;          /* sch_format_t */
	uint8_t in;              /* sch_in_t, for an operation's input */
	uint16_t flags;          /* enum sch_flags */
	uint32_t off;            /* the value; for lists and maps the struct */
	uint32_t has_off;        /* bool has_NAME: present; SCH_NO_OFF for required fields */
	uint32_t null_off;       /* bool NAME_null; SCH_NO_OFF unless nullable */
	int64_t min, max;        /* integers (INT64_MIN/MAX when unbounded) */
	double nmin, nmax;       /* numbers (-HUGE_VAL/HUGE_VAL) */
	uint32_t min_len, max_len; /* strings, in characters; for lists, of each item */
	uint32_t min_items, max_items;
	const char *const *enums; /* NULL-terminated, or NULL */
	const char *pattern;      /* POSIX extended regular expression, or NULL */
	const sch_type_t *type;   /* SCH_OBJ, SCH_OBJS */
	const char *message;      /* x-error: what to say when any rule fails (forms) */
} sch_field_t;

struct sch_type {
	const char *name;         /* the schema's name in the document */
	size_t size;              /* sizeof the struct */
	const sch_field_t *fields;
	int nfields;
	bool closed;              /* unknown fields are refused */
};

/* "must be one of a, b, c" for f's enum values (owned by a). */
const char *sch_enum_text(const sch_field_t *f, arena_t *a);
/* The field called name, or NULL. */
const sch_field_t *sch_field(const sch_type_t *t, const char *name);
/* Whether the string s is one of f's enum values; returns the canonical
 * (static) string or NULL. */
const char *sch_enum_match(const sch_field_t *f, const char *s);

/* Checks a string value against every rule of f (text rule, length,
 * format, enum, pattern). On failure returns false and *why is a sentence
 * fragment for people ("must be at most 200 characters"), static or owned
 * by a. *out is the value to keep (trimmed unless a password). */
bool sch_check_str(const sch_field_t *f, const char *s, size_t len, arena_t *a, const char **out,
		   const char **why);
bool sch_check_int(const sch_field_t *f, int64_t v, int64_t *out, arena_t *a, const char **why);
bool sch_check_num(const sch_field_t *f, double v, arena_t *a, const char **why);

/* Field access by offset, for the generic walks. */
static inline void *sch_at(void *base, uint32_t off)
{
	return (char *)base + off;
}
static inline const void *sch_cat(const void *base, uint32_t off)
{
	return (const char *)base + off;
}
void sch_set_flag(void *base, uint32_t off, bool v);
bool sch_get_flag(const void *base, uint32_t off);

#endif
