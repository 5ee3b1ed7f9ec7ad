/* The inbox's pieces other pages use: the header's count and the list the
 * dashboard leads with. */
#ifndef MENTORD_WEB_INBOX_H
#define MENTORD_WEB_INBOX_H
#include "web/page.h"

/* Adds "inbox_count" to the header's "me" when something waits. */
void web_inbox_header(req_t *r, json_t *me);
/* Adds "inbox" {items[{kind, title, href, when}], has_items, count} to ctx;
 * a service status. */
int web_inbox_json(req_t *r, json_t *ctx);

#endif
