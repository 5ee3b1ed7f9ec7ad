/* Names of the enumerations in model.h as the API spells them. */
#include "core/model.h"

#include <string.h>

static const char *const roles[] = {"member", "manager", "admin"};

const char *role_name(role_t r)
{
	return (r >= ROLE_MEMBER && r <= ROLE_ADMIN) ? roles[r] : "member";
}

int role_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, roles[i]) == 0)
			return i;
	return -1;
}

const char *user_status(const user_t *u)
{
	if (!u->active)
		return "deactivated";
	return !u->has_password && !u->last_login_at ? "invited" : "active";
}
