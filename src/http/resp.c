/* Building responses and reading request fields (see http.h). Error bodies
 * follow API.md: {"error": {"code", "message", "fields"?}}. */
#include "http/http.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "http/schema_io.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *http_header(req_t *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static char *form_decode(arena_t *a, const char *s, size_t n);

/* The value of name in an x-www-form-urlencoded string, or NULL. */
static const char *urlenc_value(arena_t *a, const char *s, const char *name)
{
	size_t nlen = strlen(name);
	while (s && *s) {
		const char *amp = strchr(s, '&');
		const char *stop = amp ? amp : s + strlen(s);
		const char *eq = memchr(s, '=', (size_t)(stop - s));
		const char *kend = eq ? eq : stop;
		char *key = form_decode(a, s, (size_t)(kend - s));
		if (strlen(key) == nlen && !memcmp(key, name, nlen))
			return eq ? form_decode(a, eq + 1, (size_t)(stop - eq - 1)) : "";
		s = amp ? amp + 1 : NULL;
	}
	return NULL;
}

const char *http_query(req_t *r, const char *name)
{
	if (r->query)
		return urlenc_value(r->arena, r->query, name);
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_cookie(req_t *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

bool http_method_is(req_t *r, const char *m)
{
	return strcmp(r->method, m) == 0;
}

bool http_is_unsafe(req_t *r)
{
	return !(http_method_is(r, "GET") || http_method_is(r, "HEAD") || http_method_is(r, "OPTIONS"));
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes one x-www-form-urlencoded token into the arena. */
static char *form_decode(arena_t *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
			   hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

int http_form_all(req_t *r, const char *name, const char ***out)
{
	size_t nlen = strlen(name);
	int cap = 8, n = 0;
	const char **vals = arena_alloc(r->arena, sizeof(char *) * (size_t)cap);
	const char *p = r->body, *end = r->body ? r->body + r->body_len : NULL;
	while (p && p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *kend = eq ? eq : stop;
		char *key = form_decode(r->arena, p, (size_t)(kend - p));
		if (strlen(key) == nlen && memcmp(key, name, nlen) == 0) {
			if (n == cap) {
				const char **bigger = arena_alloc(r->arena, sizeof(char *) * (size_t)cap * 2);
				memcpy(bigger, vals, sizeof(char *) * (size_t)cap);
				vals = bigger;
				cap *= 2;
			}
			vals[n++] = eq ? form_decode(r->arena, eq + 1, (size_t)(stop - eq - 1)) : "";
		}
		p = amp ? amp + 1 : end;
	}
	*out = vals;
	return n;
}

const char *http_form(req_t *r, const char *name)
{
	const char **vals;
	return http_form_all(r, name, &vals) > 0 ? vals[0] : NULL;
}

void resp_header(req_t *r, const char *name, const char *value)
{
	if (r->nheaders >= HTTP_MAX_HEADERS)
		abort(); /* a programming error: raise HTTP_MAX_HEADERS */
	r->headers[r->nheaders].name = name;
	r->headers[r->nheaders].value = value;
	r->nheaders++;
}

void resp_text(req_t *r, int status, const char *content_type, const char *body, size_t len)
{
	r->status = status;
	r->content_type = content_type;
	buf_reset(&r->out);
	buf_append(&r->out, body, len);
}

void resp_json(req_t *r, int status, json_t *body)
{
	char *s = body ? json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	json_decref(body);
	if (!s) {
		/* A value jansson refused (not UTF-8) is our bug, never the client's
		 * problem to crash the server with. */
		static const char fallback[] = "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}";
		/* Escaped, so a crafted path cannot forge log lines. */
		buf_t line = BUF_INIT;
		buf_puts(&line, "{\"level\":\"error\",\"msg\":\"unencodable JSON response\",\"path\":");
		sch_write_string(&line, r->path);
		buf_puts(&line, "}\n");
		fputs(line.data, stderr);
		buf_free(&line);
		resp_text(r, 500, "application/json", fallback, sizeof(fallback) - 1);
		return;
	}
	resp_text(r, status, "application/json", s, strlen(s));
	free(s);
}

/* Messages may quote client input (a parser's "near '...'"): replace bytes
 * that are not UTF-8 so the error can always be written as JSON. */
static const char *utf8_clean(arena_t *a, const char *msg)
{
	size_t n = strlen(msg);
	char *out = arena_alloc(a, n + 1), *o = out;
	const unsigned char *p = (const unsigned char *)msg;
	while (*p) {
		/* The text rule's reading of UTF-8, which is jansson's: no
		 * overlong forms, surrogates or code points past U+10FFFF. */
		size_t k = text_utf8_len(p, strlen((const char *)p));
		if (k == 0) {
			*o++ = '?';
			p++;
			continue;
		}
		memcpy(o, p, k);
		o += k;
		p += k;
	}
	*o = '\0';
	return out;
}

static json_t *error_body(const char *code, const char *msg)
{
	return json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg);
}

void resp_error(req_t *r, int status, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	resp_json(r, status, error_body(code, utf8_clean(r->arena, msg)));
}

void resp_invalid(req_t *r, const verr_t *v)
{
	json_t *body = error_body("validation_failed", "some fields are invalid");
	json_t *fields = json_object();
	for (int i = 0; i < v->n; i++)
		json_object_set_new(fields, utf8_clean(r->arena, v->e[i].field),
				    json_string(utf8_clean(r->arena, v->e[i].msg)));
	json_object_set_new(json_object_get(body, "error"), "fields", fields);
	resp_json(r, 422, body);
}

void resp_db(req_t *r, int st)
{
	switch (st) {
	case DB_CONSTRAINT:
		resp_error(r, 409, "conflict", "this conflicts with existing data");
		break;
	case DB_BUSY:
	case DB_CONFLICT:
		resp_header(r, "Retry-After", "1");
		resp_error(r, 503, "busy", "the database is busy; try again");
		break;
	default:
	{
		/* Through jansson, so a crafted path cannot forge log lines. */
		json_t *line = json_pack("{s:s, s:s, s:s, s:s}", "level", "error", "msg", "database error",
					 "path", utf8_clean(r->arena, r->path),
					 "detail", utf8_clean(r->arena, r->db ? db_errmsg(r->db) : ""));
		char *text = line ? json_dumps(line, JSON_COMPACT) : NULL;
		if (text)
			fprintf(stderr, "%s\n", text);
		free(text);
		json_decref(line);
	}
		resp_error(r, 500, "internal", "internal error");
	}
}

void resp_redirect(req_t *r, const char *location)
{
	resp_header(r, "Location", location);
	resp_text(r, 303, "text/plain; charset=utf-8", "See Other\n", 10);
}

void resp_stream(req_t *r, int status, const char *content_type, int (*next)(void *state, buf_t *out),
		 void *state)
{
	r->status = status;
	r->content_type = content_type;
	buf_reset(&r->out);
	r->stream = next;
	r->stream_state = state;
}
