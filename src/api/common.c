/* Authorization checks, transactions and shared JSON shapes for handlers. */
#include "api/api.h"
#include "core/timeutil.h"
#include "api/rel.h"

void api_register(void)
{
	api_programs_register();
	api_relationships_register();
}

bool api_require_role(req_t *r, role_t min)
{
	if (r->who.role >= min)
		return true;
	resp_error(r, 403, "forbidden", "this needs the %s role", role_name(min));
	return false;
}

bool api_program_access(req_t *r, int64_t id, bool manage, program_t **out)
{
	int st = store_program_get(r->db, r->arena, id, out);
	if (st != DB_OK) {
		resp_db(r, st);
		return false;
	}
	if (!*out) {
		resp_error(r, 404, "not_found", "no program %lld", (long long)id);
		return false;
	}
	if (r->who.role == ROLE_ADMIN)
		return true;
	bool is_manager = false, is_participant = false;
	/* Listed as a program's manager counts only while the role says so. */
	if (r->who.role >= ROLE_MANAGER)
		st = store_program_is_manager(r->db, id, r->who.user_id, &is_manager);
	if (st == DB_OK && !is_manager)
		st = store_program_is_participant(r->db, id, r->who.user_id, &is_participant);
	if (st != DB_OK) {
		resp_db(r, st);
		return false;
	}
	if (is_manager || (!manage && is_participant))
		return true;
	if (!is_participant) {
		/* Not even visible: do not confirm the program exists. */
		resp_error(r, 404, "not_found", "no program %lld", (long long)id);
		return false;
	}
	resp_error(r, 403, "forbidden", "only this program's managers can do that");
	return false;
}

bool api_begin(req_t *r)
{
	int st = db_begin(r->db);
	if (st == DB_OK)
		return true;
	resp_db(r, st);
	return false;
}

bool api_commit(req_t *r)
{
	int st = db_commit(r->db);
	if (st == DB_OK)
		return true;
	resp_db(r, st);
	return false;
}

void api_fail(req_t *r, int st)
{
	db_rollback(r->db);
	resp_db(r, st);
}

json_t *api_time(int64_t t)
{
	char s[32];
	time_format(t, s, sizeof(s));
	return json_string(s);
}
