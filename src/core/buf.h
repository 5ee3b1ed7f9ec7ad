/* A growable byte buffer with checked appends (after Redis sds and git
 * strbuf). The contents are always NUL-terminated. A buf owns its memory on
 * the heap; buf_free() releases it, buf_detach() hands it to the caller. */
#ifndef MENTORD_BUF_H
#define MENTORD_BUF_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct buf {
	char *data;
	size_t len, cap;
} buf_t;

#define BUF_INIT {NULL, 0, 0}

void buf_grow(buf_t *b, size_t extra);
void buf_append(buf_t *b, const void *p, size_t n);
void buf_puts(buf_t *b, const char *s);
void buf_putc(buf_t *b, char c);
/* v in decimal, without printf, written at the end of tmp: returns where
 * it starts, and its length in *n (no NUL). */
enum { BUF_INT_CHARS = 24 };
const char *buf_int_digits(char tmp[BUF_INT_CHARS], int64_t v, size_t *n);
/* An integer in decimal, without printf. */
void buf_put_int(buf_t *b, int64_t v);
void buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf_t *b, const char *fmt, va_list ap);
/* HTML-escape s (&, <, >, ", ') onto b. */
void buf_put_html(buf_t *b, const char *s);
/* Percent-encode s for a URL query component. */
void buf_put_urlenc(buf_t *b, const char *s);
void buf_reset(buf_t *b);
/* Never NULL: an empty buffer yields "". */
const char *buf_cstr(const buf_t *b);
/* The caller owns the returned heap string; b is left empty. */
char *buf_detach(buf_t *b, size_t *len);
void buf_free(buf_t *b);

#endif
