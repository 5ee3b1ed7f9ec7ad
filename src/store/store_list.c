/* JSON arrays as statement parameters (store_list.h): values are written
 * straight into a buffer, strings escaped as JSON asks (quote, backslash,
 * control characters); everything else in UTF-8 passes as it is. */
#include "store/store_list.h"

#include <string.h>

void store_list_init(store_list_t *l)
{
	*l = (store_list_t){.b = BUF_INIT, .in_row = -1};
	buf_putc(&l->b, '[');
}

/* The separator before a value: a comma after the row's (or the list's)
 * previous value. */
static void sep(store_list_t *l)
{
	if (l->in_row >= 0) {
		if (l->in_row++)
			buf_putc(&l->b, ',');
	} else if (l->n++) {
		buf_putc(&l->b, ',');
	}
}

void store_list_row(store_list_t *l)
{
	if (l->in_row >= 0)
		buf_putc(&l->b, ']');
	if (l->n++)
		buf_putc(&l->b, ',');
	buf_putc(&l->b, '[');
	l->in_row = 0;
}

void store_list_int(store_list_t *l, int64_t v)
{
	sep(l);
	buf_put_int(&l->b, v);
}

void store_list_text(store_list_t *l, const char *s)
{
	sep(l);
	if (!s) {
		buf_puts(&l->b, "null");
		return;
	}
	buf_putc(&l->b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(&l->b, '\\');
			buf_putc(&l->b, (char)*p);
		} else if (*p < 0x20) {
			buf_printf(&l->b, "\\u%04x", *p);
		} else {
			buf_putc(&l->b, (char)*p);
		}
	}
	buf_putc(&l->b, '"');
}

const char *store_list_json(store_list_t *l, arena_t *a)
{
	if (l->in_row >= 0)
		buf_putc(&l->b, ']');
	buf_putc(&l->b, ']');
	const char *s = arena_strdup(a, buf_cstr(&l->b));
	buf_free(&l->b);
	l->in_row = -1;
	return s;
}
