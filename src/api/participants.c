/* Enrolment: a program's managers add mentors and mentees one at a time or
 * from a CSV file. An import is all or nothing: every row is applied inside
 * one transaction and any row error rolls the whole file back; dry_run=1
 * runs the very same path and always rolls back, so its report is exactly
 * what a real import would do. */
#include "api/api.h"
#include "core/xalloc.h"

#include <csv.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#define IMPORT_MAX_ROWS 20000

static const char *const part_roles[] = {"mentor", "mentee", NULL};

json_t *api_participant_json(const participant_t *p)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:i, s:s, s:s, s:s, s:o}", "id", (json_int_t)p->id,
			 "program_id", (json_int_t)p->program_id, "user_id", (json_int_t)p->user_id,
			 "role", p->role, "capacity", p->capacity, "name", p->name ? p->name : "",
			 "email", p->email ? p->email : "", "department",
			 p->department ? p->department : "", "created_at", api_time(p->created_at));
}

/* Checks and writes one enrolment; a refusal lands in errs under field
 * names ("user_id", "role", "capacity") and writes nothing. */
int api_enrol(req_t *r, const program_t *prog, participant_t *p, verr_t *errs)
{
	user_t *u = NULL;
	participant_t *have = NULL;
	int st = store_user_get(r->db, r->arena, p->user_id, &u);
	if (st != DB_OK)
		return st;
	if (!u || !u->active) {
		verr_add(errs, "user_id", "no active user with this id");
		return DB_OK;
	}
	bool mentor = strcmp(p->role, "mentor") == 0;
	if (p->capacity < 0)
		p->capacity = mentor ? 2 : 1;
	if (mentor && p->capacity > 20)
		verr_add(errs, "capacity", "a mentor can take 0 to 20 mentees");
	if (!mentor && (p->capacity < 1 || p->capacity > prog->max_mentors_per_mentee))
		verr_addf(errs, r->arena, "capacity", "a mentee can have 1 to %d mentors in this program",
			  prog->max_mentors_per_mentee);
	if ((st = store_participant_get(r->db, r->arena, prog->id, p->user_id, p->role, &have)) != DB_OK)
		return st;
	if (have) {
		verr_addf(errs, r->arena, "user_id", "%s is already a %s in this program", u->email, p->role);
		return DB_OK;
	}
	if (strcmp(prog->kind, "peer") != 0) {
		const char *other = mentor ? "mentee" : "mentor";
		if ((st = store_participant_get(r->db, r->arena, prog->id, p->user_id, other, &have)) != DB_OK)
			return st;
		if (have) {
			verr_addf(errs, r->arena, "role", "%s is already a %s here; only peer programs allow both",
				  u->email, other);
			return DB_OK;
		}
	}
	if (errs->n)
		return DB_OK;
	p->program_id = prog->id;
	return store_participant_insert(r->db, p, &p->id);
}

static void list(req_t *r)
{
	program_t *prog;
	if (!api_program_access(r, r->id[0], false, &prog))
		return;
	const char *role = http_query(r, "role");
	if (role && strcmp(role, "mentor") != 0 && strcmp(role, "mentee") != 0) {
		verr_t v = {0};
		verr_add(&v, "role", "must be mentor or mentee");
		resp_invalid(r, &v);
		return;
	}
	int limit = http_limit(r, 100, 1000), n;
	participant_t *items;
	int st = store_participant_list(r->db, r->arena, prog->id, role, http_cursor(r), limit, &items, &n);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	/* Participants see who else takes part; contact details are for the
	 * program's managers. */
	bool manager = r->who.role == ROLE_ADMIN;
	if (!manager && r->who.role >= ROLE_MANAGER &&
	    (st = store_program_is_manager(r->db, prog->id, r->who.user_id, &manager)) != DB_OK) {
		resp_db(r, st);
		return;
	}
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *o = api_participant_json(&items[i]);
		if (!manager)
			json_object_del(o, "email");
		json_array_append_new(arr, o);
	}
	resp_list(r, arr, n, limit, n ? items[n - 1].id : 0);
}

static void create(req_t *r)
{
	program_t *prog;
	if (!api_program_access(r, r->id[0], true, &prog))
		return;
	jin_t in;
	participant_t p = {.capacity = -1};
	int64_t user_id = 0, capacity = -1;
	if (!jin_open(&in, r))
		return;
	jin_int(&in, "user_id", JIN_REQUIRED, 1, INT64_MAX, &user_id);
	jin_enum(&in, "role", JIN_REQUIRED, part_roles, &p.role);
	jin_int(&in, "capacity", 0, 0, 20, &capacity);
	jin_close(&in);
	if (jin_failed(&in))
		return;
	p.user_id = user_id;
	p.capacity = (int)capacity;
	verr_t errs = {0};
	if (!api_begin(r))
		return;
	int st = api_enrol(r, prog, &p, &errs);
	if (st == DB_OK && !errs.n)
		st = store_audit(r->db, r->who.user_id, "participant.add", "program", prog->id, p.role);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (errs.n) {
		db_rollback(r->db);
		resp_invalid(r, &errs);
		return;
	}
	if (!api_commit(r))
		return;
	participant_t *made = NULL;
	st = store_participant_get(r->db, r->arena, prog->id, p.user_id, p.role, &made);
	if (st != DB_OK || !made)
		resp_db(r, st == DB_OK ? DB_ERROR : st);
	else
		resp_json(r, 201, api_participant_json(made));
}

/* ---- CSV import ---- */

typedef struct csv_rows {
	arena_t *a;
	const char ***rows; /* rows[i][j] */
	int *ncols;
	int *lines;         /* the physical line each row ends its first field on */
	int line, cur_line;
	int n, cap;
	const char **cur;
	int ncur, capcur;
	bool too_many;
} csv_rows_t;

static void on_field(void *s, size_t len, void *data)
{
	csv_rows_t *c = data;
	if (c->ncur == 0)
		c->cur_line = c->line;
	if (c->ncur == c->capcur) {
		int cap = c->capcur ? c->capcur * 2 : 8;
		const char **bigger = arena_alloc(c->a, sizeof(char *) * (size_t)cap);
		if (c->ncur)
			memcpy(bigger, c->cur, sizeof(char *) * (size_t)c->ncur);
		c->cur = bigger;
		c->capcur = cap;
	}
	c->cur[c->ncur++] = arena_strndup(c->a, s ? s : "", s ? len : 0);
}

static void on_row(int term, void *data)
{
	csv_rows_t *c = data;
	(void)term;
	if (c->n >= IMPORT_MAX_ROWS + 1) {
		c->too_many = true;
		c->ncur = 0;
		return;
	}
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		const char ***rows = arena_alloc(c->a, sizeof(char **) * (size_t)cap);
		int *ncols = arena_alloc(c->a, sizeof(int) * (size_t)cap);
		int *lines = arena_alloc(c->a, sizeof(int) * (size_t)cap);
		if (c->n) {
			memcpy(rows, c->rows, sizeof(char **) * (size_t)c->n);
			memcpy(ncols, c->ncols, sizeof(int) * (size_t)c->n);
			memcpy(lines, c->lines, sizeof(int) * (size_t)c->n);
		}
		c->rows = rows;
		c->ncols = ncols;
		c->lines = lines;
		c->cap = cap;
	}
	c->rows[c->n] = c->cur;
	c->ncols[c->n] = c->ncur;
	c->lines[c->n] = c->cur_line;
	c->n++;
	c->cur = NULL;
	c->ncur = c->capcur = 0;
}

/* Parses the whole body; false (with *why) if it is not valid CSV. */
static bool parse_csv(req_t *r, csv_rows_t *c, const char **why)
{
	struct csv_parser p;
	memset(c, 0, sizeof(*c));
	c->a = r->arena;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
		*why = "cannot start the CSV parser";
		return false;
	}
	csv_set_realloc_func(&p, xrealloc);
	/* Fed one physical line at a time, so every row knows its line number
	 * even after blank lines, which libcsv skips. */
	bool ok = true;
	const char *body = r->body ? r->body : "", *end = body + r->body_len;
	c->line = 1;
	for (const char *p0 = body; ok && p0 < end; c->line++) {
		const char *nl = memchr(p0, '\n', (size_t)(end - p0));
		size_t n = nl ? (size_t)(nl - p0) + 1 : (size_t)(end - p0);
		ok = csv_parse(&p, p0, n, on_field, on_row, c) == n;
		p0 += n;
	}
	c->line--;
	ok = ok && csv_fini(&p, on_field, on_row, c) == 0;
	if (!ok)
		*why = arena_printf(r->arena, "malformed CSV on line %d: %s", c->line,
				    csv_strerror(csv_error(&p)));
	csv_free(&p);
	if (ok && c->too_many) {
		*why = arena_printf(r->arena, "at most %d rows per import", IMPORT_MAX_ROWS);
		ok = false;
	}
	return ok;
}

typedef struct import_cols {
	int email, role, capacity, name;
} import_cols_t;

static int col_index(const csv_rows_t *c, const char *name)
{
	for (int j = 0; j < c->ncols[0]; j++) {
		const char *h = c->rows[0][j];
		while (*h && isspace((unsigned char)*h))
			h++;
		size_t n = strlen(h);
		while (n && isspace((unsigned char)h[n - 1]))
			n--;
		if (n == strlen(name) && strncasecmp(h, name, n) == 0)
			return j;
	}
	return -1;
}

static const char *cell(const csv_rows_t *c, int row, int col)
{
	if (col < 0 || col >= c->ncols[row])
		return "";
	return c->rows[row][col];
}

static bool is_utf8(const char *s, size_t n)
{
	/* jansson's own UTF-8 check: the same rule every JSON answer follows. */
	json_t *v = json_stringn(s, n);
	bool ok = v != NULL;
	json_decref(v);
	return ok;
}

static void row_error(json_t *errors, int line, const char *field, const char *msg)
{
	json_array_append_new(errors, json_pack("{s:i, s:s, s:s}", "line", line, "field", field,
						"message", msg));
}

/* Applies one data row; problems go to errors with the row's line. */
static int import_row(req_t *r, const program_t *prog, const csv_rows_t *c, const import_cols_t *k,
		      int row, json_t *errors, int *created, int *enrolled)
{
	int line = c->lines[row];
	const char *email = cell(c, row, k->email), *role = cell(c, row, k->role);
	const char *cap = cell(c, row, k->capacity), *name = cell(c, row, k->name);
	if (!api_email_valid(email)) {
		row_error(errors, line, "email", "must be an email address");
		return DB_OK;
	}
	if (strcmp(role, "mentor") != 0 && strcmp(role, "mentee") != 0) {
		row_error(errors, line, "role", "must be mentor or mentee");
		return DB_OK;
	}
	participant_t p = {.role = role, .capacity = -1};
	if (*cap) {
		char *end;
		long v = strtol(cap, &end, 10);
		if (*end || v < 0 || v > 20) {
			row_error(errors, line, "capacity", "must be a whole number 0-20");
			return DB_OK;
		}
		p.capacity = (int)v;
	}
	user_t *u = NULL;
	int st = store_user_by_email(r->db, r->arena, email, &u, NULL);
	if (st != DB_OK)
		return st;
	if (!u) {
		if (!*name) {
			row_error(errors, line, "email", "no such user (add a name column to create accounts)");
			return DB_OK;
		}
		if (strlen(name) > 200) {
			row_error(errors, line, "name", "must be at most 200 characters");
			return DB_OK;
		}
		user_t nu = {.email = email, .name = name, .role = ROLE_MEMBER, .active = true};
		if ((st = store_user_insert(r->db, &nu, NULL, &p.user_id)) != DB_OK)
			return st;
		(*created)++;
	} else {
		p.user_id = u->id;
	}
	verr_t errs = {0};
	if ((st = api_enrol(r, prog, &p, &errs)) != DB_OK)
		return st;
	/* In a file the person is named by the email column. */
	for (int i = 0; i < errs.n; i++)
		row_error(errors, line, strcmp(errs.e[i].field, "user_id") ? errs.e[i].field : "email",
			  errs.e[i].msg);
	if (!errs.n)
		(*enrolled)++;
	return DB_OK;
}

static void import(req_t *r)
{
	program_t *prog;
	if (!api_program_access(r, r->id[0], true, &prog))
		return;
	const char *dry = http_query(r, "dry_run");
	bool dry_run = dry && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0);
	csv_rows_t c;
	const char *why = NULL;
	if (r->body_len && !is_utf8(r->body, r->body_len)) {
		resp_error(r, 400, "bad_csv", "the file must be UTF-8 text");
		return;
	}
	if (!parse_csv(r, &c, &why)) {
		resp_error(r, 400, "bad_csv", "%s", why);
		return;
	}
	import_cols_t k = {-1, -1, -1, -1};
	if (c.n > 0)
		k = (import_cols_t){col_index(&c, "email"), col_index(&c, "role"),
				    col_index(&c, "capacity"), col_index(&c, "name")};
	if (c.n == 0 || k.email < 0 || k.role < 0) {
		resp_error(r, 400, "bad_csv",
			   "the first row must be a header naming at least the columns email and role "
			   "(optional: capacity, name)");
		return;
	}
	json_t *errors = json_array();
	int created = 0, enrolled = 0, st = DB_OK;
	if (!api_begin(r)) {
		json_decref(errors);
		return;
	}
	for (int row = 1; st == DB_OK && row < c.n; row++)
		st = import_row(r, prog, &c, &k, row, errors, &created, &enrolled);
	if (st == DB_OK && !dry_run && json_array_size(errors) == 0)
		st = store_audit(r->db, r->who.user_id, "participant.import", "program", prog->id,
				 arena_printf(r->arena, "%d enrolled, %d accounts created", enrolled, created));
	if (st != DB_OK) {
		json_decref(errors);
		api_fail(r, st);
		return;
	}
	size_t nerr = json_array_size(errors);
	if (dry_run || nerr) {
		db_rollback(r->db);
	} else if (!api_commit(r)) {
		json_decref(errors);
		return;
	}
	if (nerr && !dry_run) {
		json_t *body = json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "validation_failed",
					 "message", arena_printf(r->arena, "%zu row errors; nothing was imported", nerr),
					 "rows", errors);
		resp_json(r, 422, body);
		return;
	}
	resp_json(r, dry_run ? 200 : 201,
		  json_pack("{s:b, s:i, s:i, s:i, s:o}", "dry_run", dry_run, "rows", c.n - 1, "enrolled",
			    enrolled, "created_users", created, "errors", errors));
}

void api_participants_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/programs/{id}/participants", list, 0, NULL},
		{"POST", "/api/v1/programs/{id}/participants", create, 0, NULL},
		{"POST", "/api/v1/programs/{id}/participants/import", import, 0, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}
