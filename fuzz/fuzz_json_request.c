/* libFuzzer target for the JSON request path. Each input is used as the body
 * of several real API requests, dispatched through the real router to the
 * real handlers (profile PUT, program POST/PATCH, participant POST, user
 * POST/PATCH, login) with an in-memory SQLite database migrated exactly like
 * production. So the bytes go through jin_open/jin_* (jansson parsing, typed
 * and bounded fields), the domain validation (profile_validate, dates,
 * enums, weights, managers) and the store, just as a request from the
 * network would after the server has read the body.
 *
 * Besides ASan/UBSan findings, the target traps on broken contracts: a
 * handler that leaves a transaction open, answers 500, or answers an error
 * that is not {"error": {"code", "message"}}. The database is reset before
 * each input so runs are reproducible. */
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

enum { ADMIN = 1, MANAGER = 2, MEMBER = 3, OTHER = 4 };

static const struct {
	const char *method, *path;
	int64_t as;
	role_t role;
} calls[] = {
	{"PUT", "/api/v1/me/profile", MEMBER, ROLE_MEMBER},
	{"POST", "/api/v1/programs", MANAGER, ROLE_MANAGER},
	{"PATCH", "/api/v1/programs/1", MANAGER, ROLE_MANAGER},
	{"POST", "/api/v1/programs/1/participants", MANAGER, ROLE_MANAGER},
	{"POST", "/api/v1/users", ADMIN, ROLE_ADMIN},
	{"PATCH", "/api/v1/users/4", ADMIN, ROLE_ADMIN},
	{"POST", "/api/v1/auth/login", 0, ROLE_MEMBER},
	{"POST", "/api/v1/tokens", MEMBER, ROLE_MEMBER},
};

/* The same starting state for every input. */
static const char reset_sql[] =
	"DELETE FROM profile_items; DELETE FROM availability; DELETE FROM profiles;"
	"DELETE FROM participants; DELETE FROM program_managers; DELETE FROM programs;"
	"DELETE FROM sessions; DELETE FROM api_tokens; DELETE FROM login_throttle;"
	"DELETE FROM account_links; DELETE FROM outbox; DELETE FROM two_factor; DELETE FROM recovery_codes;"
	"DELETE FROM audit_log; DELETE FROM users WHERE id > 4;"
	"UPDATE users SET active = 1, name = 'Fuzz ' || id, email = 'u' || id || '@example.org',"
	"  role = CASE id WHEN 1 THEN 'admin' WHEN 2 THEN 'manager' ELSE 'member' END,"
	"  password_hash = NULL;"
	"INSERT INTO programs (id, name, kind, starts_on, ends_on, matching, cadence_days,"
	"  max_mentors_per_mentee, created_at, updated_at)"
	"  VALUES (1, 'Fuzz', 'one_to_one', '2026-01-01', '2026-12-31', 'optimal', 14, 2, 0, 0);"
	"INSERT INTO program_managers (program_id, user_id) VALUES (1, 2);";

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

/* An error answer must follow API.md. */
static void check_response(const req_t *r, const char *path)
{
	if (r->status == 500 || r->status < 200 || r->status > 599) {
		fprintf(stderr, "fuzz: %s answered %d: %s\n", path, r->status, buf_cstr(&r->out));
		__builtin_trap();
	}
	json_error_t e;
	json_t *j = json_loadb(r->out.data, r->out.len, 0, &e);
	if (!j) {
		fprintf(stderr, "fuzz: %s answered non-JSON: %s\n", path, buf_cstr(&r->out));
		__builtin_trap();
	}
	if (r->status >= 400) {
		json_t *err = json_object_get(j, "error");
		if (!json_is_string(json_object_get(err, "code")) ||
		    !json_is_string(json_object_get(err, "message"))) {
			fprintf(stderr, "fuzz: %s malformed error: %s\n", path, buf_cstr(&r->out));
			__builtin_trap();
		}
	}
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > app.max_body)
		return 0; /* the server answers 413 before any handler runs */
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
		r.body = body;
		r.body_len = size;
		r.api = true;
		r.status = 500;
		r.who.user_id = calls[i].as;
		r.who.role = calls[i].role;
		r.who.name = "Fuzz";
		r.who.email = "fuzz@example.org";
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
