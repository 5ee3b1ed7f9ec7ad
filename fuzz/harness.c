/* The request fuzz targets' shared harness (see harness.h).
 *
 * Two seams are cut at link time, for the fuzz executables only
 * (fuzz/meson.build passes -Wl,--wrap=...):
 *   - libmicrohttpd's lookups of request values (MHD_lookup_connection_value,
 *     MHD_get_connection_values_n) answer from a fz_conn_t when the
 *     request's connection is one, so a request needs no socket;
 *   - router_match hands the API dispatcher a copy of the matched endpoint
 *     whose service call is checked_call, which traps when the service
 *     returns with its transaction open (api/dispatch.c would roll it back
 *     silently, so the fuzzers could not see it otherwise).
 * The pool's one SQLite connection is found through an auto-extension, so
 * the fixture can be copied aside and put back with SQLite's backup API
 * without a hook in the product. */
#include "harness.h"
#include "fixture.h"

#include "api/endpoint.h"
#include "cli/cli.h"
#include "core/xalloc.h"
#include "http/auth.h"
#include "store/store.h"

#include <jansson.h>
#include <microhttpd.h>
#include <sanitizer/common_interface_defs.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const fz_who_names[FZ_NWHO] = {"anon", "admin", "manager", "mentor", "mentee", "member", "mentor2",
					   "mentee2"};
const char *const fz_auth_names[FZ_NAUTH] = {"cookie", "bearer", "bare"};

static app_t app;
static sqlite3 *live;     /* the pool's connection */
static sqlite3 *snapshot; /* the fixture, copied aside */
static int64_t changes_at_reset;
static bool in_input;

/* ---- a connection of our own making ---- */

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
const route_t *__real_router_match(req_t *r, bool *path_known);
const route_t *__wrap_router_match(req_t *r, bool *path_known);

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

static void conn_add(arena_t *a, enum MHD_ValueKind kind, const char *k, size_t kn, const char *v, size_t vn,
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
static void conn_query(arena_t *a, const char *q)
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
				conn_add(a, MHD_GET_ARGUMENT_KIND, part, kn, eq + 1, vn, true);
			} else {
				conn_add(a, MHD_GET_ARGUMENT_KIND, part, kn, NULL, 0, false);
			}
		}
		q = amp ? amp + 1 : NULL;
	}
}

/* A Cookie header as libmicrohttpd splits it: "a=b; c=d". */
static void conn_cookies(arena_t *a, const char *v)
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
			conn_add(a, MHD_COOKIE_KIND, v, (size_t)(eq - v), val, vn, true);
		}
		v = end;
	}
}

static void conn_header(arena_t *a, const char *name, const char *value)
{
	conn_add(a, MHD_HEADER_KIND, name, strlen(name), value, strlen(value), true);
	if (strcasecmp(name, "Cookie") == 0)
		conn_cookies(a, value);
}

/* ---- the service check ---- */

static const api_endpoint_t *checked_ep;
static api_endpoint_t checked_copy;
static route_t checked_route;

static int checked_call(svc_t *s, const void *in, void *out)
{
	int st = checked_ep->call(s, in, out);
	if (db_in_tx(s->db))
		fz_fail("the service of %s returned %d with its transaction open", checked_ep->operation_id, st);
	return st;
}

const route_t *__wrap_router_match(req_t *r, bool *path_known)
{
	const route_t *rt = __real_router_match(r, path_known);
	if (!rt || !rt->data)
		return rt;
	const api_endpoint_t *ep = rt->data;
	if (ep < api_endpoints || ep >= api_endpoints + api_endpoints_count || !ep->call)
		return rt;
	checked_ep = ep;
	checked_copy = *ep;
	checked_copy.call = checked_call;
	checked_route = *rt;
	checked_route.data = &checked_copy;
	r->route_data = &checked_copy;
	return &checked_route;
}

/* ---- the database ---- */

/* What the current request wrote besides a credential's last use (a
 * bearer token or the calendar feed's secret records when it was used). */
static char wrote_table[64];

static void mark_dirty(const char *name);

static void on_update(void *arg, int op, const char *db, const char *table, sqlite3_int64 rowid)
{
	(void)arg, (void)rowid;
	if (strcmp(db, "main"))
		return; /* the fixture's copy, while it is repaired from */
	mark_dirty(table);
	if (op != SQLITE_UPDATE || (strcmp(table, "api_tokens") && strcmp(table, "calendar_tokens")))
		if (!wrote_table[0])
			snprintf(wrote_table, sizeof(wrote_table), "%s", table);
}

static int capture(sqlite3 *h, char **err, const struct sqlite3_api_routines *api)
{
	(void)err, (void)api;
	if (!live)
		live = h;
	return SQLITE_OK;
}

static void copy_db(sqlite3 *to, const char *to_name, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, to_name, from, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK) {
		fprintf(stderr, "fuzz: copying the database failed: %s\n", sqlite3_errmsg(to));
		abort();
	}
}

/* Putting the fixture back. Copying the whole database back resets the
 * connection's schema, and re-preparing every statement made a request
 * that writes five times dearer than one that reads. Instead each table a
 * request touched is repaired against a copy of the fixture attached as
 * fzsnap: rows it added deleted (children before parents), rows it changed
 * set back, rows it deleted put back (parents first), by statements
 * prepared once. mentord's own triggers fire while it is done and touch
 * further tables, which are repaired in turn, until a round changes
 * nothing: then every table is as the fixture left it. The update hook
 * does not see tables WITHOUT ROWID, so those are always repaired. Should
 * a round fail (a unique value moved between rows) or never settle, the
 * whole copy is put back. */
static void exec_or_die(const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(live, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fuzz: %s: %s\n", err ? err : "?", sql);
		abort();
	}
}

typedef struct fz_table {
	char *name;
	bool rowid;     /* false: WITHOUT ROWID, found by its primary key */
	bool dirty;
	char **parents; /* the tables its foreign keys name */
	int nparents;
	sqlite3_stmt *del, *upd, *ins;
} fz_table_t;

static fz_table_t *tables;
static int ntables;
static int *order; /* parents before children */

static void mark_dirty(const char *name)
{
	for (int i = 0; i < ntables; i++)
		if (!strcmp(tables[i].name, name)) {
			tables[i].dirty = true;
			return;
		}
}

static sqlite3_stmt *prepare(const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(live, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "fuzz: %s: %s\n", sqlite3_errmsg(live), sql);
		abort();
	}
	return st;
}

/* The repair statements of table t. */
static void repair_statements(fz_table_t *t)
{
	buf_t cols = BUF_INIT, key = BUF_INIT, match = BUF_INIT, sql = BUF_INIT;
	sqlite3_stmt *st = prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid");
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);
		buf_printf(&cols, "%s\"%s\"", cols.len ? "," : "", c);
		if (sqlite3_column_int(st, 1) && !t->rowid) {
			buf_printf(&key, "%s\"%s\"", key.len ? "," : "", c);
			buf_printf(&match, "%ss.\"%s\" = main.\"%s\".\"%s\"", match.len ? " AND " : "", c, t->name, c);
		}
	}
	sqlite3_finalize(st);
	if (t->rowid) {
		buf_puts(&key, "rowid");
		buf_printf(&match, "s.rowid = main.\"%s\".rowid", t->name);
	}
	const char *n = t->name, *k = key.data, *all = t->rowid ? "rowid, *" : "*";
	buf_printf(&sql, "DELETE FROM main.\"%s\" WHERE (%s) NOT IN (SELECT %s FROM fzsnap.\"%s\")", n, k, k, n);
	t->del = prepare(sql.data);
	buf_reset(&sql);
	buf_printf(&sql, "UPDATE main.\"%s\" SET (%s) = (SELECT %s FROM fzsnap.\"%s\" s WHERE %s) WHERE (%s) IN "
			 "(SELECT %s FROM (SELECT %s FROM main.\"%s\" EXCEPT SELECT %s FROM fzsnap.\"%s\"))",
		   n, cols.data, cols.data, n, match.data, k, k, all, n, all, n);
	t->upd = prepare(sql.data);
	buf_reset(&sql);
	buf_printf(&sql, "INSERT INTO main.\"%s\" (%s%s) SELECT %s%s FROM fzsnap.\"%s\" WHERE (%s) NOT IN "
			 "(SELECT %s FROM main.\"%s\")",
		   n, t->rowid ? "rowid," : "", cols.data, t->rowid ? "rowid," : "", cols.data, n, k, k, n);
	t->ins = prepare(sql.data);
	buf_free(&cols);
	buf_free(&key);
	buf_free(&match);
	buf_free(&sql);
}

static bool placed(const bool *done, const fz_table_t *t)
{
	for (int p = 0; p < t->nparents; p++)
		for (int j = 0; j < ntables; j++)
			if (!done[j] && strcmp(tables[j].name, t->name) && !strcmp(tables[j].name, t->parents[p]))
				return false;
	return true;
}

static void repair_install(void)
{
	exec_or_die("ATTACH ':memory:' AS fzsnap");
	copy_db(live, "fzsnap", snapshot);
	sqlite3_stmt *st = prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
				   " AND name NOT LIKE 'sqlite_%' ORDER BY name");
	while (sqlite3_step(st) == SQLITE_ROW) {
		tables = xrealloc(tables, sizeof(*tables) * (size_t)(ntables + 1));
		tables[ntables++] = (fz_table_t){.name = xstrdup((const char *)sqlite3_column_text(st, 0)),
						 .rowid = !sqlite3_column_int(st, 1)};
	}
	sqlite3_finalize(st);
	for (int i = 0; i < ntables; i++) {
		fz_table_t *t = &tables[i];
		st = prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)");
		sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			t->parents = xrealloc(t->parents, sizeof(char *) * (size_t)(t->nparents + 1));
			t->parents[t->nparents++] = xstrdup((const char *)sqlite3_column_text(st, 0));
		}
		sqlite3_finalize(st);
		repair_statements(t);
	}
	/* Parents before children (a cycle keeps its tables in name order). */
	order = xcalloc((size_t)ntables, sizeof(int));
	bool *done = xcalloc((size_t)ntables, sizeof(bool));
	for (int n = 0; n < ntables;) {
		int before = n;
		for (int i = 0; i < ntables; i++)
			if (!done[i] && placed(done, &tables[i]))
				done[i] = true, order[n++] = i;
		if (n == before)
			for (int i = 0; i < ntables; i++)
				if (!done[i]) {
					done[i] = true, order[n++] = i;
					break;
				}
	}
	free(done);
}

static int step_changes(sqlite3_stmt *st, bool *ok)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		*ok = false;
		return 0;
	}
	return sqlite3_changes(live);
}

/* One round over the dirty tables; the number of rows it changed. */
static int repair_round(bool *ok)
{
	int changed = 0;
	for (int i = ntables - 1; i >= 0 && *ok; i--)
		if (tables[order[i]].dirty)
			changed += step_changes(tables[order[i]].del, ok);
	for (int i = 0; i < ntables && *ok; i++)
		if (tables[order[i]].dirty)
			changed += step_changes(tables[order[i]].upd, ok);
	for (int i = 0; i < ntables && *ok; i++)
		if (tables[order[i]].dirty)
			changed += step_changes(tables[order[i]].ins, ok);
	return changed;
}

/* The first table that differs from the fixture's copy, or NULL. */
static const char *drifted(void)
{
	for (int i = 0; i < ntables; i++) {
		const char *name = tables[i].name, *r = tables[i].rowid ? "rowid, " : "";
		char sql[512];
		snprintf(sql, sizeof(sql),
			 "SELECT (SELECT count(*) FROM (SELECT %s* FROM main.\"%s\" EXCEPT SELECT %s* FROM fzsnap.\"%s\"))"
			 " + (SELECT count(*) FROM (SELECT %s* FROM fzsnap.\"%s\" EXCEPT SELECT %s* FROM main.\"%s\"))",
			 r, name, r, name, r, name, r, name);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(live, sql, -1, &st, NULL))
			abort();
		bool differs = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) != 0;
		sqlite3_finalize(st);
		if (differs)
			return name;
	}
	return NULL;
}

void fz_reset(void)
{
	static unsigned resets;
	if (sqlite3_total_changes64(live) == changes_at_reset)
		return;
	for (int i = 0; i < ntables; i++)
		tables[i].dirty |= !tables[i].rowid;
	bool ok = true;
	int rounds = 0;
	exec_or_die("BEGIN");
	while (ok && repair_round(&ok) > 0 && ++rounds < 8)
		;
	ok = ok && rounds < 8 && sqlite3_exec(live, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
	if (!ok)
		sqlite3_exec(live, "ROLLBACK", NULL, NULL, NULL);
	/* Now and then, and when MENTORD_FUZZ_VERIFY is set, every table. */
	const char *t = !ok ? "a table" : (++resets % 256 == 0 || getenv("MENTORD_FUZZ_VERIFY")) ? drifted() : NULL;
	if (t) {
		static int told;
		if (ok && told++ < 5)
			fprintf(stderr, "fuzz: repairing left %s unlike the fixture; copying it back whole\n", t);
		copy_db(live, "main", snapshot);
	}
	for (int i = 0; i < ntables; i++)
		tables[i].dirty = false;
	changes_at_reset = sqlite3_total_changes64(live);
}

app_t *fz_app(void)
{
	return &app;
}

db_t *fz_db_acquire(void)
{
	fz_reset();
	return db_pool_acquire(app.pool);
}

void fz_db_release(db_t *db)
{
	if (db_in_tx(db))
		fz_fail("a transaction was left open");
	db_pool_release(app.pool, db);
}

void fz_end_input(void)
{
	in_input = false;
}

/* ---- contracts ---- */

void fz_fail(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "fuzz: broken contract: %s\n", msg);
	/* Also where the sanitizers report: stderr may be closed
	 * (-close_fd_mask=2) or captured by the target. */
	__sanitizer_report_error_summary(msg);
	__builtin_trap();
}

bool fz_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		if (!k || i + k > n)
			return false;
		uint32_t cp = k == 1 ? c : k == 2 ? c & 0x1f : k == 3 ? c & 0x0f : c & 0x07;
		for (size_t j = 1; j < k; j++) {
			if ((p[i + j] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + j] & 0x3f);
		}
		static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
		if (cp < least[k] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += k;
	}
	return true;
}

static const char *header_of(const req_t *r, const char *name)
{
	for (int i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

static void check_error_shape(const fz_req_t *q, const req_t *r, json_t *j)
{
	json_t *e = json_object_get(j, "error");
	if (!json_is_object(e) || !json_is_string(json_object_get(e, "code")) ||
	    !json_is_string(json_object_get(e, "message")) || !*json_string_value(json_object_get(e, "code")))
		fz_fail("%s %s answered %d with an error not in the documented shape: %s", q->method, q->path,
			r->status, buf_cstr(&r->out));
	json_t *fields = json_object_get(e, "fields");
	if (fields) {
		const char *k;
		json_t *v;
		if (!json_is_object(fields) || json_object_size(fields) == 0)
			fz_fail("%s %s: error.fields is not an object of field problems: %s", q->method, q->path,
				buf_cstr(&r->out));
		json_object_foreach(fields, k, v) if (!json_is_string(v) || !*json_string_value(v))
			fz_fail("%s %s: error.fields[\"%s\"] is not a message: %s", q->method, q->path, k,
				buf_cstr(&r->out));
	}
	if (r->status == 422 && !fields && !json_object_get(e, "smart") && !json_object_get(e, "rows"))
		fz_fail("%s %s answered 422 without naming what is wrong: %s", q->method, q->path,
			buf_cstr(&r->out));
}

static bool is_json(const req_t *r)
{
	return r->content_type && strncmp(r->content_type, "application/json", 16) == 0;
}

static void check_api(const fz_req_t *q, const req_t *r)
{
	const api_endpoint_t *ep = r->route_data;
	bool endpoint = ep && ep >= api_endpoints && ep < api_endpoints + api_endpoints_count;
	if (ep == &checked_copy)
		ep = checked_ep, endpoint = true;
	if (r->status >= 400 || is_json(r)) {
		if (!is_json(r))
			fz_fail("%s %s answered %d as %s, not JSON", q->method, q->path, r->status,
				r->content_type ? r->content_type : "(no type)");
		json_error_t err;
		json_t *j = json_loadb(r->out.data ? r->out.data : "", r->out.len, JSON_REJECT_DUPLICATES, &err);
		if (!j)
			fz_fail("%s %s answered %d with invalid JSON (%s): %.400s", q->method, q->path, r->status,
				err.text, buf_cstr(&r->out));
		if (r->status >= 400)
			check_error_shape(q, r, j);
		json_decref(j);
	}
	if (endpoint && ep->call && r->status < 400 && r->status != ep->status)
		fz_fail("%s answered %d, but its declared status is %d", ep->operation_id, r->status, ep->status);
	if (r->status == 401 && !header_of(r, "WWW-Authenticate"))
		fz_fail("%s %s answered 401 without WWW-Authenticate", q->method, q->path);
}

static void check_page(const fz_req_t *q, const req_t *r)
{
	if (r->status == 301 || r->status == 302 || r->status == 303 || r->status == 307) {
		const char *loc = header_of(r, "Location");
		if (!loc || loc[0] != '/' || loc[1] == '/' || loc[1] == '\\' || strpbrk(loc, "\r\n"))
			fz_fail("%s %s redirects off the site: %s", q->method, q->path, loc ? loc : "(none)");
		return;
	}
	if (!fz_utf8(r->out.data ? r->out.data : "", r->out.len))
		fz_fail("%s %s answered %d with text that is not UTF-8", q->method, q->path, r->status);
	bool html = r->content_type && strncmp(r->content_type, "text/html", 9) == 0;
	if (html && r->out.len && memmem(r->out.data, r->out.len, "<fz", 3))
		fz_fail("%s %s: text from the request reached the page unescaped (\"<fz\" in the HTML)", q->method,
			q->path);
}

/* ---- requests ---- */

typedef struct cred {
	const char *cookie, *csrf, *bearer;
} cred_t;

static cred_t creds[FZ_NCRED];
static req_t cur;
static fz_resp_t resp;
static char *body_copy;

const char *fz_csrf(fz_who_t who)
{
	return who > FZ_ANON && (int)who < FZ_NCRED && creds[who].csrf ? creds[who].csrf : "";
}

static void finish_current(void)
{
	if (cur.arena) {
		buf_free(&cur.out);
		arena_free(cur.arena);
	}
	memset(&cur, 0, sizeof(cur));
	free(body_copy);
	body_copy = NULL;
}

static bool is_safe(const char *m)
{
	return !strcmp(m, "GET") || !strcmp(m, "HEAD");
}

const fz_resp_t *fz_run(const fz_req_t *q)
{
	if (!in_input) {
		fz_reset();
		in_input = true;
	}
	finish_current();
	req_t *r = &cur;
	r->arena = arena_new();
	memset(&conn, 0, sizeof(conn));
	conn.magic = FZ_CONN_MAGIC;
	for (int i = 0; i < q->nhdr; i++)
		conn_header(r->arena, q->hdr[i].name, q->hdr[i].value);
	if (q->content_type)
		conn_header(r->arena, "Content-Type", q->content_type);
	const cred_t *c = q->who > FZ_ANON && (int)q->who < FZ_NCRED ? &creds[q->who] : NULL;
	if (c && q->auth == FZ_BEARER && c->bearer)
		conn_header(r->arena, "Authorization", arena_printf(r->arena, "Bearer %s", c->bearer));
	if (c && q->auth != FZ_BEARER && c->cookie)
		conn_header(r->arena, "Cookie", arena_printf(r->arena, "%s=%s", AUTH_COOKIE, c->cookie));
	if (c && q->auth == FZ_COOKIE && c->csrf)
		conn_header(r->arena, "X-CSRF-Token", c->csrf);
	conn_query(r->arena, q->query);

	/* The server reads the body into a NUL-terminated buffer. */
	if (q->body_len) {
		body_copy = xmalloc(q->body_len + 1);
		memcpy(body_copy, q->body, q->body_len);
		body_copy[q->body_len] = '\0';
	}
	r->app = &app;
	r->conn = &conn;
	r->method = q->method;
	r->path = q->path;
	r->ip = "192.0.2.1";
	r->status = 500;
	r->body = body_copy;
	r->body_len = q->body_len;
	wrote_table[0] = '\0';
	if (q->body_len > app.max_body) {
		resp_error(r, 413, "too_large", "too large"); /* the server answers before dispatching */
	} else {
		http_dispatch(r);
	}
	if (r->db) {
		if (db_in_tx(r->db))
			fz_fail("%s %s left a transaction open", q->method, q->path);
		db_pool_release(app.pool, r->db);
		r->db = NULL;
	}
	if (r->status == 500 || r->status < 200 || r->status > 599)
		fz_fail("%s %s answered %d: %.600s", q->method, q->path, r->status, buf_cstr(&r->out));
	if (r->api)
		check_api(q, r);
	else
		check_page(q, r);
	if (is_safe(q->method) && wrote_table[0])
		fz_fail("%s %s wrote to the database (%s)", q->method, q->path, wrote_table);
	resp = (fz_resp_t){.status = r->status, .content_type = r->content_type, .body = buf_cstr(&r->out),
			   .len = r->out.len, .location = header_of(r, "Location"), .req = r};
	return &resp;
}

/* ---- the cast's credentials ---- */

static void log_in(int who, const char *email)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}", email, FZ_PASSWORD);
	fz_req_t q = {.method = "POST", .path = "/api/v1/auth/login", .body = body, .body_len = strlen(body),
		      .content_type = "application/json"};
	const fz_resp_t *a = fz_run(&q);
	const char *set = header_of(a->req, "Set-Cookie");
	json_t *j = json_loadb(a->body, a->len, 0, NULL);
	const char *csrf = json_string_value(json_object_get(j, "csrf_token"));
	if (a->status != 200 || !set || !csrf) {
		fprintf(stderr, "fuzz: logging in as %s failed (%d): %s\n", email, a->status, a->body);
		abort();
	}
	const char *v = set + strlen(AUTH_COOKIE) + 1;
	creds[who].cookie = xstrndup(v, strcspn(v, ";"));
	creds[who].csrf = xstrdup(csrf);
	json_decref(j);

	fz_req_t t = {.method = "POST", .path = "/api/v1/tokens", .who = who, .auth = FZ_COOKIE};
	a = fz_run(&t);
	j = json_loadb(a->body, a->len, 0, NULL);
	const char *tok = json_string_value(json_object_get(j, "token"));
	if (a->status != 201 || !tok) {
		fprintf(stderr, "fuzz: a token for %s failed (%d): %s\n", email, a->status, a->body);
		abort();
	}
	creds[who].bearer = xstrdup(tok);
	json_decref(j);
}

void fz_init(void)
{
	char *err = NULL;
	/* A fixed "now", so an input does the same whenever it is replayed. */
	setenv("MENTORD_NOW", FZ_NOW, 0);
	json_set_alloc_funcs(xmalloc, free);
	if (auth_init() != 0)
		abort();
	app.pw_ops = crypto_pwhash_OPSLIMIT_MIN;
	app.pw_mem = crypto_pwhash_MEMLIMIT_MIN;
	app.max_body = 1 << 20;
	app.listen = "127.0.0.1:0";
	sqlite3_auto_extension((void (*)(void))capture);
	if (db_pool_open("sqlite::memory:", 1, &app.pool, &err) != DB_OK) {
		fprintf(stderr, "fuzz: %s\n", err);
		abort();
	}
	sqlite3_cancel_auto_extension((void (*)(void))capture);
	if (live)
		sqlite3_update_hook(live, on_update, NULL);
	db_t *db = db_pool_acquire(app.pool);
	if (!live || store_migrate(db, &err) != DB_OK) {
		fprintf(stderr, "fuzz: %s\n", err ? err : "no connection seen");
		abort();
	}
	db_pool_release(app.pool, db);
	serve_compose(&app);
	fixture_admin(&app);
	in_input = true; /* the fixture builds on itself: no reset between its requests */
	log_in(FZ_ADMIN, fixture_email(FZ_ADMIN));
	fixture_build(log_in);
	in_input = false;
	if (sqlite3_open(":memory:", &snapshot) != SQLITE_OK)
		abort();
	copy_db(snapshot, "main", live);
	repair_install();
	changes_at_reset = sqlite3_total_changes64(live);
	finish_current();
}
