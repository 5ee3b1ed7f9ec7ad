/* The API's shape of an account (see user_view.h): the record as the store
 * gives it, with its status and invitation in the API's words. */
#include "svc/user_view.h"

void svc_user_view(const user_t *u, User_t *out)
{
	*out = (User_t){.id = u->id, .email = u->email, .name = u->name, .role = role_name(u->role),
			.active = u->active, .has_password = u->has_password, .created_at = u->created_at,
			.updated_at = u->updated_at, .status = user_status(u),
			.last_login_at = u->last_login_at, .last_login_at_null = !u->last_login_at,
			.two_factor = u->two_factor, .invited_at = u->invited_at, .invited_at_null = !u->invited_at,
			.invitation_expires_at = u->invite_expires_at,
			.invitation_expires_at_null = !u->invite_expires_at};
}
