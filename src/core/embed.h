/* Files built into the binary by tools/embed.c: templates, the stylesheet,
 * SQL migrations and the OpenAPI document, each named by its path under src/
 * (e.g. "web/templates/login.html"). The data is static and NUL-terminated. */
#ifndef MENTORD_EMBED_H
#define MENTORD_EMBED_H
#include <stddef.h>

struct embed_file {
	const char *name;
	const char *data;
	size_t len;
};

extern const struct embed_file embed_files[];
extern const int embed_count;

/* NULL if there is no such file. */
const struct embed_file *embed_find(const char *name);

#endif
