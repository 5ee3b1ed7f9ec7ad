/* Server-rendered pages for every role: usable without JavaScript, one small
 * stylesheet, templates built into the binary (see tmpl.h), HTML escaping
 * done by the template engine itself. */
#ifndef MENTORD_WEB_H
#define MENTORD_WEB_H
#include "http/http.h"

/* Registers the page routes (and /static/). */
void web_register(void);

#endif
