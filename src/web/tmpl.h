/* A small mustache-like template engine for the web pages. A template is
 * parsed once into a flat list of nodes and rendered any number of times
 * against a jansson value. Every {{name}} is HTML-escaped by the engine
 * itself and there is deliberately no unescaped tag ({{{x}}} and {{&x}} are
 * syntax errors), so a page cannot forget to escape. Supported syntax:
 *   {{name}} {{a.b}} {{.}}      a value, looked up through the context stack
 *   {{#name}}...{{/name}}       arrays iterate, objects push themselves as the
 *                               context, other truthy values enter once
 *   {{^name}}...{{/name}}       renders when the value is missing or falsy
 *                               (null, false, 0, "", [])
 *   {{> partial}}               another template of the same library
 *   {{% name}}                  a string rendered as Markdown by cmark in safe
 *                               mode (text escaped, raw HTML and unsafe links
 *                               dropped): notes written by people
 *   {{! comment }}
 * A missing name renders as nothing, as in mustache. A library is built at
 * start-up and only read afterwards, so threads may render concurrently. */
#ifndef MENTORD_TMPL_H
#define MENTORD_TMPL_H
#include <jansson.h>
#include <stddef.h>

#include "core/buf.h"

enum {
	TMPL_OK = 0,
	TMPL_ESYNTAX = -1,   /* the template text is malformed */
	TMPL_ENOTFOUND = -2, /* no template or partial of that name */
	TMPL_ELIMIT = -3,    /* nesting of sections or partials too deep */
};

/* What went wrong and where: "profile.html:12:5: ..." */
typedef struct tmpl_err {
	char msg[256];
} tmpl_err_t;

typedef struct tmpl_lib tmpl_lib_t;

/* A new, empty library; free it with tmpl_lib_free. */
tmpl_lib_t *tmpl_lib_new(void);
void tmpl_lib_free(tmpl_lib_t *lib);

/* Parses src (len bytes, need not be NUL-terminated) and stores it under
 * name, replacing any template of that name. On TMPL_ESYNTAX err says why
 * and the library is unchanged. */
int tmpl_lib_add(tmpl_lib_t *lib, const char *name, const char *src, size_t len, tmpl_err_t *err);

/* Checks that every {{> partial}} names a template of the library. */
int tmpl_lib_check(const tmpl_lib_t *lib, tmpl_err_t *err);

/* Renders template name with ctx (borrowed) and appends to out. On failure
 * out may hold part of the page; the caller discards it. */
int tmpl_render(const tmpl_lib_t *lib, const char *name, json_t *ctx, buf_t *out, tmpl_err_t *err);

#endif
