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
