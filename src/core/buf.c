/* Growable string buffer; see buf.h. Growth doubles the capacity so a run of
 * appends is amortised O(1); sizes are checked for overflow. */
#include "core/buf.h"
#include "core/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_grow(buf_t *b, size_t extra)
{
	if (b->len + extra + 1 < b->len)
		abort();
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) {
		if (cap > SIZE_MAX / 2)
			abort();
		cap *= 2;
	}
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void buf_append(buf_t *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(buf_t *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_putc(buf_t *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

const char *buf_int_digits(char tmp[BUF_INT_CHARS], int64_t v, size_t *n)
{
	char *p = tmp + BUF_INT_CHARS;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	*n = (size_t)(tmp + BUF_INT_CHARS - p);
	return p;
}

void buf_put_int(buf_t *b, int64_t v)
{
	char tmp[BUF_INT_CHARS];
	size_t n;
	const char *p = buf_int_digits(tmp, v, &n);
	buf_append(b, p, n);
}

void buf_vprintf(buf_t *b, const char *fmt, va_list ap)
{
	/* Most writes fit in what is left: one formatting pass, and a second
	 * only when the buffer had to grow. */
	buf_grow(b, 64);
	va_list ap2;
	va_copy(ap2, ap);
	size_t room = b->cap - b->len;
	int n = vsnprintf(b->data + b->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	if ((size_t)n >= room) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(buf_t *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_put_html(buf_t *b, const char *s)
{
	/* A page escapes thousands of values: runs of plain text are found by
	 * table and copied whole. 1 marks the end, 2 to 6 an entity. */
	static const unsigned char stop[256] = {[0] = 1, ['&'] = 2, ['<'] = 3, ['>'] = 4, ['"'] = 5, ['\''] = 6};
	static const struct {
		const char *s;
		size_t n;
	} rep[] = {{"", 0}, {"", 0}, {"&amp;", 5}, {"&lt;", 4}, {"&gt;", 4}, {"&quot;", 6}, {"&#39;", 5}};
	for (;;) {
		const char *run = s;
		while (!stop[(unsigned char)*s])
			s++;
		buf_append(b, run, (size_t)(s - run));
		unsigned k = stop[(unsigned char)*s];
		if (k == 1)
			return;
		buf_append(b, rep[k].s, rep[k].n);
		s++;
	}
}

void buf_put_urlenc(buf_t *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(b, e, 3);
		}
	}
}

void buf_reset(buf_t *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

const char *buf_cstr(const buf_t *b)
{
	return b->data ? b->data : "";
}

char *buf_detach(buf_t *b, size_t *len)
{
	if (!b->data)
		buf_grow(b, 0), b->data[0] = '\0';
	char *p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void buf_free(buf_t *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
