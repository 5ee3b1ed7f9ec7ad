/* libFuzzer target for SCIM's edge (api/scim.c): each input is the body of
 * a POST /scim/v2/Users, a PUT and a PATCH of /scim/v2/Users/3, and (as
 * text) the filter of GET /scim/v2/Users, dispatched through the real
 * router to the real handlers and services as a provisioning token, with an
 * in-memory SQLite database migrated exactly like production. So the bytes
 * go through jansson, the attribute paths (emails[type eq "work"].value,
 * the enterprise extension's URNs), the filter parser, the rules of
 * svc/scim.c and the store.
 *
 * Besides ASan/UBSan findings, the target traps on broken contracts: a
 * handler that leaves a transaction open, answers 500, or answers an error
 * that is not SCIM's ({"schemas": [...Error], "status": "NNN", "detail"}).
 * The database is reset before each input so runs are reproducible. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xalloc.h"
#include "cli/cli.h"
#include "http/auth.h"
#include "http/http.h"
#include "store/store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static app_t app;
static db_t *db;

static const struct {
	const char *method, *path;
	bool filter; /* the input is the filter, not the body */
} calls[] = {
	{"POST", "/scim/v2/Users", false},
	{"PUT", "/scim/v2/Users/3", false},
	{"PATCH", "/scim/v2/Users/3", false},
	{"GET", "/scim/v2/Users", true},
};

static const char reset_sql[] =
	"DELETE FROM user_scim; DELETE FROM profile_items; DELETE FROM profiles; DELETE FROM sessions;"
	"DELETE FROM relationship_events; DELETE FROM relationships; DELETE FROM audit_log;"
	"DELETE FROM account_links; DELETE FROM users WHERE id > 4;"
	"UPDATE users SET active = 1, name = 'Fuzz ' || id, email = 'u' || id || '@example.org';"
	"INSERT INTO user_scim (user_id, user_name, external_id, updated_at) VALUES (3, 'U3@example.org', 'x3', 0);";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	char *err = NULL;
	json_set_alloc_funcs(xmalloc, free);
	if (auth_init() != 0)
		abort();
	app.pw_ops = crypto_pwhash_OPSLIMIT_MIN;
	app.pw_mem = crypto_pwhash_MEMLIMIT_MIN;
	app.max_body = 1 << 20;
	app.listen = "127.0.0.1:0";
	app.base_url = "https://mentoring.example.org";
	if (db_pool_open("sqlite::memory:", 1, &app.pool, &err) != DB_OK) {
		fprintf(stderr, "fuzz: %s\n", err);
		abort();
	}
	db = db_pool_acquire(app.pool);
	if (store_migrate(db, &err) != DB_OK) {
		fprintf(stderr, "fuzz: %s\n", err);
		abort();
	}
	if (db_exec_script(db, "INSERT INTO users (id, email, name, role, created_at, updated_at) VALUES"
			       " (1, 'u1@example.org', 'A', 'admin', 0, 0),"
			       " (2, 'u2@example.org', 'B', 'manager', 0, 0),"
			       " (3, 'u3@example.org', 'C', 'member', 0, 0),"
			       " (4, 'u4@example.org', 'D', 'member', 0, 0);") != DB_OK)
		abort();
	serve_compose(&app);
	return 0;
}

/* A success is JSON (or a 204's nothing); an error is SCIM's. */
static void check_response(const req_t *r, const char *path)
{
	if (r->status == 500 || r->status < 200 || r->status > 599) {
		fprintf(stderr, "fuzz: %s answered %d: %s\n", path, r->status, buf_cstr(&r->out));
		__builtin_trap();
	}
	if (r->status == 204)
		return;
	json_error_t e;
	json_t *j = json_loadb(r->out.data, r->out.len, 0, &e);
	if (!j) {
		fprintf(stderr, "fuzz: %s answered non-JSON: %s\n", path, buf_cstr(&r->out));
		__builtin_trap();
	}
	if (r->status >= 400) {
		const char *st = json_string_value(json_object_get(j, "status"));
		if (!st || atoi(st) != r->status || !json_is_string(json_object_get(j, "detail")) ||
		    !json_is_array(json_object_get(j, "schemas"))) {
			fprintf(stderr, "fuzz: %s malformed error: %s\n", path, buf_cstr(&r->out));
			__builtin_trap();
		}
	}
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > app.max_body)
		return 0;
	if (db_exec_script(db, reset_sql) != DB_OK)
		abort();
	/* An exact-size heap copy, so reading past the body is caught. */
	char *body = size ? xmalloc(size) : NULL;
	if (size)
		memcpy(body, data, size);
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		req_t r = {0};
		r.arena = arena_new();
		r.app = &app;
		r.db = db;
		r.method = calls[i].method;
		r.path = calls[i].path;
		r.ip = "192.0.2.1";
		r.status = 500;
		r.who.provisioning = true;
		r.who.provisioner = 1;
		if (calls[i].filter) {
			/* The query as the URL decoder would leave it: text up to a NUL. */
			buf_t q = BUF_INIT;
			buf_puts(&q, "count=3&filter=");
			buf_put_urlenc(&q, arena_strndup(r.arena, (const char *)data, size));
			r.query = arena_strdup(r.arena, buf_cstr(&q));
			buf_free(&q);
		} else {
			r.body = body;
			r.body_len = size;
		}
		bool known;
		const route_t *rt = router_match(&r, &known);
		if (!rt)
			abort(); /* the table above is out of date */
		rt->fn(&r);
		if (db_in_tx(db)) {
			fprintf(stderr, "fuzz: %s left a transaction open\n", calls[i].path);
			__builtin_trap();
		}
		check_response(&r, calls[i].path);
		buf_free(&r.out);
		arena_free(r.arena);
	}
	free(body);
	return 0;
}
