/* The pages' route table, generated from src/web/pages.json by
 * tools/gen_api.py (build/src/web/pages.c): every page's method, path,
 * access flags and declared input — path parameters, query parameters and
 * the fields of its form, with their rules — so that a page handler, like
 * an API endpoint, gets its input read and checked at the edge into a typed
 * struct. A form whose fields break their rules comes to the handler with
 * errs filled (x-form-errors) so it can show the form again with every
 * problem next to its field; any other page answers such input with an
 * error page before its handler runs. */
#ifndef MENTORD_WEB_PAGETABLE_H
#define MENTORD_WEB_PAGETABLE_H
#include "http/http.h"
#include "svc/svc.h"
#include "web/page_types.h"

typedef struct web_page {
	const char *method, *pattern, *operation_id;
	int flags;
	const sch_type_t *in, *out;
	const char *body_type;
	bool body_required;
	int status;
	int (*call)(svc_t *s, const void *in, void *out); /* unused by pages */
	void (*handler)(req_t *r, const void *in, const verr_t *errs);
	bool form_errors;
} web_page_t;

extern const web_page_t web_pages[];
extern const int web_pages_count;

/* Adds every page to the router. */
void web_pages_routes(void);

#endif
