/* A connection of our own making for the request fuzz targets: the
 * headers, cookies and query arguments of one request, as libmicrohttpd
 * would hand them over (see conn.h). libmicrohttpd's lookups are wrapped
 * at link time, for the fuzz executables only (fuzz/meson.build passes
 * -Wl,--wrap=MHD_lookup_connection_value,--wrap=MHD_get_connection_values_n):
 * they answer from this connection when the request's is this one, and
 * from libmicrohttpd otherwise. */
#include "conn.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define FZ_CONN_MAGIC 0x667a636fu

typedef struct fz_kv {
	enum MHD_ValueKind kind;
	const char *key, *value; /* value NULL: a query argument without '=' */
	size_t key_len, value_len;
} fz_kv_t;

typedef struct fz_conn {
	uint32_t magic;
	fz_kv_t kv[96];
	int n;
} fz_conn_t;

static fz_conn_t conn;

const char *__real_MHD_lookup_connection_value(struct MHD_Connection *c, enum MHD_ValueKind kind,
					       const char *key);
const char *__wrap_MHD_lookup_connection_value(struct MHD_Connection *c, enum MHD_ValueKind kind,
					       const char *key);
int __real_MHD_get_connection_values_n(struct MHD_Connection *c, enum MHD_ValueKind kind,
				       MHD_KeyValueIteratorN it, void *cls);
int __wrap_MHD_get_connection_values_n(struct MHD_Connection *c, enum MHD_ValueKind kind,
				       MHD_KeyValueIteratorN it, void *cls);

static bool is_fake(const void *c)
{
	return c && ((const fz_conn_t *)c)->magic == FZ_CONN_MAGIC;
}

/* libmicrohttpd compares header names without case, and query argument and
 * cookie names exactly. */
static bool key_is(const fz_kv_t *kv, const char *key)
{
	size_t n = strlen(key);
	if (kv->key_len != n)
		return false;
	return kv->kind == MHD_HEADER_KIND ? strncasecmp(kv->key, key, n) == 0 : memcmp(kv->key, key, n) == 0;
}

const char *__wrap_MHD_lookup_connection_value(struct MHD_Connection *c, enum MHD_ValueKind kind,
					       const char *key)
{
	if (!is_fake(c))
		return c ? __real_MHD_lookup_connection_value(c, kind, key) : NULL;
	const fz_conn_t *f = (const fz_conn_t *)c;
	for (int i = 0; key && i < f->n; i++)
		if ((f->kv[i].kind & kind) && key_is(&f->kv[i], key))
			return f->kv[i].value;
	return NULL;
}

int __wrap_MHD_get_connection_values_n(struct MHD_Connection *c, enum MHD_ValueKind kind,
				       MHD_KeyValueIteratorN it, void *cls)
{
	if (!is_fake(c))
		return __real_MHD_get_connection_values_n(c, kind, it, cls);
	const fz_conn_t *f = (const fz_conn_t *)c;
	int n = 0;
	for (int i = 0; i < f->n; i++) {
		if (!(f->kv[i].kind & kind))
			continue;
		n++;
		if (it && it(cls, f->kv[i].kind, f->kv[i].key, f->kv[i].key_len, f->kv[i].value,
			     f->kv[i].value_len) != MHD_YES)
			break;
	}
	return n;
}

static void add(arena_t *a, enum MHD_ValueKind kind, const char *k, size_t kn, const char *v, size_t vn,
		     bool has_value)
{
	if (conn.n == (int)(sizeof(conn.kv) / sizeof(conn.kv[0])))
		return;
	fz_kv_t *kv = &conn.kv[conn.n++];
	kv->kind = kind;
	kv->key = arena_strndup(a, k, kn);
	kv->key_len = kn;
	kv->value = has_value ? arena_strndup(a, v, vn) : NULL;
	kv->value_len = has_value ? vn : 0;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes like libmicrohttpd's MHD_http_unescape for query arguments: '+'
 * is a space, %XX a byte (an encoded NUL included), anything else as is. */
static size_t unescape(char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			s[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			s[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

/* The query string as libmicrohttpd hands it over: pairs split at '&',
 * names and values unescaped, a name without '=' has no value. */
void fz_conn_query(arena_t *a, const char *q)
{
	while (q && *q) {
		const char *amp = strchr(q, '&');
		size_t len = amp ? (size_t)(amp - q) : strlen(q);
		if (len) {
			char *part = arena_strndup(a, q, len);
			char *eq = memchr(part, '=', len);
			size_t kn = eq ? (size_t)(eq - part) : len;
			kn = unescape(part, kn);
			if (eq) {
				size_t vn = unescape(eq + 1, len - (size_t)(eq + 1 - part));
				add(a, MHD_GET_ARGUMENT_KIND, part, kn, eq + 1, vn, true);
			} else {
				add(a, MHD_GET_ARGUMENT_KIND, part, kn, NULL, 0, false);
			}
		}
		q = amp ? amp + 1 : NULL;
	}
}

/* A Cookie header as libmicrohttpd splits it: "a=b; c=d". */
static void cookies(arena_t *a, const char *v)
{
	while (*v) {
		while (*v == ' ' || *v == ';')
			v++;
		const char *end = v + strcspn(v, ";");
		const char *eq = memchr(v, '=', (size_t)(end - v));
		if (eq && eq > v) {
			const char *val = eq + 1;
			size_t vn = (size_t)(end - val);
			if (vn >= 2 && val[0] == '"' && val[vn - 1] == '"')
				val++, vn -= 2;
			add(a, MHD_COOKIE_KIND, v, (size_t)(eq - v), val, vn, true);
		}
		v = end;
	}
}

void fz_conn_header(arena_t *a, const char *name, const char *value)
{
	add(a, MHD_HEADER_KIND, name, strlen(name), value, strlen(value), true);
	if (strcasecmp(name, "Cookie") == 0)
		cookies(a, value);
}

void *fz_conn_reset(void)
{
	memset(&conn, 0, sizeof(conn));
	conn.magic = FZ_CONN_MAGIC;
	return &conn;
}
