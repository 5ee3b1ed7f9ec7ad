/* What every page handler shares: the template library loaded from the
 * binary, the context every page starts from (who is logged in, the CSRF
 * token, the navigation), rendering into the response, and the pieces of an
 * accessible form — fields that carry their label, hint and error, the error
 * summary that links to them, and reading form input validated at the edge.
 * Every JSON value a page builds belongs to its request: page_ctx's is freed
 * with the request's arena (and what is set into it with it); page_json
 * ties any other value to the arena the same way, so no page frees JSON by
 * hand. */
#ifndef MENTORD_WEB_PAGE_H
#define MENTORD_WEB_PAGE_H
#include <jansson.h>

#include "http/http.h"
#include "svc/svc.h"
#include "web/tmpl.h"

/* Loads every embedded web/templates/NAME.html as template NAME and checks
 * the partials. Returns a TMPL_ status with err filled on failure. */
int page_templates_load(tmpl_lib_t *lib, tmpl_err_t *err);
/* Loads the templates for the server; aborts with a message if the built-in
 * templates are broken (a programming error the unit tests catch first). */
void page_init(void);

/* The stylesheet, and its URL with a content hash for long caching. */
const char *page_css(size_t *len);

/* The base context of a page: title, stylesheet, "me" (when logged in),
 * "csrf", and "nav": {nav_key: true} to mark the current section. */
json_t *page_ctx(req_t *r, const char *title, const char *nav_key);
/* What every page's header shows of the logged-in person besides their
 * name (the inbox's count): fn adds its keys to the base context's "me".
 * Set once at start-up, before the first request; NULL for none. */
typedef void (*page_header_fn)(req_t *r, json_t *me);
void page_set_header(page_header_fn fn);
/* Calls the header's fn on ctx's "me", if any. page_render does, just before
 * rendering, so that what the page itself read on the way (the inbox it
 * lists) is not read again for the header, and a page that answers with a
 * redirect reads nothing for it; a page rendered with its own template
 * library calls it first. */
void page_header(req_t *r, json_t *ctx);
/* Ties v to the request: released when its arena is freed. Returns v. */
json_t *page_json(req_t *r, json_t *v);
/* Renders template name with ctx (owned by the request) as the whole response. */
void page_render(req_t *r, int status, const char *name, json_t *ctx);
/* Answers with a full error page: status, and a sentence for the person. */
void web_error(req_t *r, int status, const char *message);
/* A local path to return to after login, or "/" when s is anything else
 * (absent, absolute URL, "//host", backslashes): no open redirects. */
const char *page_safe_next(const char *s);
/* Whether an unsafe request comes from our own pages (auth_same_origin:
 * Sec-Fetch-Site, else Origin, else Referer), for forms like login that
 * cannot carry a session's CSRF token yet. */
bool page_same_origin(req_t *r);

/* ---- services ---- */

/* A service context for the page's request (who asks, its connection). */
void page_svc(req_t *r, svc_t *s);
/* Answers a service's refusal with an error page in its words. */
void page_refuse(req_t *r, const svc_t *s, int st);
/* Adds a service's field problems to a form's (the first per field counts). */
void page_add_errors(verr_t *errs, const svc_t *s);

/* ---- forms ---- */

typedef struct page_opt {
	const char *value, *label;
} page_opt_t;

/* How a field is named in the error summary; anchor defaults to f-FIELD. */
typedef struct page_label {
	const char *field, *label, *anchor;
} page_label_t;

/* A text input {id, name, label, value, type: "text", hint?, error?,
 * describedby?}; callers add type, maxlength, required, autocomplete. */
json_t *page_field(const char *name, const char *label, const char *value, const char *hint,
		   const verr_t *errs);
/* A select: the field above plus options[{value, label, selected}]; opts
 * ends with a {NULL, NULL} entry. */
json_t *page_select(const char *name, const char *label, const page_opt_t *opts,
		    const char *current, const char *hint, const verr_t *errs);
/* Sets "errors" (a list of {anchor, label, message}) and "error_count" on
 * ctx when errs has any. */
void page_error_summary(json_t *ctx, const verr_t *errs, const page_label_t *labels);

/* What was typed into a form field, to show it again (trimmed, CRLF as LF,
 * "" when absent or not text); the checked value is in the page's typed
 * input. */
const char *page_raw(req_t *r, const char *name);
/* Splits a comma-separated value into trimmed, non-empty items. */
void page_split_list(arena_t *a, const char *s, strlist_t *out);
/* Joins a list with ", " for an input value; owned by the arena. */
const char *page_join_list(arena_t *a, const strlist_t *l);
/* Moves errors recorded under field from to field to (API names to form
 * names, e.g. manager_id to manager_email). */
void page_rename_error(verr_t *errs, const char *from, const char *to);

/* Small JSON helpers that tolerate NULL strings (as ""). */
json_t *page_str(const char *s);

/* Display names shared by several pages. */
const char *page_day_name(int day);
const char *page_kind_label(const char *kind);
const char *page_matching_label(const char *matching);
const char *page_channel_label(const char *channel);
const char *page_style_label(const char *style);
extern const page_opt_t page_kinds[], page_matchings[], page_channels[], page_styles[];

#endif
