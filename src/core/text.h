/* The one text rule of mentord, applied to every string that comes in (JSON
 * bodies, form posts, query strings, CSV cells, the command line): valid
 * UTF-8; no NUL, no C0 control character, no DEL, no C1 control character;
 * a single-line field refuses CR, LF and TAB, a multi-line field allows LF
 * and TAB (forms' CRLF is read as LF before the rule is applied). */
#ifndef MENTORD_TEXT_H
#define MENTORD_TEXT_H
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

/* Checks s[0..len) against the rule; on failure *why says what is wrong
 * (a static sentence fragment: "must not contain control characters"). */
bool text_ok(const char *s, size_t len, bool multiline, const char **why);
/* The number of characters (code points) of valid UTF-8 text. */
size_t text_chars(const char *s, size_t len);
/* s without surrounding ASCII white space, copied into a. */
char *text_trim(arena_t *a, const char *s, size_t len);
/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
size_t text_utf8_len(const unsigned char *s, size_t n);
/* CRLF and lone CR turned into LF, copied into a (*len updated). */
char *text_lf(arena_t *a, const char *s, size_t *len);
/* A plausible email address: one @, a dot in the domain, no spaces or
 * list separators, at most 254 bytes. */
bool text_email_ok(const char *s);

#endif
