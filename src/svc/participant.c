/* Enrolment: a program's managers add mentors and mentees one at a time or
 * from a CSV file; admins, managers and participants list them (contact
 * details for the managers only). An import is all or nothing, in two
 * phases. First every row is checked, reading only, by the very rules of a
 * single enrolment, against the database and the rows before it in the
 * file: any problem and nothing is written; a dry run stops here with the
 * same report a real import would give, never taking the write lock. Then
 * the rows are written in short transactions (each sized to last about
 * 50 ms, 50 to 500 rows), so the other writers of the organisation wait
 * for one batch, not for the file; each batch's rules are applied again as
 * it is written, and if one fails now (the program changed meanwhile) the
 * batches already written are taken back. Both phases read and write a
 * batch of rows per statement (sql/import.sql): a round trip per row is
 * what made an import slow on PostgreSQL. A withdrawal ends the
 * person's open relationships in their role (phase completed, the reason in
 * each history, which the pair keeps reading), declines their pending
 * mentor requests, removes the enrolment and keeps a record of it, in one
 * transaction. Nothing changes in an archived program. The dashboard's
 * view of a person's programs lives here too. */
#include "svc/participant.h"
#include "svc/program.h"
#include "svc/invite.h"
#include "core/phase.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "store/stmts.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define IMPORT_MAX_ROWS 20000

static void participant_out(const participant_t *p, bool with_email, Participant_t *out)
{
	*out = (Participant_t){.id = p->id, .program_id = p->program_id, .user_id = p->user_id,
			       .role = p->role, .capacity = p->capacity, .name = p->name ? p->name : "",
			       .email = p->email ? p->email : "", .has_email = with_email,
			       .department = p->department ? p->department : "", .created_at = p->created_at};
}

/* Whether the caller may see the program's contact details: its managers
 * (holding the role) and administrators. */
static int sees_contacts(svc_t *s, int64_t program_id, bool *yes)
{
	*yes = s->role == ROLE_ADMIN;
	if (*yes || s->role < ROLE_MANAGER)
		return SVC_OK;
	return svc_db(s, store_program_is_manager(s->db, program_id, s->uid, yes));
}

int svc_participant_list(svc_t *s, const in_listParticipants_t *in, ParticipantList_t *out)
{
	program_t *prog;
	int64_t after;
	int st = svc_program_access(s, in->id, false, &prog);
	if (st)
		return st;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &after)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	int limit = in->has_limit ? (int)in->limit : 100, n;
	participant_t *items;
	bool manager;
	if ((st = sees_contacts(s, prog->id, &manager)))
		return st;
	st = store_participant_list(s->db, s->arena, prog->id, in->has_role ? in->role : NULL, after, limit,
				    &items, &n);
	if (st != DB_OK)
		return svc_db(s, st);
	out->items.v = arena_alloc(s->arena, sizeof(Participant_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		participant_out(&items[i], manager, &out->items.v[i]);
	out->next = svc_next_cursor(s, n, limit, n ? items[n - 1].id : 0);
	return SVC_OK;
}

/* The rules of one enrolment, given what the person already is in the
 * program (same: enrolled in p->role; other: in the other role): an active
 * person, not twice in one role, both roles only in peer programs, a
 * capacity that fits the role. Problems go to s->fields under user_id,
 * role or capacity. capacity < 0 becomes the role's default. u is the
 * person (NULL: no such user). */
static void enrol_rules(svc_t *s, const program_t *prog, const user_t *u, participant_t *p, bool same, bool other)
{
	if (!u || !u->active) {
		svc_field(s, "user_id", "no active user with this id");
		return;
	}
	bool mentor = strcmp(p->role, "mentor") == 0;
	if (p->capacity < 0)
		p->capacity = mentor ? 2 : 1;
	if (!mentor && (p->capacity < 1 || p->capacity > prog->max_mentors_per_mentee))
		svc_field(s, "capacity", "a mentee can have 1 to %d mentors in this program",
			  prog->max_mentors_per_mentee);
	if (same) {
		svc_field(s, "user_id", "%s is already a %s in this program", u->email, p->role);
		return;
	}
	if (other && strcmp(prog->kind, "peer") != 0)
		svc_field(s, "role", "%s is already a %s here; only peer programs allow both", u->email,
			  mentor ? "mentee" : "mentor");
}

/* enrol_rules with what the person is in the program read from the store. */
static int enrol_check(svc_t *s, const program_t *prog, const user_t *u, participant_t *p)
{
	participant_t *have = NULL;
	bool same = false, other = false;
	int st;
	if (u && u->active) {
		if ((st = store_participant_get(s->db, s->arena, prog->id, p->user_id, p->role, &have)) != DB_OK)
			return svc_db(s, st);
		same = have != NULL;
		if (!same && strcmp(prog->kind, "peer") != 0) {
			const char *o = strcmp(p->role, "mentor") == 0 ? "mentee" : "mentor";
			if ((st = store_participant_get(s->db, s->arena, prog->id, p->user_id, o, &have)) != DB_OK)
				return svc_db(s, st);
			other = have != NULL;
		}
	}
	enrol_rules(s, prog, u, p, same, other);
	return SVC_OK;
}

/* One enrolment inside the caller's transaction: the rules, then the
 * write; with a rule broken (s->fields) nothing is written. */
int svc_participant_enrol(svc_t *s, const program_t *prog, participant_t *p)
{
	user_t *u = NULL;
	int st = store_user_get(s->db, s->arena, p->user_id, &u);
	if (st != DB_OK)
		return svc_db(s, st);
	if ((st = enrol_check(s, prog, u, p)) || s->fields.n)
		return st;
	p->program_id = prog->id;
	return svc_db(s, store_participant_insert(s->db, p, &p->id));
}

/* Enrols one person and answers the enrolment as saved. */
static int add_one(svc_t *s, const program_t *prog, participant_t *p, Participant_t *out)
{
	int st = svc_begin(s);
	if (st)
		return st;
	if ((st = svc_participant_enrol(s, prog, p)) || (st = svc_check(s)))
		return svc_abort(s, st);
	if ((st = svc_db(s, store_audit(s->db, s->uid, "participant.add", "program", prog->id, p->role))))
		return svc_abort(s, st);
	if ((st = svc_commit(s)))
		return st;
	participant_t *made = NULL;
	st = store_participant_get(s->db, s->arena, prog->id, p->user_id, p->role, &made);
	if (st != DB_OK || !made)
		return svc_db(s, st == DB_OK ? DB_ERROR : st);
	participant_out(made, true, out);
	return SVC_OK;
}

int svc_participant_add(svc_t *s, const in_addParticipant_t *in, Participant_t *out)
{
	const ParticipantCreate_t *b = &in->body;
	program_t *prog;
	int st = svc_program_access(s, in->id, true, &prog);
	if (st || (st = svc_program_writable(s, prog)))
		return st;
	participant_t p = {.user_id = b->user_id, .role = b->role,
			   .capacity = b->has_capacity ? (int)b->capacity : -1};
	return add_one(s, prog, &p, out);
}

int svc_participant_enrol_email(svc_t *s, int64_t program_id, const char *email, const char *role,
				bool has_capacity, int64_t capacity, Participant_t *out)
{
	program_t *prog;
	user_t *u = NULL;
	int st = svc_program_access(s, program_id, true, &prog);
	if (st || (st = svc_program_writable(s, prog)))
		return st;
	if ((st = svc_db(s, store_user_by_email(s->db, s->arena, email, &u, NULL))))
		return st;
	if (!u || !u->active) {
		svc_field(s, "email", "there is no active account with this email");
		return svc_check(s);
	}
	participant_t p = {.user_id = u->id, .role = role, .capacity = has_capacity ? (int)capacity : -1};
	st = add_one(s, prog, &p, out);
	/* The form names the person by email. */
	for (int i = 0; i < s->fields.n; i++)
		if (!strcmp(s->fields.e[i].field, "user_id"))
			s->fields.e[i].field = "email";
	return st;
}

/* ---- CSV import ---- */

typedef struct csv_rows {
	arena_t *a;
	const char ***rows; /* rows[i][j] */
	int *ncols;
	int *lines;         /* the physical line each row starts on */
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

/* Parses the whole file; NULL, or why it is not valid CSV. */
static const char *parse_csv(arena_t *a, const char *body, size_t len, csv_rows_t *c)
{
	struct csv_parser p;
	memset(c, 0, sizeof(*c));
	c->a = a;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
		return "cannot start the CSV parser";
	csv_set_realloc_func(&p, xrealloc);
	/* Fed one physical line at a time, so every row knows its line number
	 * even after blank lines, which libcsv skips. */
	bool ok = true;
	const char *end = body + len;
	c->line = 1;
	for (const char *p0 = body; ok && p0 < end; c->line++) {
		const char *nl = memchr(p0, '\n', (size_t)(end - p0));
		size_t n = nl ? (size_t)(nl - p0) + 1 : (size_t)(end - p0);
		ok = csv_parse(&p, p0, n, on_field, on_row, c) == n;
		p0 += n;
	}
	c->line--;
	ok = ok && csv_fini(&p, on_field, on_row, c) == 0;
	const char *why = NULL;
	if (!ok)
		why = arena_printf(a, "malformed CSV on line %d: %s", c->line, csv_strerror(csv_error(&p)));
	else if (c->too_many)
		why = arena_printf(a, "at most %d rows per import", IMPORT_MAX_ROWS);
	csv_free(&p);
	return why;
}

typedef struct import_cols {
	int email, role, capacity, name;
} import_cols_t;

/* The header's column called name (trimmed, any case), or -1. */
static int col_index(arena_t *a, const csv_rows_t *c, const char *name)
{
	for (int j = 0; j < c->ncols[0]; j++) {
		const char *h = text_trim(a, c->rows[0][j], strlen(c->rows[0][j]));
		if (strcasecmp(h, name) == 0)
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

#define IMPORT_PREVIEW 100

/* One enrolment an import will write, once every row has passed. */
typedef struct import_item {
	int line;
	const char *email, *name;
	const char *shown; /* the person's name as the preview shows it */
	int creator;       /* -1, or the item whose new account this is (maybe this one) */
	participant_t p;   /* p.user_id 0 until the account exists */
} import_item_t;

/* A string-keyed table of ints (FNV-1a, open addressing, linear probing; at
 * most half full), in the request's arena. */
typedef struct keymap {
	const char **keys;
	int *vals;
	int n, cap;
} keymap_t;

typedef struct import_run {
	svc_t *s;
	const program_t *prog;
	ImportRowError_t *errs;
	int nerr, caperr;
	import_item_t *items;
	int n, cap;
	int created;        /* accounts the file creates */
	/* The file's rows so far: "email" -> its first item + 1, and the
	 * "email/role" pairs. */
	keymap_t file;
	/* The database as the check found it, read a chunk of rows per
	 * statement before the rows are checked: the file's emails -> their
	 * account (index into users + 1), and "user_id/role" of their
	 * enrolments in the program. */
	keymap_t by_email, enrolled;
	row_import_user_t *users;
	int nusers;
	/* What the write phase has written, to take back if it fails. */
	int64_t *made_users, *made_parts;
	int nmade_users, nmade_parts;
} import_run_t;

static void row_error(import_run_t *run, int line, const char *field, const char *msg)
{
	if (run->nerr == run->caperr) {
		int cap = run->caperr ? run->caperr * 2 : 16;
		ImportRowError_t *bigger = arena_alloc(run->s->arena, sizeof(*bigger) * (size_t)cap);
		if (run->nerr)
			memcpy(bigger, run->errs, sizeof(*bigger) * (size_t)run->nerr);
		run->errs = bigger;
		run->caperr = cap;
	}
	run->errs[run->nerr++] = (ImportRowError_t){.line = line, .field = field, .message = msg};
}

/* A cell checked by the rules of field name of the declared ImportRow;
 * NULL (with a row error, when run is given) when it breaks them. */
static const char *checked(import_run_t *run, svc_t *s, int line, const char *name, const char *v)
{
	const sch_field_t *f = sch_field(&sch_ImportRow, name);
	const char *out, *why;
	if (sch_check_str(f, v, strlen(v), s->arena, &out, &why))
		return out;
	if (run)
		row_error(run, line, name, f->message ? f->message : why);
	return NULL;
}

static int key_slot(const keymap_t *m, const char *key)
{
	uint32_t h = 2166136261u;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	int i = (int)(h & (uint32_t)(m->cap - 1));
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The value of key, or 0 when the table does not have it. */
static int key_get(const keymap_t *m, const char *key)
{
	if (!m->cap)
		return 0;
	int i = key_slot(m, key);
	return m->keys[i] ? m->vals[i] : 0;
}

static void key_put(arena_t *a, keymap_t *m, const char *key, int val)
{
	if (2 * (m->n + 1) > m->cap) {
		keymap_t old = *m;
		m->cap = old.cap ? old.cap * 2 : 1024;
		m->keys = arena_alloc(a, sizeof(char *) * (size_t)m->cap);
		m->vals = arena_alloc(a, sizeof(int) * (size_t)m->cap);
		memset(m->keys, 0, sizeof(char *) * (size_t)m->cap);
		for (int i = 0; i < old.cap; i++)
			if (old.keys[i]) {
				int j = key_slot(m, old.keys[i]);
				m->keys[j] = old.keys[i];
				m->vals[j] = old.vals[i];
			}
	}
	int i = key_slot(m, key);
	m->n += m->keys[i] == NULL;
	m->keys[i] = key;
	m->vals[i] = val;
}

/* The email as the file's key: ASCII lower-cased, as the store compares
 * (lower()). */
static const char *email_key(arena_t *a, const char *email)
{
	char *k = arena_strdup(a, email);
	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return k;
}

static const char *enrol_key(arena_t *a, int64_t user_id, const char *role)
{
	return arena_printf(a, "%lld/%s", (long long)user_id, role);
}

static import_item_t *new_item(import_run_t *run)
{
	if (run->n == run->cap) {
		int cap = run->cap ? run->cap * 2 : 256;
		import_item_t *bigger = arena_alloc(run->s->arena, sizeof(*bigger) * (size_t)cap);
		if (run->n)
			memcpy(bigger, run->items, sizeof(*bigger) * (size_t)run->n);
		run->items = bigger;
		run->cap = cap;
	}
	return &run->items[run->n++];
}

enum { LOOKUP_CHUNK = 500 }; /* values per lookup statement */

/* Reads what the check needs of the database, a chunk of rows per
 * statement: the accounts of the file's (well-formed) emails and their
 * enrolments in the program. */
static int import_prefetch(import_run_t *run, const csv_rows_t *c, const import_cols_t *k)
{
	svc_t *s = run->s;
	row_import_user_t *all = arena_alloc(s->arena, sizeof(*all) * (size_t)c->n);
	int nall = 0, st;
	for (int row = 1; row < c->n;) {
		store_list_t emails;
		store_list_init(&emails);
		for (int n = 0; row < c->n && n < LOOKUP_CHUNK; row++) {
			const char *email = checked(NULL, s, 0, "email", cell(c, row, k->email));
			if (email) {
				store_list_text(&emails, email);
				n++;
			}
		}
		row_import_user_t *got;
		int ngot;
		if ((st = svc_db(s, sql_import_users_by_email(s->db, s->arena, store_list_json(&emails, s->arena), &got,
								&ngot))))
			return st;
		for (int i = 0; i < ngot; i++) {
			if (key_get(&run->by_email, got[i].key))
				continue; /* named twice in the chunk */
			all[nall] = got[i];
			key_put(s->arena, &run->by_email, got[i].key, ++nall);
		}
	}
	run->users = all;
	run->nusers = nall;
	for (int i = 0; i < nall;) {
		store_list_t ids;
		store_list_init(&ids);
		for (int n = 0; i < nall && n < LOOKUP_CHUNK; i++, n++)
			store_list_int(&ids, all[i].id);
		row_import_enrolment_t *got;
		int ngot;
		if ((st = svc_db(s, sql_import_enrolments(s->db, s->arena, run->prog->id, store_list_json(&ids, s->arena),
							   &got, &ngot))))
			return st;
		for (int j = 0; j < ngot; j++)
			key_put(s->arena, &run->enrolled, enrol_key(s->arena, got[j].user_id, got[j].role), 1);
	}
	return SVC_OK;
}

/* Checks one data row against the rules of an enrolment, the database as
 * import_prefetch read it and the rows before it in the file; its problems
 * become row errors with its line, and a row that passes becomes an item. */
static int import_row(import_run_t *run, const csv_rows_t *c, const import_cols_t *k, int row)
{
	svc_t *s = run->s;
	int line = c->lines[row];
	const char *email = checked(run, s, line, "email", cell(c, row, k->email));
	const char *role = email ? checked(run, s, line, "role", cell(c, row, k->role)) : NULL;
	if (!role)
		return SVC_OK;
	participant_t p = {.role = role, .capacity = -1};
	const char *cap = text_trim(s->arena, cell(c, row, k->capacity), strlen(cell(c, row, k->capacity)));
	if (*cap) {
		const sch_field_t *f = sch_field(&sch_ImportRow, "capacity");
		char *end;
		int64_t v = 0;
		const char *why;
		errno = 0;
		long long parsed = strtoll(cap, &end, 10);
		if (errno || *end || *cap == '+' || *cap == '-' ||
		    !sch_check_int(f, parsed, &v, s->arena, &why)) {
			row_error(run, line, "capacity", f->message ? f->message : "must be a whole number");
			return SVC_OK;
		}
		p.capacity = (int)v;
	}
	const char *name = checked(run, s, line, "name", cell(c, row, k->name));
	if (!name)
		return SVC_OK;
	int found = key_get(&run->by_email, email);
	user_t known = {0};
	const user_t *u = NULL;
	if (found) {
		const row_import_user_t *r = &run->users[found - 1];
		known = (user_t){.id = r->id, .email = r->email, .active = r->active};
		u = &known;
	}
	const char *key = email_key(s->arena, email);
	int first = key_get(&run->file, key); /* the first item of this email + 1, or 0 */
	int creator = -1;
	user_t fresh = {.email = email, .active = true};
	if (!u) {
		/* An account the file creates; named again by a later row, it is
		 * that same account. */
		creator = first ? run->items[first - 1].creator : run->n;
		if (creator < 0 || (!first && !*name)) {
			row_error(run, line, "email", "no such user (add a name column to create accounts)");
			return SVC_OK;
		}
		u = &fresh; /* the rules of a new, active account with no enrolment yet */
	} else {
		p.user_id = u->id;
	}
	/* The rows before this one count as enrolled. */
	const char *other = strcmp(role, "mentor") == 0 ? "mentee" : "mentor";
	if (key_get(&run->file, arena_printf(s->arena, "%s/%s", key, role))) {
		row_error(run, line, "email", arena_printf(s->arena, "%s is already a %s in this program", u->email,
							   role));
		return SVC_OK;
	}
	if (strcmp(run->prog->kind, "peer") != 0 && key_get(&run->file, arena_printf(s->arena, "%s/%s", key, other))) {
		row_error(run, line, "role", arena_printf(s->arena, "%s is already a %s here; only peer programs "
							  "allow both", u->email, other));
		return SVC_OK;
	}
	s->fields.n = 0;
	bool same = p.user_id && key_get(&run->enrolled, enrol_key(s->arena, p.user_id, role));
	bool in_other = p.user_id && !same && key_get(&run->enrolled, enrol_key(s->arena, p.user_id, other));
	enrol_rules(s, run->prog, u, &p, same, in_other);
	/* In a file the person is named by the email column. */
	for (int i = 0; i < s->fields.n; i++)
		row_error(run, line, strcmp(s->fields.e[i].field, "user_id") ? s->fields.e[i].field : "email",
			  s->fields.e[i].msg);
	if (s->fields.n) {
		s->fields.n = 0;
		return SVC_OK;
	}
	if (creator == run->n)
		run->created++;
	if (!first)
		key_put(s->arena, &run->file, key, run->n + 1);
	key_put(s->arena, &run->file, arena_printf(s->arena, "%s/%s", key, role), 1);
	*new_item(run) = (import_item_t){.line = line, .email = email, .name = name,
					 .shown = u != &fresh && u->name ? u->name : name, .creator = creator, .p = p};
	return SVC_OK;
}

/* The file as rows with a header that names email and role; a refusal
 * (400 bad_csv) otherwise. */
static int read_file(svc_t *s, const char *csv, size_t len, csv_rows_t *c, import_cols_t *k)
{
	size_t n = len;
	const char *text = text_lf(s->arena, csv ? csv : "", &n), *why;
	if (!text_ok(text, n, true, &why))
		return svc_fail(s, SVC_BAD, "bad_csv", "the file must be UTF-8 text: it %s", why);
	if ((why = parse_csv(s->arena, text, n, c)))
		return svc_fail(s, SVC_BAD, "bad_csv", "%s", why);
	*k = (import_cols_t){-1, -1, -1, -1};
	if (c->n > 0)
		*k = (import_cols_t){col_index(s->arena, c, "email"), col_index(s->arena, c, "role"),
				     col_index(s->arena, c, "capacity"), col_index(s->arena, c, "name")};
	if (c->n == 0 || k->email < 0 || k->role < 0)
		return svc_fail(s, SVC_BAD, "bad_csv",
				"the first row must be a header naming at least the columns email and role "
				"(optional: capacity, name)");
	return SVC_OK;
}

/* ---- writing an import in batches ---- */

enum {
	BATCH_FIRST = 50,  /* the first batch's rows; the next ones are sized by how long it took */
	BATCH_MIN = 50,    /* a batch costs a dozen round trips whatever its rows: not fewer */
	BATCH_ROWS = 500,  /* at most this many enrolments per transaction */
	/* ... aiming at no longer than this, so other writers wait little
	 * (issue 10: their p99 under 100 ms during an import). On SQLite a
	 * writer also waits for an fsync of the WAL that covers the batch
	 * before it, so a batch there is shorter; PostgreSQL's batches cost a
	 * dozen round trips each and its writers do not wait on them so.
	 * Measured with 8 writers beside an import of 20,000 rows: SQLite at
	 * 50 ms had their p99 at 165-185 ms, at 8 ms 57-61 ms (the import 30%
	 * slower); PostgreSQL at 50 ms 25-36 ms (at 8 ms its import was 43%
	 * slower). */
	BATCH_MS_SQLITE = 8,
	BATCH_MS_PG = 50
};

static double ms_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* A conflict of item i with what changed since the check: nothing is
 * imported. */
static int changed(import_run_t *run, int i, const char *why)
{
	return svc_fail(run->s, SVC_CONFLICT, "conflict",
			"line %d: %s (the program changed while the file was imported); nothing was imported, "
			"import it again", run->items[i].line, why);
}

/* Applies the rules of items [from, to) again inside the open transaction,
 * against the database as it is now, in a few statements: the accounts the
 * file creates must still be missing, the others active and not yet
 * enrolled so. A rule broken now means the program changed since the
 * check: SVC_CONFLICT naming the first such line. */
static int recheck_batch(import_run_t *run, int from, int to)
{
	svc_t *s = run->s;
	store_list_t emails, ids;
	store_list_init(&emails);
	store_list_init(&ids);
	int nnew = 0, nold = 0, st;
	for (int i = from; i < to; i++) {
		import_item_t *it = &run->items[i];
		if (it->creator == i) {
			store_list_text(&emails, it->email);
			nnew++;
		} else {
			if (it->creator >= 0)
				it->p.user_id = run->items[it->creator].p.user_id;
			if (it->p.user_id) { /* 0: an account this batch creates */
				store_list_int(&ids, it->p.user_id);
				nold++;
			}
		}
	}
	const char *email_list = store_list_json(&emails, s->arena), *id_list = store_list_json(&ids, s->arena);
	row_import_user_t *taken = NULL;
	row_import_account_t *accounts = NULL;
	row_import_enrolment_t *enrolments = NULL;
	int ntaken = 0, naccounts = 0, nenrolments = 0;
	if (nnew && (st = svc_db(s, sql_import_users_by_email(s->db, s->arena, email_list, &taken, &ntaken))))
		return st;
	if (nold && ((st = svc_db(s, sql_import_users_by_id(s->db, s->arena, id_list, &accounts, &naccounts))) ||
		     (st = svc_db(s, sql_import_enrolments(s->db, s->arena, run->prog->id, id_list, &enrolments,
							    &nenrolments)))))
		return st;
	keymap_t now_taken = {0}, now_in = {0}, now_user = {0};
	for (int j = 0; j < ntaken; j++)
		key_put(s->arena, &now_taken, taken[j].key, 1);
	for (int j = 0; j < naccounts; j++)
		key_put(s->arena, &now_user, arena_printf(s->arena, "%lld", (long long)accounts[j].id), j + 1);
	for (int j = 0; j < nenrolments; j++)
		key_put(s->arena, &now_in, enrol_key(s->arena, enrolments[j].user_id, enrolments[j].role), 1);
	for (int i = from; i < to; i++) {
		import_item_t *it = &run->items[i];
		if (it->creator == i && key_get(&now_taken, it->email))
			return svc_fail(s, SVC_CONFLICT, "conflict",
					"line %d: an account for %s was created while the file was imported; nothing "
					"was imported, import it again", it->line, it->email);
		if (!it->p.user_id)
			continue; /* a new account: the check's rules hold */
		int a = key_get(&now_user, arena_printf(s->arena, "%lld", (long long)it->p.user_id));
		user_t u = {0};
		if (a)
			u = (user_t){.id = accounts[a - 1].id, .email = accounts[a - 1].email,
				     .active = accounts[a - 1].active};
		const char *other = strcmp(it->p.role, "mentor") == 0 ? "mentee" : "mentor";
		bool same = key_get(&now_in, enrol_key(s->arena, it->p.user_id, it->p.role));
		bool in_other = !same && key_get(&now_in, enrol_key(s->arena, it->p.user_id, other));
		s->fields.n = 0;
		enrol_rules(s, run->prog, a ? &u : NULL, &it->p, same, in_other);
		if (s->fields.n) {
			const char *why = s->fields.e[0].msg;
			s->fields.n = 0;
			return changed(run, i, why);
		}
	}
	return SVC_OK;
}

/* Writes items [from, to) inside the open transaction: the accounts the
 * file creates (each invited to choose a password), then the enrolments,
 * a few statements for the whole batch. */
static int write_batch(import_run_t *run, int from, int to)
{
	svc_t *s = run->s;
	int st = recheck_batch(run, from, to);
	if (st)
		return st;
	store_list_t fresh, emails;
	store_list_init(&fresh);
	store_list_init(&emails);
	int nnew = 0;
	for (int i = from; i < to; i++)
		if (run->items[i].creator == i) {
			store_list_row(&fresh);
			store_list_text(&fresh, run->items[i].email);
			store_list_text(&fresh, run->items[i].name);
			store_list_text(&emails, run->items[i].email);
			nnew++;
		}
	const char *fresh_rows = store_list_json(&fresh, s->arena), *email_list = store_list_json(&emails, s->arena);
	if (nnew) {
		int db = sql_import_users_insert(s->db, fresh_rows, role_name(ROLE_MEMBER), time_now(), NULL);
		if (db == DB_CONSTRAINT)
			return svc_fail(s, SVC_CONFLICT, "conflict",
					"an account named between lines %d and %d was created while the file was "
					"imported; nothing was imported, import it again",
					run->items[from].line, run->items[to - 1].line);
		row_import_user_t *made;
		int nmade;
		if (db == DB_OK)
			db = sql_import_users_by_email(s->db, s->arena, email_list, &made, &nmade);
		if (db != DB_OK)
			return svc_db(s, db);
		keymap_t ids = {0};
		for (int j = 0; j < nmade; j++)
			key_put(s->arena, &ids, made[j].key, j + 1);
		int64_t *invite = arena_alloc(s->arena, sizeof(int64_t) * (size_t)nnew);
		int ninvite = 0;
		for (int i = from; i < to; i++) {
			import_item_t *it = &run->items[i];
			if (it->creator == i) {
				int j = key_get(&ids, it->email);
				if (!j)
					return svc_db(s, DB_ERROR);
				it->p.user_id = made[j - 1].id;
				run->made_users[run->nmade_users++] = it->p.user_id;
				invite[ninvite++] = it->p.user_id;
			} else if (it->creator >= 0) {
				it->p.user_id = run->items[it->creator].p.user_id;
			}
		}
		/* Issue 11: a new account without a password is invited to choose
		 * one (taken back with the account, its link and mail cascading,
		 * if a later batch finds the program changed). */
		if ((db = svc_invite_queue_new(s, ninvite, invite)) != DB_OK)
			return svc_db(s, db);
	}
	store_list_t rows;
	store_list_init(&rows);
	for (int i = from; i < to; i++) {
		const participant_t *p = &run->items[i].p;
		store_list_row(&rows);
		store_list_int(&rows, p->user_id);
		store_list_text(&rows, p->role);
		store_list_int(&rows, p->capacity);
	}
	row_import_made_t *made;
	int nmade;
	if ((st = svc_db(s, sql_import_participants_insert(s->db, s->arena, run->prog->id, time_now(),
							   store_list_json(&rows, s->arena), &made, &nmade))))
		return st;
	for (int j = 0; j < nmade; j++)
		run->made_parts[run->nmade_parts++] = made[j].id;
	return SVC_OK;
}

/* Takes back what the batches before a failed one wrote: its enrolments
 * and the accounts it created (those nothing has come to use meanwhile). */
static void take_back(import_run_t *run)
{
	svc_t *s = run->s;
	if (!run->nmade_parts && !run->nmade_users)
		return;
	int db = db_begin_keyed(s->db, s->tx_key);
	for (int i = 0; db == DB_OK && i < run->nmade_parts; i++)
		db = sql_participant_delete(s->db, run->made_parts[i], NULL);
	for (int i = 0; db == DB_OK && i < run->nmade_users; i++)
		db = sql_user_delete_unused(s->db, run->made_users[i], NULL);
	if (db == DB_OK)
		db = db_commit(s->db);
	else
		db_rollback(s->db);
	if (db != DB_OK)
		fprintf(stderr, "mentord: import into program %lld: taking back %d enrolments failed: %s\n",
			(long long)run->prog->id, run->nmade_parts, db_errmsg(s->db));
}

/* Writes every item in transactions of at most BATCH_ROWS rows, each sized
 * by how long the writes of the one before took so that they last about
 * BATCH_MS_SQLITE or BATCH_MS_PG; the audit line goes with the last. If one
 * fails, the ones before are taken back: an import lands whole or not at
 * all. */
static int write_batches(import_run_t *run)
{
	svc_t *s = run->s;
	run->made_users = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(run->n + 1));
	run->made_parts = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(run->n + 1));
	int st = SVC_OK, size = BATCH_FIRST;
	double batch_ms = strcmp(db_backend(s->db), "sqlite") ? BATCH_MS_PG : BATCH_MS_SQLITE;
	for (int i = 0; st == SVC_OK && i < run->n;) {
		if ((st = svc_begin(s)))
			break;
		double t0 = ms_now();
		int end = i + size < run->n ? i + size : run->n;
		st = write_batch(run, i, end);
		if (st == SVC_OK && end == run->n)
			st = svc_db(s, store_audit(s->db, s->uid, "participant.import", "program", run->prog->id,
						   arena_printf(s->arena, "%d enrolled, %d accounts created", run->n,
								run->created)));
		/* The commit is left out of the measure: it costs the same
		 * whatever the batch's size (an fsync of SQLite's WAL, shared with
		 * the other writers' commits), so counting it would only make the batches smaller and
		 * the commits more. */
		double took = ms_now() - t0;
		if (st == SVC_OK)
			st = svc_commit(s);
		else
			svc_abort(s, st);
		int next = took > 0.5 ? (int)(size * batch_ms / took) : BATCH_ROWS;
		/* Grow at most fourfold a batch: one quick batch (a warm cache) is
		 * not a promise. */
		size = next < BATCH_MIN ? BATCH_MIN : next > 4 * size ? 4 * size : next;
		size = size > BATCH_ROWS ? BATCH_ROWS : size;
		i = end;
	}
	if (st != SVC_OK)
		take_back(run);
	return st;
}

int svc_participant_import(svc_t *s, int64_t program_id, bool dry_run, const char *csv, size_t len,
			   ImportReport_t *out)
{
	program_t *prog;
	csv_rows_t c;
	import_cols_t k = {-1, -1, -1, -1};
	int st = svc_program_access(s, program_id, true, &prog);
	if (st || (st = svc_program_writable(s, prog)) || (st = read_file(s, csv, len, &c, &k)))
		return st;
	/* Every row is checked first, reading only (what the rows need of the
	 * database is read a chunk of rows per statement), so a dry run and a
	 * file with mistakes never hold the write lock. */
	import_run_t run = {.s = s, .prog = prog};
	st = import_prefetch(&run, &c, &k);
	for (int row = 1; st == SVC_OK && row < c.n; row++)
		st = import_row(&run, &c, &k, row);
	if (st == SVC_OK && !dry_run && !run.nerr)
		st = write_batches(&run);
	if (st)
		return st;
	/* Who has an account already, who gets one (and an invitation to set
	 * its password, issue 11), and the first rows as they would be. */
	int npreview = dry_run ? (run.n < IMPORT_PREVIEW ? run.n : IMPORT_PREVIEW) : 0, existing = 0;
	ImportPreviewRow_t *preview = arena_alloc(s->arena, sizeof(*preview) * (size_t)(npreview + 1));
	for (int i = 0; i < run.n; i++) {
		const import_item_t *it = &run.items[i];
		if (it->creator < 0)
			existing++;
		if (i < npreview)
			preview[i] = (ImportPreviewRow_t){.line = it->line, .email = it->email, .name = it->shown,
				.role = it->p.role, .capacity = it->p.capacity, .account = it->creator < 0 ? "existing" : "new"};
	}
	*out = (ImportReport_t){.dry_run = dry_run, .rows = c.n - 1, .enrolled = run.n,
				.created_users = run.created, .existing_users = existing, .invited = run.created,
				.errors = {run.errs, dry_run ? run.nerr : 0}, .preview = {preview, npreview}};
	if (run.nerr && !dry_run) {
		s->err.rows = (ImportRowError_list_t){run.errs, run.nerr};
		s->err.has_rows = true;
		return svc_fail(s, SVC_INVALID, "validation_failed", "%d row errors; nothing was imported", run.nerr);
	}
	return SVC_OK;
}

/* ---- one enrolment: read, change, withdraw ---- */

/* The enrolment with this id and its program, when the caller may see the
 * program (manage: as one of its managers); otherwise "no participant". */
static int load_one(svc_t *s, int64_t id, bool manage, participant_t **p, program_t **prog)
{
	int st = svc_db(s, store_participant_by_id(s->db, s->arena, id, p));
	if (st)
		return st;
	if (!*p)
		return svc_not_found(s, "participant", id);
	st = svc_program_access(s, (*p)->program_id, manage, prog);
	return st == SVC_NOT_FOUND ? svc_not_found(s, "participant", id) : st;
}

int svc_participant_get(svc_t *s, const in_getParticipant_t *in, Participant_t *out)
{
	participant_t *p;
	program_t *prog;
	bool contacts;
	int st = load_one(s, in->id, false, &p, &prog);
	if (st || (st = sees_contacts(s, prog->id, &contacts)))
		return st;
	participant_out(p, contacts, out);
	return SVC_OK;
}

int svc_participant_open_rels(svc_t *s, const participant_t *p, row_open_rel_t **rows, int *n)
{
	bool mentor = !strcmp(p->role, "mentor");
	int db = mentor ? sql_rel_open_as_mentor(s->db, s->arena, p->program_id, p->user_id, rows, n)
			: sql_rel_open_as_mentee(s->db, s->arena, p->program_id, p->user_id, rows, n);
	return svc_db(s, db);
}

/* The rules of a new role or capacity for p; problems in s->fields, a
 * refusal (409) for a role change while relationships are open. */
static int check_change(svc_t *s, const program_t *prog, const participant_t *p, const char *role,
			int capacity)
{
	row_open_rel_t *open;
	int nopen = 0, st = svc_participant_open_rels(s, p, &open, &nopen);
	if (st)
		return st;
	bool mentor = !strcmp(role, "mentor");
	if (strcmp(role, p->role) != 0) {
		if (nopen)
			return svc_fail(s, SVC_CONFLICT, "conflict",
					"%s has %d open relationship%s as a %s here: end %s or withdraw %s first",
					p->name, nopen, nopen == 1 ? "" : "s", p->role, nopen == 1 ? "it" : "them",
					p->name);
		participant_t *other = NULL;
		if ((st = svc_db(s, store_participant_get(s->db, s->arena, prog->id, p->user_id, role, &other))))
			return st;
		if (other)
			svc_field(s, "role", "%s is already a %s in this program", p->name, role);
	}
	if (!mentor && (capacity < 1 || capacity > prog->max_mentors_per_mentee))
		svc_field(s, "capacity", "a mentee can have 1 to %d mentors in this program", prog->max_mentors_per_mentee);
	else if (!strcmp(role, p->role) && capacity < nopen)
		svc_field(s, "capacity", "%s has %d open relationship%s now; the capacity cannot be lower", p->name,
			  nopen, nopen == 1 ? "" : "s");
	return SVC_OK;
}

int svc_participant_update(svc_t *s, const in_updateParticipant_t *in, Participant_t *out)
{
	const ParticipantPatch_t *b = &in->body;
	participant_t *p;
	program_t *prog;
	int st = load_one(s, in->id, true, &p, &prog);
	if (st || (st = svc_program_writable(s, prog)))
		return st;
	const char *role = b->has_role ? b->role : p->role;
	bool role_changes = strcmp(role, p->role) != 0;
	int capacity = b->has_capacity ? (int)b->capacity
		       : !role_changes ? p->capacity : !strcmp(role, "mentor") ? 2 : 1;
	if ((st = svc_begin(s)))
		return st;
	if ((st = check_change(s, prog, p, role, capacity)) || (st = svc_check(s)))
		return svc_abort(s, st);
	int db = sql_participant_update(s->db, p->id, role, capacity, NULL);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "participant.update", "program", prog->id,
				 arena_printf(s->arena, "%s: %s, capacity %d", p->email, role, capacity));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)) || (st = svc_db(s, store_participant_by_id(s->db, s->arena, p->id, &p))))
		return st;
	if (!p)
		return svc_db(s, DB_ERROR);
	participant_out(p, true, out);
	return SVC_OK;
}

/* The ids of a withdrawal's ended relationships, from its JSON array. */
static i64list_t ended_ids(svc_t *s, const char *text)
{
	i64list_t out = {arena_alloc(s->arena, sizeof(int64_t) * 8), 0};
	int cap = 8;
	for (const char *c = text ? text : ""; *c; c++) {
		if (*c < '0' || *c > '9')
			continue;
		int64_t v = 0;
		for (; *c >= '0' && *c <= '9'; c++)
			v = v * 10 + (*c - '0');
		if (out.n == cap) {
			int64_t *bigger = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(cap *= 2));
			memcpy(bigger, out.v, sizeof(int64_t) * (size_t)out.n);
			out.v = bigger;
		}
		out.v[out.n++] = v;
		if (!*c)
			break;
	}
	return out;
}

static void withdrawal_out(svc_t *s, const row_withdrawal_t *w, Withdrawal_t *out)
{
	*out = (Withdrawal_t){.id = w->id, .program_id = w->program_id, .user_id = w->user_id, .name = w->name,
			      .role = w->role, .capacity = w->capacity, .reason = w->reason,
			      .ended_relationships = ended_ids(s, w->ended), .withdrawn_by = w->withdrawn_by,
			      .withdrawn_by_null = w->withdrawn_by_null, .withdrawn_at = w->withdrawn_at,
			      .enrolled_at = w->enrolled_at};
}

/* Ends every open relationship of p in its role, with why in its history;
 * *ended gets their ids as a JSON array. A store status. */
static int end_open(svc_t *s, const participant_t *p, const char *why, const char **ended, int *n)
{
	row_open_rel_t *open;
	int nopen = 0, st = svc_participant_open_rels(s, p, &open, &nopen);
	if (st)
		return st;
	buf_t ids = BUF_INIT;
	buf_putc(&ids, '[');
	int db = DB_OK;
	for (int i = 0; db == DB_OK && i < nopen; i++) {
		db = store_rel_set_phase(s->db, open[i].id, PHASE_COMPLETED, s->uid, why);
		buf_printf(&ids, "%s%lld", i ? "," : "", (long long)open[i].id);
	}
	buf_putc(&ids, ']');
	*ended = arena_strdup(s->arena, buf_cstr(&ids));
	buf_free(&ids);
	*n = nopen;
	return db == DB_OK ? SVC_OK : svc_db(s, db);
}

int svc_participant_withdraw(svc_t *s, const in_withdrawParticipant_t *in, Withdrawal_t *out)
{
	const char *reason = in->body.reason;
	participant_t *p;
	program_t *prog;
	int st = load_one(s, in->id, true, &p, &prog);
	if (st || (st = svc_program_writable(s, prog)) || (st = svc_begin(s)))
		return st;
	const char *why = arena_printf(s->arena, "Ended early: %s was withdrawn from %s by a program manager. Reason: %s",
				       p->name, prog->name, reason), *ended = "[]";
	int nended = 0;
	int64_t id = 0;
	if ((st = end_open(s, p, why, &ended, &nended)))
		return svc_abort(s, st);
	int db = sql_mentor_requests_decline_of(s->db, prog->id, p->user_id, p->role,
						arena_printf(s->arena, "%s was withdrawn from the program.", p->name),
						time_now(), NULL);
	if (db == DB_OK)
		db = sql_withdrawal_insert(s->db, prog->id, p->user_id, p->role, p->capacity, p->created_at, reason,
					   ended, s->uid, time_now(), &id, NULL);
	if (db == DB_OK)
		db = sql_participant_delete(s->db, p->id, NULL);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "participant.withdraw", "program", prog->id,
				 arena_printf(s->arena, "%s (%s): %d relationships ended", p->email, p->role, nended));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	row_withdrawal_t *w;
	if ((st = svc_db(s, sql_withdrawal_get(s->db, s->arena, id, &w))))
		return st;
	if (!w)
		return svc_db(s, DB_ERROR);
	withdrawal_out(s, w, out);
	return SVC_OK;
}

int svc_participant_withdrawals(svc_t *s, const in_listWithdrawals_t *in, WithdrawalList_t *out)
{
	program_t *prog;
	int64_t before;
	int st = svc_program_access(s, in->id, true, &prog);
	if (st)
		return st;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &before)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	int limit = in->has_limit ? (int)in->limit : 50, n;
	row_withdrawal_t *rows;
	if ((st = svc_db(s, sql_withdrawal_list(s->db, s->arena, prog->id, before, limit, &rows, &n))))
		return st;
	out->items = (Withdrawal_list_t){arena_alloc(s->arena, sizeof(Withdrawal_t) * (size_t)(n + 1)), n};
	for (int i = 0; i < n; i++)
		withdrawal_out(s, &rows[i], &out->items.v[i]);
	out->next = svc_next_cursor(s, n, limit, n ? rows[n - 1].id : 0);
	return SVC_OK;
}

int svc_participant_view(svc_t *s, int64_t id, participant_view_t *out)
{
	memset(out, 0, sizeof(*out));
	program_t *prog;
	int st = load_one(s, id, true, &out->participant, &prog);
	if (st || (st = svc_program_view(s, prog->id, &out->program)))
		return st;
	return svc_participant_open_rels(s, out->participant, &out->open, &out->n_open);
}

/* ---- the dashboard ---- */

int svc_participant_my_programs(svc_t *s, int limit, svc_my_program_t **out, int *n, bool *more)
{
	in_listPrograms_t q = {.has_limit = true, .limit = limit};
	ProgramList_t list = {0};
	int st = svc_program_list(s, &q, &list);
	if (st)
		return st;
	*n = list.items.n;
	*more = list.next != NULL;
	*out = arena_alloc(s->arena, sizeof(svc_my_program_t) * (size_t)(*n + 1));
	row_participant_role_t *roles = NULL;
	int nroles = 0;
	if (*n && (st = svc_db(s, sql_participant_roles_of(s->db, s->arena, s->uid, list.items.v[0].id,
							    list.items.v[*n - 1].id, &roles, &nroles))))
		return st;
	/* Both lists are in program id order: one merge. */
	for (int i = 0, k = 0; i < *n; i++) {
		svc_my_program_t *m = &(*out)[i];
		*m = (svc_my_program_t){.program = list.items.v[i]};
		while (k < nroles && roles[k].program_id < m->program.id)
			k++;
		for (; k < nroles && roles[k].program_id == m->program.id; k++) {
			/* A manager who lost the role no longer manages (as svc_program_access). */
			m->manager |= !strcmp(roles[k].role, "manager") && s->role >= ROLE_MANAGER;
			m->mentor |= !strcmp(roles[k].role, "mentor");
			m->mentee |= !strcmp(roles[k].role, "mentee");
		}
	}
	return SVC_OK;
}

int svc_participant_totals(svc_t *s, store_counts_t *out)
{
	int st = svc_require_role(s, ROLE_ADMIN);
	return st ? st : svc_db(s, store_counts(s->db, out));
}

int svc_participant_profile_thin(svc_t *s, bool *thin)
{
	int64_t v = 1;
	bool found = false;
	int st = svc_db(s, sql_profile_thin(s->db, s->uid, &v, &found));
	*thin = !found || v != 0;
	return st;
}
