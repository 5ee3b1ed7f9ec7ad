/* What other pages take from the guidance library's pages (articles.c):
 * the guides of a relationship phase, shown next to "Next step", and the
 * guide about a health flag, linked from the flag. Both answer nothing
 * rather than an error page when the library cannot be read: a suggestion
 * is never worth failing a page for. The values belong to the caller (set
 * them into a context with json_object_set_new). */
#ifndef MENTORD_WEB_ARTICLES_H
#define MENTORD_WEB_ARTICLES_H
#include <jansson.h>

#include "http/http.h"

/* {"items": [{"title", "href", "sep"}]} with the published guides of phase
 * ("getting_to_know", ...) for audience ("mentor", "mentee", "manager" or
 * NULL), at most three, sep "" before the first and " · " before the
 * others; JSON null when there are none. */
json_t *page_guides_for_phase(req_t *r, const char *phase, const char *audience);
/* {"title", "href"} of the published guide about a health flag
 * ("gone_quiet", ...), or JSON null. */
json_t *page_guide_for_flag(req_t *r, const char *flag);

#endif
