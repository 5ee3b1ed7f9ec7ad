/* The text rule (see text.h). */
#include "core/text.h"

#include <string.h>

size_t text_utf8_len(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	size_t k = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (k == 0 || k > n || (k == 2 && s[0] < 0xC2) || (k == 4 && s[0] > 0xF4))
		return 0;
	for (size_t i = 1; i < k; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	/* Overlong three- and four-byte forms, surrogates, and beyond U+10FFFF. */
	if (k == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
		return 0;
	if (k == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
		return 0;
	return k;
}

bool text_ok(const char *s, size_t len, bool multiline, const char **why)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		size_t k = text_utf8_len(p, (size_t)(end - p));
		if (k == 0) {
			*why = "must be UTF-8 text";
			return false;
		}
		if (k == 1) {
			unsigned char c = *p;
			if (c == '\n' || c == '\t' || c == '\r') {
				if (!multiline || c == '\r') {
					*why = multiline ? "must not contain carriage returns"
							 : "must be a single line (no line breaks or tabs)";
					return false;
				}
			} else if (c < 0x20 || c == 0x7F) {
				*why = "must not contain control characters";
				return false;
			}
		} else if (k == 2 && p[0] == 0xC2 && p[1] < 0xA0) {
			*why = "must not contain control characters"; /* C1: U+0080..U+009F */
			return false;
		}
		p += k;
	}
	return true;
}

size_t text_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *text_trim(arena_t *a, const char *s, size_t len)
{
	while (len && is_space(*s))
		s++, len--;
	while (len && is_space(s[len - 1]))
		len--;
	return arena_strndup(a, s, len);
}

char *text_lf(arena_t *a, const char *s, size_t *len)
{
	char *out = arena_alloc(a, *len + 1), *o = out;
	for (size_t i = 0; i < *len; i++) {
		if (s[i] == '\r') {
			*o++ = '\n';
			if (i + 1 < *len && s[i + 1] == '\n')
				i++;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

bool text_email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
		return false;
	const char *dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',' || *p == ';')
			return false;
	return true;
}
